using System.Globalization;

namespace RgDsl.Scaling;

/// <summary>
/// Where a learning curve crosses from the ridgeless-like to the ridge-dominated regime (THEORY.md §2.3): the P at which
/// the ridge is half of the effective ridge, κ = κ_eff/2 = P·t/2 (the <see cref="LearningCurveLaw.DominantShare"/>
/// border of <see cref="LearningCurveLaw.At"/>). For λ_k = k^−(1+α) it scales as κ^(−1/α) (the ridgeless
/// κ_eff falls as P^−α), with an α-dependent prefactor, so the estimate κ^(−1/α) alone is off by factors of 3–30.
/// </summary>
public static class RegimeCrossover
{
    /// <summary>The smallest and largest P searched.</summary>
    public const double MinDatasetSize = 1e-6, MaxDatasetSize = 1e16;

    /// <summary>
    /// The P with κ = κ_eff/2 on the self-consistent curve (bisection in log P to a relative <paramref name="tolerance"/>);
    /// null when there is none: κ = 0 (ridgeless at every P), or the ridge is at least half of κ_eff already at
    /// <see cref="MinDatasetSize"/> (κ ≥ the kernel's trace: ridge-dominated at every P), or not by <see cref="MaxDatasetSize"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> outside (0, 0.1].</exception>
    public static double? DatasetSize(GaussianModel model, double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(tolerance > 0 && tolerance <= 0.1))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the relative tolerance must lie in (0, 0.1].");
        if (model.Ridge == 0) return null;
        double Share(double logP) => model.Predict(Math.Exp(logP), Approximation.Gaussian).RidgeShare - LearningCurveLaw.DominantShare;
        double lo = Math.Log(MinDatasetSize), hi = Math.Log(MaxDatasetSize);
        if (Share(lo) >= 0 || Share(hi) < 0) return null;
        // The share κ/(P t) rises monotonically with P (t falls faster than 1/P): plain bisection.
        for (var i = 0; i < 200 && hi - lo > tolerance; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Share(mid) < 0) lo = mid; else hi = mid;
        }
        return Math.Exp(0.5 * (lo + hi));
    }

    /// <summary>
    /// Where the crossover lies against a window of P, for reports: "490", "2.6 (below the window: ridge-dominated
    /// throughout)", "3.2E+03 (beyond the window: ridgeless-like throughout)", "none (κ = 0)".
    /// </summary>
    public static string Describe(double? crossover, double from, double to, bool ridgeless) => crossover switch
    {
        null => ridgeless ? "none (κ = 0)" : "none (ridge-dominated at every P)",
        { } p when p < from => string.Create(CultureInfo.InvariantCulture, $"{p:G2} (below the window: ridge-dominated throughout)"),
        { } p when p > to => string.Create(CultureInfo.InvariantCulture, $"{p:G2} (beyond the window: ridgeless-like throughout)"),
        { } p => string.Create(CultureInfo.InvariantCulture, $"{p:G3}"),
    };
}
