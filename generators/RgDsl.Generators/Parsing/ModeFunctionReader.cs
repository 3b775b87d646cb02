using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// Reads a [Spectrum] or [Target] method: its formula and, when it is a power law c·k^e, the closed-form path
/// (RG0015) and the exponent for the scaling analysis; otherwise the run-time table (RG0008). Constants the reading
/// shows to be wrong are errors: an increasing spectrum (RG0037, or RG0038 at the declared defaults), a non-positive
/// spectrum or negative target coefficient (RG0039). With infinite rank a spectrum whose trace diverges is an error
/// (RG0007), or a warning at the declared defaults (RG0013).
/// </summary>
internal sealed class ModeFunctionReader
{
    private readonly Func<ExpressionReader> _reader;
    private readonly DiagnosticList _diagnostics;
    private readonly bool _infiniteRank;
    private readonly IReadOnlyDictionary<string, double?> _defaults;
    private readonly Dictionary<string, Expr> _exponents = new();

    public ModeFunctionReader(Func<ExpressionReader> reader, DiagnosticList diagnostics, bool infiniteRank, IReadOnlyDictionary<string, double?> defaults)
    {
        _reader = reader; _diagnostics = diagnostics; _infiniteRank = infiniteRank; _defaults = defaults;
    }

    /// <summary>The exponent e of a recognised power law c·k^e ("Spectrum" or "Target"), if any.</summary>
    public Expr? Exponent(string attributeName) => _exponents.TryGetValue(attributeName, out var e) ? e : null;

    public ModeFunctionSpec? Read(IMethodSymbol? method, string attributeName)
    {
        if (method is null) return null;
        var reader = _reader();
        var location = LocationInfo.From(method.Locations.Length > 0 ? method.Locations[0] : null);
        var expression = reader.ReadMethod(method);
        if (expression is null)
        {
            ReaderFindings.Report(reader, _diagnostics, method);
            _diagnostics.Report(DiagnosticDescriptors.SpectrumNotRecognised, location, attributeName, method.Name, reader.Reason ?? "unsupported body");
            return new ModeFunctionSpec(method.Name, null, null, reader.Reason, StaticOwner.Of(method));
        }
        var simplified = Algebra.Simplify(expression);
        var formula = ExprPrinter.ToDisplay(simplified);
        var form = Algebra.PowerLaw(simplified, out var reason);
        if (form is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.SpectrumNotRecognised, location, attributeName, method.Name, reason ?? "not a power law");
            return new ModeFunctionSpec(method.Name, formula, null, reason, StaticOwner.Of(method));
        }
        var (coefficient, exponent) = form.Value;
        _exponents[attributeName] = exponent;
        var law = ExprPrinter.PowerLawDisplay(coefficient, exponent);
        _diagnostics.Report(DiagnosticDescriptors.PowerLawRecognised, location, attributeName, method.Name, law);
        CheckCoefficient(method, attributeName, coefficient, law, location);
        if (attributeName == "Spectrum" && !CheckIncreasing(method, exponent, law, location) && _infiniteRank) CheckTrace(method, exponent, location);
        return new ModeFunctionSpec(method.Name, formula,
            new PowerLawSpec(ExprPrinter.ToCode(coefficient), ExprPrinter.ToCode(exponent), ExprPrinter.ToDisplay(coefficient), ExprPrinter.ToDisplay(exponent)),
            null, StaticOwner.Of(method));
    }

    // RG0039: λ_k = c·k^e needs c > 0, y_k² = c·k^e needs c ≥ 0, when c is a constant.
    private void CheckCoefficient(IMethodSymbol method, string attributeName, Expr coefficient, string law, LocationInfo? location)
    {
        if (coefficient is not Num { Value: var c }) return;
        var spectrum = attributeName == "Spectrum";
        var valid = !double.IsInfinity(c) && !double.IsNaN(c) && (spectrum ? c > 0 : c >= 0);
        if (!valid)
            _diagnostics.Report(DiagnosticDescriptors.ValueOutOfRange, location, attributeName, method.Name, law + " with the constant coefficient " + Algebra.Literal(c),
                spectrum ? "eigenvalues λ_k must be positive and finite" : "target powers y_k² must be non-negative and finite");
    }

    // RG0037/RG0038: eigenvalues must not increase, so the exponent of c·k^e must be ≤ 0. True when reported.
    private bool CheckIncreasing(IMethodSymbol method, Expr exponent, string law, LocationInfo? location)
    {
        if (exponent is Num { Value: > 0 } n)
        {
            _diagnostics.Report(DiagnosticDescriptors.IncreasingSpectrum, location, method.Name, law, Algebra.Literal(n.Value));
            return true;
        }
        if (exponent is not Num && Algebra.Evaluate(exponent, p => _defaults.TryGetValue(p, out var d) ? d : null) is { } atDefaults && atDefaults > 0)
        {
            _diagnostics.Report(DiagnosticDescriptors.IncreasingSpectrumAtDefaults, location, method.Name, ExprPrinter.ToDisplay(exponent), Algebra.Literal(atDefaults));
            return true;
        }
        return false;
    }

    // Σ_k λ_k converges only for an exponent below −1 (α > 0).
    private void CheckTrace(IMethodSymbol method, Expr exponent, LocationInfo? location)
    {
        if (exponent is Num n && n.Value >= -1)
            _diagnostics.Report(DiagnosticDescriptors.InfiniteTrace, location, method.Name, ExprPrinter.ToDisplay(exponent), Algebra.Literal(-n.Value - 1));
        else if (exponent is not Num && Algebra.Evaluate(exponent, p => _defaults.TryGetValue(p, out var d) ? d : null) is { } atDefaults && atDefaults >= -1)
            _diagnostics.Report(DiagnosticDescriptors.InfiniteTraceAtDefaults, location, method.Name, ExprPrinter.ToDisplay(exponent), Algebra.Literal(atDefaults));
    }
}

/// <summary>What a read that failed found and the user must know: an unconditional recursion, or integer arithmetic.</summary>
internal static class ReaderFindings
{
    /// <summary>RG0040 at the member for a recursion; RG0042 at the expression for integer arithmetic C# does not evaluate as real arithmetic.</summary>
    public static void Report(ExpressionReader reader, DiagnosticList diagnostics, ISymbol member)
    {
        if (reader.Recursion is { } path)
            diagnostics.Report(DiagnosticDescriptors.RecursiveMember, LocationInfo.From(member.Locations.FirstOrDefault()), member.Name, path);
        else if (reader.IntegerArithmetic is { } integer)
            diagnostics.Report(DiagnosticDescriptors.IntegerArithmetic, integer.Location, member.Name, integer.Text);
    }
}
