namespace RgDsl.Spectra;

/// <summary>Run-time checks of user-supplied spectra (<see cref="SpectrumRules"/>); each failure names the source and the mode.</summary>
internal static class SpectrumValidation
{
    public static void CheckEigenvalue(long k, double value, double previous, string source) =>
        Throw(SpectrumRules.EigenvalueProblem(k, value, previous), source, "spectrum");

    public static void CheckTarget(long k, double value, string source) =>
        Throw(SpectrumRules.TargetProblem(k, value), source, "target");

    public static void CheckMultiplicity(long k, long value, string source) =>
        Throw(SpectrumRules.MultiplicityProblem(k, value), source, "multiplicity");

    public static void CheckModes(long modes, string source)
    {
        if (modes <= 0)
            throw new ArgumentOutOfRangeException(nameof(modes), modes, $"{source}: the number of modes must be positive.");
    }

    private static void Throw(string? problem, string source, string parameter)
    {
        if (problem is not null) throw new ArgumentException($"{source}: {problem}.", parameter);
    }
}
