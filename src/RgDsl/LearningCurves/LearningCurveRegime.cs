// Shared with the source generator (linked into generators/RgDsl.Generators), whose [Expect] check decides the
// asymptotic regime with it: keep it dependency-free and netstandard2.0-compatible.
namespace RgDsl;

/// <summary>
/// Which term governs the slope of the learning curve ε(P) (THEORY.md §2.3, <see cref="Scaling.LearningCurveLaw"/>).
/// </summary>
public enum LearningCurveRegime
{
    /// <summary>No ridge (or a ridge negligible against the effective ridge κ_eff = P·t): ε ∝ P^−min(β, 2(1+α)).</summary>
    Ridgeless,
    /// <summary>The ridge κ makes up the effective ridge: ε ∝ P^(−min(β, 2(1+α))/(1+α)).</summary>
    RidgeDominated,
    /// <summary>κ and the spectrum both matter in κ_eff: the slope moves from the ridgeless to the fixed-ridge law.</summary>
    Crossover,
    /// <summary>Label noise σ² &gt; 0 makes up most of the error: ε floors at E₀σ², and its exponent tends to 0.</summary>
    NoiseDominated,
}
