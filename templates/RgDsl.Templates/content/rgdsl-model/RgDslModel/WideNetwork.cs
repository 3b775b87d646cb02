using RgDsl;

namespace RgDslModel;

/// <summary>
/// A wide network as the RG sees it: a Gaussian process on a power-law kernel spectrum, plus a pair-local quartic
/// (1/4)·(64/Width)·(Σ_k f_k²)² from finite width. The build checks the [Expect] claim: the perturbation is relevant,
/// so at large data the learning curve is the GP's.
/// </summary>
[RgModel(Modes = 1_000)]                                              // kernel rank M
[Expect(Universality.GaussianProcess)]
public partial class WideNetwork
{
    [Parameter] public double Width { get; init; } = 64;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);      // λ_k = k^-(1+α), α = 1
    [Target] public double TargetPower(long k) => Math.Pow(k, -1.5);       // y_k² = k^-(1+β), β = 0.5
    [Ridge] public double Kappa => 0.05;

    [Perturbation(Legs.PairLocal)]
    public double SquaredNorm(long k, long q) => 64.0 / Width;
}
