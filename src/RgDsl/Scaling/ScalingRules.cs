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
        public SumScaling(LinearForm kp, LinearForm cutoff, SumDominance regime, string condition, bool logOfCutoffRatio = false)
        {
            KpExponent = kp; CutoffExponent = cutoff; Regime = regime; Condition = condition; LogOfCutoffRatio = logOfCutoffRatio;
        }

        public LinearForm KpExponent { get; }
        public LinearForm CutoffExponent { get; }
        public SumDominance Regime { get; }
        public string Condition { get; }
        /// <summary>On the ultraviolet border the logarithm is ln(M/k_P); on the infrared one ln k_P.</summary>
        public bool LogOfCutoffRatio { get; }
    }

    /// <summary>One diagram class of the first-order correction to the test error of one monomial term.</summary>
    internal sealed class ClassRule
    {
        public ClassRule(DiagramClass diagramClass, int freeSums, LinearForm kpExponent, LinearForm cutoffExponent, SumDominance regime,
            IReadOnlyList<string> conditions, bool logOfCutoffRatio)
        {
            Class = diagramClass; FreeSums = freeSums; KpExponent = kpExponent; CutoffExponent = cutoffExponent; Regime = regime;
            Conditions = conditions; LogOfCutoffRatio = logOfCutoffRatio;
        }

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

        /// <summary>y = m(2+α)/2 + ω − s for m fields, s mode sums and a weight of degree −ω.</summary>
        public static LinearForm PowerCounting(int fields, int sums, LinearForm weightDegree, LinearForm alpha) =>
            (alpha + 2) * (fields / 2.0) - weightDegree - sums;

        /// <summary>The power counting y of a weight: the smallest over its monomials (exponent tuples), at the given values.</summary>
        public static LinearForm PowerCounting(Legs legs, IEnumerable<LinearForm[]> monomials, LinearForm alpha, Func<string, double> values)
        {
            var (fields, sums) = Shape(legs);
            LinearForm? smallest = null;
            foreach (var exponents in monomials)
            {
                var degree = exponents.Aggregate(LinearForm.Of(0), (acc, x) => acc + x);
                var y = PowerCounting(fields, sums, degree, alpha);
                if (smallest is null || y.Evaluate(values) < smallest.Evaluate(values)) smallest = y;
            }
            return smallest ?? throw new ArgumentException("a weight needs at least one monomial.", nameof(monomials));
        }

        /// <summary>Σ_q q^e L^i (1−L)^j.</summary>
        public static SumScaling Sum(LinearForm e, int i, int j, LinearForm s, Func<string, double> values, string label)
        {
            var infrared = e + s * j + 1; // > 0: the sum below k_P grows towards k_P
            var ultraviolet = e - s * i + 1; // < 0: the sum above k_P converges
            var ir = infrared.Evaluate(values);
            var uv = ultraviolet.Evaluate(values);
            if (Math.Abs(ir) < Zero)
                return new SumScaling(e + 1, LinearForm.Of(0), SumDominance.Logarithmic, $"{label}: {infrared} = 0 (log k_P)");
            if (Math.Abs(uv) < Zero)
                return new SumScaling(e + 1, LinearForm.Of(0), SumDominance.Logarithmic, $"{label}: {ultraviolet} = 0 (log M/k_P)", logOfCutoffRatio: true);
            if (ir < 0)
                return new SumScaling(s * -j, LinearForm.Of(0), SumDominance.Infrared, $"{label}: {infrared} < 0 (infrared-dominated)");
            if (uv > 0)
                return new SumScaling(s * i, ultraviolet, SumDominance.Cutoff, $"{label}: {ultraviolet} > 0 (cutoff-dominated)");
            return new SumScaling(e + 1, LinearForm.Of(0), SumDominance.Threshold, $"{label}: {infrared} > 0 and {ultraviolet} < 0 (dominated at k_P)");
        }

        /// <summary>The classes of one monomial c·k^a (q^b (p^d)) of a perturbation of the given legs.</summary>
        public static List<ClassRule> Classes(Legs legs, LinearForm[] exponents, LinearForm alpha, LinearForm beta, Func<string, double> values)
        {
            var s = alpha + 1;
            var r = beta + 1;
            var baseline = Sum(-r, 0, 2, s, values, "Σ y²(1−L)²");
            var t = s * -1; // t = k_P^(−s)
            var a = exponents[0];
            var classes = new List<ClassRule>();

            void Add(DiagramClass diagramClass, int freeSums, int powersOfT, params SumScaling[] sums)
            {
                var kp = t * powersOfT - baseline.KpExponent;
                var cutoff = LinearForm.Of(0) - baseline.CutoffExponent;
                var regime = SumDominance.Threshold;
                foreach (var sum in sums)
                {
                    kp += sum.KpExponent;
                    cutoff += sum.CutoffExponent;
                    if (sum.Regime == SumDominance.Cutoff || (sum.Regime == SumDominance.Logarithmic && regime != SumDominance.Cutoff)
                        || (sum.Regime == SumDominance.Infrared && regime == SumDominance.Threshold))
                        regime = sum.Regime;
                }
                classes.Add(new ClassRule(diagramClass, freeSums, kp, cutoff, regime, sums.Select(x => x.Condition).Concat(new[] { baseline.Condition }).ToList(),
                    sums.Any(x => x.LogOfCutoffRatio) || baseline.LogOfCutoffRatio));
            }

            switch (legs)
            {
                case Legs.Quadratic:
                    Add(DiagramClass.MassInsertion, 0, 1, Sum(a - r, 2, 1, s, values, "Σ_k k^a y²(1−L)L²"));
                    break;
                case Legs.ModeLocal:
                    Add(DiagramClass.OnModeFluctuation, 1, 2, Sum(a - r, 3, 1, s, values, "Σ_k k^a y²(1−L)L³"));
                    Add(DiagramClass.OnModeSignal, 0, 1, Sum(a - r * 2, 4, 1, s, values, "Σ_k k^a y⁴(1−L)L⁴"));
                    break;
                case Legs.PairLocal:
                {
                    var b = exponents[1];
                    var k = Sum(a - r, 2, 1, s, values, "Σ_k k^a y²(1−L)L²");
                    Add(DiagramClass.FluctuationTadpole, 1, 2, k, Sum(b, 1, 0, s, values, "Σ_q q^b L"));
                    Add(DiagramClass.SignalTadpole, 0, 1, k, Sum(b - r, 2, 0, s, values, "Σ_q q^b y²L²"));
                    Add(DiagramClass.CrossContraction, 0, 2, Sum(a + b - r, 3, 1, s, values, "Σ_k k^(a+b) y²(1−L)L³"));
                    break;
                }
                case Legs.PairLocal6:
                {
                    var b = exponents[1];
                    var d = exponents[2];
                    var k = Sum(a - r, 2, 1, s, values, "Σ_k k^a y²(1−L)L²");
                    Add(DiagramClass.DoubleFluctuationTadpole, 2, 3, k, Sum(b, 1, 0, s, values, "Σ_q q^b L"), Sum(d, 1, 0, s, values, "Σ_p p^d L"));
                    Add(DiagramClass.FluctuationSignalTadpole, 1, 2, k, Sum(b, 1, 0, s, values, "Σ_q q^b L"), Sum(d - r, 2, 0, s, values, "Σ_p p^d y²L²"));
                    Add(DiagramClass.DoubleSignalTadpole, 0, 1, k, Sum(b - r, 2, 0, s, values, "Σ_q q^b y²L²"), Sum(d - r, 2, 0, s, values, "Σ_p p^d y²L²"));
                    break;
                }
            }
            return classes;
        }

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

        /// <summary>Fields, mode sums of a term of the given legs.</summary>
        public static (int Fields, int Sums) Shape(Legs legs) => legs switch
        {
            Legs.Quadratic => (2, 1),
            Legs.ModeLocal => (4, 1),
            Legs.PairLocal => (4, 2),
            _ => (6, 3),
        };

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
