// Shared with the source generator (linked into generators/RgDsl.Generators), which reads attribute arguments into
// these values: keep it dependency-free and netstandard2.0-compatible.
namespace RgDsl;

/// <summary>The non-linearity φ of every hidden layer.</summary>
public enum Activation
{
    /// <summary>φ(z) = z: a deep linear network; its prior is exactly a mixture of GPs over one kernel scale (THEORY §6.2).</summary>
    Linear,
    /// <summary>φ(z) = max(0, z); NNGP kernel: the arc-cosine recursion of Cho and Saul.</summary>
    Relu,
    /// <summary>φ(z) = erf(z); NNGP kernel: the arcsine formula of Williams.</summary>
    Erf,
    /// <summary>φ(z) = tanh(z); NNGP kernel by Mehler's series on Hermite coefficients.</summary>
    Tanh,
    /// <summary>
    /// A declared activation: a method marked [Activation] (<c>ActivationAttribute</c>) on an [RgNetwork] class, or an
    /// <c>RgDsl.Networks.Functions.ActivationFunction</c> at run time. Not a value to name in
    /// <c>[RgNetwork(Activation = ...)]</c>: declaring the method is what selects it.
    /// </summary>
    Custom,
}
