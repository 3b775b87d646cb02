// Shared with the source generator (linked into generators/RgDsl.Generators), which reads attribute arguments into
// these values: keep it dependency-free and netstandard2.0-compatible.
namespace RgDsl;

/// <summary>The kind of a non-Gaussian perturbation term (THEORY.md §3.2).</summary>
public enum Legs
{
    /// <summary>(g/2) Σ_k w(k) f_k²; method <c>double W(long k)</c>.</summary>
    Quadratic,
    /// <summary>(g/4) Σ_kq W(k,q) f_k² f_q²; method <c>double W(long k, long q)</c>.</summary>
    PairLocal,
    /// <summary>(g/4) Σ_k w(k) f_k⁴; method <c>double W(long k)</c>.</summary>
    ModeLocal,
    /// <summary>(g/6) Σ_kqp W(k,q,p) f_k² f_q² f_p²; method <c>double W(long k, long q, long p)</c>.</summary>
    PairLocal6,
    /// <summary>
    /// A vertex declared by its index pattern (<c>[Perturbation("k k q p")]</c>): (1/m) Σ W(indices) f⋯f over its m legs;
    /// a pattern that is one of the four kinds above (up to renaming its indices) takes that kind instead.
    /// </summary>
    Pattern,
}
