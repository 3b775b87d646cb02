namespace RgDsl.Tests;

/// <summary>Longer matrices run only with RGDSL_LONG_TESTS=1 (their results and commands are in docs/VALIDATION.md).</summary>
internal static class LongTests
{
    public static bool Enabled => Environment.GetEnvironmentVariable("RGDSL_LONG_TESTS") == "1";

    public const string SkipReason = "a long test: set RGDSL_LONG_TESTS=1 to run it";
}

/// <summary>A fact that runs only with RGDSL_LONG_TESTS=1 and is reported as skipped otherwise (never passed unrun).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (!LongTests.Enabled) Skip = LongTests.SkipReason;
    }
}

/// <summary>A theory that runs only with RGDSL_LONG_TESTS=1 and is reported as skipped otherwise (never passed unrun).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class LongTheoryAttribute : TheoryAttribute
{
    public LongTheoryAttribute()
    {
        if (!LongTests.Enabled) Skip = LongTests.SkipReason;
    }
}
