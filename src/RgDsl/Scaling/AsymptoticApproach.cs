using System.Globalization;
using RgDsl.Spectra;

namespace RgDsl.Scaling;

/// <summary>
/// Where a learning curve reaches its asymptotic exponent (THEORY.md §2.3): the P beyond which the local exponent
/// of the model's infinite-rank power-law variant (λ_k = c·k^−(1+α), y_k² = A·k^−(1+β) with c, A, α, β fitted from
/// the model's spectrum, the same κ and σ²) stays within a tolerance of the asymptotic law, and a check of that P on
/// an independent large-M variant (rank 10⁶·k_P, summed with the finite-rank tail).
/// </summary>
/// <param name="Exponent">The asymptotic exponent (<see cref="ScalingReport.LearningCurveExponent"/>).</param>
/// <param name="Regime">The asymptotic regime.</param>
/// <param name="ReachedAt">The least P of the scan from which every local exponent is within the tolerance; null when not reached up to the scan's end.</param>
/// <param name="Threshold">k_P of the variant at <paramref name="ReachedAt"/>.</param>
/// <param name="LargeModes">The rank of the large-M variant.</param>
/// <param name="LargeModesExponent">The local exponent of the large-M variant at <paramref name="ReachedAt"/>.</param>
/// <param name="Verified">True when the large-M variant's local exponent at <paramref name="ReachedAt"/> is within the tolerance too.</param>
/// <param name="Tolerance">The relative tolerance (of |e|, or of the noiseless |e| when the asymptote is 0).</param>
public sealed record AsymptoticApproach(double Exponent, LearningCurveRegime Regime, double? ReachedAt, double? Threshold, long? LargeModes,
    double? LargeModesExponent, bool Verified, double Tolerance)
{
    /// <summary>The largest P scanned.</summary>
    public const double MaxDatasetSize = 1e16;

    /// <summary>"−0.5 (ridge-dominated), reached within 5% at P ≈ 3.2e5 (k_P ≈ 560); on M = 5.6e8: −0.49, verified".</summary>
    public override string ToString() => ReachedAt is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"{Exponent:0.###} ({LearningCurveLaw.Name(Regime)}), reached within {Tolerance:P0} at P ≈ {p:G2} (k_P ≈ {Threshold:G2}); on a large-M variant (M = {LargeModes:G2}) the local exponent there is {LargeModesExponent:0.###}{(Verified ? ", verified" : ", NOT within the tolerance")}")
        : string.Create(CultureInfo.InvariantCulture, $"{Exponent:0.###} ({LearningCurveLaw.Name(Regime)}), not reached within {Tolerance:P0} up to P = {MaxDatasetSize:G2}");

    /// <summary>The approach of <paramref name="model"/>'s Gaussian learning curve to its asymptote; null when no exponent is predicted (β ≤ 0, noise unknown, too few modes to fit α and β).</summary>
    public static AsymptoticApproach? Of(GaussianModel model, double tolerance = 0.05)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(tolerance > 0 && tolerance < 1)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must lie in (0, 1).");
        if (ScalingAnalyzer.FitRange(model.Spectrum) is not { } range) return null;
        var report = model.Scaling();
        if (report.Regime is not { } regime || !double.IsFinite(report.LearningCurveExponent) || !(report.Beta > 0) || !double.IsFinite(report.Beta) || !(report.Alpha > 0)) return null;
        var (alpha, beta, e) = (report.Alpha, report.Beta, report.LearningCurveExponent);
        var k0 = Math.Sqrt((double)range.From * range.To);
        var c = model.Spectrum.Eigenvalue((long)Math.Round(k0)) * Math.Pow(Math.Round(k0), 1 + alpha);
        var a = model.Spectrum.TargetPower((long)Math.Round(k0)) * Math.Pow(Math.Round(k0), 1 + beta);
        GaussianModel Variant(long modes) => new(model.Name + " (power-law variant)", new PowerLawSpectrum(c, 1 + alpha, modes, a, 1 + beta), model.Ridge, model.Noise);
        // With noise the asymptote is 0: measure the deviation against the noiseless law's size.
        var scale = e != 0 ? Math.Abs(e) : Math.Abs(LearningCurveLaw.Exponent(alpha, beta, report.Ridgeless));
        var sizes = Enumerable.Range(0, 4 * 16 + 1).Select(i => Math.Pow(10, i / 4.0)).ToArray();
        var curve = Variant(RgModel.Infinite).LearningCurve(sizes);
        int? first = null;
        for (var i = sizes.Length - 1; i >= 0 && Math.Abs(curve.LocalExponents[i] - e) <= tolerance * scale; i--) first = i;
        if (first is not { } at || at == sizes.Length - 1) return new AsymptoticApproach(e, regime, null, null, null, null, false, tolerance);
        var p = sizes[at];
        var threshold = curve.Points[at].LearnabilityThreshold;
        var modes = (long)Math.Min(1e15, Math.Max(1e6, 1e6 * threshold));
        var large = Variant(modes).LearningCurve(p / 1.1, p, p * 1.1).LocalExponents[1];
        return new AsymptoticApproach(e, regime, p, threshold, modes, large, Math.Abs(large - e) <= tolerance * scale, tolerance);
    }
}
