// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Linq;

namespace RgDsl.Scaling
{
    /// <summary>What dominates the mode sums of a diagram class (THEORY.md §4.4).</summary>
    internal enum SumRegime { Threshold, Infrared, Cutoff, Logarithmic }

    /// <summary>How a mode sum Σ_q q^e L^i (1−L)^j scales: k_P^KpExponent · M^CutoffExponent (· a log).</summary>
    internal sealed class SumScaling
    {
        public SumScaling(LinearForm kp, LinearForm cutoff, SumRegime regime, string condition)
        {
            KpExponent = kp; CutoffExponent = cutoff; Regime = regime; Condition = condition;
        }

        public LinearForm KpExponent { get; }
        public LinearForm CutoffExponent { get; }
        public SumRegime Regime { get; }
        public string Condition { get; }
    }

    /// <summary>One diagram class of the first-order correction to the test error of one monomial term.</summary>
    internal sealed class ClassRule
    {
        public ClassRule(string name, int freeSums, LinearForm kpExponent, LinearForm cutoffExponent, SumRegime regime, IReadOnlyList<string> conditions)
        {
            Name = name; FreeSums = freeSums; KpExponent = kpExponent; CutoffExponent = cutoffExponent; Regime = regime; Conditions = conditions;
        }

        /// <summary>"fluctuation tadpole", "cross contraction", …</summary>
        public string Name { get; }
        /// <summary>n_δ: free sums over shell modes from same-mode contractions (THEORY.md §4.2).</summary>
        public int FreeSums { get; }
        /// <summary>δε/ε ∝ k_P^KpExponent (times M^CutoffExponent).</summary>
        public LinearForm KpExponent { get; }
        public LinearForm CutoffExponent { get; }
        public SumRegime Regime { get; }
        public IReadOnlyList<string> Conditions { get; }
    }

    /// <summary>
    /// Power counting and the scaling of the first-order diagram classes (THEORY.md §4). With λ_k = k^-s (s = 1 + α),
    /// y_k² = k^-r (r = 1 + β), t = κ/P and k_P = t^(-1/s), the first-order change of the field-theory error is
    /// δFTE = 2t Σ_k y_k²(1−L_k)L_k² Σᵐ_k, and every class reduces to products of sums Σ_q q^e L^i (1−L)^j, which
    /// scale as k_P^(e+1) when dominated at the threshold, as k_P^(−js) when infrared-dominated (e + js &lt; −1), and as
    /// M^(e−is+1) k_P^(is) when cutoff-dominated (e − is &gt; −1), with a logarithm on the borders. Dividing by
    /// FTE₀ = Σ y²(1−L)² gives the exponent of k_P of the relative correction of each class.
    /// </summary>
    internal static class ScalingRules
    {
        /// <summary>y = m(2+α)/2 + ω − s for m fields, s mode sums and a weight of degree −ω.</summary>
        public static LinearForm PowerCounting(int fields, int sums, LinearForm weightDegree, LinearForm alpha) =>
            (alpha + 2) * (fields / 2.0) - weightDegree - sums;

        /// <summary>Σ_q q^e L^i (1−L)^j.</summary>
        public static SumScaling Sum(LinearForm e, int i, int j, LinearForm s, Func<string, double> values, string label)
        {
            var infrared = e + s * j + 1; // > 0: the sum below k_P grows towards k_P
            var ultraviolet = e - s * i + 1; // < 0: the sum above k_P converges
            var ir = infrared.Evaluate(values);
            var uv = ultraviolet.Evaluate(values);
            const double border = 1e-9;
            if (Math.Abs(ir) < border)
                return new SumScaling(e + 1, LinearForm.Of(0), SumRegime.Logarithmic, $"{label}: {infrared} = 0 (log k_P)");
            if (Math.Abs(uv) < border)
                return new SumScaling(e + 1, LinearForm.Of(0), SumRegime.Logarithmic, $"{label}: {ultraviolet} = 0 (log M/k_P)");
            if (ir < 0)
                return new SumScaling(s * -j, LinearForm.Of(0), SumRegime.Infrared, $"{label}: {infrared} < 0 (infrared-dominated)");
            if (uv > 0)
                return new SumScaling(s * i, ultraviolet, SumRegime.Cutoff, $"{label}: {ultraviolet} > 0 (cutoff-dominated)");
            return new SumScaling(e + 1, LinearForm.Of(0), SumRegime.Threshold, $"{label}: {infrared} > 0 and {ultraviolet} < 0 (dominated at k_P)");
        }

        /// <summary>The classes of one monomial c·k^a (q^b (p^d)) of a perturbation of the given legs.</summary>
        public static List<ClassRule> Classes(string legs, LinearForm[] exponents, LinearForm alpha, LinearForm beta, Func<string, double> values)
        {
            var s = alpha + 1;
            var r = beta + 1;
            var baseline = Sum(-r, 0, 2, s, values, "Σ y²(1−L)²");
            var t = s * -1; // t = k_P^(−s)
            var a = exponents[0];
            var classes = new List<ClassRule>();

            void Add(string name, int freeSums, int powersOfT, params SumScaling[] sums)
            {
                var kp = t * powersOfT - baseline.KpExponent;
                var cutoff = LinearForm.Of(0) - baseline.CutoffExponent;
                var regime = SumRegime.Threshold;
                foreach (var sum in sums)
                {
                    kp += sum.KpExponent;
                    cutoff += sum.CutoffExponent;
                    if (sum.Regime == SumRegime.Cutoff || (sum.Regime == SumRegime.Logarithmic && regime != SumRegime.Cutoff) || (sum.Regime == SumRegime.Infrared && regime == SumRegime.Threshold))
                        regime = sum.Regime;
                }
                classes.Add(new ClassRule(name, freeSums, kp, cutoff, regime, sums.Select(x => x.Condition).Concat(new[] { baseline.Condition }).ToList()));
            }

            switch (legs)
            {
                case "Quadratic":
                    Add("mass insertion", 0, 1, Sum(a - r, 2, 1, s, values, "Σ_k k^a y²(1−L)L²"));
                    break;
                case "ModeLocal":
                    Add("on-mode fluctuation", 1, 2, Sum(a - r, 3, 1, s, values, "Σ_k k^a y²(1−L)L³"));
                    Add("on-mode signal", 0, 1, Sum(a - r * 2, 4, 1, s, values, "Σ_k k^a y⁴(1−L)L⁴"));
                    break;
                case "PairLocal":
                {
                    var b = exponents[1];
                    var k = Sum(a - r, 2, 1, s, values, "Σ_k k^a y²(1−L)L²");
                    Add("fluctuation tadpole", 1, 2, k, Sum(b, 1, 0, s, values, "Σ_q q^b L"));
                    Add("signal tadpole", 0, 1, k, Sum(b - r, 2, 0, s, values, "Σ_q q^b y²L²"));
                    Add("cross contraction", 0, 2, Sum(a + b - r, 3, 1, s, values, "Σ_k k^(a+b) y²(1−L)L³"));
                    break;
                }
                case "PairLocal6":
                {
                    var b = exponents[1];
                    var d = exponents[2];
                    var k = Sum(a - r, 2, 1, s, values, "Σ_k k^a y²(1−L)L²");
                    Add("double fluctuation tadpole", 2, 3, k, Sum(b, 1, 0, s, values, "Σ_q q^b L"), Sum(d, 1, 0, s, values, "Σ_p p^d L"));
                    Add("fluctuation-signal tadpole", 1, 2, k, Sum(b, 1, 0, s, values, "Σ_q q^b L"), Sum(d - r, 2, 0, s, values, "Σ_p p^d y²L²"));
                    Add("double signal tadpole", 0, 1, k, Sum(b - r, 2, 0, s, values, "Σ_q q^b y²L²"), Sum(d - r, 2, 0, s, values, "Σ_p p^d y²L²"));
                    break;
                }
            }
            return classes;
        }

        /// <summary>Fields, mode sums of a term of the given legs.</summary>
        public static (int Fields, int Sums) Shape(string legs) => legs switch
        {
            "Quadratic" => (2, 1),
            "ModeLocal" => (4, 1),
            "PairLocal" => (4, 2),
            _ => (6, 3),
        };
    }
}
