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
/// The RgDsl source generator. Shaped like System.Text.Json's: each [RgModel] class is parsed into an equatable
/// <see cref="ModelSpec"/> without locations plus its diagnostics; the additional files that models name are read and
/// fitted in a transform step of their own; model and tables are joined; diagnostics and source are two outputs, so
/// an edit that moves a class re-reports diagnostics but does not re-emit its source.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RgModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.RgModelAttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax, // records only to say that they are not supported (RG0035)
                static (ctx, ct) => ModelParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse);

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

        var resolved = parsed
            .Combine(tables.Collect())
            .Select(static (pair, _) => TableFile.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Resolve);

        context.RegisterSourceOutput(tables.Select(static (t, _) => t.Diagnostics).WithTrackingName(TrackingNames.TableDiagnostics), ReportDiagnostics);
        context.RegisterSourceOutput(resolved.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.Diagnostics), ReportDiagnostics);
        context.RegisterSourceOutput(resolved.Select(static (r, _) => r.Source).Where(static s => s is not null).WithTrackingName(TrackingNames.Source),
            static (spc, spec) => Emit(spc, spec!));
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics) context.ReportDiagnostic(diagnostic.ToDiagnostic());
    }

    private static void Emit(SourceProductionContext context, EmitSpec spec)
    {
        string source;
        try
        {
            source = ModelEmitter.Emit(spec.Model, spec.Tables);
        }
        catch (Exception e)
        {
            // Never throw into the compiler.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, null, spec.Model.ClassName, e.GetType().Name + ": " + e.Message));
            return;
        }
        context.AddSource(spec.Model.HintName, source);
    }
}

/// <summary>Names of the pipeline steps, for caching tests.</summary>
public static class TrackingNames
{
    /// <summary>Each [RgModel] class parsed into its spec and diagnostics.</summary>
    public const string Parse = nameof(Parse);
    /// <summary>The set of table files the models name.</summary>
    public const string TableRequests = nameof(TableRequests);
    /// <summary>Each named additional file read and fitted.</summary>
    public const string Tables = nameof(Tables);
    /// <summary>Each model joined with its tables.</summary>
    public const string Resolve = nameof(Resolve);
    /// <summary>The diagnostics of each model.</summary>
    public const string Diagnostics = nameof(Diagnostics);
    /// <summary>The diagnostics that point into table files.</summary>
    public const string TableDiagnostics = nameof(TableDiagnostics);
    /// <summary>What is emitted for each model.</summary>
    public const string Source = nameof(Source);
}
