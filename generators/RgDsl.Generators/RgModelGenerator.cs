using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Emit;
using RgDsl.Generators.Model;
using RgDsl.Generators.Parsing;

namespace RgDsl.Generators;

/// <summary>
/// The RgDsl source generator: for every class marked [RgDsl.RgModel] it parses the declaration into an equatable
/// <see cref="ModelSpec"/>, reports diagnostics, and emits the specialised solver into the partial class.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RgModelGenerator : IIncrementalGenerator
{
    public const string RgModelAttribute = "RgDsl.RgModelAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                RgModelAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => ModelParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Models);

        context.RegisterSourceOutput(models, static (spc, result) =>
        {
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Model is null) return;
            string source;
            try
            {
                source = ModelEmitter.Emit(result.Model);
            }
            catch (Exception e)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, null, result.Model.ClassName, e.GetType().Name + ": " + e.Message));
                return;
            }
            var hint = (result.Model.Namespace is null ? "" : result.Model.Namespace + ".") + result.Model.ClassName + ".RgModel.g.cs";
            spc.AddSource(hint, source);
        });
    }
}

/// <summary>Names of the pipeline steps, for caching tests.</summary>
public static class TrackingNames
{
    public const string Models = nameof(Models);
}
