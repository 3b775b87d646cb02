using RgDsl.Diagrams;

namespace RgDsl.Perturbations;

/// <summary>
/// A non-Gaussian term of the action S = S₀ + S_int (THEORY.md §3.2); its weight function returns coupling × weight.
/// Every term is a vertex (1/m) Σ W(indices) f⋯f with an index <see cref="Pattern"/> ("k k q q" for the pair-local
/// quartic); the four kinds of <see cref="RgDsl.Legs"/> are the patterns "k k", "k k q q", "k k k k" and "k k q q p p".
/// When the monomial expansion is set (<see cref="Monomials"/> for the four kinds, <see cref="Terms"/> for every
/// vertex) the weight equals Σ_i c_i Π ℓ^{e} and the solvers use it for O(M) sums; otherwise they evaluate the weight
/// itself, at O(M²) (pair-local) or O(M³) (pair-local sextic) per first-order mode sum, and O(M^(c+1)) for a diagram
/// with c summed index classes in general.
/// </summary>
public sealed class Perturbation
{
    private Perturbation(string name, Legs legs, VertexPattern pattern, VertexWeight weight, Func<long, double>? weight1, Func<long, long, double>? weight2,
        Func<long, long, long, double>? weight3, IReadOnlyList<Monomial>? monomials, IReadOnlyList<VertexMonomial>? terms)
    {
        Name = name; Legs = legs; VertexPattern = pattern; Weight = weight; Weight1 = weight1; Weight2 = weight2; Weight3 = weight3;
        Monomials = monomials; Terms = terms;
    }

    public string Name { get; }
    /// <summary>The kind; <see cref="RgDsl.Legs.Pattern"/> for a vertex outside the four kinds.</summary>
    public Legs Legs { get; }
    /// <summary>The index pattern of the legs, e.g. "k k q p".</summary>
    public string Pattern => VertexPattern.Text;
    internal VertexPattern VertexPattern { get; }
    /// <summary>W at the mode of each index (in the pattern's order of first appearance); coupling included.</summary>
    public VertexWeight Weight { get; }
    /// <summary>w(k) for <see cref="RgDsl.Legs.Quadratic"/> and <see cref="RgDsl.Legs.ModeLocal"/>.</summary>
    public Func<long, double>? Weight1 { get; }
    /// <summary>W(k,q) for <see cref="RgDsl.Legs.PairLocal"/>.</summary>
    public Func<long, long, double>? Weight2 { get; }
    /// <summary>W(k,q,p) for <see cref="RgDsl.Legs.PairLocal6"/>.</summary>
    public Func<long, long, long, double>? Weight3 { get; }
    /// <summary>The monomial expansion of the weight of one of the four kinds, when known.</summary>
    public IReadOnlyList<Monomial>? Monomials { get; }
    /// <summary>The monomial expansion of any vertex's weight, when known (for the four kinds, <see cref="Monomials"/> per index).</summary>
    public IReadOnlyList<VertexMonomial>? Terms { get; }

    /// <summary>(1/2) Σ_k w(k) f_k²; pass <paramref name="monomials"/> (terms c·k^p) when w is a sum of powers.</summary>
    public static Perturbation Quadratic(string name, Func<long, double> w, IReadOnlyList<Monomial>? monomials = null) => One(name, Legs.Quadratic, w, monomials);

    /// <summary>(1/4) Σ_k w(k) f_k⁴; pass <paramref name="monomials"/> (terms c·k^p) when w is a sum of powers.</summary>
    public static Perturbation ModeLocal(string name, Func<long, double> w, IReadOnlyList<Monomial>? monomials = null) => One(name, Legs.ModeLocal, w, monomials);

    /// <summary>(1/4) Σ_{k,q} W(k,q) f_k² f_q² with symmetric W; pass <paramref name="monomials"/> when W = Σ c k^p q^r.</summary>
    public static Perturbation PairLocal(string name, Func<long, long, double> w, IReadOnlyList<Monomial>? monomials = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (monomials is not null) CheckSymmetric(name, monomials, 2);
        return new(name, Legs.PairLocal, VertexPattern.Of(Legs.PairLocal), i => w(i[0], i[1]), null, w, null, monomials, ToTerms(monomials, 2));
    }

    /// <summary>(1/6) Σ_{k,q,p} W(k,q,p) f_k² f_q² f_p² with symmetric W.</summary>
    public static Perturbation PairLocal6(string name, Func<long, long, long, double> w, IReadOnlyList<Monomial>? monomials = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (monomials is not null) CheckSymmetric(name, monomials, 3);
        return new(name, Legs.PairLocal6, VertexPattern.Of(Legs.PairLocal6), i => w(i[0], i[1], i[2]), null, null, w, monomials, ToTerms(monomials, 3));
    }

    /// <summary>Pair-local with a constant weight U (the O(M)-like (Σ f²)² term).</summary>
    public static Perturbation ConstantPairLocal(string name, double coupling) =>
        PairLocal(name, (_, _) => coupling, [new Monomial(coupling, 0, 0)]);

    /// <summary>
    /// A vertex (1/m) Σ W(ℓ₁, …, ℓ_s) f_{i₁} ⋯ f_{i_m} given by its index pattern, e.g. "k k q p" (m = 4 legs, the
    /// indices k, q, p summed over all modes): at most <see cref="MaxLegs"/> legs, odd numbers included. The weight
    /// takes the distinct indices in the order of their first appearance and must be symmetric under the exchange of
    /// indices that carry equally many legs (here q and p). A pattern that is one of the four kinds up to renaming
    /// ("q q k k") gives that kind, with everything the kind supports (Hartree, the shell flow, …).
    /// </summary>
    /// <param name="name">The perturbation's name.</param>
    /// <param name="pattern">Whitespace-separated index names, one per leg.</param>
    /// <param name="weight">W (coupling included).</param>
    /// <param name="monomials">W as Σ c Π ℓ^e, when it is one: O(M) mode sums.</param>
    /// <exception cref="ArgumentException">A malformed pattern, monomials of the wrong arity, or a weight that is not symmetric.</exception>
    public static Perturbation Vertex(string name, string pattern, VertexWeight weight, IReadOnlyList<VertexMonomial>? monomials = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var parsed = VertexPattern.Parse(pattern, nameof(pattern));
        if (monomials is not null)
        {
            foreach (var m in monomials)
                if (m.Exponents.Count != parsed.LetterCount)
                    throw new ArgumentException($"perturbation {name}: pattern \"{parsed}\" has {parsed.LetterCount} indices ({string.Join(", ", parsed.Letters)}), but a monomial has {m.Exponents.Count} exponents.", nameof(monomials));
            var asymmetry = WeightSymmetry.Find(parsed.LetterCount, parsed.Transpositions, i => Evaluate(monomials, i));
            if (asymmetry is not null)
                throw new ArgumentException($"perturbation {name}: the weight must be symmetric under the exchange of indices that carry equally many legs in \"{parsed}\", but {asymmetry}.", nameof(monomials));
        }
        switch (parsed.Kind)
        {
            case Legs.Quadratic or Legs.ModeLocal:
                return One(name, parsed.Kind.Value, k => weight([k]), monomials?.Select(m => new Monomial(m.Coefficient, m.Exponents[0])).ToList());
            case Legs.PairLocal:
                return PairLocal(name, (k, q) => weight([k, q]), monomials?.Select(m => new Monomial(m.Coefficient, m.Exponents[0], m.Exponents[1])).ToList());
            case Legs.PairLocal6:
                return PairLocal6(name, (k, q, p) => weight([k, q, p]), monomials?.Select(m => new Monomial(m.Coefficient, m.Exponents[0], m.Exponents[1], m.Exponents[2])).ToList());
            default:
                return new(name, Legs.Pattern, parsed, weight, null, null, null, null, monomials);
        }
    }

    /// <summary>The most legs a vertex may have.</summary>
    public const int MaxLegs = VertexPattern.MaxLegs;

    /// <summary>The same term with its coupling multiplied by <paramref name="factor"/>.</summary>
    public Perturbation Scaled(double factor)
    {
        if (!double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "the coupling factor must be finite.");
        var w = Weight; var w1 = Weight1; var w2 = Weight2; var w3 = Weight3;
        return new Perturbation(Name, Legs, VertexPattern, i => factor * w(i),
            w1 is null ? null : k => factor * w1(k),
            w2 is null ? null : (k, q) => factor * w2(k, q),
            w3 is null ? null : (k, q, p) => factor * w3(k, q, p),
            Monomials?.Select(m => m with { Coefficient = factor * m.Coefficient }).ToList(),
            Terms?.Select(m => new VertexMonomial(factor * m.Coefficient, m.Exponents.ToArray())).ToList());
    }

    private static Perturbation One(string name, Legs legs, Func<long, double> w, IReadOnlyList<Monomial>? monomials)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new(name, legs, VertexPattern.Of(legs), i => w(i[0]), w, null, null, monomials, ToTerms(monomials, 1));
    }

    // A non-finite monomial (a NaN coupling parameter, say) gets no diagram terms here: the model's weight check refuses
    // it with the perturbation's name (PerturbationWeights), which a VertexMonomial's own argument check cannot give.
    private static IReadOnlyList<VertexMonomial>? ToTerms(IReadOnlyList<Monomial>? monomials, int indices) =>
        monomials is null || monomials.Any(m => !double.IsFinite(m.Coefficient) || !double.IsFinite(m.P) || !double.IsFinite(m.R) || !double.IsFinite(m.U)) ? null
            : monomials.Select(m => new VertexMonomial(m.Coefficient, new[] { m.P, m.R, m.U }.Take(indices).ToArray())).ToList();

    private static double Evaluate(IReadOnlyList<VertexMonomial> terms, double[] modes)
    {
        double v = 0;
        foreach (var t in terms)
        {
            var term = t.Coefficient;
            for (var i = 0; i < t.Exponents.Count; i++) term *= MonomialExpansion.Pow(modes[i], t.Exponents[i]);
            v += term;
        }
        return v;
    }

    private static void CheckSymmetric(string name, IReadOnlyList<Monomial> terms, int legs)
    {
        var asymmetry = WeightSymmetry.Find(legs, i => MonomialExpansion.Evaluate(terms, i[0], i[1], legs == 3 ? i[2] : 1));
        if (asymmetry is not null)
            throw new ArgumentException($"perturbation {name}: the weight must be symmetric in its mode indices, but {asymmetry}.");
    }
}
