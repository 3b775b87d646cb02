using System.Globalization;
using RgDsl.Diagrams;
using RgDsl.Perturbations;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Flow;

/// <summary>A vertex of the running effective action: its pattern (indices k, q, p, … by decreasing leg count) and its weight's monomials.</summary>
/// <param name="Pattern">E.g. "k k q" for (1/3) Σ W(k,q) f_k² f_q.</param>
/// <param name="Terms">W = Σ c Π ℓ^e over the pattern's indices.</param>
public sealed record FlowedVertex(string Pattern, IReadOnlyList<VertexMonomial> Terms)
{
    /// <summary>W with every index on one mode k: what the vertex is on a single mode (times f_k^m / m).</summary>
    public double Diagonal(long k)
    {
        double w = 0;
        foreach (var t in Terms) w += t.Coefficient * MonomialExpansion.Pow(k, t.Exponents.Sum());
        return w;
    }

    /// <summary>"k k q: 0.001·ℓ1^0·ℓ2^1 + …".</summary>
    public override string ToString() => Pattern + ": " + string.Join(" + ", Terms.Select(t => t.ToString()));
}

/// <summary>The running vertices after the modes above <see cref="Scale"/> are integrated out.</summary>
public sealed record VertexFlowPoint(double Scale, double RgTime, IReadOnlyList<FlowedVertex> Vertices)
{
    /// <summary>The running vertex of a pattern ("k k" for the induced ridge), or null when there is none.</summary>
    public FlowedVertex? Of(string pattern) => Vertices.FirstOrDefault(v => v.Pattern == pattern);
}

/// <summary>
/// The one-loop shell flow for any declared vertex pattern (THEORY.md §3.3, generalised): going down from the cutoff,
/// each shell σ is integrated out at first order in the couplings (<see cref="ShellContraction"/>): every vertex with
/// some of its indices on σ leaves the vertex of its other indices, its shell legs contracted with the shell's Gaussian
/// (pairs into G_q, the rest signals f̄_q). A sextic with two legs on the shell becomes a quartic, a quartic a ridge
/// ("k k") correction, a cubic a linear ("k") term, and so on; the flow closes on the sub-patterns of the declared
/// ones, with monomial weights. The shell's Gaussian is dressed by what the flow has generated on it: a_q = a⁰_q plus
/// the running "k k" weight, mean (h_q − running "k" weight)/a_q; this is where the flow goes beyond first order.
/// Each mode's moments are the first-order moments (<see cref="FieldTheory.FirstOrder"/>) of the effective theory in
/// force when its shell is integrated out, so the flow agrees with first order to O(g) and differs at O(g²) by the
/// running. Not included: the O(g²) bubble (two vertices joined on the shell) that the pair-local flow
/// (<see cref="ShellFlow"/>) keeps; for everything at O(g²) use SecondOrder.
/// </summary>
internal static class VertexShellFlow
{
    private static readonly string[] Names = ["k", "q", "p", "r", "s", "t"];

    /// <summary>The running vertices, keyed by canonical pattern text; each a map from exponent tuple to coefficient.</summary>
    private sealed class State
    {
        public readonly Dictionary<string, (VertexPattern Pattern, Dictionary<string, (double[] Exponents, double Coefficient)> Terms)> Vertices = new(StringComparer.Ordinal);

        /// <summary>Adds c·Π ℓ^e to the vertex with the given leg counts per index, in canonical form and symmetrised.</summary>
        public void Add(int[] multiplicity, double[] exponents, double coefficient)
        {
            // Canonical order: indices by decreasing leg count, ties kept in order (a stable sort).
            var order = Enumerable.Range(0, multiplicity.Length).OrderByDescending(i => multiplicity[i]).ToArray();
            var counts = order.Select(i => multiplicity[i]).ToArray();
            var e = order.Select(i => exponents[i]).ToArray();
            var text = string.Join(" ", counts.SelectMany((c, i) => Enumerable.Repeat(Names[i], c)));
            if (!Vertices.TryGetValue(text, out var vertex))
                Vertices[text] = vertex = (VertexPattern.Parse(text), new Dictionary<string, (double[], double)>(StringComparer.Ordinal));
            // Indices with equal leg counts are summed alike: spread the term over their permutations, so the weight is symmetric.
            var permutations = Permutations(counts).ToList();
            foreach (var p in permutations)
            {
                var permuted = p.Select(i => e[i]).ToArray();
                var key = string.Join(",", permuted.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
                var old = vertex.Terms.TryGetValue(key, out var t) ? t.Coefficient : 0;
                vertex.Terms[key] = (permuted, old + coefficient / permutations.Count);
            }
        }

        // The permutations of positions that map each position to one with the same leg count.
        private static IEnumerable<int[]> Permutations(int[] counts)
        {
            var n = counts.Length;
            var current = new int[n];
            var used = new bool[n];
            IEnumerable<int[]> Fill(int position)
            {
                if (position == n) { yield return (int[])current.Clone(); yield break; }
                for (var i = 0; i < n; i++)
                {
                    if (used[i] || counts[i] != counts[position]) continue;
                    used[i] = true; current[position] = i;
                    foreach (var p in Fill(position + 1)) yield return p;
                    used[i] = false;
                }
            }
            return Fill(0);
        }

        public List<FlowedVertex> Snapshot() => Vertices
            .OrderByDescending(v => v.Value.Pattern.LegCount).ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new FlowedVertex(v.Key, v.Value.Terms.Values.Where(t => t.Coefficient != 0).Select(t => new VertexMonomial(t.Coefficient, t.Exponents)).ToList()))
            .Where(v => v.Terms.Count > 0)
            .ToList();

        /// <summary>The running weight of a one-index vertex ("k" or "k k") at mode q, 0 when there is none.</summary>
        public double SingleIndexWeight(string pattern, double q)
        {
            if (!Vertices.TryGetValue(pattern, out var v)) return 0;
            double w = 0;
            foreach (var (e, c) in v.Terms.Values) w += c * MonomialExpansion.Pow(q, e[0]);
            return w;
        }
    }

    public static ShellFlowResult Run(FieldTheory theory, ShellFlowOptions options)
    {
        foreach (var p in theory.Perturbations)
            if (p.Terms is null)
                throw new NotSupportedException($"the one-loop shell flow tracks vertex weights that are sums of monomials c·Π ℓ^e (the induced vertices are then finite sets of coefficients); '{p.Name}' (\"{p.Pattern}\") is not one. Use Approximation.SecondOrder (every diagram to O(g²)) or FirstOrder.");
        var n = theory.Modes;
        var state = new State();
        foreach (var p in theory.Perturbations)
            foreach (var t in p.Terms!)
                state.Add(p.VertexPattern.Multiplicity, t.Exponents.ToArray(), t.Coefficient);

        var shells = ShellFlow.Shells(n, options);
        var stop = (int)Math.Min(options.StopScale, n);
        var mean = new double[n];
        var variance = new double[n];
        var points = new List<VertexFlowPoint> { new(n, 0, state.Snapshot()) };
        var nextRecord = Math.Log10(n) - 1.0 / options.PointsPerDecade;
        for (var s = 0; s < shells.Count; s++)
        {
            var (lo, hi) = shells[s];
            // The moments of the shell's modes: first order in the effective theory of the modes still present.
            var effective = Effective(theory, hi, state);
            for (var q = lo; q < hi; q++) { mean[q] = effective.MeanArray[q]; variance[q] = effective.VarianceArray[q]; }
            if (s == shells.Count - 1 && stop > 0) break; // the kept modes are not integrated out

            // The shell's Gaussian, dressed by the running ridge and linear terms.
            var shellMean = new double[hi - lo];
            var shellVariance = new double[hi - lo];
            for (var q = lo; q < hi; q++)
            {
                var a = theory.A0[q] + state.SingleIndexWeight("k k", theory.Index[q]);
                if (!(a > 0))
                    return new ShellFlowResult([], [], null, string.Create(CultureInfo.InvariantCulture,
                        $"the effective inverse variance of mode {q + 1} reached {a:G4} ≤ 0: the flowed ridge correction made the mode unstable (couplings too large for the one-loop flow)"))
                    { Vertices = points.AsReadOnly(), Scheme = Scheme };
                shellVariance[q - lo] = 1 / a;
                shellMean[q - lo] = (theory.H[q] - state.SingleIndexWeight("k", theory.Index[q])) / a;
            }
            Integrate(theory, state, lo, hi, shellMean, shellVariance);
            var scale = lo;
            if (scale == stop || Math.Log10(Math.Max(scale, 1)) <= nextRecord || s == shells.Count - 1)
            {
                points.Add(new VertexFlowPoint(scale, Math.Log((double)n / Math.Max(scale, 1)), state.Snapshot()));
                nextRecord = Math.Log10(Math.Max(scale, 1)) - 1.0 / options.PointsPerDecade;
            }
        }
        return new ShellFlowResult([], [], new FieldMoments(mean, variance), null) { Vertices = points.AsReadOnly(), Scheme = Scheme };
    }

    /// <summary>What the vertex flow computes, for the result.</summary>
    public const string Scheme = "vertex flow: each shell integrated out at first order in the couplings (every vertex's shell legs contracted, dressed shell Gaussian); no bubble (O(g²)) terms";

    /// <summary>Integrates the modes [lo, hi) out of every running vertex (first order in the couplings).</summary>
    private static void Integrate(FieldTheory theory, State state, int lo, int hi, double[] shellMean, double[] shellVariance)
    {
        var induced = new List<(int[] Multiplicity, double[] Exponents, double Coefficient)>();
        foreach (var (pattern, terms) in state.Vertices.Values)
        {
            var letters = pattern.LetterCount;
            for (var mask = 1; mask < (1 << letters) - 1; mask++)
            {
                var remainder = ShellContraction.Remainder(pattern, mask);
                if (remainder is not { } r) continue;
                var shellLetters = Enumerable.Range(0, letters).Where(l => (mask & (1 << l)) != 0).ToArray();
                var partitions = ShellContraction.SetPartitions(shellLetters.Length).ToList();
                // κ_q per block of shell indices, per mode of the shell: depends on the leg counts only.
                var cumulants = new Dictionary<string, double[]>(StringComparer.Ordinal);
                double[] Cumulants(int[] block)
                {
                    var key = string.Join(",", block);
                    if (cumulants.TryGetValue(key, out var c)) return c;
                    var powers = block.Select(b => pattern.Multiplicity[shellLetters[b]]).ToArray();
                    c = new double[hi - lo];
                    for (var q = lo; q < hi; q++) c[q - lo] = theory.Multiplicity[q] * ShellContraction.JointCumulant(powers, shellMean[q - lo], shellVariance[q - lo]);
                    return cumulants[key] = c;
                }
                foreach (var (exponents, coefficient) in terms.Values)
                {
                    double average = 0;
                    foreach (var partition in partitions)
                    {
                        var product = 1.0;
                        foreach (var block in partition)
                        {
                            var e = block.Sum(b => exponents[shellLetters[b]]);
                            var c = Cumulants(block);
                            double sum = 0;
                            for (var q = lo; q < hi; q++) sum += MonomialExpansion.Pow(theory.Index[q], e) * c[q - lo];
                            product *= sum;
                        }
                        average += product;
                    }
                    if (average != 0)
                        induced.Add((r.Multiplicity, r.Letters.Select(l => exponents[l]).ToArray(), coefficient * average * r.Normalisation));
                }
            }
        }
        foreach (var (m, e, c) in induced) state.Add(m, e, c);
    }

    /// <summary>First-order moments of the effective theory on the modes [0, modes) with the running vertices.</summary>
    private static FieldMoments Effective(FieldTheory theory, int modes, State state)
    {
        var vertices = state.Snapshot().Select((v, i) => Perturbation.Vertex("flowed" + i.ToString(CultureInfo.InvariantCulture) + " " + v.Pattern, v.Pattern,
            EvaluateDelegate(v.Terms), v.Terms)).ToList();
        var truncated = new FieldTheory(theory.Lambda.Take(modes).ToArray(), theory.Amplitude.Take(modes).Select(a => a * a).ToArray(),
            theory.Multiplicity.Take(modes).Select(x => (long)x).ToArray(), theory.DatasetSize, theory.Ridge, theory.Noise, vertices);
        return truncated.FirstOrder();
    }

    private static VertexWeight EvaluateDelegate(IReadOnlyList<VertexMonomial> terms) => modes =>
    {
        double w = 0;
        foreach (var t in terms) w += t.Evaluate(modes);
        return w;
    };
}
