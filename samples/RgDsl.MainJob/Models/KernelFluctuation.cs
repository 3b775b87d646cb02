using RgDsl;

namespace RgDsl.MainJob.Models;

/// <summary>
/// Finite-width kernel fluctuations W = −1/(width·λ_k λ_q) (THEORY.md §3.2): power counting gives y = 0 (marginal),
/// the fluctuation tadpole is cutoff-dominated (a kernel rescaling ∝ M/width), and the signal tadpole grows against
/// the vanishing GP error, so the perturbation is observable-dependent and breaks GP universality.
/// </summary>
[RgModel(Modes = 300_000)]
[Expect(Universality.Broken)]
[Expect(nameof(Fluctuation), Classification.ObservableDependent)]
[Expect(LearningCurveExponent = -0.5, Tolerance = 1e-12)]
public partial class KernelFluctuation
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Parameter] public double Width { get; init; } = 1e9;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Ridge] public double Kappa => 1e-2; // crossover κ = κ_eff/2 at P ≈ 490: ridgeless-like below, ridge-dominated above

    [Perturbation(Legs.PairLocal)]
    public double Fluctuation(long k, long q) => -1.0 / Width / (Eigenvalue(k) * Eigenvalue(q));
}
