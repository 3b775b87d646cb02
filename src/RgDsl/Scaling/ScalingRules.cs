// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Linq;

namespace RgDsl.Scaling
{
    /// <summary>How a mode sum Σ_q q^e L^i (1−L)^j scales: k_P^KpExponent · M^CutoffExponent (· a log).</summary>
    internal sealed class SumScaling
    {
        private readonly Func<string> _condition;
        private string? _text;

        public SumScaling(LinearForm kp, LinearForm cutoff, SumDominance regime, string condition, bool logOfCutoffRatio = false)
            : this(kp, cutoff, regime, () => condition, logOfCutoffRatio) { }

        /// <summary>With the condition's text written only when asked for: second-order classes never show theirs, and writing them was most of the generator's time.</summary>
        public SumScaling(LinearForm kp, LinearForm cutoff, SumDominance regime, Func<string> condition, bool logOfCutoffRatio = false)
        {
            KpExponent = kp; CutoffExponent = cutoff; Regime = regime; _condition = condition; LogOfCutoffRatio = logOfCutoffRatio;
        }

        public LinearForm KpExponent { get; }
        public LinearForm CutoffExponent { get; }
        public SumDominance Regime { get; }
        public string Condition => _text ??= _condition();
        /// <summary>On the ultraviolet border the logarithm is ln(M/k_P); on the infrared one ln k_P.</summary>
        public bool LogOfCutoffRatio { get; }
    }

    /// <summary>
    /// One diagram class of the correction to the test error of one monomial term (per vertex): a first-order class of
    /// the four kinds (<see cref="Class"/>), or any diagram of the engine (<see cref="DiagramClass.Other"/>, named by
    /// its formula), with what its sums scale as.
    /// </summary>
    internal sealed class ClassRule
    {
        public ClassRule(DiagramClass diagramClass, int freeSums, LinearForm kpExponent, LinearForm cutoffExponent, SumDominance regime,
            IReadOnlyList<string> conditions, bool logOfCutoffRatio, IReadOnlyList<bool>? logs = null, string? name = null, string? key = null, int order = 1)
        {
            Class = diagramClass; FreeSums = freeSums; KpExponent = kpExponent; CutoffExponent = cutoffExponent; Regime = regime;
            Conditions = conditions; LogOfCutoffRatio = logOfCutoffRatio;
            Logs = logs ?? (regime == SumDominance.Logarithmic ? new[] { logOfCutoffRatio } : Array.Empty<bool>());
            Name = name ?? diagramClass.DisplayName(); Key = key ?? diagramClass.ToString(); Order = order;
        }

        /// <summary>The diagram's readable name: the class name of the four kinds, otherwise its formula.</summary>
        public string Name { get; }
        /// <summary>The diagram's key (unique within the model).</summary>
        public string Key { get; }
        /// <summary>The order in the couplings.</summary>
        public int Order { get; }
        /// <summary>One entry per logarithmic sum: true for ln(M/k_P), false for ln k_P; their product multiplies the power.</summary>
        public IReadOnlyList<bool> Logs { get; }

        public DiagramClass Class { get; }
        /// <summary>n_δ: free sums over shell modes from same-mode contractions (THEORY.md §4.2).</summary>
        public int FreeSums { get; }
        /// <summary>δε/ε ∝ k_P^KpExponent (times M^CutoffExponent).</summary>
        public LinearForm KpExponent { get; }
        public LinearForm CutoffExponent { get; }
        public SumDominance Regime { get; }
        public IReadOnlyList<string> Conditions { get; }
        /// <summary>For a logarithmic class: the logarithm is ln(M/k_P) rather than ln k_P.</summary>
        public bool LogOfCutoffRatio { get; }
    }

    /// <summary>
    /// Power counting, the scaling of the first-order diagram classes and the classification of THEORY.md §4. With
    /// λ_k = k^-s (s = 1 + α), y_k² = k^-r (r = 1 + β), t = κ/P and k_P = t^(-1/s), the first-order change of the
    /// field-theory error is δFTE = 2t Σ_k y_k²(1−L_k)L_k² Σᵐ_k, and every class reduces to products of sums
    /// Σ_q q^e L^i (1−L)^j, which scale as k_P^(e+1) when dominated at the threshold, as k_P^(−js) when
    /// infrared-dominated (e + js &lt; −1), and as M^(e−is+1) k_P^(is) when cutoff-dominated (e − is &gt; −1), with a
    /// logarithm on the borders. Dividing by FTE₀ = Σ y²(1−L)² gives the exponent of k_P of the relative correction
    /// of each class.
    /// </summary>
    internal static class ScalingRules
    {
        /// <summary>Exponents closer to 0 than this count as 0 (the borders of the regimes and classifications).</summary>
        public const double Zero = 1e-9;

        /// <summary>
        /// The exponent of P of a quantity ∝ k_P^e: k_P ∝ P^(1/(1+α)) (THEORY.md §3), so it is e/(1 + α). The one place
        /// this conversion is written.
        /// </summary>
        public static double PExponent(double kpExponent, double alpha) => kpExponent / (1 + alpha);

        /// <summary><see cref="PExponent(double, double)"/> of an exponent that may be missing (null stays null).</summary>
        public static double? PExponent(double? kpExponent, double alpha) => kpExponent is { } kp ? PExponent(kp, alpha) : null;

        /// <summary><see cref="PExponent(double, double)"/> as a formula in the model's parameters.</summary>
        public static string PExponent(LinearForm kpExponent, LinearForm alpha) => kpExponent.DividedBy(alpha + 1);

        /// <summary>y = m(2+α)/2 + ω − s for m fields, s mode sums and a weight of degree −ω.</summary>
        public static LinearForm PowerCounting(int fields, int sums, LinearForm weightDegree, LinearForm alpha) =>
            (alpha + 2) * (fields / 2.0) - weightDegree - sums;

        /// <summary>The power counting y of a weight: the smallest over its monomials (exponent tuples), at the given values.</summary>
        public static LinearForm PowerCounting(Legs legs, IEnumerable<LinearForm[]> monomials, LinearForm alpha, Func<string, double> values) =>
            PowerCounting(Diagrams.VertexPattern.Of(legs), monomials, alpha, values);

        /// <summary>Σ_q q^e L^i (1−L)^j.</summary>
        public static SumScaling Sum(LinearForm e, int i, int j, LinearForm s, Func<string, double> values, string label) =>
            Sum(e, i, j, s, values, () => label);

        /// <summary><see cref="Sum(LinearForm, int, int, LinearForm, Func{string, double}, string)"/> with the label written only when the condition is read.</summary>
        public static SumScaling Sum(LinearForm e, int i, int j, LinearForm s, Func<string, double> values, Func<string> label)
        {
            var infrared = e + s * j + 1; // > 0: the sum below k_P grows towards k_P
            var ultraviolet = e - s * i + 1; // < 0: the sum above k_P converges
            var ir = infrared.Evaluate(values);
            var uv = ultraviolet.Evaluate(values);
            if (Math.Abs(ir) < Zero)
                return new SumScaling(e + 1, LinearForm.Of(0), SumDominance.Logarithmic, () => $"{label()}: {infrared} = 0 (log k_P)");
            if (Math.Abs(uv) < Zero)
                return new SumScaling(e + 1, LinearForm.Of(0), SumDominance.Logarithmic, () => $"{label()}: {ultraviolet} = 0 (log M/k_P)", logOfCutoffRatio: true);
            if (ir < 0)
                return new SumScaling(s * -j, LinearForm.Of(0), SumDominance.Infrared, () => $"{label()}: {infrared} < 0 (infrared-dominated)");
            if (uv > 0)
                return new SumScaling(s * i, ultraviolet, SumDominance.Cutoff, () => $"{label()}: {ultraviolet} > 0 (cutoff-dominated)");
            return new SumScaling(e + 1, LinearForm.Of(0), SumDominance.Threshold, () => $"{label()}: {infrared} > 0 and {ultraviolet} < 0 (dominated at k_P)");
        }

        /// <summary>
        /// The classes of one monomial c·k^a (q^b (p^d)) of a perturbation of the given legs: the first-order
        /// test-error diagrams of its pattern (<see cref="Diagrams.DiagramRules"/>), named by their class.
        /// </summary>
        public static List<ClassRule> Classes(Legs legs, LinearForm[] exponents, LinearForm alpha, LinearForm beta, Func<string, double> values) =>
            Diagrams.DiagramRules.FirstOrder(Diagrams.VertexPattern.Of(legs), exponents, alpha, beta, values);

        /// <summary>
        /// A class whose correction δε/ε is t^powersOfT times the given sums over FTE₀ = Σ y²(1−L)²: the exponent of
        /// k_P (t = k_P^(−s)), the cutoff exponent, and the regime (cutoff over logarithmic over infrared over threshold).
        /// With <c>baseline</c> set (and its powers of t, 1 for Σ G⁰ = t Σ L, <see cref="VarianceBaseline"/>) the
        /// correction is relative to that instead of FTE₀ (<see cref="Baseline"/>).
        /// </summary>
        public static ClassRule Combine(DiagramClass diagramClass, int freeSums, int powersOfT, IReadOnlyList<SumScaling> sums, LinearForm alpha, LinearForm beta,
            Func<string, double> values, string? name = null, string? key = null, int order = 1, SumScaling? baseline = null, int baselinePowersOfT = 0)
        {
            var s = alpha + 1;
            baseline ??= Baseline(alpha, beta, values);
            var kp = s * -(powersOfT - baselinePowersOfT) - baseline.KpExponent;
            var cutoff = LinearForm.Of(0) - baseline.CutoffExponent;
            var regime = SumDominance.Threshold;
            var logs = new List<bool>();
            foreach (var sum in sums.Concat(new[] { baseline }))
            {
                if (!ReferenceEquals(sum, baseline))
                {
                    kp += sum.KpExponent;
                    cutoff += sum.CutoffExponent;
                }
                if (sum.Regime == SumDominance.Logarithmic) logs.Add(sum.LogOfCutoffRatio);
                if (ReferenceEquals(sum, baseline)) continue;
                if (sum.Regime == SumDominance.Cutoff || (sum.Regime == SumDominance.Logarithmic && regime != SumDominance.Cutoff)
                    || (sum.Regime == SumDominance.Infrared && regime == SumDominance.Threshold))
                    regime = sum.Regime;
            }
            return new ClassRule(diagramClass, freeSums, kp, cutoff, regime, new DeferredList<string>(() => sums.Select(x => x.Condition).Concat(new[] { baseline.Condition }).ToArray()),
                sums.Any(x => x.LogOfCutoffRatio) || baseline.LogOfCutoffRatio, logs, name, key, order);
        }

        /// <summary>Σ_k G⁰_k = t Σ L: the Gaussian posterior variance every G_k class is divided by (with one power of t).</summary>
        public static SumScaling VarianceBaseline(LinearForm alpha, Func<string, double> values) =>
            Sum(LinearForm.Of(0), 1, 0, alpha + 1, values, "Σ L");

        /// <summary>FTE₀ = Σ y²(1−L)²: the Gaussian test error every class is divided by.</summary>
        public static SumScaling Baseline(LinearForm alpha, LinearForm beta, Func<string, double> values) =>
            Sum(-(beta + 1), 0, 2, alpha + 1, values, "Σ y²(1−L)²");

        /// <summary>
        /// The classes of a weight that is a sum of monomials: per class, the monomial whose correction decays slowest
        /// (the largest exponent of k_P) dominates at large P; classes in the order they first appear.
        /// </summary>
        public static List<ClassRule> Classes(Legs legs, IEnumerable<LinearForm[]> monomials, LinearForm alpha, LinearForm beta, Func<string, double> values)
        {
            var best = new Dictionary<DiagramClass, ClassRule>();
            var order = new List<DiagramClass>();
            foreach (var exponents in monomials)
                foreach (var rule in Classes(legs, exponents, alpha, beta, values))
                {
                    if (!best.TryGetValue(rule.Class, out var current)) { order.Add(rule.Class); best[rule.Class] = rule; }
                    else if (rule.KpExponent.Evaluate(values) > current.KpExponent.Evaluate(values)) best[rule.Class] = rule;
                }
            return order.Select(c => best[c]).ToList();
        }

        /// <summary>The power counting y of a vertex pattern's weight: the smallest over its monomials (exponents per index).</summary>
        public static LinearForm PowerCounting(Diagrams.VertexPattern pattern, IEnumerable<LinearForm[]> monomials, LinearForm alpha, Func<string, double> values)
        {
            LinearForm? smallest = null;
            foreach (var exponents in monomials)
            {
                var degree = exponents.Take(pattern.LetterCount).Aggregate(LinearForm.Of(0), (acc, x) => acc + x);
                var y = PowerCounting(pattern.LegCount, pattern.LetterCount, degree, alpha);
                if (smallest is null || y.Evaluate(values) < smallest.Evaluate(values)) smallest = y;
            }
            return smallest ?? throw new ArgumentException("a weight needs at least one monomial.", nameof(monomials));
        }

        /// <summary>
        /// The scaling interval [γ_lo, γ_hi] of decay exponents and its classification (THEORY.md §4.3): Marginal when
        /// both ends are 0, Relevant when γ_lo &gt; 0, Irrelevant when γ_hi &lt; 0, ObservableDependent otherwise;
        /// |γ| ≤ <paramref name="zero"/> counts as 0 (fitted exponents pass their fit tolerance).
        /// </summary>
        public static (double Lo, double Hi, Classification Classification) Classify(IEnumerable<double> decayExponents, double zero = Zero)
        {
            var gammas = decayExponents.ToList();
            if (gammas.Count == 0) throw new ArgumentException("classification needs at least one decay exponent.", nameof(decayExponents));
            var lo = gammas.Min();
            var hi = gammas.Max();
            var classification = Math.Abs(lo) <= zero && Math.Abs(hi) <= zero ? Classification.Marginal
                : lo > zero ? Classification.Relevant
                : hi < -zero ? Classification.Irrelevant
                : Classification.ObservableDependent;
            return (lo, hi, classification);
        }

        /// <summary>GP universality (THEORY.md §5): every perturbation relevant (null: not analysed, so not universal).</summary>
        public static bool IsGaussianProcessUniversal(IEnumerable<Classification?> perturbations) =>
            perturbations.All(c => c == Classification.Relevant);
    }
}
