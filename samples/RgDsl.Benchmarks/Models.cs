using RgDsl;

namespace RgDsl.Benchmarks;

/// <summary>Infinite-rank power law with a fixed ridge (closed-form tail).</summary>
[RgModel(Modes = RgModel.Infinite)]
public partial class InfinitePowerLawModel
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Parameter] public double Beta { get; init; } = 0.5;
    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
    [Ridge] public double Kappa => 1e-4;
}

/// <summary>The DSL.md example's Gaussian part: a power law on 100,000 modes.</summary>
[RgModel(Modes = 100_000)]
public partial class FiniteRankPowerLaw
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Ridge] public double Kappa => 1e-3;
}

/// <summary>A spectrum the generator cannot reduce to a power law (a power law with a log correction) on 10⁶ modes.</summary>
[RgModel(Modes = 1_000_000)]
public partial class DiscreteMillionModes
{
    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0) / Math.Log(k + 1.0);
    [Ridge] public double Kappa => 1e-4;
}
