using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;
using RgDsl.Diagrams;
using RgDsl.Scaling;
using RgDsl.Spectra;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// The compile-time scaling analysis (THEORY.md §4) over the shared <see cref="ScalingRules"/>: α and β as linear
/// formulas in the parameters, read from the recognised power laws; each monomial of each perturbation weight through
/// the class rules; regimes decided at the declared defaults, with the conditions kept as text. The [Expect] claims
/// are checked with the same rules and <see cref="LearningCurveLaw"/> the runtime uses.
/// </summary>
internal static class ScalingAnalysis
{
    public delegate void Reporter(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] args);

    public sealed record Input(Expr? SpectrumExponent, Expr? TargetExponent, bool MatchedTarget, double? RidgeAtDefaults, double? NoiseAtDefaults,
        IReadOnlyList<(PerturbationSpec Spec, List<Algebra.Term>? Terms, LocationInfo? Location)> Perturbations);

    public static ScalingSpec? Analyse(string model, Input input, IReadOnlyDictionary<string, double?> defaults, LocationInfo? classLocation, Reporter report)
    {
        double Value(string name) => defaults.TryGetValue(name, out var v) && v is { } x ? x : double.NaN;
        void NotAnalysed(string why)
        {
            if (input.Perturbations.Count > 0) report(DiagnosticDescriptors.ScalingNotAnalysed, classLocation, model, why);
        }

        var spectrumExponent = input.SpectrumExponent is null ? null : ToLinear(input.SpectrumExponent);
        if (spectrumExponent is null)
        {
            NotAnalysed("the spectrum is not a power law k^-(1+α) with an exponent linear in the parameters");
            return null;
        }
        var alpha = SpectrumFit.DecayExponent(spectrumExponent);
        var targetExponent = input.MatchedTarget ? spectrumExponent : input.TargetExponent is null ? null : ToLinear(input.TargetExponent);
        if (targetExponent is null)
        {
            NotAnalysed("the target is not a power law k^-(1+β) with an exponent linear in the parameters");
            return null;
        }
        var beta = SpectrumFit.DecayExponent(targetExponent);
        var a = alpha.Evaluate(Value);
        var b = beta.Evaluate(Value);
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            NotAnalysed("a parameter in α or β has no constant default");
            return null;
        }
        var perturbations = Perturbations(input.Perturbations, alpha, beta, a, Value, report);
        return new ScalingSpec(alpha.ToString(), a, beta.ToString(), b, input.RidgeAtDefaults == 0, perturbations, input.NoiseAtDefaults ?? double.NaN);
    }

    /// <summary>
    /// Every perturbation's classes from the shared <see cref="ScalingAnalysisRules"/> (the analysis the runtime's
    /// <c>Scaling()</c> runs too), as formulas in the parameters with their values at the defaults, and the analysis's
    /// diagnostics (RG0020 interval, RG0021 irrelevant, RG0022 cutoff-sensitive, RG0040 enumerated diagrams).
    /// </summary>
    private static EquatableArray<PerturbationScalingSpec> Perturbations(IReadOnlyList<(PerturbationSpec Spec, List<Algebra.Term>? Terms, LocationInfo? Location)> input,
        LinearForm alpha, LinearForm beta, double alphaValue, Func<string, double> value, Reporter report)
    {
        var patterns = input.Select(p => VertexPattern.Parse(p.Spec.Pattern)).ToList();
        var names = input.Select(p => p.Spec.MethodName).ToList();
        var whyNot = new List<string?>();
        var monomials = new List<IReadOnlyList<LinearForm[]>?>();
        foreach (var (_, terms, _) in input)
        {
            var exponents = terms?.Select(t => t.Exponents.Select(ToLinear).ToArray()).ToList();
            var readable = exponents is not null && !exponents.Any(e => e.Any(x => x is null || double.IsNaN(x.Evaluate(value))));
            whyNot.Add(readable ? null : terms is null ? "its weight is not a sum of monomials" : "a monomial exponent is not linear in the parameters or has no default");
            monomials.Add(readable ? exponents!.Select(e => e.Select(x => x!).ToArray()).ToList() : null);
        }
        var analyses = ScalingAnalysisRules.Analyse(patterns, names, monomials, alpha, beta, value);

        ClassSpec Class(DiagramClassRule c)
        {
            var r = c.Rule;
            return new ClassSpec(r.Class, r.FreeSums, r.KpExponent.ToString(), r.KpExponent.Evaluate(value), ScalingRules.PExponent(r.KpExponent, alpha),
                ScalingRules.PExponent(r.KpExponent.Evaluate(value), alphaValue), r.Regime, r.CutoffExponent.Evaluate(value),
                ScalingAnalysisRules.ReportedConditions(c).ToEquatableArray(), c.Diagrams[0].Name, c.Order, c.Order == 2 ? names[c.Second] : null, c.Diagrams.Count);
        }

        var result = new List<PerturbationScalingSpec>();
        for (var i = 0; i < input.Count; i++)
        {
            var (spec, _, location) = input[i];
            var analysis = analyses[i];
            if (whyNot[i] is { } why)
            {
                report(DiagnosticDescriptors.ScalingNotAnalysed, location, spec.MethodName, why);
                result.Add(new PerturbationScalingSpec(spec.MethodName, spec.Legs, null, null, null, null, null, EquatableArray<ClassSpec>.Empty, false, false, why, spec.Pattern));
                continue;
            }
            var classes = analysis.First.Select(Class).ToList();
            var second = analysis.Second.Select(Class).ToEquatableArray();
            var y = analysis.PowerCounting!;
            Report(spec, location, y, analysis, classes, second.Count, value, report);
            result.Add(new PerturbationScalingSpec(spec.MethodName, spec.Legs, y.ToString(), y.Evaluate(value), analysis.Lo, analysis.Hi, analysis.Classification,
                classes.ToEquatableArray(), analysis.CutoffSensitive, analysis.Logarithmic, null,
                spec.Pattern, second, analysis.Variance.Select(Class).ToEquatableArray(), analysis.VarianceSecond.Select(Class).ToEquatableArray()));
        }
        return result.ToEquatableArray();
    }

    /// <summary>The diagnostics of one analysed perturbation: RG0020, RG0021, RG0022 and (for a pattern vertex) RG0040.</summary>
    private static void Report(PerturbationSpec spec, LocationInfo? location, LinearForm y, PerturbationAnalysis analysis, List<ClassSpec> classes, int secondOrderCount,
        Func<string, double> value, Reporter report)
    {
        var interval = "[" + Format(analysis.Lo) + ", " + Format(analysis.Hi) + "]";
        var yText = y.IsConstant ? Format(y.Constant) : y + " = " + Format(y.Evaluate(value));
        report(DiagnosticDescriptors.ScalingInterval, location, spec.MethodName, yText, interval, analysis.Classification);
        if (analysis.Classification == Classification.Irrelevant) report(DiagnosticDescriptors.IrrelevantPerturbation, location, spec.MethodName, interval);
        foreach (var c in classes.Where(c => c.Dominance == SumDominance.Cutoff))
            report(DiagnosticDescriptors.CutoffSensitive, location, spec.MethodName, ExpectationRules.ListedName(c.Class, c.Diagram), Format(c.Cutoff));
        if (spec.Legs == Legs.Pattern)
            report(DiagnosticDescriptors.DiagramsEnumerated, location, spec.MethodName, spec.Pattern, classes.Count,
                string.Join(", ", classes.Select(c => c.Diagram + " ∝ P^" + Format(c.P))), secondOrderCount);
    }

    /// <summary>Checks the [Expect] claims against the analysis; reports RG0026 or RG0027.</summary>
    public static void CheckExpectations(IReadOnlyList<ReadExpectation> expectations, ScalingSpec? scaling, double? ridgeAtDefaults, double? noiseAtDefaults, Reporter report)
    {
        foreach (var (claim, location) in expectations.Select(e => (e.Spec, e.Location)))
        {
            if (scaling is null)
            {
                report(DiagnosticDescriptors.ExpectationUndecided, location, claim.Text, "the spectrum or target is not an analysable power law");
                continue;
            }
            switch (claim.Kind)
            {
                case ExpectationKind.Universality:
                {
                    var unknown = scaling.Perturbations.Where(p => p.Classification is null).Select(p => p.Name).ToList();
                    if (unknown.Count > 0) { report(DiagnosticDescriptors.ExpectationUndecided, location, claim.Text, "not analysed: " + string.Join(", ", unknown)); break; }
                    var universal = ScalingRules.IsGaussianProcessUniversal(scaling.Perturbations.Select(p => p.Classification));
                    if (universal != (claim.Universality == Universality.GaussianProcess))
                        report(DiagnosticDescriptors.ExpectationContradicted, location, claim.Text,
                            universal ? "every perturbation relevant, so GP universality holds"
                                : string.Join("; ", scaling.Perturbations.Where(p => p.Classification != Classification.Relevant).Select(p => $"'{p.Name}' {p.Classification} with interval {Interval(p)}")));
                    break;
                }
                case ExpectationKind.Classification:
                {
                    var target = scaling.Perturbations.FirstOrDefault(p => p.Name == claim.Perturbation);
                    if (target is null) { report(DiagnosticDescriptors.ExpectationContradicted, location, claim.Text, $"no perturbation named '{claim.Perturbation}'"); break; }
                    if (target.Classification is null) { report(DiagnosticDescriptors.ExpectationUndecided, location, claim.Text, target.Note ?? "not analysed"); break; }
                    if (target.Classification != claim.Classification)
                        report(DiagnosticDescriptors.ExpectationContradicted, location, claim.Text,
                            $"'{target.Name}' {target.Classification} with y = {target.ExponentFormula} and interval {Interval(target)}");
                    break;
                }
                case ExpectationKind.DiagramExponent:
                {
                    var target = scaling.Perturbations.FirstOrDefault(p => p.Name == claim.Perturbation);
                    if (target is null) { report(DiagnosticDescriptors.ExpectationContradicted, location, claim.Text, $"no perturbation named '{claim.Perturbation}'"); break; }
                    if (target.Classification is null) { report(DiagnosticDescriptors.ExpectationUndecided, location, claim.Text, target.Note ?? "not analysed"); break; }
                    var all = ExpectationRules.Claimable(target.Classes, target.SecondOrder, target.Variance, target.VarianceSecondOrder);
                    var matches = all.Where(c => ExpectationRules.Names(c.Class, c.Diagram, claim.Diagram!)).ToList();
                    if (matches.Count == 0)
                    {
                        var names = all.Select(c => ExpectationRules.ListedName(c.Class, c.Diagram)).Distinct().ToList();
                        report(DiagnosticDescriptors.ExpectationContradicted, location, claim.Text, $"no diagram class '{claim.Diagram}' of '{target.Name}'; its classes: "
                            + string.Join(", ", names.Take(6).Select(n => "'" + n + "'")) + (names.Count > 6 ? $" and {names.Count - 6} more" : ""));
                        break;
                    }
                    // Exact exponents from the declared formulas: no uncertainty beyond the claim's own tolerance.
                    var wrong = matches.Where(c => !ExpectationRules.Within(c.P, claim.Exponent, claim.Tolerance, uncertainty: 0)).ToList();
                    if (wrong.Count > 0)
                        report(DiagnosticDescriptors.ExpectationContradicted, location, claim.Text, string.Join("; ", wrong.Select(c =>
                            $"'{claim.Diagram}' of '{target.Name}' (order {c.Order}) ∝ P^{Format(c.P)} with exponent {c.PFormula}, {c.Dominance}-dominated")));
                    break;
                }
                case ExpectationKind.LearningCurveExponent:
                {
                    if (ridgeAtDefaults is null) { report(DiagnosticDescriptors.ExpectationUndecided, location, claim.Text, "the ridge is not a constant"); break; }
                    if (noiseAtDefaults is null) { report(DiagnosticDescriptors.ExpectationUndecided, location, claim.Text, "the label noise is not a constant"); break; }
                    // The regime decides the law: with label noise ε floors at E₀σ² (exponent 0), whatever α and β say.
                    var exponent = ExpectationRules.LearningCurveExponent(scaling.Alpha, scaling.Beta, scaling.Ridgeless, noiseAtDefaults.Value);
                    if (!ExpectationRules.Within(exponent, claim.Exponent, claim.Tolerance, uncertainty: 0))
                        report(DiagnosticDescriptors.ExpectationContradicted, location, claim.Text,
                            $"{LearningCurveLaw.Explain(scaling.Alpha, scaling.Beta, scaling.Ridgeless, noiseAtDefaults.Value)}, with {Exponents(scaling)}");
                    break;
                }
            }
        }
    }

    /// <summary>"α = 1, β = Beta = 0.5": a formula is shown only where it says more than its value.</summary>
    private static string Exponents(ScalingSpec scaling) =>
        "α = " + WithValue(scaling.AlphaFormula, scaling.Alpha) + ", β = " + WithValue(scaling.BetaFormula, scaling.Beta);

    private static string WithValue(string formula, double value) =>
        double.TryParse(formula, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? Format(value) : formula + " = " + Format(value);

    private static string Interval(PerturbationScalingSpec p) => "[" + Format(p.IntervalLo!.Value) + ", " + Format(p.IntervalHi!.Value) + "]";

    internal static LinearForm? ToLinear(Expr e)
    {
        switch (e)
        {
            case Num n: return LinearForm.Of(n.Value);
            case Param p: return LinearForm.Parameter(p.Name);
            case Neg(var x): return ToLinear(x) is { } v ? -v : null;
            case Binary('+', var l, var r): return ToLinear(l) is { } a && ToLinear(r) is { } b ? a + b : null;
            case Binary('-', var l, var r): return ToLinear(l) is { } a2 && ToLinear(r) is { } b2 ? a2 - b2 : null;
            case Binary('*', var l, var r):
            {
                var left = ToLinear(l); var right = ToLinear(r);
                if (left is null || right is null) return null;
                if (left.IsConstant) return right * left.Constant;
                if (right.IsConstant) return left * right.Constant;
                return null;
            }
            case Binary('/', var l, var r):
                return ToLinear(l) is { } num && ToLinear(r) is { IsConstant: true } den && den.Constant != 0 ? num / den.Constant : null;
            default: return null;
        }
    }

    internal static string Format(double v)
    {
        var rounded = Math.Round(v, 6);
        return (rounded == 0 ? 0 : rounded).ToString("0.######", CultureInfo.InvariantCulture); // never "-0"
    }
}
