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

/// <summary>Turns one [RgModel] class into a <see cref="ModelSpec"/> and its diagnostics.</summary>
internal static class ModelParser
{
    private const string Ns = "RgDsl.";
    private const long Infinite = long.MaxValue;

    public static ModelParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        try
        {
            return ParseCore(context, type, cancellation);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            // Never throw into the compiler: report the failure on the class instead.
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, LocationInfo.From(type.Locations.FirstOrDefault()), type.Name, e.GetType().Name + ": " + e.Message);
            return new ModelParseResult(null, new[] { diagnostic }.ToEquatableArray());
        }
    }

    private static ModelParseResult ParseCore(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, CancellationToken cancellation)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var classLocation = LocationInfo.From(((ClassDeclarationSyntax)context.TargetNode).Identifier.GetLocation());
        var fatal = false;

        void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] args)
        {
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) fatal = true;
        }

        // Class shape.
        foreach (var reference in type.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is ClassDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                Report(DiagnosticDescriptors.ClassNotPartial, LocationInfo.From(declaration.Identifier.GetLocation()), type.Name);
        if (type.ContainingType is not null) Report(DiagnosticDescriptors.UnsupportedClassShape, classLocation, type.Name, "it is nested in '" + type.ContainingType.Name + "'");
        else if (type.IsGenericType) Report(DiagnosticDescriptors.UnsupportedClassShape, classLocation, type.Name, "it is generic");
        else if (type.IsStatic) Report(DiagnosticDescriptors.UnsupportedClassShape, classLocation, type.Name, "it is static");

        // Modes.
        long modes = Infinite;
        var attribute = context.Attributes[0];
        foreach (var named in attribute.NamedArguments)
            if (named.Key == "Modes" && named.Value.Value is long value) modes = value;
        if (modes <= 0)
        {
            var argumentLocation = (attribute.ApplicationSyntaxReference?.GetSyntax(cancellation) as AttributeSyntax)?.ArgumentList?.Arguments
                .FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "Modes");
            Report(DiagnosticDescriptors.ModesNotPositive, LocationInfo.From(argumentLocation) ?? classLocation, type.Name, modes);
        }

        // Measured tables named on the class.
        TableFileSpec? spectrumFile = null, targetFile = null;
        foreach (var data in type.GetAttributes())
        {
            var name = data.AttributeClass?.ToDisplayString();
            if (name is not ("RgDsl.SpectrumAttribute" or "RgDsl.TargetAttribute")) continue;
            string? file = null; var tail = false;
            foreach (var named in data.NamedArguments)
            {
                if (named.Key == "File" && named.Value.Value is string f) file = f;
                if (named.Key == "PowerLawTail" && named.Value.Value is bool b) tail = b;
            }
            if (file is null) continue;
            var spec = new TableFileSpec(file, tail, LocationInfo.From(data.ApplicationSyntaxReference?.GetSyntax(cancellation)));
            if (name == "RgDsl.SpectrumAttribute") spectrumFile = spec; else targetFile = spec;
        }

        // Members by attribute.
        var parameters = new List<ParameterSpec>();
        var singles = new Dictionary<string, ISymbol>();
        var perturbationMethods = new List<(IMethodSymbol Method, string Legs)>();
        foreach (var member in type.GetMembers())
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var data in member.GetAttributes())
            {
                var name = data.AttributeClass?.ToDisplayString();
                if (name is null || !name.StartsWith(Ns, StringComparison.Ordinal)) continue;
                var shortName = name.Substring(Ns.Length).Replace("Attribute", "");
                var location = LocationInfo.From(member.Locations.FirstOrDefault());
                switch (shortName)
                {
                    case "Parameter":
                        if (member is IPropertySymbol property)
                        {
                            if (property.Type.SpecialType != SpecialType.System_Double)
                                Report(DiagnosticDescriptors.ParameterNotDouble, location, property.Name, property.Type.ToDisplayString());
                            else
                                parameters.Add(new ParameterSpec(property.Name, DefaultOf(property, context.SemanticModel.Compilation, cancellation)));
                        }
                        break;
                    case "Spectrum" or "Target" or "Ridge" or "LabelNoise" or "Multiplicity":
                        if (singles.TryGetValue(shortName, out var first))
                            Report(DiagnosticDescriptors.DuplicateMember, location, type.Name, shortName, first.Name, member.Name);
                        else
                            singles[shortName] = member;
                        break;
                    case "Perturbation":
                        var legs = data.ConstructorArguments.Length == 1 && data.ConstructorArguments[0].Value is int legsValue
                            ? LegsName(legsValue) : "PairLocal";
                        if (member is IMethodSymbol pm && CheckPerturbation(pm, legs) is { } expected)
                            Report(DiagnosticDescriptors.PerturbationSignature, location, member.Name, legs, expected);
                        else if (member is IMethodSymbol ok)
                            perturbationMethods.Add((ok, legs));
                        break;
                }
            }
        }

        // Signatures.
        IMethodSymbol? ModeMethod(string attributeName, SpecialType returnType, string expected)
        {
            if (!singles.TryGetValue(attributeName, out var member)) return null;
            if (member is IMethodSymbol m && m.ReturnType.SpecialType == returnType && m.Parameters.Length == 1
                && m.Parameters[0].Type.SpecialType == SpecialType.System_Int64 && !m.IsGenericMethod && m.Parameters[0].RefKind == RefKind.None)
                return m;
            Report(DiagnosticDescriptors.WrongSignature, LocationInfo.From(member.Locations.FirstOrDefault()), attributeName, member.Name, expected);
            return null;
        }

        ScalarSpec? Scalar(string attributeName, ExpressionReader reader)
        {
            if (!singles.TryGetValue(attributeName, out var member)) return null;
            var ok = member switch
            {
                IPropertySymbol p => p.Type.SpecialType == SpecialType.System_Double && p.GetMethod is not null && p.Parameters.Length == 0,
                IMethodSymbol m => m.ReturnType.SpecialType == SpecialType.System_Double && m.Parameters.Length == 0 && !m.IsGenericMethod,
                _ => false,
            };
            if (!ok)
            {
                Report(DiagnosticDescriptors.WrongSignature, LocationInfo.From(member.Locations.FirstOrDefault()), attributeName, member.Name, "a 'double' property with a getter, or a method 'double " + member.Name + "()'");
                return null;
            }
            var formula = reader.ReadScalar(member) is { } e ? ExprPrinter.ToDisplay(Algebra.Simplify(e)) : null;
            return new ScalarSpec(member.Name, member is IMethodSymbol, formula);
        }

        var spectrumMethod = ModeMethod("Spectrum", SpecialType.System_Double, "a method 'double Name(long k)' returning λ_k");
        var targetMethod = ModeMethod("Target", SpecialType.System_Double, "a method 'double Name(long k)' returning y_k²");
        var multiplicityMethod = ModeMethod("Multiplicity", SpecialType.System_Int64, "a method 'long Name(long k)' returning n_k ≥ 1");
        if (!singles.ContainsKey("Spectrum") && spectrumFile is null) Report(DiagnosticDescriptors.MissingSpectrum, classLocation, type.Name);
        if (singles.ContainsKey("Spectrum") && spectrumFile is not null)
            Report(DiagnosticDescriptors.DuplicateMember, spectrumFile.Location, type.Name, "Spectrum", "the class (File = " + spectrumFile.FileName + ")", singles["Spectrum"].Name);
        if (!singles.ContainsKey("Ridge"))
            Report(DiagnosticDescriptors.MissingRidge, classLocation, type.Name);

        var names = parameters.Select(p => p.Name).ToList();
        var ridge = Scalar("Ridge", new ExpressionReader(context.SemanticModel.Compilation, type, names, cancellation));
        var noise = Scalar("LabelNoise", new ExpressionReader(context.SemanticModel.Compilation, type, names, cancellation));
        var defaults = parameters.ToDictionary(p => p.Name, p => p.DefaultDisplay is null ? (double?)null : double.Parse(p.DefaultDisplay, CultureInfo.InvariantCulture));

        var exponents = new Dictionary<string, Expr>();
        ModeFunctionSpec? Analyse(IMethodSymbol? method, string attributeName)
        {
            if (method is null) return null;
            var reader = new ExpressionReader(context.SemanticModel.Compilation, type, names, cancellation);
            var location = LocationInfo.From(method.Locations.FirstOrDefault());
            var expression = reader.ReadMethod(method);
            if (expression is null)
            {
                Report(DiagnosticDescriptors.SpectrumNotRecognised, location, attributeName, method.Name, reader.Reason ?? "unsupported body");
                return new ModeFunctionSpec(method.Name, null, null, reader.Reason);
            }
            var simplified = Algebra.Simplify(expression);
            var formula = ExprPrinter.ToDisplay(simplified);
            var form = Algebra.PowerLaw(simplified, out var reason);
            if (form is null)
            {
                Report(DiagnosticDescriptors.SpectrumNotRecognised, location, attributeName, method.Name, reason ?? "not a power law");
                return new ModeFunctionSpec(method.Name, formula, null, reason);
            }
            var (coefficient, exponent) = form.Value;
            exponents[attributeName] = exponent;
            var display = ExprPrinter.PowerLawDisplay(coefficient, exponent);
            Report(DiagnosticDescriptors.PowerLawRecognised, location, attributeName, method.Name, display);
            if (attributeName == "Spectrum" && modes == Infinite)
            {
                if (exponent is Num n && n.Value >= -1)
                    Report(DiagnosticDescriptors.InfiniteTrace, location, method.Name, ExprPrinter.ToDisplay(exponent), Algebra.Literal(-n.Value - 1));
                else if (exponent is not Num && Algebra.Evaluate(exponent, p => defaults.TryGetValue(p, out var d) ? d : null) is { } atDefaults && atDefaults >= -1)
                    Report(DiagnosticDescriptors.InfiniteTraceAtDefaults, location, method.Name, ExprPrinter.ToDisplay(exponent), Algebra.Literal(atDefaults));
            }
            return new ModeFunctionSpec(method.Name, formula,
                new PowerLawSpec(ExprPrinter.ToCode(coefficient), ExprPrinter.ToCode(exponent), ExprPrinter.ToDisplay(coefficient), ExprPrinter.ToDisplay(exponent)),
                null);
        }

        var spectrum = spectrumFile is not null
            ? new ModeFunctionSpec(spectrumFile.FileName, null, null, "measured table")
            : Analyse(spectrumMethod, "Spectrum");
        var target = Analyse(targetMethod, "Target");

        // A multiplicity that is the constant 1 is no multiplicity: the power-law path stays open.
        var multiplicityIsUnit = multiplicityMethod is not null
            && new ExpressionReader(context.SemanticModel.Compilation, type, names, cancellation).ReadMethod(multiplicityMethod) is { } multiplicityExpression
            && Algebra.Simplify(multiplicityExpression) is Num { Value: 1 };

        if (modes == Infinite && spectrum is not null && spectrumFile is null)
        {
            var problems = new List<string>();
            if (spectrum.PowerLaw is null) problems.Add($"the spectrum '{spectrum.MethodName}' is not a recognised power law");
            if (target is { PowerLaw: null }) problems.Add($"the target '{target.MethodName}' is not a recognised power law");
            if (singles.ContainsKey("Multiplicity") && !multiplicityIsUnit) problems.Add($"it declares a [Multiplicity] '{singles["Multiplicity"].Name}'");
            if (problems.Count > 0)
                Report(DiagnosticDescriptors.InfiniteRankNeedsPowerLaw, classLocation, type.Name, string.Join(" and ", problems));
        }

        // Perturbations: monomial recognition, symmetry, and the model conditions they need.
        var perturbations = new List<PerturbationSpec>();
        var perturbationTerms = new List<(PerturbationSpec, List<Algebra.Term>?, LocationInfo?)>();
        foreach (var (method, legs) in perturbationMethods)
        {
            var spec = AnalysePerturbation(method, legs, out var terms);
            perturbations.Add(spec);
            perturbationTerms.Add((spec, terms, LocationInfo.From(method.Locations.FirstOrDefault())));
        }
        double? ridgeAtDefaults = null;
        if (singles.TryGetValue("Ridge", out var ridgeSymbol)
            && new ExpressionReader(context.SemanticModel.Compilation, type, names, cancellation).ReadScalar(ridgeSymbol) is { } ridgeExpr)
            ridgeAtDefaults = Algebra.Evaluate(Algebra.Simplify(ridgeExpr), p => defaults.TryGetValue(p, out var d) ? d : null);
        if (perturbations.Count > 0)
        {
            if ((modes == Infinite && spectrumFile is null) || spectrumFile?.PowerLawTail == true)
                Report(DiagnosticDescriptors.PerturbationNeedsFiniteRank, classLocation, type.Name);
            if (ridgeAtDefaults is 0.0)
                Report(DiagnosticDescriptors.PerturbationNeedsRidge, LocationInfo.From(ridgeSymbol!.Locations.FirstOrDefault()), type.Name, ridgeSymbol.Name);
        }

        PerturbationSpec AnalysePerturbation(IMethodSymbol method, string legs, out List<Algebra.Term>? recognised)
        {
            recognised = null;
            var location = LocationInfo.From(method.Locations.FirstOrDefault());
            var slots = method.Parameters.Length;
            var reader = new ExpressionReader(context.SemanticModel.Compilation, type, names, cancellation);
            var expression = reader.ReadMethod(method);
            if (expression is null)
            {
                Report(DiagnosticDescriptors.WeightNotAnalysable, location, method.Name, reader.Reason ?? "unsupported body");
                return new PerturbationSpec(method.Name, legs, null, EquatableArray<MonomialSpec>.Empty, reader.Reason ?? "unsupported body");
            }
            var simplified = Algebra.Simplify(expression);
            var formula = ExprPrinter.ToDisplay(simplified);
            if (slots > 1 && Asymmetry(simplified, slots) is { } asymmetry)
                Report(DiagnosticDescriptors.NonSymmetricWeight, location, method.Name, asymmetry.A, Algebra.Literal(asymmetry.WA), asymmetry.B, Algebra.Literal(asymmetry.WB));
            var terms = Algebra.Monomials(simplified, slots, out var why);
            if (terms is null)
            {
                Report(DiagnosticDescriptors.WeightNotAnalysable, location, method.Name, why ?? "not a sum of monomials");
                return new PerturbationSpec(method.Name, legs, formula, EquatableArray<MonomialSpec>.Empty, why ?? "not a sum of monomials");
            }
            recognised = terms;
            var monomials = terms.Select(t => new MonomialSpec(
                ExprPrinter.ToCode(t.Coefficient),
                t.Exponents.Select(ExprPrinter.ToCode).ToEquatableArray(),
                ExprPrinter.MonomialDisplay(t.Coefficient, t.Exponents))).ToEquatableArray();
            Report(DiagnosticDescriptors.WeightRecognised, location, method.Name, string.Join(" + ", monomials.Select(m => m.Display)));
            return new PerturbationSpec(method.Name, legs, formula, monomials, null);
        }

        // The first pair of index tuples (at the declared defaults) whose weights differ under a swap, if any.
        (string A, double WA, string B, double WB)? Asymmetry(Expr weight, int slots)
        {
            double[][] probes = slots == 2 ? [[1, 2], [2, 5], [3, 7]] : [[1, 2, 3], [2, 3, 5], [1, 4, 9]];
            foreach (var probe in probes)
            {
                var swaps = slots == 2 ? new[] { new[] { probe[1], probe[0] } } : new[] { new[] { probe[1], probe[0], probe[2] }, new[] { probe[2], probe[1], probe[0] } };
                var a = Algebra.Evaluate(weight, p => defaults.TryGetValue(p, out var d) ? d : null, probe);
                if (a is null) return null; // depends on something without a known value
                foreach (var swap in swaps)
                {
                    var b = Algebra.Evaluate(weight, p => defaults.TryGetValue(p, out var d) ? d : null, swap);
                    if (b is null) return null;
                    if (Math.Abs(a.Value - b.Value) > 1e-12 * Math.Max(Math.Abs(a.Value), Math.Abs(b.Value)))
                        return (string.Join(", ", probe.Select(Algebra.Literal)), a.Value, string.Join(", ", swap.Select(Algebra.Literal)), b.Value);
                }
            }
            return null;
        }

        // Scaling analysis and the [Expect] claims it decides.
        ScalingSpec? scaling = null;
        if (spectrum is not null && !fatal)
        {
            scaling = ScalingAnalysis.Analyse(type.Name,
                new ScalingAnalysis.Input(spectrum, exponents.TryGetValue("Spectrum", out var se) ? se : null,
                    exponents.TryGetValue("Target", out var te) ? te : null, targetMethod is null, perturbationTerms),
                defaults, classLocation, (d, l, a) => Report(d, l, a));
            ScalingAnalysis.CheckExpectations(ReadExpectations(type, cancellation), scaling, ridgeAtDefaults, (d, l, a) => Report(d, l, a));
        }

        if (fatal || spectrum is null || ridge is null)
            return new ModelParseResult(null, diagnostics.ToEquatableArray());

        var accessibility = type.DeclaredAccessibility switch
        {
            Accessibility.Public => "public",
            _ => "internal",
        };
        var model = new ModelSpec(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            type.Name, accessibility, modes, parameters.ToEquatableArray(), spectrum, target, ridge, noise,
            multiplicityMethod?.Name, multiplicityIsUnit, perturbations.ToEquatableArray(), scaling, spectrumFile, targetFile);
        return new ModelParseResult(model, diagnostics.ToEquatableArray());
    }

    private static List<ExpectationSpec> ReadExpectations(INamedTypeSymbol type, CancellationToken cancellation)
    {
        var result = new List<ExpectationSpec>();
        foreach (var data in type.GetAttributes())
        {
            if (data.AttributeClass?.ToDisplayString() != "RgDsl.ExpectAttribute") continue;
            var location = LocationInfo.From(data.ApplicationSyntaxReference?.GetSyntax(cancellation));
            var text = data.ApplicationSyntaxReference?.GetSyntax(cancellation).ToString() ?? "Expect";
            var args = data.ConstructorArguments;
            if (args.Length == 1 && args[0].Value is int universality)
                result.Add(new ExpectationSpec("Universality", null, universality == 0 ? "GaussianProcess" : "Broken", 0, 0, text, location));
            else if (args.Length == 2 && args[0].Value is string name && args[1].Value is int classification)
                result.Add(new ExpectationSpec("Classification", name, classification switch { 0 => "Relevant", 1 => "Irrelevant", 2 => "ObservableDependent", _ => "Marginal" }, 0, 0, text, location));
            else
            {
                double exponent = double.NaN, tolerance = 1e-9;
                foreach (var named in data.NamedArguments)
                {
                    if (named.Key == "LearningCurveExponent" && named.Value.Value is double e) exponent = e;
                    if (named.Key == "Tolerance" && named.Value.Value is double t) tolerance = t;
                }
                if (!double.IsNaN(exponent)) result.Add(new ExpectationSpec("LearningCurveExponent", null, null, exponent, tolerance, text, location));
            }
        }
        return result;
    }

    private static string? DefaultOf(IPropertySymbol property, Compilation compilation, CancellationToken cancellation)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is PropertyDeclarationSyntax { Initializer: { } initializer })
            {
                var constant = compilation.GetSemanticModel(initializer.SyntaxTree).GetConstantValue(initializer.Value, cancellation);
                if (constant.HasValue && constant.Value is not null and not string and not bool and not char)
                    return Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
            }
        return null;
    }

    private static string LegsName(int value) => value switch
    {
        0 => "Quadratic",
        1 => "PairLocal",
        2 => "ModeLocal",
        3 => "PairLocal6",
        _ => "Unknown",
    };

    /// <summary>Null when the method fits its legs, else the expected signature.</summary>
    private static string? CheckPerturbation(IMethodSymbol method, string legs)
    {
        var arity = legs switch { "PairLocal" => 2, "PairLocal6" => 3, "Unknown" => -1, _ => 1 };
        var ok = arity > 0 && method.ReturnType.SpecialType == SpecialType.System_Double && method.Parameters.Length == arity
                 && method.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Int64);
        if (ok) return null;
        return arity switch
        {
            1 => $"'double {method.Name}(long k)'",
            2 => $"'double {method.Name}(long k, long q)'",
            3 => $"'double {method.Name}(long k, long q, long p)'",
            _ => "one of the Legs values",
        };
    }
}
