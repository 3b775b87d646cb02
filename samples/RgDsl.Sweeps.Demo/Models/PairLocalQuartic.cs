using RgDsl;

namespace RgDsl.Sweeps.Demo.Models;

/// <summary>
/// A power-law GP with the pair-local quartic W = 1 of THEORY.md §3.2, (U/4)(Σ_k f_k²)², on 1,000 modes: the
/// simplest non-Gaussian prior. Its correction to the learning curve is computed perturbatively and by HMC.
/// </summary>
[RgModel(Modes = 1_000)]
[Expect(Universality.GaussianProcess)]
[Expect(nameof(SquaredNorm), Classification.Relevant)]
public partial class PairLocalQuartic
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Parameter] public double Beta { get; init; } = 0.5;
    [Parameter] public double Coupling { get; init; } = 5.0;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
    [Ridge] public double Kappa => 0.05;

    [Perturbation(Legs.PairLocal)]
    public double SquaredNorm(long k, long q) => Coupling;
}
