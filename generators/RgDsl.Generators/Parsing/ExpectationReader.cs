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
                var diagram = data.NamedArguments.FirstOrDefault(n => n.Key == "Diagram").Value.Value as string;
                var valid = ReadExponent(data, "PExponent", diagnostics, syntax, out var exponent, out var tolerance);
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
                var valid = ReadExponent(data, "LearningCurveExponent", diagnostics, syntax, out var exponent, out var tolerance);
                if (exponent is { } value && valid)
                    result.Add(new ReadExpectation(new ExpectationSpec(ExpectationKind.LearningCurveExponent, text, Exponent: value, Tolerance: tolerance), location));
            }
        }
        return result;
    }

    /// <summary>RG0041 at the named argument (or the attribute); false, so the claim is dropped.</summary>
    /// <summary>
    /// The claimed exponent (the named argument <paramref name="exponentKey"/>; null when unset or NaN, ExpectAttribute's
    /// "not set") and the Tolerance; false, with RG0041 at the attribute, when the exponent is infinite or the tolerance
    /// is not a non-negative finite number.
    /// </summary>
    private static bool ReadExponent(AttributeData data, string exponentKey, DiagnosticList diagnostics, SyntaxNode? syntax, out double? exponent, out double tolerance)
    {
        exponent = null;
        tolerance = LearningCurveLaw.DefaultTolerance;
        var valid = true;
        foreach (var named in data.NamedArguments)
        {
            if (named.Key == exponentKey && named.Value.Value is double e && !double.IsNaN(e))
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
        return valid;
    }

    private static bool Invalid(DiagnosticList diagnostics, SyntaxNode? attribute, string argument, string why)
    {
        var at = (attribute as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == argument);
        diagnostics.Report(DiagnosticDescriptors.InvalidExpectation, LocationInfo.From((SyntaxNode?)at ?? attribute), at?.ToString() ?? argument, why);
        return false;
    }

    private static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
