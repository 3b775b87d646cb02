namespace RgDsl.Generators.Model;

/// <summary>
/// A network's declared [Activation] method as equatable data (no symbols, no syntax): how generated code calls it and
/// what the generator read it as.
/// </summary>
/// <param name="MethodName">The method's name.</param>
/// <param name="IsStatic">Whether it is static (called through the class, else through this).</param>
/// <param name="PolynomialCoefficients">
/// C# for c_0, c_1, …, c_n of φ(z) = Σ_k c_k z^k over the instance (constants and this.Parameter), when the body is a
/// polynomial in z; null when φ is evaluated numerically.
/// </param>
/// <param name="Display">φ as read ("z + Epsilon·z^3"), or null when it was not read as a polynomial.</param>
/// <param name="NumericReason">Why φ is evaluated numerically (null when read as a polynomial).</param>
internal sealed record ActivationSpec(string MethodName, bool IsStatic, EquatableArray<string>? PolynomialCoefficients, string? Display, string? NumericReason);
