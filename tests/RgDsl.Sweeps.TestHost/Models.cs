using RgDsl;

namespace RgDsl.Sweeps.TestHost;

/// <summary>A pair-local quartic on 30 modes: HMC of it takes milliseconds.</summary>
[RgModel(Modes = 30)]
public partial class TinyQuartic
{
    [Parameter] public double Coupling { get; init; } = 1;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
    [Target] public double TargetPower(long k) => Math.Pow(k, -1.5);
    [Ridge] public double Kappa => 0.05;

    [Perturbation(Legs.PairLocal)]
    public double SquaredNorm(long k, long q) => Coupling;
}

/// <summary>A Gaussian power law on 200 modes, small enough for kernel ridge regression in milliseconds.</summary>
[RgModel(Modes = 200)]
public partial class TinyGP
{
    [Parameter] public double Alpha { get; init; } = 1;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Ridge] public double Kappa => 1e-2;
}
