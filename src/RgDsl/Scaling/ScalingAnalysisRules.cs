// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): the one scaling
// analysis of a model's perturbations, which the generator's ScalingAnalysis (exponents as formulas at the declared
// defaults) and the runtime's ScalingAnalyzer (exponents at fitted α and β) only translate into their own records.
// Keep it netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Linq;
using RgDsl.Diagrams;

namespace RgDsl.Scaling
{
    /// <summary>
    /// The scaling analysis of one perturbation (THEORY.md §4): its power counting y, its first-order test-error
    /// classes, its first-order G_k classes, the second-order classes (test error and G_k) of its own square and of its
    /// products with the perturbations after it, and the interval and classification over its first-order classes.
    /// A perturbation whose weight has no monomial expansion is not analysed: its first-order classes are listed with
    /// zero exponents (so that the run time can measure them), nothing else.
    /// </summary>
    internal sealed class PerturbationAnalysis
    {
        public PerturbationAnalysis(bool analysed, LinearForm? powerCounting, IReadOnlyList<DiagramClassRule> first, IReadOnlyList<DiagramClassRule> variance,
            IReadOnlyList<DiagramClassRule> second, IReadOnlyList<DiagramClassRule> varianceSecond, double lo, double hi, Classification? classification)
        {
            Analysed = analysed; PowerCounting = powerCounting; First = first; Variance = variance; Second = second; VarianceSecond = varianceSecond;
            Lo = lo; Hi = hi; Classification = classification;
        }

        /// <summary>False when the weight has no monomial expansion: no prediction.</summary>
        public bool Analysed { get; }
        /// <summary>y = m(2+α)/2 + ω − s, the smallest over the weight's monomials; null when not analysed.</summary>
        public LinearForm? PowerCounting { get; }
        public IReadOnlyList<DiagramClassRule> First { get; }
        public IReadOnlyList<DiagramClassRule> Variance { get; }
        public IReadOnlyList<DiagramClassRule> Second { get; }
        public IReadOnlyList<DiagramClassRule> VarianceSecond { get; }
        /// <summary>The scaling interval [Lo, Hi] of the first-order decay exponents (NaN when not analysed).</summary>
        public double Lo { get; }
        public double Hi { get; }
        public Classification? Classification { get; }
        /// <summary>A first-order class is dominated at the cutoff M.</summary>
        public bool CutoffSensitive => Analysed && First.Any(c => c.Rule.Regime == SumDominance.Cutoff);
        /// <summary>A first-order class carries a logarithm.</summary>
        public bool Logarithmic => Analysed && First.Any(c => c.Rule.Regime == SumDominance.Logarithmic);
    }

    /// <summary>The one scaling analysis of a model's perturbations, over the shared <see cref="DiagramRules"/> and <see cref="ScalingRules"/>.</summary>
    internal static class ScalingAnalysisRules
    {
        private static readonly IReadOnlyList<string> NoConditions = new string[0];
        private static readonly IReadOnlyList<DiagramClassRule> NoClasses = new DiagramClassRule[0];

        /// <summary>
        /// Every perturbation's analysis. <paramref name="monomials"/>[i] holds the exponent tuples (one per index) of the
        /// monomials of perturbation i, null when its weight has none; <paramref name="alpha"/> and <paramref name="beta"/>
        /// may be formulas in the parameters, whose values <paramref name="values"/> gives (the declared defaults at compile
        /// time; constants at run time).
        /// </summary>
        public static List<PerturbationAnalysis> Analyse(IReadOnlyList<VertexPattern> patterns, IReadOnlyList<string> names,
            IReadOnlyList<IReadOnlyList<LinearForm[]>?> monomials, LinearForm alpha, LinearForm beta, Func<string, double> values)
        {
            var diagrams = new ModelDiagrams(patterns, names);
            var exponents = monomials.Select(m => m ?? (IReadOnlyList<LinearForm[]>)new LinearForm[0][]).ToList();
            var result = new List<PerturbationAnalysis>();
            for (var i = 0; i < patterns.Count; i++)
            {
                if (monomials[i] is null)
                {
                    result.Add(new PerturbationAnalysis(false, null, Unpredicted(diagrams, patterns[i], i), NoClasses, NoClasses, NoClasses, double.NaN, double.NaN, null));
                    continue;
                }
                var first = DiagramRules.FirstOrderClasses(diagrams, patterns, exponents, i, alpha, beta, values);
                var variance = DiagramRules.VarianceClasses(diagrams, patterns, exponents, i, alpha, beta, values);
                var second = new List<DiagramClassRule>();
                var varianceSecond = new List<DiagramClassRule>();
                for (var j = i; j < patterns.Count; j++)
                    if (monomials[j] is not null)
                    {
                        second.AddRange(DiagramRules.SecondOrderClasses(diagrams, patterns, exponents, i, j, alpha, beta, values));
                        varianceSecond.AddRange(DiagramRules.SecondOrderClasses(diagrams, patterns, exponents, i, j, alpha, beta, values, DiagramObservable.Variance));
                    }
                var (lo, hi, classification) = ScalingRules.Classify(first.Select(c => -c.Rule.KpExponent.Evaluate(values)));
                var y = ScalingRules.PowerCounting(patterns[i], exponents[i], alpha, values);
                result.Add(new PerturbationAnalysis(true, y, first, variance, second, varianceSecond, lo, hi, classification));
            }
            return result;
        }

        /// <summary>
        /// The condition texts a class reports: a first-order class its sums' conditions; a second-order class none. A
        /// model with a few vertices has hundreds of second-order classes, the classification and every verdict read
        /// first order only, and each second-order class keeps its <see cref="SumDominance"/>, which is what its
        /// conditions decide; the compact table CompileTimeScaling stores them in (<see cref="SecondOrderTable"/>) has
        /// no place for them, so the run time leaves them out too.
        /// </summary>
        public static IReadOnlyList<string> ReportedConditions(DiagramClassRule c) => c.Order == 1 ? c.Rule.Conditions : NoConditions;

        /// <summary>The first-order test-error diagrams of a weight without a monomial expansion, with zero exponents: to be measured, not predicted.</summary>
        private static IReadOnlyList<DiagramClassRule> Unpredicted(ModelDiagrams diagrams, VertexPattern pattern, int i) =>
            diagrams.TestError(i).Select(d => new DiagramClassRule(
                new ClassRule(DiagramRules.Classify(pattern, d), d.SameModeContractions, LinearForm.Of(0), LinearForm.Of(0), SumDominance.Threshold, NoConditions, false,
                    name: d.Name, key: d.Key), new[] { d }, i, i)).ToList();
    }
}
