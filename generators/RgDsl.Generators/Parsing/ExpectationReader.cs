using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Scaling;

namespace RgDsl.Generators.Parsing;

/// <summary>An [Expect] claim with where it is written (the spec itself holds no location).</summary>
internal sealed record ReadExpectation(ExpectationSpec Spec, LocationInfo? Location);

/// <summary>
/// Reads the [Expect] attributes of a model class (ExpectAttribute's three constructors). A learning-curve claim needs
/// a finite exponent and a non-negative finite tolerance (RG0041 otherwise, and the claim is not checked).
/// </summary>
internal static class ExpectationReader
{
    public static List<ReadExpectation> Read(INamedTypeSymbol type, KnownSymbols known, DiagnosticList diagnostics, CancellationToken cancellation)
    {
        var result = new List<ReadExpectation>();
        foreach (var data in type.GetAttributes())
        {
            if (!KnownSymbols.Is(data.AttributeClass, known.Expect)) continue;
            var syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellation);
            var location = LocationInfo.From(syntax);
            var text = syntax?.ToString() ?? "Expect";
            var args = data.ConstructorArguments;
            if (args.Length == 1 && args[0].Value is int universality)
                result.Add(new ReadExpectation(new ExpectationSpec(ExpectationKind.Universality, text, Universality: (Universality)universality), location));
            else if (args.Length == 2 && args[0].Value is string name && args[1].Value is int classification)
                result.Add(new ReadExpectation(new ExpectationSpec(ExpectationKind.Classification, text, Perturbation: name, Classification: (Classification)classification), location));
            else if (args.Length == 1 && args[0].Value is string perturbation)
            {
                string? diagram = null;
                double? exponent = null;
                var tolerance = LearningCurveLaw.DefaultTolerance;
                var valid = true;
                foreach (var named in data.NamedArguments)
                {
                    if (named.Key == "Diagram") diagram = named.Value.Value as string;
                    if (named.Key == "PExponent" && named.Value.Value is double e && !double.IsNaN(e))
                    {
                        exponent = e;
                        if (double.IsInfinity(e)) valid = Invalid(diagnostics, syntax, named.Key, "the exponent must be a finite number, got " + Number(e));
                    }
                    if (named.Key == "Tolerance" && named.Value.Value is double t)
                    {
                        tolerance = t;
                        if (!(t >= 0) || double.IsInfinity(t))
                            valid = Invalid(diagnostics, syntax, named.Key, "the tolerance must be a non-negative finite number (the allowed |claimed − predicted|), got " + Number(t));
                    }
                }
                if (string.IsNullOrWhiteSpace(diagram))
                    valid = Invalid(diagnostics, syntax, "Diagram", "a claim about a perturbation's diagram names the class: Diagram = \"fluctuation tadpole\" or a diagram's formula as CompileTimeScaling lists it");
                else if (exponent is null)
                    valid = Invalid(diagnostics, syntax, "PExponent", "a claim about a diagram class sets the exponent of P it claims: PExponent = …");
                if (valid)
                    result.Add(new ReadExpectation(new ExpectationSpec(ExpectationKind.DiagramExponent, text, Perturbation: perturbation, Exponent: exponent!.Value,
                        Tolerance: tolerance, Diagram: diagram), location));
            }
            else
            {
                double? exponent = null;
                var tolerance = LearningCurveLaw.DefaultTolerance;
                var valid = true;
                foreach (var named in data.NamedArguments)
                {
                    if (named.Key == "LearningCurveExponent" && named.Value.Value is double e && !double.IsNaN(e))
                    {
                        exponent = e;
                        if (double.IsInfinity(e)) valid = Invalid(diagnostics, syntax, named.Key, "the exponent must be a finite number, got " + Number(e));
                    }
                    if (named.Key == "Tolerance" && named.Value.Value is double t)
                    {
                        tolerance = t;
                        if (!(t >= 0) || double.IsInfinity(t))
                            valid = Invalid(diagnostics, syntax, named.Key, "the tolerance must be a non-negative finite number (the allowed |claimed − predicted|), got " + Number(t));
                    }
                }
                if (exponent is { } value && valid)
                    result.Add(new ReadExpectation(new ExpectationSpec(ExpectationKind.LearningCurveExponent, text, Exponent: value, Tolerance: tolerance), location));
            }
        }
        return result;
    }

    /// <summary>RG0041 at the named argument (or the attribute); false, so the claim is dropped.</summary>
    private static bool Invalid(DiagnosticList diagnostics, SyntaxNode? attribute, string argument, string why)
    {
        var at = (attribute as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == argument);
        diagnostics.Report(DiagnosticDescriptors.InvalidExpectation, LocationInfo.From((SyntaxNode?)at ?? attribute), at?.ToString() ?? argument, why);
        return false;
    }

    private static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
