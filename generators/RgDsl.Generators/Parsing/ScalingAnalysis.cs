using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;
using RgDsl.Scaling;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// The compile-time scaling analysis (THEORY.md §4) over the shared <see cref="ScalingRules"/>: α and β as linear
/// formulas in the parameters, read from the recognised power laws; each monomial of each perturbation weight through
/// the class rules; regimes decided at the declared defaults, with the conditions kept as text.
/// </summary>
internal static class ScalingAnalysis
{
    public delegate void Reporter(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] args);

    public sealed record Input(ModeFunctionSpec Spectrum, Expr? SpectrumExponent, Expr? TargetExponent, bool MatchedTarget,
        IReadOnlyList<(PerturbationSpec Spec, List<Algebra.Term>? Terms, LocationInfo? Location)> Perturbations);

    public static ScalingSpec? Analyse(string model, Input input, IReadOnlyDictionary<string, double?> defaults, LocationInfo? classLocation, Reporter report)
    {
        double Value(string name) => defaults.TryGetValue(name, out var v) && v is { } x ? x : double.NaN;
        var spectrumExponent = input.SpectrumExponent is null ? null : ToLinear(input.SpectrumExponent);
        if (spectrumExponent is null)
        {
            if (input.Perturbations.Count > 0) report(DiagnosticDescriptors.ScalingNotAnalysed, classLocation, model, "the spectrum is not a power law k^-(1+α) with an exponent linear in the parameters");
            return null;
        }
        var alpha = -spectrumExponent - 1;
        var targetExponent = input.MatchedTarget ? spectrumExponent : input.TargetExponent is null ? null : ToLinear(input.TargetExponent);
        if (targetExponent is null)
        {
            if (input.Perturbations.Count > 0) report(DiagnosticDescriptors.ScalingNotAnalysed, classLocation, model, "the target is not a power law k^-(1+β) with an exponent linear in the parameters");
            return null;
        }
        var beta = -targetExponent - 1;
        var a = alpha.Evaluate(Value);
        var b = beta.Evaluate(Value);
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            if (input.Perturbations.Count > 0) report(DiagnosticDescriptors.ScalingNotAnalysed, classLocation, model, "a parameter in α or β has no constant default");
            return null;
        }

        var perturbations = new List<PerturbationScalingSpec>();
        foreach (var (spec, terms, location) in input.Perturbations)
        {
            var exponents = terms?.Select(t => t.Exponents.Select(ToLinear).ToArray()).ToList();
            if (exponents is null || exponents.Any(e => e.Any(x => x is null)) || exponents.Any(e => e.Any(x => double.IsNaN(x!.Evaluate(Value)))))
            {
                var why = terms is null ? "its weight is not a sum of monomials" : "a monomial exponent is not linear in the parameters or has no default";
                report(DiagnosticDescriptors.ScalingNotAnalysed, location, spec.MethodName, why);
                perturbations.Add(new PerturbationScalingSpec(spec.MethodName, spec.Legs, null, null, null, null, null, EquatableArray<ClassSpec>.Empty, false, false, why));
                continue;
            }
            var (fields, sums) = ScalingRules.Shape(spec.Legs);
            LinearForm? y = null;
            var byName = new Dictionary<string, ClassRule>();
            var order = new List<string>();
            foreach (var e in exponents)
            {
                var forms = e.Select(x => x!).ToArray();
                var degree = forms.Aggregate(LinearForm.Of(0), (acc, x) => acc + x);
                var yi = ScalingRules.PowerCounting(fields, sums, degree, alpha);
                if (y is null || yi.Evaluate(Value) < y.Evaluate(Value)) y = yi;
                foreach (var rule in ScalingRules.Classes(spec.Legs, forms, alpha, beta, Value))
                {
                    if (!byName.TryGetValue(rule.Name, out var best)) { order.Add(rule.Name); byName[rule.Name] = rule; }
                    else if (rule.KpExponent.Evaluate(Value) > best.KpExponent.Evaluate(Value)) byName[rule.Name] = rule;
                }
            }
            var classes = order.Select(n => byName[n]).Select(r => new ClassSpec(r.Name, r.FreeSums,
                r.KpExponent.ToString(), r.KpExponent.Evaluate(Value), r.KpExponent.DividedBy(alpha + 1), r.KpExponent.Evaluate(Value) / (a + 1),
                r.Regime.ToString(), r.CutoffExponent.Evaluate(Value), r.Conditions.ToEquatableArray())).ToList();
            var gammas = classes.Select(c => -c.Kp).ToList();
            var lo = gammas.Min();
            var hi = gammas.Max();
            var classification = Math.Abs(lo) < 1e-9 && Math.Abs(hi) < 1e-9 ? "Marginal" : lo > 1e-9 ? "Relevant" : hi < -1e-9 ? "Irrelevant" : "ObservableDependent";
            var interval = "[" + Format(lo) + ", " + Format(hi) + "]";
            var yText = y!.IsConstant ? Format(y.Constant) : y + " = " + Format(y.Evaluate(Value));
            report(DiagnosticDescriptors.ScalingInterval, location, spec.MethodName, yText, interval, classification);
            if (classification == "Irrelevant") report(DiagnosticDescriptors.IrrelevantPerturbation, location, spec.MethodName, interval);
            foreach (var c in classes.Where(c => c.Dominance == "Cutoff"))
                report(DiagnosticDescriptors.CutoffSensitive, location, spec.MethodName, c.Name, Format(c.Cutoff));
            perturbations.Add(new PerturbationScalingSpec(spec.MethodName, spec.Legs, y.ToString(), y.Evaluate(Value), lo, hi, classification,
                classes.ToEquatableArray(), classes.Any(c => c.Dominance == "Cutoff"), classes.Any(c => c.Dominance == "Logarithmic"), null));
        }
        return new ScalingSpec(alpha.ToString(), a, beta.ToString(), b, perturbations.ToEquatableArray());
    }

    /// <summary>Checks the [Expect] claims against the analysis; reports RG0026 or RG0027.</summary>
    public static void CheckExpectations(IReadOnlyList<ExpectationSpec> expectations, ScalingSpec? scaling, double? ridgeAtDefaults, Reporter report)
    {
        foreach (var claim in expectations)
        {
            if (scaling is null)
            {
                report(DiagnosticDescriptors.ExpectationUndecided, claim.Location, claim.Text, "the spectrum or target is not an analysable power law");
                continue;
            }
            switch (claim.Kind)
            {
                case "Universality":
                {
                    var unknown = scaling.Perturbations.Where(p => p.Classification is null).Select(p => p.Name).ToList();
                    if (unknown.Count > 0) { report(DiagnosticDescriptors.ExpectationUndecided, claim.Location, claim.Text, "not analysed: " + string.Join(", ", unknown)); break; }
                    var notRelevant = scaling.Perturbations.Where(p => p.Classification != "Relevant").ToList();
                    var universal = notRelevant.Count == 0;
                    if (universal != (claim.Value == "GaussianProcess"))
                        report(DiagnosticDescriptors.ExpectationContradicted, claim.Location, claim.Text,
                            universal ? "every perturbation relevant, so GP universality holds"
                                : string.Join("; ", notRelevant.Select(p => $"'{p.Name}' {p.Classification} with interval [{Format(p.IntervalLo!.Value)}, {Format(p.IntervalHi!.Value)}]")));
                    break;
                }
                case "Classification":
                {
                    var target = scaling.Perturbations.FirstOrDefault(p => p.Name == claim.Perturbation);
                    if (target is null) { report(DiagnosticDescriptors.ExpectationContradicted, claim.Location, claim.Text, $"no perturbation named '{claim.Perturbation}'"); break; }
                    if (target.Classification is null) { report(DiagnosticDescriptors.ExpectationUndecided, claim.Location, claim.Text, target.Note ?? "not analysed"); break; }
                    if (target.Classification != claim.Value)
                        report(DiagnosticDescriptors.ExpectationContradicted, claim.Location, claim.Text,
                            $"'{target.Name}' {target.Classification} with y = {target.ExponentFormula} and interval [{Format(target.IntervalLo!.Value)}, {Format(target.IntervalHi!.Value)}]");
                    break;
                }
                case "LearningCurveExponent":
                {
                    if (ridgeAtDefaults is null) { report(DiagnosticDescriptors.ExpectationUndecided, claim.Location, claim.Text, "the ridge is not a constant"); break; }
                    var alpha = scaling.Alpha;
                    var beta = scaling.Beta;
                    var saturated = beta > 2 * (1 + alpha);
                    var exponent = -(saturated ? 2 * (1 + alpha) : beta) / (ridgeAtDefaults.Value == 0 ? 1 : 1 + alpha);
                    var formula = "-" + (saturated ? "2*(1 + α)" : "β") + (ridgeAtDefaults.Value == 0 ? " (ridgeless)" : "/(1 + α)");
                    if (Math.Abs(exponent - claim.Number) > claim.Tolerance)
                        report(DiagnosticDescriptors.ExpectationContradicted, claim.Location, claim.Text,
                            $"a learning-curve exponent {formula} = {Format(exponent)} with α = {scaling.AlphaFormula} = {Format(alpha)}, β = {scaling.BetaFormula} = {Format(beta)}");
                    break;
                }
            }
        }
    }

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

/// <summary>One [Expect] claim, as equatable data.</summary>
internal sealed record ExpectationSpec(string Kind, string? Perturbation, string? Value, double Number, double Tolerance, string Text, LocationInfo? Location);
