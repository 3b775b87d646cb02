using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Emit;
using RgDsl.Generators.Model;
using RgDsl.Generators.Parsing;

namespace RgDsl.Generators;

/// <summary>
/// The RgDsl source generator, shaped like System.Text.Json's and Regex's: the symbols it compares against are
/// resolved once per compilation (<see cref="KnownSymbols"/>); each [RgModel] class is read in a parse step, rerun only
/// when the class's files or the declarations of the compilation change (<see cref="ParseInput"/>), into
/// an equatable <see cref="ParsedModel"/> (records of strings, numbers and arrays: no symbol, syntax node or
/// <see cref="Location"/>); the expensive scaling and diagram analysis runs in a step of its own keyed on that value
/// (<see cref="ModelAnalysis"/>), so an edit that leaves a model's parse equal leaves its analysis cached; the
/// additional files that models name are read and fitted in a step of their own; model and tables are joined;
/// diagnostics and source are two outputs, so an edit that moves a class re-reports diagnostics but does not re-emit
/// its source.
/// </summary>
/// <remarks>
/// Where to add something the parser reads: a field of <see cref="ModelSpec"/> (or of <see cref="AnalysisInput"/> when
/// only the analysis needs it), filled in <see cref="ModelParser"/>; the pipeline carries it without change.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class RgModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var known = GeneratorSteps.KnownSymbols(context, TrackingNames.KnownSymbols);
        var classes = context.SyntaxProvider.ForAttributeWithMetadataName(
            KnownSymbols.RgModelAttributeName,
            static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax, // records only to say that they are not supported (RG0035)
            static (ctx, _) => ctx);
        // Rerun only when the class's files or the declarations of the compilation change, not on an edit inside a body.
        var parsed = GeneratorSteps.ParseInputs(context, classes, known, TrackingNames.DeclarationShape, TrackingNames.ParseInput)
            .Select(static (input, ct) => ModelParser.Parse(input.Context, input.Known, ct))
            .WithTrackingName(TrackingNames.Parse);

        // The expensive step, rerun only for a model whose parse changed.
        var analysed = parsed
            .Select(static (model, ct) => ModelAnalysis.Analyse(model, ct))
            .WithTrackingName(TrackingNames.Analysis);

        // The tables models name, as one equatable set: an edit that keeps the names keeps this step cached.
        var requests = parsed
            .Select(static (result, _) => result.Model)
            .Collect()
            .Select(static (models, _) => models
                .SelectMany(m => new[] { m?.SpectrumFile, m?.TargetFile })
                .Where(t => t is not null).Select(t => t! with { PowerLawTail = false })
                .Distinct().OrderBy(t => t.FileName, StringComparer.Ordinal).ThenBy(t => t.Role).ToEquatableArray())
            .WithTrackingName(TrackingNames.TableRequests);

        // Only the additional files a model names are read and fitted; each is cached on its own text.
        var tables = context.AdditionalTextsProvider
            .Combine(requests)
            .SelectMany(static (pair, ct) => pair.Right
                .Where(request => TableFile.Matches(pair.Left.Path, request.FileName))
                .Select(request => TableFile.Read(pair.Left, request, ct))
                .ToImmutableArray())
            .WithTrackingName(TrackingNames.Tables);

        var resolved = analysed
            .Combine(tables.Collect())
            .Select(static (pair, _) => TableFile.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Resolve);

        GeneratorSteps.ReportDiagnostics(context, tables.Select(static (t, _) => t.Diagnostics).WithTrackingName(TrackingNames.TableDiagnostics), TrackingNames.LocatedTableDiagnostics);
        GeneratorSteps.ReportDiagnostics(context, resolved.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.Diagnostics), TrackingNames.LocatedDiagnostics);
        context.RegisterSourceOutput(resolved.Select(static (r, _) => r.Source).Where(static s => s is not null).WithTrackingName(TrackingNames.Source),
            static (spc, spec) => Emit(spc, spec!));
    }

    private static void Emit(SourceProductionContext context, EmitSpec spec) =>
        GeneratorSteps.AddSource(context, spec.Model.ClassName, spec.Model.HintName, () => ModelEmitter.Emit(spec.Model, spec.Tables));
}

/// <summary>Names of the pipeline steps, for caching tests.</summary>
public static class TrackingNames
{
    /// <summary>The symbols the parser compares against, resolved once per compilation.</summary>
    public const string KnownSymbols = nameof(KnownSymbols);
    /// <summary>The compilation's options, references and declarations (not member bodies): <see cref="Model.DeclarationShape"/>.</summary>
    public const string DeclarationShape = nameof(DeclarationShape);
    /// <summary>Each [RgModel] class with the compilation's symbols, equal while its files and the declaration shape are unchanged.</summary>
    public const string ParseInput = nameof(ParseInput);
    /// <summary>Each [RgModel] class parsed (cheaply) into its spec, its diagnostics and the input of its analysis.</summary>
    public const string Parse = nameof(Parse);
    /// <summary>Each parsed model's scaling and diagram analysis and [Expect] check: the expensive step.</summary>
    public const string Analysis = nameof(Analysis);
    /// <summary>The set of table files the models name.</summary>
    public const string TableRequests = nameof(TableRequests);
    /// <summary>Each named additional file read and fitted.</summary>
    public const string Tables = nameof(Tables);
    /// <summary>Each model joined with its tables.</summary>
    public const string Resolve = nameof(Resolve);
    /// <summary>The diagnostics of each model.</summary>
    public const string Diagnostics = nameof(Diagnostics);
    /// <summary>The diagnostics of each model with the syntax trees they point into.</summary>
    public const string LocatedDiagnostics = nameof(LocatedDiagnostics);
    /// <summary>The diagnostics that point into table files.</summary>
    public const string TableDiagnostics = nameof(TableDiagnostics);
    /// <summary>The table diagnostics made ready to report.</summary>
    public const string LocatedTableDiagnostics = nameof(LocatedTableDiagnostics);
    /// <summary>What is emitted for each model.</summary>
    public const string Source = nameof(Source);
}
