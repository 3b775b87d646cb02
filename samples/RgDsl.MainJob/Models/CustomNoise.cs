using RgDsl;

namespace RgDsl.MainJob.Models;

/// <summary>
/// Extending the DSL with a custom perturbation whose weight the generator cannot analyse: a mode-local quartic with
/// an oscillating weight (Math.Sin is outside the symbolic language). The build says so (RG0025, and RG0027 for the
/// claim below); the weight is evaluated at run time, and the report measures its scaling numerically and checks the
/// claim against the fitted exponents.
/// </summary>
[RgModel(Modes = 300_000)]
[Expect(Universality.GaussianProcess)]
public partial class CustomNoise
{
    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
    [Ridge] public double Kappa => 1e-2; // crossover κ = κ_eff/2 at P ≈ 490: ridgeless-like below, ridge-dominated above

    [Perturbation(Legs.ModeLocal)]
    public double Oscillating(long k) => 1e-3 * (2 + Math.Sin(k));
}
