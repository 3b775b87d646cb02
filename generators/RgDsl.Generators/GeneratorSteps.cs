using System;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Parsing;

namespace RgDsl.Generators;

/// <summary>The pipeline steps both generators share: symbols once per compilation, and diagnostics reported at source locations.</summary>
internal static class GeneratorSteps
{
    /// <summary>The symbols the parsers compare against, resolved once per compilation (not once per declared class).</summary>
    public static IncrementalValueProvider<KnownSymbols> KnownSymbols(IncrementalGeneratorInitializationContext context, string trackingName) =>
        context.CompilationProvider.Select(static (compilation, _) => new KnownSymbols(compilation)).WithTrackingName(trackingName);

    /// <summary>
    /// Each declared class with the symbols of the compilation, as a <see cref="ParseInput"/> that stays equal while the
    /// class's own files and the compilation's <see cref="DeclarationShape"/> are unchanged: an edit inside another
    /// member body leaves the parse downstream cached, an edit of any declaration reruns it.
    /// </summary>
    public static IncrementalValuesProvider<ParseInput> ParseInputs(IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<GeneratorAttributeSyntaxContext> classes, IncrementalValueProvider<KnownSymbols> known, string shapeTrackingName, string trackingName)
    {
        var shape = context.CompilationProvider.Select(static (compilation, _) => new DeclarationShape(compilation)).WithTrackingName(shapeTrackingName);
        return classes.Combine(known).Combine(shape)
            .Select(static (pair, _) => new ParseInput(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(trackingName);
    }

    /// <summary>
    /// Reports each batch of diagnostics at source locations in the compilation's syntax trees, so that
    /// <c>#pragma warning disable</c>, <c>&lt;NoWarn&gt;</c> and <c>.editorconfig</c> severities apply to them. The
    /// trees are looked up by path once per compilation; a batch whose trees are unchanged stays cached.
    /// </summary>
    public static void ReportDiagnostics(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics, string trackingName)
    {
        var trees = context.CompilationProvider.Select(static (compilation, _) => new SyntaxTreeIndex(compilation));
        var located = diagnostics.Combine(trees)
            .Select(static (pair, _) => LocatedDiagnostics.Create(pair.Left, pair.Right))
            .WithTrackingName(trackingName);
        context.RegisterSourceOutput(located, static (spc, batch) =>
        {
            foreach (var diagnostic in batch.ToDiagnostics()) spc.ReportDiagnostic(diagnostic);
        });
    }

    /// <summary>
    /// Adds the source <paramref name="emit"/> writes for one declared class under <paramref name="hintName"/>; an
    /// exception of the emitter becomes RG0000 (GeneratorFailure) naming the class and nothing is added: never throw
    /// into the compiler.
    /// </summary>
    public static void AddSource(SourceProductionContext context, string className, string hintName, Func<string> emit)
    {
        string source;
        try
        {
            source = emit();
        }
        catch (Exception e)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, null, className, e.GetType().Name + ": " + e.Message));
            return;
        }
        context.AddSource(hintName, source);
    }
}
