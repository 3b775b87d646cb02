using System.Reflection;

namespace RgDsl;

/// <summary>The outcome of checking one [Expect] claim numerically.</summary>
public sealed record ExpectationResult(string Claim, bool Holds, string Detail);

/// <summary>
/// Checks a model's [Expect] claims against a numeric <see cref="ScalingReport"/> (from <c>Scaling()</c>): the run-time
/// counterpart of the generator's check, for claims it could not decide and for tests.
/// </summary>
public static class ScalingExpectations
{
    /// <param name="modelType">The declared model class carrying [Expect] attributes.</param>
    /// <param name="report">A numeric report of an instance.</param>
    /// <param name="exponentTolerance">How far a fitted exponent may be from 0 and still count as 0 (fits are not exact).</param>
    public static IReadOnlyList<ExpectationResult> Check(Type modelType, ScalingReport report, double exponentTolerance = 0.05)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        ArgumentNullException.ThrowIfNull(report);
        var results = new List<ExpectationResult>();
        foreach (var claim in modelType.GetCustomAttributes<ExpectAttribute>())
        {
            if (claim.Universality is { } universality)
            {
                var classes = report.Perturbations.Select(p => (p.Name, Class: Classify(p, exponentTolerance))).ToList();
                var universal = classes.All(c => c.Class == Classification.Relevant);
                results.Add(new ExpectationResult($"Universality.{universality}", universal == (universality == Universality.GaussianProcess),
                    string.Join("; ", classes.Select(c => $"{c.Name}: {c.Class}"))));
            }
            else if (claim.Perturbation is { } name)
            {
                var p = report.Perturbations.FirstOrDefault(x => x.Name == name);
                var found = p is null ? (Classification?)null : Classify(p, exponentTolerance);
                results.Add(new ExpectationResult($"{name} is {claim.Classification}", found == claim.Classification,
                    p is null ? $"no perturbation named {name}" : $"measured {found}"));
            }
            else if (!double.IsNaN(claim.LearningCurveExponent))
            {
                var predicted = report.LearningCurveExponent;
                results.Add(new ExpectationResult($"learning-curve exponent {claim.LearningCurveExponent}", Math.Abs(predicted - claim.LearningCurveExponent) <= Math.Max(claim.Tolerance, exponentTolerance),
                    $"−min(β, 2(1+α))/(1+α) with fitted α = {report.Alpha:0.###}, β = {report.Beta:0.###}: {predicted:0.###}"));
            }
        }
        return results;
    }

    /// <summary>Classification from the fitted P exponents of the classes (decay exponent γ = −(1+α)·fitted).</summary>
    private static Classification? Classify(PerturbationScaling p, double tolerance)
    {
        var fitted = p.Classes.Where(c => c.FittedPExponent is not null).Select(c => c.FittedPExponent!.Value).ToList();
        if (fitted.Count == 0) return p.Classification;
        var lo = -fitted.Max();
        var hi = -fitted.Min();
        if (Math.Abs(lo) <= tolerance && Math.Abs(hi) <= tolerance) return Classification.Marginal;
        if (lo > tolerance) return Classification.Relevant;
        if (hi < -tolerance) return Classification.Irrelevant;
        return Classification.ObservableDependent;
    }
}
