using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Model;
using RgDsl.Scaling;

namespace RgDsl.Generators.Parsing;

/// <summary>An [Expect] claim with where it is written (the spec itself holds no location).</summary>
internal sealed record ReadExpectation(ExpectationSpec Spec, LocationInfo? Location);

/// <summary>Reads the [Expect] attributes of a model class (ExpectAttribute's three constructors).</summary>
internal static class ExpectationReader
{
    public static List<ReadExpectation> Read(INamedTypeSymbol type, KnownSymbols known, CancellationToken cancellation)
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
            else
            {
                double? exponent = null;
                var tolerance = LearningCurveLaw.DefaultTolerance;
                foreach (var named in data.NamedArguments)
                {
                    if (named.Key == "LearningCurveExponent" && named.Value.Value is double e && !double.IsNaN(e)) exponent = e;
                    if (named.Key == "Tolerance" && named.Value.Value is double t) tolerance = t;
                }
                if (exponent is { } value)
                    result.Add(new ReadExpectation(new ExpectationSpec(ExpectationKind.LearningCurveExponent, text, Exponent: value, Tolerance: tolerance), location));
            }
        }
        return result;
    }
}
