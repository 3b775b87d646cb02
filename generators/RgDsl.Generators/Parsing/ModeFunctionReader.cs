using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// Reads a [Spectrum] or [Target] method: its formula and, when it is a power law c·k^e, the closed-form path
/// (RG0015) and the exponent for the scaling analysis; otherwise the run-time table (RG0008). With infinite rank a
/// spectrum whose trace diverges is an error (RG0007), or a warning at the declared defaults (RG0013).
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
            _diagnostics.Report(DiagnosticDescriptors.SpectrumNotRecognised, location, attributeName, method.Name, reader.Reason ?? "unsupported body");
            return new ModeFunctionSpec(method.Name, null, null, reader.Reason);
        }
        var simplified = Algebra.Simplify(expression);
        var formula = ExprPrinter.ToDisplay(simplified);
        var form = Algebra.PowerLaw(simplified, out var reason);
        if (form is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.SpectrumNotRecognised, location, attributeName, method.Name, reason ?? "not a power law");
            return new ModeFunctionSpec(method.Name, formula, null, reason);
        }
        var (coefficient, exponent) = form.Value;
        _exponents[attributeName] = exponent;
        _diagnostics.Report(DiagnosticDescriptors.PowerLawRecognised, location, attributeName, method.Name, ExprPrinter.PowerLawDisplay(coefficient, exponent));
        if (attributeName == "Spectrum" && _infiniteRank) CheckTrace(method, exponent, location);
        return new ModeFunctionSpec(method.Name, formula,
            new PowerLawSpec(ExprPrinter.ToCode(coefficient), ExprPrinter.ToCode(exponent), ExprPrinter.ToDisplay(coefficient), ExprPrinter.ToDisplay(exponent)),
            null);
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
