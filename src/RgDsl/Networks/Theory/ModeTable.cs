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
    /// <summary>Modes are kept while λ_k exceeds this fraction of the smallest effective ridge per sample.</summary>
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

    /// <summary>Modes kept one by one; beyond, modes are grouped in logarithmic bins.</summary>
    internal const int ExactModes = 4096;
    /// <summary>The ratio of a bin's last to first index (the eigenvalues of a power law vary by about 1% within a bin).</summary>
    internal const double BinRatio = 1.01;

    /// <summary>
    /// Materialises a spectrum: the first <see cref="ExactModes"/> modes one by one, then modes grouped in bins of
    /// index ratio <see cref="BinRatio"/> (each bin one entry with the bin's mean eigenvalue, its total target power
    /// and its mode count as multiplicity, which changes the sums by O(1e-4) relative), as long as λ_k exceeds
    /// <see cref="TailCutRatio"/> × <paramref name="smallestRidgePerSample"/>; the sums of the rest are the remainder.
    /// </summary>
    public static ModeTable From(ISpectrum spectrum, double smallestRidgePerSample)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        var lambda = new List<double>();
        var target = new List<double>();
        var multiplicity = new List<double>();
        var cut = TailCutRatio * smallestRidgePerSample;
        var k = 1L;
        for (; k <= Math.Min(spectrum.Modes, ExactModes); k++)
        {
            var l = spectrum.Eigenvalue(k);
            if (l < cut && k > 64) break;
            lambda.Add(l);
            target.Add(spectrum.TargetPower(k));
            multiplicity.Add(spectrum.Multiplicity(k));
        }
        while (k <= spectrum.Modes && lambda.Count >= ExactModes && spectrum.Eigenvalue(k) >= cut)
        {
            var end = Math.Min(spectrum.Modes, Math.Max(k, (long)Math.Floor(k * BinRatio))); // inclusive
            // Network spectra have unit multiplicities (one check at each end of the bin); others are counted.
            var count = spectrum.Multiplicity(k) == 1 && spectrum.Multiplicity(end) == 1 ? end - k + 1 : CountModes(spectrum, k, end);
            var sum = spectrum.EigenvalueSum(k, end);
            var power = spectrum.TargetPowerSum(k, end);
            lambda.Add(sum / count);
            target.Add(power / count);
            multiplicity.Add(count);
            k = end + 1;
            if (lambda.Count > 200_000) break; // far beyond any cut a finite-trace spectrum needs
        }
        double tailTrace = 0, tailPower = 0;
        if (k <= spectrum.Modes)
        {
            tailTrace = spectrum.EigenvalueSum(k);
            tailPower = spectrum.TargetPowerSum(k);
            if (!double.IsFinite(tailTrace) || !double.IsFinite(tailPower))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{spectrum.Description}: the eigenvalues or target powers beyond mode {k - 1} do not have a finite sum; a network's kernel must have a finite trace."));
        }
        return new ModeTable(lambda.ToArray(), target.ToArray(), multiplicity.ToArray(), tailTrace, tailPower, spectrum.Description);

        static double CountModes(ISpectrum spectrum, long from, long to)
        {
            double n = 0;
            for (var i = from; i <= to; i++) n += spectrum.Multiplicity(i);
            return n;
        }
    }
}
