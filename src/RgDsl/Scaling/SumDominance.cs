// Shared with the source generator (linked into generators/RgDsl.Generators), which reads attribute arguments into
// these values: keep it dependency-free and netstandard2.0-compatible.
namespace RgDsl;

/// <summary>What dominates the mode sums of a diagram class (THEORY.md §4.4).</summary>
public enum SumDominance
{
    /// <summary>Sums dominated by modes near the learnability threshold k_P: power counting holds.</summary>
    Threshold,
    /// <summary>Sums dominated by the first modes (q ≈ 1).</summary>
    Infrared,
    /// <summary>Sums dominated by the UV cutoff M: the correction scales with M (non-universal).</summary>
    Cutoff,
    /// <summary>On a border between regimes: a logarithm multiplies the power.</summary>
    Logarithmic,
}
