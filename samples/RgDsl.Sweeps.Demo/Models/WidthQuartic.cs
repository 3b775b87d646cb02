using RgDsl;

namespace RgDsl.Sweeps.Demo.Models;

/// <summary>
/// A pair-local quartic whose coupling falls with the width, (1/Width)·(Σ f²)²/4 · 64, on the spectrum, target and
/// ridge of the main job's QuarticReference: the width family of the universality section (reported at widths 16, 64
/// and 256). Relevant, so every member's learning curve collapses onto the GP's.
/// </summary>
[RgModel(Modes = 1_000)]
[Expect(Universality.GaussianProcess)]
public partial class WidthQuartic
{
    [Parameter] public double Width { get; init; } = 64;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
    [Target] public double TargetPower(long k) => Math.Pow(k, -1.5);
    [Ridge] public double Kappa => 0.05;

    [Perturbation(Legs.PairLocal)]
    public double SquaredNorm(long k, long q) => 64.0 / Width;
}
