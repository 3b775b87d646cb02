using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// What the model parser and the network parser both hold while they read one declared class: the attribute's context,
/// the class, the symbols of the compilation, the semantic models, the diagnostics found so far and the [Parameter]s.
/// </summary>
internal abstract class DeclarationParser
{
    protected readonly GeneratorAttributeSyntaxContext _context;
    protected readonly INamedTypeSymbol _type;
    protected readonly KnownSymbols _known;
    protected readonly SemanticModels _semantic;
    protected readonly CancellationToken _cancellation;
    protected readonly LocationInfo? _classLocation;
    protected readonly DiagnosticList _diagnostics = new();
    protected readonly List<ParameterSpec> _parameters = new();

    protected DeclarationParser(GeneratorAttributeSyntaxContext context, KnownSymbols known, CancellationToken cancellation)
    {
        _context = context;
        _type = (INamedTypeSymbol)context.TargetSymbol;
        _known = known;
        _semantic = new SemanticModels(context.SemanticModel);
        _cancellation = cancellation;
        _classLocation = LocationInfo.From(((TypeDeclarationSyntax)context.TargetNode).Identifier.GetLocation());
    }
}

/// <summary>What the model parser and the network parser both do with a declared class: one place for each.</summary>
internal static class DeclarationChecks
{
    /// <summary>
    /// Runs a parse step so that it never throws into the compiler: cancellation passes, any other exception becomes
    /// RG0000 (GeneratorFailure) on the class, handed to <paramref name="failed"/> for the step's result.
    /// </summary>
    public static T Guarded<T>(INamedTypeSymbol type, Func<T> parse, Func<EquatableArray<DiagnosticInfo>, T> failed)
    {
        try
        {
            return parse();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, LocationInfo.From(type.Locations.FirstOrDefault()), type.Name, e.GetType().Name + ": " + e.Message);
            return failed(new[] { diagnostic }.ToEquatableArray());
        }
    }

    /// <summary>The class must be partial in every declaration, top level, not generic and not static.</summary>
    public static void CheckPartialTopLevel(INamedTypeSymbol type, LocationInfo? classLocation, DiagnosticList diagnostics, CancellationToken cancellation)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is ClassDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Report(DiagnosticDescriptors.ClassNotPartial, LocationInfo.From(declaration.Identifier.GetLocation()), type.Name);
        if (type.ContainingType is not null) diagnostics.Report(DiagnosticDescriptors.UnsupportedClassShape, classLocation, type.Name, "it is nested in '" + type.ContainingType.Name + "'");
        else if (type.IsGenericType) diagnostics.Report(DiagnosticDescriptors.UnsupportedClassShape, classLocation, type.Name, "it is generic");
        else if (type.IsStatic) diagnostics.Report(DiagnosticDescriptors.UnsupportedClassShape, classLocation, type.Name, "it is static");
    }

    /// <summary>The constant value of a property's initializer, when it has a numeric one (a [Parameter]'s declared default).</summary>
    public static double? ConstantInitializer(IPropertySymbol property, SemanticModels semantic, CancellationToken cancellation)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is PropertyDeclarationSyntax { Initializer: { } initializer })
            {
                var constant = semantic.For(initializer.SyntaxTree).GetConstantValue(initializer.Value, cancellation);
                if (constant.HasValue && constant.Value is not null and not string and not bool and not char)
                    return Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture);
            }
        return null;
    }
}
