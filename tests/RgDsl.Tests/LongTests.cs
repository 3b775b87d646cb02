namespace RgDsl.Tests;

/// <summary>Longer matrices run only with RGDSL_LONG_TESTS=1 (their results are in the README).</summary>
internal static class LongTests
{
    public static bool Enabled => Environment.GetEnvironmentVariable("RGDSL_LONG_TESTS") == "1";
}

/// <summary>A fact that runs only with RGDSL_LONG_TESTS=1 and is reported as skipped otherwise (never passed by returning early).</summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (!LongTests.Enabled) Skip = "long test: set RGDSL_LONG_TESTS=1 to run it";
    }
}
