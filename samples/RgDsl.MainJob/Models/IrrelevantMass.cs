using RgDsl;

namespace RgDsl.MainJob.Models;

/// <summary>
/// A deliberately irrelevant perturbation: a mass term growing like k³ (y = 1 + α − 3 &lt; 0), which the generator
/// flags (RG0023) and which breaks GP universality: its correction grows with P.
/// </summary>
[RgModel(Modes = 300_000)]
[Expect(Universality.Broken)]
[Expect(nameof(GrowingMass), Classification.Irrelevant)]
public partial class IrrelevantMass
{
    [Parameter] public double Alpha { get; init; } = 1.0;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Ridge] public double Kappa => 1e-2; // crossover κ = κ_eff/2 at P ≈ 490: ridgeless-like below, ridge-dominated above

    [Perturbation(Legs.Quadratic)]
    public double GrowingMass(long k) => 1e-12 * Math.Pow(k, 3.0);
}
