using System.Globalization;

namespace RgDsl.Perturbations;

/// <summary>The weight of a vertex at the mode of each of its indices (in the pattern's order of first appearance).</summary>
public delegate double VertexWeight(ReadOnlySpan<long> modes);

/// <summary>
/// One term c·Π_i ℓ_i^{e_i} of a vertex weight that is a sum of monomials in its mode indices ℓ_i (in the pattern's
/// order of first appearance). The generator emits these when it recognises a weight; they turn the mode sums of every
/// diagram into products of O(M) power sums.
/// </summary>
public sealed class VertexMonomial
{
    /// <param name="coefficient">c.</param>
    /// <param name="exponents">e_i, one per index of the pattern.</param>
    public VertexMonomial(double coefficient, params double[] exponents)
    {
        ArgumentNullException.ThrowIfNull(exponents);
        if (!double.IsFinite(coefficient)) throw new ArgumentOutOfRangeException(nameof(coefficient), coefficient, "a monomial coefficient must be finite.");
        if (exponents.Any(e => !double.IsFinite(e))) throw new ArgumentOutOfRangeException(nameof(exponents), "monomial exponents must be finite.");
        Coefficient = coefficient;
        Exponents = Array.AsReadOnly((double[])exponents.Clone());
    }

    public double Coefficient { get; }
    public IReadOnlyList<double> Exponents { get; }

    /// <summary>c·Π_i ℓ_i^{e_i}.</summary>
    public double Evaluate(ReadOnlySpan<long> modes)
    {
        var v = Coefficient;
        for (var i = 0; i < Exponents.Count; i++) v *= MonomialExpansion.Pow(modes[i], Exponents[i]);
        return v;
    }

    public override string ToString() =>
        Coefficient.ToString("R", CultureInfo.InvariantCulture) + string.Concat(Exponents.Select((e, i) => "·ℓ" + (i + 1) + "^" + e.ToString("R", CultureInfo.InvariantCulture)));
}
