using RgDsl;

namespace RgDsl.MainJob.Models;

/// <summary>A mode-local quartic w = g on each mode (THEORY.md §3.2): y = 3 + 2α, relevant.</summary>
[RgModel(Modes = 1_000_000)]
[Expect(Universality.GaussianProcess)]
public partial class SelfInteraction
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Parameter] public double Beta { get; init; } = 0.5;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
    [Ridge] public double Kappa => 1e-2; // crossover κ = κ_eff/2 at P ≈ 490: ridgeless-like below, ridge-dominated above

    [Perturbation(Legs.ModeLocal)]
    public double OnMode(long k) => 1e-3;
}
