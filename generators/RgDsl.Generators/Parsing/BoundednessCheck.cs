using System.Collections.Generic;
using System.Linq;
using RgDsl.Diagrams;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// RG0080: the compile-time half of the run time's unbounded-action check (RgDsl.Validity.LeadingVertices), where the
/// generator sees the sign of the weights at the declared defaults. A weight that is a sum of monomials c·Π ℓ^e whose
/// coefficients share one sign has that sign at every mode (ℓ ≥ 1). Among the perturbations that are not zero, those of
/// the highest number of legs D decide: D odd makes the action unbounded below whatever the sign; D even does when every
/// weight of degree D is negative (the leading form is then negative along any single mode). Nothing is reported when
/// a weight of the highest degree has no constant sign the generator can read; the run time decides then.
/// </summary>
internal static class BoundednessCheck
{
    public static void Report(IReadOnlyList<ReadPerturbation> perturbations, IReadOnlyDictionary<string, double?> defaults, ScalingAnalysis.Reporter report)
    {
        var signs = perturbations.Select(p => Sign(p, defaults)).ToList();
        var degrees = perturbations.Select(p => VertexPattern.Parse(p.Spec.Pattern).LegCount).ToList();
        var present = Enumerable.Range(0, perturbations.Count).Where(i => signs[i] != 0).ToList();
        if (present.Count == 0) return;
        var degree = present.Max(i => degrees[i]);
        var leading = present.Where(i => degrees[i] == degree).ToList();
        if (leading.Any(i => signs[i] is null)) return;
        string reason;
        if (degree % 2 == 1)
            reason = "it is the term with the most legs (" + degree + ") and the number is odd, so it is negative along f or −f and outgrows the Gaussian part";
        else if (leading.All(i => signs[i] < 0))
            reason = "its weight is negative at every mode at the declared defaults and no term with more legs than its " + degree + " bounds it, so the action falls without limit along any single mode";
        else return;
        foreach (var i in leading)
            report(DiagnosticDescriptors.UnboundedAction, perturbations[i].Location, perturbations[i].Spec.MethodName, perturbations[i].Spec.Pattern, reason);
    }

    /// <summary>+1 or −1 when every monomial coefficient has that sign (0 when all vanish), null when unknown or mixed.</summary>
    private static int? Sign(ReadPerturbation p, IReadOnlyDictionary<string, double?> defaults)
    {
        if (p.Terms is null || p.Terms.Count == 0) return null;
        var values = p.Terms.Select(t => Algebra.Evaluate(t.Coefficient, name => defaults.TryGetValue(name, out var v) ? v : null)).ToList();
        if (values.Any(v => v is null || double.IsNaN(v.Value) || double.IsInfinity(v.Value))) return null;
        if (values.All(v => v == 0)) return 0;
        if (values.All(v => v >= 0)) return 1;
        if (values.All(v => v <= 0)) return -1;
        return null;
    }
}
