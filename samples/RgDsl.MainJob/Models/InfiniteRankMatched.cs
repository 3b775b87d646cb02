using RgDsl;

namespace RgDsl.MainJob.Models;

/// <summary>The analytic power law at infinite rank with the GP-matched teacher, ridgeless: E₀ → 1 + α at large P.</summary>
[RgModel(Modes = RgModel.Infinite)]
[Expect(LearningCurveExponent = -1, Tolerance = 1e-12)]    // ridgeless: −min(β, 2(1+α)) = −α
public partial class InfiniteRankMatched
{
    [Parameter] public double Alpha { get; init; } = 1.0;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Ridge] public double Kappa => 0;
}
