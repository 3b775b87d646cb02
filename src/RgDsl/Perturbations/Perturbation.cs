namespace RgDsl.Perturbations;

/// <summary>
/// A non-Gaussian term of the action S = S₀ + S_int (THEORY.md §3.2); its weight function returns coupling × weight.
/// When <see cref="Monomials"/> is set the weight equals Σ_i c_i k^{p_i} q^{r_i} (p^{u_i}) and the solvers use it
/// for O(M) sums; otherwise they evaluate <see cref="Weight2"/> / <see cref="Weight3"/> pairwise, at O(M²) (pair-local)
/// or O(M³) (pair-local sextic) cost.
/// </summary>
public sealed class Perturbation
{
    private Perturbation(string name, Legs legs, Func<long, double>? weight1, Func<long, long, double>? weight2,
        Func<long, long, long, double>? weight3, IReadOnlyList<Monomial>? monomials)
    {
        Name = name; Legs = legs; Weight1 = weight1; Weight2 = weight2; Weight3 = weight3; Monomials = monomials;
    }

    public string Name { get; }
    public Legs Legs { get; }
    /// <summary>w(k) for <see cref="RgDsl.Legs.Quadratic"/> and <see cref="RgDsl.Legs.ModeLocal"/>.</summary>
    public Func<long, double>? Weight1 { get; }
    /// <summary>W(k,q) for <see cref="RgDsl.Legs.PairLocal"/>.</summary>
    public Func<long, long, double>? Weight2 { get; }
    /// <summary>W(k,q,p) for <see cref="RgDsl.Legs.PairLocal6"/>.</summary>
    public Func<long, long, long, double>? Weight3 { get; }
    /// <summary>The monomial expansion of the weight, when known.</summary>
    public IReadOnlyList<Monomial>? Monomials { get; }

    /// <summary>(1/2) Σ_k w(k) f_k²; pass <paramref name="monomials"/> (terms c·k^p) when w is a sum of powers.</summary>
    public static Perturbation Quadratic(string name, Func<long, double> w, IReadOnlyList<Monomial>? monomials = null) => new(name, Legs.Quadratic, Check(w), null, null, monomials);

    /// <summary>(1/4) Σ_k w(k) f_k⁴; pass <paramref name="monomials"/> (terms c·k^p) when w is a sum of powers.</summary>
    public static Perturbation ModeLocal(string name, Func<long, double> w, IReadOnlyList<Monomial>? monomials = null) => new(name, Legs.ModeLocal, Check(w), null, null, monomials);

    /// <summary>(1/4) Σ_{k,q} W(k,q) f_k² f_q² with symmetric W; pass <paramref name="monomials"/> when W = Σ c k^p q^r.</summary>
    public static Perturbation PairLocal(string name, Func<long, long, double> w, IReadOnlyList<Monomial>? monomials = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (monomials is not null) CheckSymmetric(name, monomials, 2);
        return new(name, Legs.PairLocal, null, w, null, monomials);
    }

    /// <summary>(1/6) Σ_{k,q,p} W(k,q,p) f_k² f_q² f_p² with symmetric W.</summary>
    public static Perturbation PairLocal6(string name, Func<long, long, long, double> w, IReadOnlyList<Monomial>? monomials = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (monomials is not null) CheckSymmetric(name, monomials, 3);
        return new(name, Legs.PairLocal6, null, null, w, monomials);
    }

    /// <summary>Pair-local with a constant weight U (the O(M)-like (Σ f²)² term).</summary>
    public static Perturbation ConstantPairLocal(string name, double coupling) =>
        PairLocal(name, (_, _) => coupling, [new Monomial(coupling, 0, 0)]);

    /// <summary>The same term with its coupling multiplied by <paramref name="factor"/>.</summary>
    public Perturbation Scaled(double factor)
    {
        if (!double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "the coupling factor must be finite.");
        var w1 = Weight1; var w2 = Weight2; var w3 = Weight3;
        return new Perturbation(Name, Legs,
            w1 is null ? null : k => factor * w1(k),
            w2 is null ? null : (k, q) => factor * w2(k, q),
            w3 is null ? null : (k, q, p) => factor * w3(k, q, p),
            Monomials?.Select(m => m with { Coefficient = factor * m.Coefficient }).ToList());
    }

    private static Func<long, double> Check(Func<long, double> w) => w ?? throw new ArgumentNullException(nameof(w));

    private static void CheckSymmetric(string name, IReadOnlyList<Monomial> terms, int legs)
    {
        var asymmetry = WeightSymmetry.Find(legs, i => MonomialExpansion.Evaluate(terms, i[0], i[1], legs == 3 ? i[2] : 1));
        if (asymmetry is not null)
            throw new ArgumentException($"perturbation {name}: the weight must be symmetric in its mode indices, but {asymmetry}.");
    }
}
