using MathNet.Numerics.Statistics;
using System.Globalization;
using RgDsl.Spectra;

namespace RgDsl.Data;

/// <summary>
/// α and β of a measured spectrum fitted over a range chosen for the target, with bootstrap standard errors.
/// </summary>
/// <param name="From">First mode of the chosen range.</param>
/// <param name="To">Last mode of the chosen range.</param>
/// <param name="Alpha">α from the log-binned fit of λ_k over the range.</param>
/// <param name="AlphaError">Bootstrap standard error of α.</param>
/// <param name="Beta">β from the log-binned fit of y_k² over the range.</param>
/// <param name="BetaError">Bootstrap standard error of β.</param>
/// <param name="Resamples">Bootstrap resamples used.</param>
/// <param name="Candidates">The ranges tried, with the fit's own standard error of β on each (the choice is the smallest).</param>
public sealed record TargetExponentFit(int From, int To, double Alpha, double AlphaError, double Beta, double BetaError, int Resamples,
    IReadOnlyList<(int From, int To, double BetaFitError)> Candidates)
{
    /// <summary>"α = 0.26 ± 0.01, β = 0.11 ± 0.08 over k = 10..300 (bootstrap, 200 resamples)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"α = {Alpha:0.###} ± {AlphaError:0.###}, β = {Beta:0.###} ± {BetaError:0.###} over k = {From}..{To} (bootstrap, {Resamples} resamples)");

    /// <summary>
    /// Tries ranges spanning at least a decade (k from 5, 10, 30 or 100 to 10², 3·10², 10³ or N/4, within the N modes) and
    /// keeps the one whose log-binned β fit has the smallest standard error (a target power that bends over the range
    /// fits worse); then resamples the modes inside bins of a tenth of a decade with replacement and refits, for the errors.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 40 modes, or no range with three positive log bins.</exception>
    public static TargetExponentFit Fit(EmpiricalSpectrum spectrum, int resamples = 200, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        if (resamples < 20) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "at least 20 bootstrap resamples are needed.");
        var n = spectrum.Eigenvalues.Count;
        if (n < 40) throw new ArgumentException($"{n} modes are too few to fit spectral exponents (at least 40).", nameof(spectrum));
        var candidates = new List<(int From, int To, double BetaFitError)>();
        foreach (var from in new[] { 5, 10, 30, 100 })
            foreach (var to in new[] { 100, 300, 1000, n / 4 }.Distinct())
                if (to <= n && to >= 10 * from && SpectrumFit.LogBinned(spectrum.TargetPowers, from, to) is { } b && SpectrumFit.LogBinned(spectrum.Eigenvalues, from, to) is not null)
                    candidates.Add((from, to, b.StandardError));
        if (candidates.Count == 0) throw new ArgumentException("no fit range holds three log bins with a positive target power.", nameof(spectrum));
        var best = candidates.MinBy(c => c.BetaFitError);
        var alpha = SpectrumFit.DecayExponent(SpectrumFit.LogBinned(spectrum.Eigenvalues, best.From, best.To)!.Exponent);
        var beta = SpectrumFit.DecayExponent(SpectrumFit.LogBinned(spectrum.TargetPowers, best.From, best.To)!.Exponent);

        // Bins of a tenth of a decade (0-based index ranges) in which the modes are resampled.
        var bins = new List<(int Lo, int Hi)>();
        for (var lo = best.From - 1; lo < best.To;)
        {
            var hi = Math.Min(best.To, Math.Max(lo + 1, (int)Math.Floor((lo + 1) * Math.Pow(10, 0.1))));
            bins.Add((lo, hi));
            lo = hi;
        }
        var random = new Random(seed);
        var lambda = spectrum.Eigenvalues.ToArray();
        var target = spectrum.TargetPowers.ToArray();
        var a = new List<double>();
        var bs = new List<double>();
        for (var r = 0; r < resamples; r++)
        {
            var l = (double[])lambda.Clone();
            var t = (double[])target.Clone();
            foreach (var (lo, hi) in bins)
                for (var i = lo; i < hi; i++)
                {
                    var j = random.Next(lo, hi);
                    l[i] = lambda[j];
                    t[i] = target[j];
                }
            if (SpectrumFit.LogBinned(l, best.From, best.To) is { } fa) a.Add(SpectrumFit.DecayExponent(fa.Exponent));
            if (SpectrumFit.LogBinned(t, best.From, best.To) is { } fb) bs.Add(SpectrumFit.DecayExponent(fb.Exponent));
        }
        return new TargetExponentFit(best.From, best.To, alpha, a.StandardDeviation(), beta, bs.StandardDeviation(), resamples, candidates);
    }
}
