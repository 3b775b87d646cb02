using RgDsl;

namespace RgDsl.MainJob.Models;

/// <summary>
/// A power-law GP kernel λ_k = k^-(1+α) with a power-law teacher y_k² = k^-(1+β) on 4,000 modes: small enough that
/// kernel ridge regression on a Gaussian design can be run next to the theory.
/// </summary>
[RgModel(Modes = 4_000)]
[Expect(LearningCurveExponent = -0.25, Tolerance = 1e-12)] // −β/(1+α) at fixed ridge
public partial class PowerLawTeacher
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Parameter] public double Beta { get; init; } = 0.5;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
    [Ridge] public double Kappa => 1e-3;
    [LabelNoise] public double Noise => 1e-4;
}
