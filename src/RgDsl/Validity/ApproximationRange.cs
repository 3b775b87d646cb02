using System.Globalization;

namespace RgDsl.Validity;

/// <summary>Where each approximation of an interacting model can be trusted, and the reason when it cannot.</summary>
public static class ApproximationRange
{
    /// <summary>
    /// The largest |δ| = |ε/ε₀ − 1| a first-order (or Auto falling back to first-order) result is trusted at: the
    /// second-order term is O(δ²), so beyond 0.3 it is no longer a small correction.
    /// </summary>
    public const double FirstOrderLimit = 0.3;

    /// <summary>
    /// Null when a result of <paramref name="used"/> with correction <paramref name="delta"/> is within range; the reason
    /// otherwise. <paramref name="unbounded"/> is why the action is unbounded below, if it is.
    /// </summary>
    public static string? OutOfRange(Approximation used, double delta, string? unbounded)
    {
        if (used is Approximation.Gaussian or Approximation.EquivalentKernel) return null;
        if (used == Approximation.FirstOrder && !(Math.Abs(delta) <= FirstOrderLimit))
            return string.Create(CultureInfo.InvariantCulture,
                $"first order with |δ| = {Math.Abs(delta):G3} > {FirstOrderLimit}: the perturbation is not small, so the correction is outside the range of perturbation theory (try Hartree or Sample)");
        return unbounded;
    }
}
