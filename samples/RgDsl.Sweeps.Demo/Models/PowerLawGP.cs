using RgDsl;

namespace RgDsl.Sweeps.Demo.Models;

/// <summary>
/// The Gaussian backbone of the paper's scenarios: λ_k = k^-(1+α), y_k² = k^-(1+β) on 4,000 modes (small enough for
/// kernel ridge regression next to the theory). The main job reports it at α ∈ {0.5, 1, 2} with matched (β = α) and
/// mismatched (β = α + 1) targets.
/// </summary>
[RgModel(Modes = 4_000)]
[Expect(LearningCurveExponent = -0.5, Tolerance = 1e-12)] // −min(β, 2(1+α))/(1+α) at the defaults α = β = 1
public partial class PowerLawGP
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Parameter] public double Beta { get; init; } = 1.0;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
    [Ridge] public double Kappa => 1e-3;
}
