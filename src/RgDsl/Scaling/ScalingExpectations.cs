using System.Globalization;
using RgDsl.Scaling;

namespace RgDsl;

/// <summary>The outcome of checking one [Expect] claim numerically.</summary>
public sealed record ExpectationResult(string Claim, bool Holds, string Detail);

/// <summary>
/// Checks a model's [Expect] claims against a <see cref="ScalingReport"/> (from <c>Scaling()</c>, <c>PredictScaling()</c>
/// or the generated <c>CompileTimeScaling</c>): the run-time counterpart of the generator's check, for claims it could
/// not decide and for tests. Both apply the same rules (<see cref="ExpectationRules"/>, <see cref="ScalingRules"/>,
/// <see cref="LearningCurveLaw"/>), with one tolerance rule: a value within max(claim's Tolerance, its uncertainty),
/// the uncertainty being 0 for the exact exponents of the compile-time analysis (a report with
/// <see cref="ScalingReport.AlphaFormula"/>) and <c>exponentTolerance</c> for exponents that rest on a fit.
/// </summary>
public static class ScalingExpectations
{
    /// <param name="declaration">The model's declaration (<c>Model.RgDeclaration</c> or <see cref="IDeclaredModel.Declaration"/>), which carries its claims.</param>
    /// <param name="report">A numeric report of an instance.</param>
    /// <param name="exponentTolerance">The uncertainty of an exponent that rests on a fit: how far a fitted exponent may be from 0 and still count as 0, and the least tolerance of a claim checked against a fitted value (fits are not exact). Not applied to the exact exponents of a compile-time report.</param>
    public static IReadOnlyList<ExpectationResult> Check(ModelDeclaration declaration, ScalingReport report, double exponentTolerance = 0.05)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(report);
        if (!(exponentTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(exponentTolerance), exponentTolerance, "the tolerance must be non-negative.");
        var inv = CultureInfo.InvariantCulture;
        // A compile-time report (its α and β are formulas at the declared defaults) is exact; a run-time one rests on fits.
        var fitted = report.AlphaFormula is null;
        var predictedUncertainty = fitted ? exponentTolerance : 0;
        var results = new List<ExpectationResult>();
        foreach (var claim in declaration.Expectations)
        {
            if (claim.Universality is { } universality)
            {
                var classes = report.Perturbations.Select(p => (p.Name, Class: Classify(p, exponentTolerance))).ToList();
                var universal = ScalingRules.IsGaussianProcessUniversal(classes.Select(c => c.Class));
                results.Add(new ExpectationResult($"Universality.{universality}", universal == (universality == Universality.GaussianProcess),
                    string.Join("; ", classes.Select(c => $"{c.Name}: {c.Class}"))));
            }
            else if (claim.Diagram is { } diagram && claim.Perturbation is { } owner)
            {
                var p = report.Perturbations.FirstOrDefault(x => x.Name == owner);
                var matches = p is null ? [] : ExpectationRules.Claimable(p.Classes, p.SecondOrder, p.VarianceClasses, p.VarianceSecondOrder)
                    .Where(c => ExpectationRules.Names(c.Class, c.Diagram, diagram)).ToList();
                // The fitted exponent where the report has one (a run-time Scaling()), else the predicted one.
                var found = matches.Select(c => c.FittedPExponent is { } f ? (Value: (double?)f, Uncertainty: exponentTolerance) : (Value: c.PExponent, Uncertainty: predictedUncertainty)).ToList();
                results.Add(new ExpectationResult(string.Create(inv, $"{owner}: {diagram} ∝ P^{claim.PExponent}"),
                    matches.Count > 0 && claim.PExponent is { } claimed && found.All(x => x.Value is { } v && ExpectationRules.Within(v, claimed, claim.Tolerance, x.Uncertainty)),
                    p is null ? $"no perturbation named {owner}" : matches.Count == 0 ? $"no diagram class '{diagram}' of {owner}"
                        : string.Join("; ", matches.Select(c => string.Create(inv, $"predicted P^{c.PExponent:0.###}{(c.FittedPExponent is { } f ? $", fitted {f:0.###}±{c.FittedStandardError ?? 0:0.###}" : "")}")))));
            }
            else if (claim.Perturbation is { } name)
            {
                var p = report.Perturbations.FirstOrDefault(x => x.Name == name);
                var found = p is null ? null : Classify(p, exponentTolerance);
                results.Add(new ExpectationResult($"{name} is {claim.Classification}", found is not null && found == claim.Classification,
                    p is null ? $"no perturbation named {name}" : $"measured {found?.ToString() ?? "nothing (not analysed)"}"));
            }
            else if (claim.LearningCurveExponent is { } claimed)
            {
                var predicted = ExpectationRules.LearningCurveExponent(report.Alpha, report.Beta, report.Ridgeless, report.Noise); // NaN when the noise is unknown: never holds
                results.Add(new ExpectationResult(string.Create(inv, $"learning-curve exponent {claimed}"),
                    ExpectationRules.Within(predicted, claimed, claim.Tolerance, predictedUncertainty),
                    double.IsNaN(report.Noise) ? "the label noise is not known"
                        : string.Create(inv, $"{LearningCurveLaw.Explain(report.Alpha, report.Beta, report.Ridgeless, report.Noise)}, with fitted α = {report.Alpha:0.###}, β = {report.Beta:0.###}")));
            }
        }
        return results;
    }

    /// <summary>Classification from the fitted P exponents of the classes (decay exponent γ = −fitted, up to the factor 1 + α).</summary>
    private static Classification? Classify(PerturbationScaling p, double tolerance)
    {
        var fitted = p.Classes.Where(c => c.FittedPExponent is not null).Select(c => -c.FittedPExponent!.Value).ToList();
        return fitted.Count == 0 ? p.Classification : ScalingRules.Classify(fitted, tolerance).Classification;
    }
}
