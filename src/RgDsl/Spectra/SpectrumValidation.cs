using System.Globalization;

namespace RgDsl.Spectra;

/// <summary>Run-time checks of user-supplied spectra; each failure names the offending mode.</summary>
internal static class SpectrumValidation
{
    public static void CheckEigenvalue(long k, double value, double previous, string source)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{source}: eigenvalue λ_{k} = {value:R} must be positive and finite."), "spectrum");
        if (value > previous * (1 + 1e-12))
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{source}: eigenvalues must be non-increasing, but λ_{k} = {value:R} > λ_{k - 1} = {previous:R}. Order the modes by decreasing eigenvalue."), "spectrum");
    }

    public static void CheckTarget(long k, double value, string source)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{source}: target power y_{k}² = {value:R} must be non-negative and finite."), "target");
    }

    public static void CheckMultiplicity(long k, long value, string source)
    {
        if (value < 1)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{source}: multiplicity n_{k} = {value} must be at least 1."), "multiplicity");
    }

    public static void CheckModes(long modes, string source)
    {
        if (modes <= 0)
            throw new ArgumentOutOfRangeException(nameof(modes), modes, $"{source}: the number of modes must be positive.");
    }
}
