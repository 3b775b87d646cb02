using System.Globalization;

namespace RgDsl.Perturbations;

/// <summary>
/// One term c·k^p·q^r·s^u of a weight that is a sum of monomials in the mode indices. Unused legs have exponent 0.
/// The generator emits these when it recognises a weight, which turns O(M²) and O(M³) mode sums into O(M) ones.
/// </summary>
public readonly record struct Monomial(double Coefficient, double P, double R = 0, double U = 0)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Coefficient:R}·k^{P:R}·q^{R:R}·p^{U:R}");
}

/// <summary>Evaluation of monomial expansions.</summary>
internal static class MonomialExpansion
{
    /// <summary>Σ_i c_i k^{p_i} q^{r_i} s^{u_i} (unused legs have exponent 0 and contribute 1).</summary>
    public static double Evaluate(IReadOnlyList<Monomial> terms, double k, double q, double s = 1)
    {
        double v = 0;
        foreach (var t in terms) v += t.Coefficient * Pow(k, t.P) * Pow(q, t.R) * Pow(s, t.U);
        return v;
    }

    /// <summary>x^e with x^0 = 1 exactly.</summary>
    public static double Pow(double x, double e) => e == 0 ? 1 : e == 1 ? x : Math.Pow(x, e);
}
