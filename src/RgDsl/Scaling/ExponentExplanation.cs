using System.Globalization;

namespace RgDsl.Scaling;

/// <summary>
/// Why an exponent fitted over a range of P differs from the asymptotic law (<see cref="LearningCurve.ExplainExponent"/>).
/// Each reason is measured on the curve itself, never assumed: label noise by the share of E₀σ² in ε, the regime by
/// the share of κ in κ_eff = P·t (THEORY.md §2.3), the cutoff by k_P against M (with a ridge: the target power beyond M
/// that an infinite rank would leave unlearned, about (k_P/M)^β of the bias; ridgeless: P against M, where E₀
/// diverges); when none applies, the local exponents show how far the approach has come.
/// </summary>
internal static class ExponentExplanation
{
    /// <summary>A fitted and a predicted exponent this close (or within 3 standard errors) agree.</summary>
    private const double Agreement = 0.02;

    /// <summary>Noise matters when E₀σ² is at least this share of ε somewhere in the range.</summary>
    private const double NoticeableNoise = 0.05;

    /// <summary>The cutoff matters when the missing tail is at least this share of the bias (ridge), or P this share of M (ridgeless).</summary>
    private const double NoticeableCutoff = 0.05;
    private const double NoticeableRidgelessFill = 0.1;

    public static string Explain(LearningCurve curve, PowerLawFit fit, ScalingReport? prediction)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(fit);
        var range = curve.Points.Select((p, i) => (Point: p, Slope: curve.LocalExponents[i]))
            .Where(x => x.Point.DatasetSize >= fit.From && x.Point.DatasetSize <= fit.To).ToList();
        if (range.Count == 0) throw new ArgumentException("the fit's range holds no point of the curve.", nameof(fit));
        var (first, last) = (range[0], range[^1]);
        var text = Format($"Fitted exponent of ε(P) over P = {fit.From:G4}..{fit.To:G4}: **{fit.Exponent:0.###} ± {fit.StandardError:0.###}** (local exponents {first.Slope:0.###} → {last.Slope:0.###}).");
        if (prediction?.Regime is not { } regime || double.IsNaN(prediction.LearningCurveExponent))
            return text + " No asymptotic exponent is predicted for this model.";
        var predicted = prediction.LearningCurveExponent;
        text += Format($" Asymptotic exponent (THEORY §2.3), with α = {prediction.Alpha:0.###} and β = {prediction.Beta:0.###} fitted from the spectrum: **{predicted:0.###}** ({LearningCurveLaw.Formula(prediction.Alpha, prediction.Beta, regime)}, {LearningCurveLaw.Name(regime)}).");
        var difference = fit.Exponent - predicted;
        if (Math.Abs(difference) <= Math.Max(Agreement, 3 * fit.StandardError))
            return text + Format($" They agree (difference {difference:+0.###;-0.###;0}).");

        var reasons = new List<string>();
        if (prediction.Noise > 0) reasons.Add(Noise(first.Point, last.Point));
        if (!prediction.Ridgeless && Ridge(first.Point, last.Point, prediction) is { } ridge) reasons.Add(ridge);
        if (Cutoff(curve.Modes, last.Point, prediction) is { } cutoff) reasons.Add(cutoff);
        if (reasons.Count == 0)
            reasons.Add(Format($"a slow approach: the local exponent moves from {first.Slope:0.###} to {last.Slope:0.###} over the range and is still on its way to {predicted:0.###}"));
        return text + Format($" The difference, {difference:+0.###;-0.###}, comes from ") + string.Join("; ", reasons) + ".";
    }

    // With σ² > 0 the asymptotic exponent is 0: say how far the noise floor has taken over.
    private static string Noise(LearningCurvePoint first, LearningCurvePoint last)
    {
        var shares = Percent(first.NoiseShare) + "–" + Percent(last.NoiseShare);
        return last.NoiseShare >= LearningCurveLaw.DominantShare
            ? $"**label noise**: E₀σ² is {shares} of ε over the range, so ε is flattening onto its floor E₀σ² (noise-dominated)"
            : last.NoiseShare >= NoticeableNoise
                ? $"**label noise**: E₀σ² is only {shares} of ε over the range, so ε still falls with the bias and bends towards its floor E₀σ²; the exponent 0 holds once E₀σ² dominates"
                : $"**label noise** that has not shown yet: E₀σ² is {shares} of ε over the range, so ε falls with the bias; the floor E₀σ² (exponent 0) takes over only at larger P";
    }

    // With κ > 0 the law needs κ to dominate κ_eff; below, the curve is ridgeless-like or in the crossover.
    private static string? Ridge(LearningCurvePoint first, LearningCurvePoint last, ScalingReport prediction)
    {
        if (first.RidgeShare >= LearningCurveLaw.DominantShare && last.RidgeShare >= LearningCurveLaw.DominantShare) return null;
        var ridgeless = LearningCurveLaw.Exponent(prediction.Alpha, prediction.Beta, ridgeless: true);
        var fixedRidge = LearningCurveLaw.Exponent(prediction.Alpha, prediction.Beta, ridgeless: false);
        return $"**the regime**: κ is {Percent(first.RidgeShare)}–{Percent(last.RidgeShare)} of κ_eff = P·t over the range ({Regimes(first, last)}), "
            + Format($"so the slope lies between the ridgeless law {ridgeless:0.###} and the fixed-ridge law {fixedRidge:0.###}, which holds once κ dominates κ_eff");
    }

    private static string? Cutoff(long modes, LearningCurvePoint last, ScalingReport prediction)
    {
        if (modes == RgModel.Infinite) return null;
        if (prediction.Ridgeless)
        {
            var fill = last.DatasetSize / modes;
            return fill < NoticeableRidgelessFill ? null
                : Format($"**the cutoff M = {modes:N0}**: P reaches {Percent(fill)} of M, and E₀ = {last.OverfittingFactor:G3} grows towards the interpolation peak at P = M");
        }
        var ratio = last.LearnabilityThreshold / modes;
        var missing = prediction.Beta > 0 && double.IsFinite(prediction.Beta) ? Math.Pow(ratio, prediction.Beta) : 0;
        return missing < NoticeableCutoff ? null
            : Format($"**the cutoff M = {modes:N0}**: k_P reaches {last.LearnabilityThreshold:G3} at P = {last.DatasetSize:G4} ({Percent(ratio)} of M), and the target power beyond M, which an infinite rank would leave unlearned, is missing: about (k_P/M)^β = {Percent(missing)} of the bias, so ε falls faster than the infinite-rank law");
    }

    private static string Regimes(LearningCurvePoint first, LearningCurvePoint last)
    {
        string Name(LearningCurvePoint p) => p.Regime == LearningCurveRegime.Ridgeless ? "ridgeless-like" : LearningCurveLaw.Name(p.Regime);
        return Name(first) == Name(last) ? Name(first) : Name(first) + " to " + Name(last);
    }

    private static string Percent(double share) => share.ToString(share < 0.01 ? "0.#%" : "0%", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
