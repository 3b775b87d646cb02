// Shared with the source generator (linked into generators/RgDsl.Generators), which reads attribute arguments into
// these values: keep it dependency-free and netstandard2.0-compatible.
namespace RgDsl;

/// <summary>How the output of the last hidden layer is scaled (THEORY §6.1).</summary>
public enum Parameterisation
{
    /// <summary>f = a·φ/√N with likelihood variance κ: the lazy (NTK/NNGP) scaling; finite-width effects are O(1/N).</summary>
    Standard,
    /// <summary>
    /// f = a·φ/N with likelihood variance κ/N (a temperature scaled by 1/N): the mean-field, feature-learning scaling.
    /// Its infinite-width mean predictor is the same GP's, but each hidden unit moves by O(1), so the GP is not its
    /// large-N limit at fixed P.
    /// </summary>
    MeanField,
}
