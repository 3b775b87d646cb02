// Shared with the source generator (linked into generators/RgDsl.Generators), which reads attribute arguments into
// these values: keep it dependency-free and netstandard2.0-compatible.
namespace RgDsl;

/// <summary>A claim about universality for <see cref="ExpectAttribute"/>.</summary>
public enum Universality
{
    /// <summary>Every perturbation is relevant: the learning curve approaches the GP's at large P.</summary>
    GaussianProcess,
    /// <summary>At least one perturbation is not relevant: GP universality is lost.</summary>
    Broken,
}
