using RgDsl;

namespace RgDsl.MainJob.Models;

/// <summary>
/// A power-law GP kernel λ_k = k^-(1+α) with a power-law teacher y_k² = k^-(1+β) on 4,000 modes: small enough that
/// kernel ridge regression on a Gaussian design can be run next to the theory. Its label noise σ² = 10⁻⁴ sets a floor
/// E₀σ² under the error, so the asymptotic exponent is 0 (noise-dominated), not the noiseless −β/(1+α) = −0.25.
/// </summary>
[RgModel(Modes = 4_000)]
[Expect(LearningCurveExponent = 0, Tolerance = 1e-12)] // noise-dominated: ε floors at E₀σ² (without noise: −β/(1+α) = −0.25)
public partial class PowerLawTeacher
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Parameter] public double Beta { get; init; } = 0.5;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
    [Ridge] public double Kappa => 1e-3;
    [LabelNoise] public double Noise => 1e-4;
}
