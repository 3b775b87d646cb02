// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): the power counting
// of every diagram, so the generator's formulas and the run-time predictions are one rule. Keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Linq;
using RgDsl.Scaling;

namespace RgDsl.Diagrams
{
    /// <summary>
    /// The scaling of each test-error and G_k diagram (THEORY.md §4.1–§4.4). With λ_k = k^-s (s = 1 + α), y_k² = k^-r
    /// (r = 1 + β), t = κ/P and k_P = t^(-1/s), the S₀ moments are G = tL and f̄ = yL with L = λ/(λ + t), and the
    /// residual is y − f̄ = y(1 − L). For monomial weights a diagram's value factorises over its index classes: a free
    /// class C gives Σ_q q^(E_C − r b_C/2) L^(a_C + b_C) (E_C: the sum of the weight exponents of its indices; a_C
    /// propagators, b_C signals), the external class Σ_k k^(E − r(b + ρ)/2) L^(a + b) (1−L)^ρ with ρ the residual
    /// power, and every propagator a factor t. Each sum scales as <see cref="ScalingRules.Sum(LinearForm, int, int, LinearForm, Func{string, double}, Func{string})"/> says (threshold,
    /// infrared, cutoff, logarithmic), and dividing by FTE₀ = Σ y²(1−L)² gives the diagram's exponent of k_P.
    /// </summary>
    /// <summary>A reported diagram class: its rule (of its leading monomials), the diagrams in it, and its vertices' perturbations.</summary>
    internal sealed class DiagramClassRule
    {
        public DiagramClassRule(ClassRule rule, IReadOnlyList<Diagram> diagrams, int first, int second)
        {
            Rule = rule; Diagrams = diagrams; First = first; Second = second;
        }

        public ClassRule Rule { get; }
        public IReadOnlyList<Diagram> Diagrams { get; }
        /// <summary>The perturbation the class belongs to.</summary>
        public int First { get; }
        /// <summary>The other vertex's perturbation at second order (equal to <see cref="First"/> for a perturbation's own square and at first order).</summary>
        public int Second { get; }
        public int Order => Rule.Order;
    }

    internal static class DiagramRules
    {
        private static readonly string[] Symbols = { "a", "b", "d", "e", "f", "g" };

        /// <summary>
        /// The first-order test-error classes of one monomial (exponents per index, in the pattern's letter order) of a
        /// vertex: the four kinds' diagrams carry their <see cref="DiagramClass"/> (and come first, in its order),
        /// the others are <see cref="DiagramClass.Other"/> named by their formula with "W" for the weight.
        /// </summary>
        public static List<ClassRule> FirstOrder(VertexPattern pattern, LinearForm[] exponents, LinearForm alpha, LinearForm beta, Func<string, double> values) =>
            new ModelDiagrams(new[] { pattern }, new[] { "W" }).TestError(0)
                .Select(d => Rule(d, new[] { exponents }, new[] { pattern }, alpha, beta, values, Classify(pattern, d)))
                .OrderBy(r => r.Class == DiagramClass.Other ? int.MaxValue : (int)r.Class).ThenBy(r => r.Key, StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// The scaling of one test-error diagram with one monomial per vertex: <paramref name="exponents"/>[v] holds the
        /// exponent of each index of vertex v (pattern <paramref name="patterns"/>[v]).
        /// </summary>
        public static ClassRule Rule(Diagram d, IReadOnlyList<LinearForm[]> exponents, IReadOnlyList<VertexPattern> patterns, LinearForm alpha, LinearForm beta,
            Func<string, double> values, DiagramClass diagramClass = DiagramClass.Other)
        {
            if (d.Observable == DiagramObservable.Mean) throw new ArgumentException("scaling is analysed for test-error and variance diagrams.", nameof(d));
            var s = alpha + 1;
            var r = beta + 1;
            var sums = new List<SumScaling>();
            var powersOfT = 0;
            for (var c = 0; c < d.Classes.Length; c++)
            {
                var cls = d.Classes[c];
                powersOfT += cls.Propagators;
                var degree = LinearForm.Of(0);
                var symbols = new List<(int Letter, int Vertex)>();
                for (var v = 0; v < d.Order; v++)
                    for (var l = 0; l < patterns[v].LetterCount; l++)
                        if (d.LetterClass[v][l] == c)
                        {
                            degree += l < exponents[v].Length ? exponents[v][l] : LinearForm.Of(0);
                            symbols.Add((l, v));
                        }
                var residual = cls.External ? d.Residual : 0;
                var yPower = cls.Signals + residual;
                var lPower = cls.Propagators + cls.Signals;
                var e = degree - r * (yPower / 2.0);
                var name = d.ClassNames[c];
                string Label() => ("Σ_" + name + " " + name + "^" + (symbols.Count == 1 ? Symbol(symbols[0]) : "(" + string.Join("+", symbols.Select(Symbol)) + ")") + " "
                    + Power("y", yPower) + (residual == 1 ? "(1−L)" : "") + Power("L", lPower)).TrimEnd();
                sums.Add(ScalingRules.Sum(e, lPower, residual, s, values, Label));
            }
            var title = diagramClass == DiagramClass.Other ? d.Name : diagramClass.DisplayName();
            return d.Observable == DiagramObservable.Variance
                ? ScalingRules.Combine(diagramClass, d.SameModeContractions, powersOfT, sums, alpha, beta, values, title, d.Key, d.Order,
                    ScalingRules.VarianceBaseline(alpha, values), 1)
                : ScalingRules.Combine(diagramClass, d.SameModeContractions, powersOfT, sums, alpha, beta, values, title, d.Key, d.Order);
        }

        /// <summary>
        /// The first-order G_k classes of perturbation <paramref name="a"/>: one per connected variance diagram, its
        /// correction to Σ_k n_k G_k relative to Σ_k n_k G⁰_k, with the monomial whose correction decays slowest;
        /// slowest-decaying first.
        /// </summary>
        public static List<DiagramClassRule> VarianceClasses(ModelDiagrams diagrams, IReadOnlyList<VertexPattern> patterns, IReadOnlyList<IReadOnlyList<LinearForm[]>> monomials,
            int a, LinearForm alpha, LinearForm beta, Func<string, double> values) =>
            diagrams.Connected(DiagramObservable.Variance, a)
                .Select(d => new DiagramClassRule(Leading(d, patterns, monomials, alpha, beta, values, DiagramClass.Other), new[] { d }, a, a))
                .OrderByDescending(c => c.Rule.KpExponent.Evaluate(values)).ThenBy(c => c.Rule.Key, StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// The first-order test-error classes of perturbation <paramref name="a"/>: one per diagram, each with the
        /// monomial whose correction decays slowest (the largest exponent of k_P); the four kinds' classes first.
        /// <paramref name="monomials"/>[v] lists the exponent tuples (per index) of perturbation v's weight.
        /// </summary>
        public static List<DiagramClassRule> FirstOrderClasses(ModelDiagrams diagrams, IReadOnlyList<VertexPattern> patterns, IReadOnlyList<IReadOnlyList<LinearForm[]>> monomials,
            int a, LinearForm alpha, LinearForm beta, Func<string, double> values) =>
            diagrams.TestError(a)
                .Select(d => new DiagramClassRule(Leading(d, patterns, monomials, alpha, beta, values, Classify(patterns[a], d)), new[] { d }, a, a))
                .OrderBy(c => c.Rule.Class == DiagramClass.Other ? int.MaxValue : (int)c.Rule.Class).ThenBy(c => c.Rule.Key, StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// The second-order test-error classes of the pair a ≤ b: the diagrams grouped by their power counting (product
        /// of first-order corrections or not, exponent of k_P, regime, cutoff exponent, logarithms), each group named
        /// by its first diagram. With <paramref name="observable"/> <see cref="DiagramObservable.Variance"/>, the
        /// second-order G_k classes instead: the connected variance diagrams with one vertex of a and one of b, grouped
        /// the same way, each relative to Σ_k n_k G⁰_k like the first-order ones (<see cref="VarianceClasses"/>).
        /// </summary>
        public static List<DiagramClassRule> SecondOrderClasses(ModelDiagrams diagrams, IReadOnlyList<VertexPattern> patterns, IReadOnlyList<IReadOnlyList<LinearForm[]>> monomials,
            int a, int b, LinearForm alpha, LinearForm beta, Func<string, double> values, DiagramObservable observable = DiagramObservable.TestError)
        {
            if (observable == DiagramObservable.Mean) throw new ArgumentException("second-order classes are formed for the test error and the variance.", nameof(observable));
            var groups = new Dictionary<string, (ClassRule Rule, List<Diagram> Members)>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var d in observable == DiagramObservable.Variance ? diagrams.Connected(DiagramObservable.Variance, a, b) : diagrams.TestError(a, b))
            {
                var rule = Leading(d, patterns, monomials, alpha, beta, values, DiagramClass.Other);
                var key = (d.IsProduct ? "product" : "connected") + "|" + rule.KpExponent + "|" + rule.Regime + "|" + rule.CutoffExponent + "|" + string.Join(",", rule.Logs);
                if (groups.TryGetValue(key, out var group)) group.Members.Add(d);
                else { groups[key] = (rule, new List<Diagram> { d }); order.Add(key); }
            }
            return order.Select(k => new DiagramClassRule(groups[k].Rule, groups[k].Members, Math.Min(a, b), Math.Max(a, b)))
                .OrderByDescending(c => c.Rule.KpExponent.Evaluate(values)).ThenBy(c => c.Rule.Key, StringComparer.Ordinal).ToList();
        }

        /// <summary>A diagram's rule for the combination of monomials (one per vertex) with the largest exponent of k_P.</summary>
        private static ClassRule Leading(Diagram d, IReadOnlyList<VertexPattern> patterns, IReadOnlyList<IReadOnlyList<LinearForm[]>> monomials,
            LinearForm alpha, LinearForm beta, Func<string, double> values, DiagramClass diagramClass)
        {
            var vertexPatterns = d.Vertices.Select(v => patterns[v]).ToArray();
            var lists = d.Vertices.Select(v => monomials[v]).ToArray();
            var choice = new int[lists.Length];
            ClassRule? best = null;
            while (true)
            {
                var rule = Rule(d, lists.Select((l, v) => l[choice[v]]).ToArray(), vertexPatterns, alpha, beta, values, diagramClass);
                if (best is null || rule.KpExponent.Evaluate(values) > best.KpExponent.Evaluate(values)) best = rule;
                var j = 0;
                while (j < choice.Length && ++choice[j] == lists[j].Count) choice[j++] = 0;
                if (j == choice.Length) return best;
            }
        }

        private static string Symbol((int Letter, int Vertex) index) => Symbols[Math.Min(index.Letter, Symbols.Length - 1)] + (index.Vertex == 1 ? "′" : "");

        private static string Power(string symbol, int power) =>
            power == 0 ? "" : power == 1 ? symbol : symbol + DiagramEnumerator.Canonical.Superscript(power);

        /// <summary>
        /// The <see cref="DiagramClass"/> of a first-order diagram of a pattern of the four kinds (THEORY.md §4), or
        /// <see cref="DiagramClass.Other"/>: the sextic's contractions on the mode itself, and every diagram of other
        /// patterns and orders.
        /// </summary>
        public static DiagramClass Classify(VertexPattern pattern, Diagram d)
        {
            if (d.Order != 1 || d.IsProduct) return DiagramClass.Other;
            var external = d.Classes[d.ExternalClass];
            var free = d.Classes.Where(c => !c.External).ToList();
            // Classes that hold exactly one index of the vertex: "other modes" summed on their own.
            int Letters(int c) => d.LetterClass[0].Count(x => x == c);
            switch (pattern.Kind)
            {
                case Legs.Quadratic:
                    return DiagramClass.MassInsertion;
                case Legs.ModeLocal:
                    return external.Propagators == 2 ? DiagramClass.OnModeFluctuation : DiagramClass.OnModeSignal;
                case Legs.PairLocal:
                    if (free.Count == 0) return DiagramClass.CrossContraction;
                    return free[0].Propagators == 1 ? DiagramClass.FluctuationTadpole : DiagramClass.SignalTadpole;
                case Legs.PairLocal6:
                {
                    if (free.Count != 2 || Letters(d.ExternalClass) != 1 || external.Propagators != 1 || external.Signals != 1) return DiagramClass.Other;
                    var fluctuations = free.Count(c => c.Propagators == 1 && c.Signals == 0);
                    var signals = free.Count(c => c.Propagators == 0 && c.Signals == 2);
                    return fluctuations == 2 ? DiagramClass.DoubleFluctuationTadpole
                        : fluctuations == 1 && signals == 1 ? DiagramClass.FluctuationSignalTadpole
                        : signals == 2 ? DiagramClass.DoubleSignalTadpole
                        : DiagramClass.Other;
                }
                default:
                    return DiagramClass.Other;
            }
        }
    }
}
