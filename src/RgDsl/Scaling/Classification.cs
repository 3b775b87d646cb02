// Shared with the source generator (linked into generators/RgDsl.Generators), which reads attribute arguments into
// these values: keep it dependency-free and netstandard2.0-compatible.
namespace RgDsl;

/// <summary>How a perturbation behaves at large data (THEORY.md §4.3), from its scaling interval [γ_lo, γ_hi].</summary>
public enum Classification
{
    /// <summary>γ_lo &gt; 0: every correction dies at large P; the GP governs the large-data limit (GP universality).</summary>
    Relevant,
    /// <summary>γ_hi &lt; 0: corrections grow with P; GP universality is lost.</summary>
    Irrelevant,
    /// <summary>The interval contains 0 but is not {0}: some observables approach the GP, others do not.</summary>
    ObservableDependent,
    /// <summary>The interval is {0}: logarithmic corrections.</summary>
    Marginal,
}
