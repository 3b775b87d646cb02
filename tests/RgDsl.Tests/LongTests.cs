namespace RgDsl.Tests;

/// <summary>Longer matrices run only with RGDSL_LONG_TESTS=1 (their results are in docs/VALIDATION.md).</summary>
internal static class LongTests
{
    public static bool Enabled => Environment.GetEnvironmentVariable("RGDSL_LONG_TESTS") == "1";
}
