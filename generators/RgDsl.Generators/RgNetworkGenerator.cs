using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Emit;
using RgDsl.Generators.Model;
using RgDsl.Generators.Parsing;

namespace RgDsl.Generators;

/// <summary>
/// The network half of the RgDsl generator, shaped as <see cref="RgModelGenerator"/>: symbols resolved once per
/// compilation; each [RgNetwork] class parsed in a cheap step into an equatable <see cref="NetworkSpec"/> without
/// locations plus its diagnostics; the compile-time scaling (diagram engine) in a step of its own keyed on that value;
/// diagnostics and source as two outputs.
/// </summary>
/// <remarks>
/// Where to add something the parser reads of a network: a field of <see cref="NetworkSpec"/> (a record of equatable
/// values: strings, numbers, enums, <see cref="EquatableArray{T}"/>, or a nested record of them), filled in
/// <see cref="NetworkParser"/>'s Parse and read by <see cref="NetworkEmitter"/>; the pipeline carries it without change.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class RgNetworkGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var known = GeneratorSteps.KnownSymbols(context, NetworkTrackingNames.KnownSymbols);
        var classes = context.SyntaxProvider.ForAttributeWithMetadataName(
            KnownSymbols.RgNetworkAttributeName,
            static (node, _) => node is ClassDeclarationSyntax,
            static (ctx, _) => ctx);
        var parsed = GeneratorSteps.ParseInputs(context, classes, known, NetworkTrackingNames.DeclarationShape, NetworkTrackingNames.ParseInput)
            .Select(static (input, ct) => NetworkParser.Parse(input.Context, input.Known, ct))
            .WithTrackingName(NetworkTrackingNames.Parse)
            .Select(static (network, _) => NetworkParser.Analyse(network))
            .WithTrackingName(NetworkTrackingNames.Analysis);

        GeneratorSteps.ReportDiagnostics(context, parsed.Select(static (r, _) => r.Diagnostics).WithTrackingName(NetworkTrackingNames.Diagnostics),
            NetworkTrackingNames.LocatedDiagnostics);
        context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Network).Where(static n => n is not null).WithTrackingName(NetworkTrackingNames.Source),
            static (spc, network) => GeneratorSteps.AddSource(spc, network!.ClassName, network.HintName, () => NetworkEmitter.Emit(network)));
    }
}

/// <summary>Names of the network pipeline's steps, for caching tests.</summary>
public static class NetworkTrackingNames
{
    /// <summary>The symbols the parser compares against, resolved once per compilation.</summary>
    public const string KnownSymbols = "NetworkKnownSymbols";
    /// <summary>The compilation's options, references and declarations (not member bodies).</summary>
    public const string DeclarationShape = "NetworkDeclarationShape";
    /// <summary>Each [RgNetwork] class with the compilation's symbols, equal while its files and the declaration shape are unchanged.</summary>
    public const string ParseInput = "NetworkParseInput";
    /// <summary>Each [RgNetwork] class parsed into its spec (without its scaling) and diagnostics.</summary>
    public const string Parse = "NetworkParse";
    /// <summary>Each parsed network with its compile-time scaling.</summary>
    public const string Analysis = "NetworkAnalysis";
    /// <summary>The diagnostics of each network with the syntax trees they point into.</summary>
    public const string LocatedDiagnostics = "NetworkLocatedDiagnostics";
    /// <summary>The diagnostics of each network.</summary>
    public const string Diagnostics = "NetworkDiagnostics";
    /// <summary>What is emitted for each network.</summary>
    public const string Source = "NetworkSource";
}
