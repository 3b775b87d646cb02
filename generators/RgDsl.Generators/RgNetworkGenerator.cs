using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Emit;
using RgDsl.Generators.Model;
using RgDsl.Generators.Parsing;

namespace RgDsl.Generators;

/// <summary>
/// The network half of the RgDsl generator: each [RgNetwork] class is parsed into an equatable
/// <see cref="NetworkSpec"/> without locations plus its diagnostics; diagnostics and source are two outputs, as in
/// <see cref="RgModelGenerator"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RgNetworkGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.RgNetworkAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => NetworkParser.Parse(ctx, ct))
            .WithTrackingName(NetworkTrackingNames.Parse);

        context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Diagnostics).WithTrackingName(NetworkTrackingNames.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
        context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Network).Where(static n => n is not null).WithTrackingName(NetworkTrackingNames.Source),
            static (spc, network) =>
            {
                string source;
                try
                {
                    source = NetworkEmitter.Emit(network!);
                }
                catch (Exception e)
                {
                    // Never throw into the compiler.
                    spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, null, network!.ClassName, e.GetType().Name + ": " + e.Message));
                    return;
                }
                spc.AddSource(network!.HintName, source);
            });
    }
}

/// <summary>Names of the network pipeline's steps, for caching tests.</summary>
public static class NetworkTrackingNames
{
    /// <summary>Each [RgNetwork] class parsed into its spec and diagnostics.</summary>
    public const string Parse = "NetworkParse";
    /// <summary>The diagnostics of each network.</summary>
    public const string Diagnostics = "NetworkDiagnostics";
    /// <summary>What is emitted for each network.</summary>
    public const string Source = "NetworkSource";
}
