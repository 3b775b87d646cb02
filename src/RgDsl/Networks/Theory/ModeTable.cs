using System.Globalization;
using RgDsl.Spectra;

namespace RgDsl.Networks.Theory;

/// <summary>
/// A spectrum as finite arrays for the finite-width theory: the modes 1..M, and the Gaussian remainder of the modes
/// beyond M (their eigenvalue sum and target power). Beyond M every eigenvalue is far below the effective ridge, so
/// those modes act exactly as THEORY §3.1 says: their prior variance adds to the ridge and their target power is
/// unlearnable, like label noise.
/// </summary>
internal sealed class ModeTable
{
    /// <summary>Modes beyond the table are kept while λ_k exceeds this fraction of the smallest effective ridge.</summary>
    internal const double TailCutRatio = 1e-6;

    public ModeTable(double[] lambda, double[] targetPower, double[] multiplicity, double tailTrace, double tailPower, string description)
    {
        Lambda = lambda; TargetPower = targetPower; Multiplicity = multiplicity; TailTrace = tailTrace; TailPower = tailPower;
        Spectrum = new TableSpectrum(lambda, targetPower, multiplicity.Select(m => (long)m).ToArray(), description);
        Description = description;
    }

    public double[] Lambda { get; }
    public double[] TargetPower { get; }
    public double[] Multiplicity { get; }
    /// <summary>Σ_{k&gt;M} n_k λ_k.</summary>
    public double TailTrace { get; }
    /// <summary>Σ_{k&gt;M} n_k y_k².</summary>
    public double TailPower { get; }
    public TableSpectrum Spectrum { get; }
    public string Description { get; }
    public int Modes => Lambda.Length;

    /// <summary>
    /// Materialises a spectrum: every mode of a finite table, or, for a longer (or infinite) spectrum, the modes with
    /// λ_k above <see cref="TailCutRatio"/> × <paramref name="smallestRidgePerSample"/> (at most
    /// <paramref name="maxModes"/>), with the sums of the rest as the remainder.
    /// </summary>
    public static ModeTable From(ISpectrum spectrum, double smallestRidgePerSample, int maxModes = 400_000)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        var limit = (int)Math.Min(spectrum.Modes, maxModes);
        var lambda = new List<double>();
        var target = new List<double>();
        var multiplicity = new List<double>();
        var cut = TailCutRatio * smallestRidgePerSample;
        for (var k = 1L; k <= limit; k++)
        {
            var l = spectrum.Eigenvalue(k);
            if (k > 64 && l < cut && k < spectrum.Modes) break;
            lambda.Add(l);
            target.Add(spectrum.TargetPower(k));
            multiplicity.Add(spectrum.Multiplicity(k));
        }
        var m = lambda.Count;
        double tailTrace = 0, tailPower = 0;
        if (m < spectrum.Modes)
        {
            tailTrace = spectrum.EigenvalueSum(m + 1);
            tailPower = spectrum.TargetPowerSum(m + 1);
            if (!double.IsFinite(tailTrace) || !double.IsFinite(tailPower))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{spectrum.Description}: the eigenvalues or target powers beyond mode {m} do not have a finite sum; a network's kernel must have a finite trace."));
        }
        return new ModeTable(lambda.ToArray(), target.ToArray(), multiplicity.ToArray(), tailTrace, tailPower, spectrum.Description);
    }
}
