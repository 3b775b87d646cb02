using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// The generator's expensive step: the scaling analysis and diagram enumeration of one parsed model (first and
/// second order) and the check of its [Expect] claims. It reads only the equatable <see cref="ParsedModel"/>, so the
/// pipeline reruns it for a model only when that model's parse changed.
/// </summary>
internal static class ModelAnalysis
{
    public static ModelParseResult Analyse(ParsedModel parsed, CancellationToken cancellation)
    {
        if (parsed.Analysis is not { } input)
            return new ModelParseResult(parsed.Model, parsed.Diagnostics, parsed.SpectrumFileLocation, parsed.TargetFileLocation);
        cancellation.ThrowIfCancellationRequested();
        var diagnostics = new DiagnosticList();
        var defaults = input.Parameters.ToDictionary(p => p.Name, p => p.Default);
        var perturbations = input.Perturbations
            .Select(p => (p.Spec, p.Terms?.Select(t => new Algebra.Term(t.Coefficient, t.Exponents.ToArray())).ToList(), p.Location)).ToList();
        var scalingInput = new ScalingAnalysis.Input(input.SpectrumExponent, input.TargetExponent, input.MatchedTarget, input.RidgeAtDefaults, input.NoiseAtDefaults, perturbations);
        var scaling = ScalingAnalysis.Analyse(input.ClassName, scalingInput, defaults, input.ClassLocation, diagnostics.Report);
        ScalingAnalysis.CheckExpectations(input.Expectations.ToList(), scaling, input.RidgeAtDefaults, input.NoiseAtDefaults, diagnostics.Report);
        var all = parsed.Diagnostics.Concat(diagnostics.ToEquatableArray()).ToEquatableArray();
        // An error of the analysis (a contradicted [Expect]) means, as an error of the parse does, that nothing is emitted.
        var model = diagnostics.Fatal ? null : parsed.Model is null ? null : parsed.Model with { Scaling = scaling };
        return new ModelParseResult(model, all, parsed.SpectrumFileLocation, parsed.TargetFileLocation);
    }
}
