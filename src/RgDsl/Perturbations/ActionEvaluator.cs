namespace RgDsl.Perturbations;

/// <summary>
/// S_int and ∂S_int/∂f at a field configuration, over explicit fields (the n_k copies of a mode are separate fields).
/// Monomial weights cost O(fields·terms); generic ones O(fields²) (pair-local) or O(fields³) (sextic), and
/// O(fields^s) for a vertex with s indices (refused above <see cref="MaxGenericTerms"/> terms per evaluation).
/// </summary>
internal sealed class ActionEvaluator
{
    /// <summary>The most index assignments fields^s a generic vertex may cost per evaluation.</summary>
    public const double MaxGenericTerms = 1e7;

    private readonly IReadOnlyList<Perturbation> _perturbations;
    private readonly long[] _mode;     // mode index k of each field
    private readonly double[] _index;  // k as double
    private readonly double[][] _quadratic, _modeLocal; // per perturbation, per field
    private readonly Dictionary<Perturbation, double[][]> _powers = new(); // per monomial perturbation: per term, per leg, k^e per field

    public ActionEvaluator(IReadOnlyList<Perturbation> perturbations, long[] fieldModes)
    {
        _perturbations = perturbations;
        _mode = fieldModes;
        _index = fieldModes.Select(k => (double)k).ToArray();
        _quadratic = perturbations.Select(p => p.Legs == Legs.Quadratic ? fieldModes.Select(k => p.Weight1!(k)).ToArray() : []).ToArray();
        _modeLocal = perturbations.Select(p => p.Legs == Legs.ModeLocal ? fieldModes.Select(k => p.Weight1!(k)).ToArray() : []).ToArray();
        foreach (var p in perturbations)
        {
            if (p.Legs == Legs.Pattern)
            {
                if (p.Terms is { } vertexTerms)
                    _powers[p] = vertexTerms.SelectMany(t => t.Exponents).Select(e => _index.Select(x => MonomialExpansion.Pow(x, e)).ToArray()).ToArray();
                else if (Math.Pow(fieldModes.Length, p.VertexPattern.LetterCount) > MaxGenericTerms)
                    throw new NotSupportedException(FormattableString.Invariant(
                        $"perturbation {p.Name}: the vertex \"{p.Pattern}\" has a weight that is not a sum of monomials, so evaluating the action costs fields^{p.VertexPattern.LetterCount} = {Math.Pow(fieldModes.Length, p.VertexPattern.LetterCount):G3} terms, above {MaxGenericTerms:G3}; write the weight as a sum of terms c·k^a·q^b·… or use fewer modes."));
            }
            else if (p.Monomials is { } terms)
                _powers[p] = terms.SelectMany(t => new[] { t.P, t.R, t.U }).Select(e => _index.Select(x => MonomialExpansion.Pow(x, e)).ToArray()).ToArray();
        }
    }

    public int Fields => _mode.Length;

    /// <summary>S_int(f); if gradient is not null, adds ∂S_int/∂f into it.</summary>
    public double Evaluate(ReadOnlySpan<double> f, Span<double> gradient, bool withGradient)
    {
        var n = f.Length;
        double s = 0;
        for (var pi = 0; pi < _perturbations.Count; pi++)
        {
            var p = _perturbations[pi];
            switch (p.Legs)
            {
                case Legs.Quadratic:
                    for (var i = 0; i < n; i++)
                    {
                        s += 0.5 * _quadratic[pi][i] * f[i] * f[i];
                        if (withGradient) gradient[i] += _quadratic[pi][i] * f[i];
                    }
                    break;
                case Legs.ModeLocal:
                    for (var i = 0; i < n; i++)
                    {
                        var f2 = f[i] * f[i];
                        s += 0.25 * _modeLocal[pi][i] * f2 * f2;
                        if (withGradient) gradient[i] += _modeLocal[pi][i] * f2 * f[i];
                    }
                    break;
                case Legs.PairLocal when p.Monomials is { } terms:
                {
                    // (1/4) Σ_t c_t S_p S_r with S_e = Σ_i k_i^e f_i²; ∂/∂f_i = (c_t/2) f_i (k_i^p S_r + k_i^r S_p).
                    var powers = _powers[p];
                    for (var t = 0; t < terms.Count; t++)
                    {
                        var kp = powers[3 * t]; var kr = powers[3 * t + 1];
                        double sp = 0, sr = 0;
                        for (var i = 0; i < n; i++) { var f2 = f[i] * f[i]; sp += kp[i] * f2; sr += kr[i] * f2; }
                        var c = terms[t].Coefficient;
                        s += 0.25 * c * sp * sr;
                        if (withGradient)
                            for (var i = 0; i < n; i++) gradient[i] += 0.5 * c * f[i] * (kp[i] * sr + kr[i] * sp);
                    }
                    break;
                }
                case Legs.PairLocal:
                {
                    var w = p.Weight2!;
                    for (var i = 0; i < n; i++)
                    {
                        double row = 0;
                        for (var j = 0; j < n; j++) row += w(_mode[i], _mode[j]) * f[j] * f[j];
                        s += 0.25 * f[i] * f[i] * row;
                        if (withGradient) gradient[i] += f[i] * row;
                    }
                    break;
                }
                case Legs.PairLocal6 when p.Monomials is { } terms:
                {
                    var powers = _powers[p];
                    for (var t = 0; t < terms.Count; t++)
                    {
                        var k1 = powers[3 * t]; var k2 = powers[3 * t + 1]; var k3 = powers[3 * t + 2];
                        double s1 = 0, s2 = 0, s3 = 0;
                        for (var i = 0; i < n; i++) { var f2 = f[i] * f[i]; s1 += k1[i] * f2; s2 += k2[i] * f2; s3 += k3[i] * f2; }
                        var c = terms[t].Coefficient;
                        s += c * s1 * s2 * s3 / 6;
                        if (withGradient)
                            for (var i = 0; i < n; i++) gradient[i] += c * f[i] * (k1[i] * s2 * s3 + k2[i] * s1 * s3 + k3[i] * s1 * s2) / 3;
                    }
                    break;
                }
                case Legs.PairLocal6:
                {
                    var w = p.Weight3!;
                    for (var i = 0; i < n; i++)
                    {
                        double inner = 0;
                        for (var j = 0; j < n; j++)
                            for (var l = 0; l < n; l++) inner += w(_mode[i], _mode[j], _mode[l]) * f[j] * f[j] * f[l] * f[l];
                        s += f[i] * f[i] * inner / 6;
                        if (withGradient) gradient[i] += f[i] * inner; // symmetric W: 3 slots × (2/6)
                    }
                    break;
                }
                case Legs.Pattern when p.Terms is { } terms:
                    s += PatternMonomials(p, terms, f, gradient, withGradient);
                    break;
                case Legs.Pattern:
                    s += PatternGeneric(p, f, gradient, withGradient);
                    break;
            }
        }
        return s;
    }

    // (1/m) Σ_t c_t Π_ℓ S_tℓ with S_tℓ = Σ_i k_i^{e_tℓ} f_i^{μ_ℓ} (μ_ℓ legs on index ℓ);
    // ∂/∂f_i = (1/m) Σ_t c_t Σ_ℓ μ_ℓ k_i^{e_tℓ} f_i^{μ_ℓ−1} Π_{ℓ'≠ℓ} S_tℓ'.
    private double PatternMonomials(Perturbation p, IReadOnlyList<VertexMonomial> terms, ReadOnlySpan<double> f, Span<double> gradient, bool withGradient)
    {
        var pattern = p.VertexPattern;
        var letters = pattern.LetterCount;
        var powers = _powers[p];
        var n = f.Length;
        Span<double> sums = stackalloc double[letters];
        double s = 0;
        for (var t = 0; t < terms.Count; t++)
        {
            double product = terms[t].Coefficient / pattern.LegCount;
            for (var l = 0; l < letters; l++)
            {
                var kp = powers[t * letters + l];
                double sum = 0;
                for (var i = 0; i < n; i++) sum += kp[i] * IntPow(f[i], pattern.Multiplicity[l]);
                sums[l] = sum;
                product *= sum;
            }
            s += product;
            if (!withGradient) continue;
            for (var l = 0; l < letters; l++)
            {
                double others = terms[t].Coefficient / pattern.LegCount * pattern.Multiplicity[l];
                for (var l2 = 0; l2 < letters; l2++) if (l2 != l) others *= sums[l2];
                var kp = powers[t * letters + l];
                for (var i = 0; i < n; i++) gradient[i] += others * kp[i] * IntPow(f[i], pattern.Multiplicity[l] - 1);
            }
        }
        return s;
    }

    // (1/m) Σ over assignments of fields to indices of W(modes) Π_ℓ f^{μ_ℓ}.
    private double PatternGeneric(Perturbation p, ReadOnlySpan<double> f, Span<double> gradient, bool withGradient)
    {
        var pattern = p.VertexPattern;
        var letters = pattern.LetterCount;
        var n = f.Length;
        var assignment = new int[letters];
        var modes = new long[letters];
        double s = 0;
        while (true)
        {
            for (var l = 0; l < letters; l++) modes[l] = _mode[assignment[l]];
            var w = p.Weight(modes) / pattern.LegCount;
            var product = w;
            for (var l = 0; l < letters; l++) product *= IntPow(f[assignment[l]], pattern.Multiplicity[l]);
            s += product;
            if (withGradient)
                for (var l = 0; l < letters; l++)
                {
                    var g = w * pattern.Multiplicity[l] * IntPow(f[assignment[l]], pattern.Multiplicity[l] - 1);
                    for (var l2 = 0; l2 < letters; l2++) if (l2 != l) g *= IntPow(f[assignment[l2]], pattern.Multiplicity[l2]);
                    gradient[assignment[l]] += g;
                }
            var j = 0;
            while (j < letters && ++assignment[j] == n) assignment[j++] = 0;
            if (j == letters) break;
        }
        return s;
    }

    private static double IntPow(double x, int n)
    {
        var r = 1.0;
        for (var i = 0; i < n; i++) r *= x;
        return r;
    }
}
