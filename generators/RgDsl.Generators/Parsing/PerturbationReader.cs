using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;
using RgDsl.Diagrams;
using RgDsl.Perturbations;

namespace RgDsl.Generators.Parsing;

/// <summary>A perturbation as read: its spec, its monomials (null when the weight is not a sum of them) and where it is.</summary>
internal sealed record ReadPerturbation(PerturbationSpec Spec, List<Algebra.Term>? Terms, LocationInfo? Location);

/// <summary>
/// Reads a [Perturbation] method: its weight as a sum of monomials c·k^a·q^b(·p^c) (RG0021) or why not (RG0019), and
/// the symmetry of the weight at the declared defaults (RG0020, the probe shared with the runtime).
/// </summary>
internal sealed class PerturbationReader
{
    private readonly ExpressionReader _reader;
    private readonly DiagnosticList _diagnostics;
    private readonly IReadOnlyDictionary<string, double?> _defaults;

    public PerturbationReader(ExpressionReader reader, DiagnosticList diagnostics, IReadOnlyDictionary<string, double?> defaults)
    {
        _reader = reader; _diagnostics = diagnostics; _defaults = defaults;
    }

    /// <summary>The number of mode indices a weight of these legs takes.</summary>
    public static int Arity(Legs legs) => legs switch { Legs.PairLocal => 2, Legs.PairLocal6 => 3, _ => 1 };

    /// <summary>The index names of a weight of these legs, <see cref="Arity"/> of k, q, p.</summary>
    public static string[] IndexNames(Legs legs) => new[] { "k", "q", "p" }.Take(Arity(legs)).ToArray();

    /// <summary>Null when the method fits its legs, else the indices the weight must take (<see cref="IndexNames"/>).</summary>
    public static string[]? ExpectedIndices(IMethodSymbol method, Legs legs)
    {
        var arity = Arity(legs);
        // By-value and non-generic too: the emitted call is W(k, q), which a ref/out parameter or a type parameter breaks.
        if (method.ReturnType.SpecialType == SpecialType.System_Double && method.Parameters.Length == arity && !method.IsGenericMethod
            && method.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Int64 && p.RefKind == RefKind.None))
            return null;
        return IndexNames(legs);
    }

    /// <summary>The signature a weight named <paramref name="name"/> with these indices has, as a diagnostic shows it.</summary>
    public static string Signature(string name, IEnumerable<string> indices) => $"'double {name}({string.Join(", ", indices.Select(i => "long " + i))})'";

    public ReadPerturbation Read(IMethodSymbol method, Legs legs, VertexPattern pattern)
    {
        var location = LocationInfo.From(method.Locations.FirstOrDefault());
        var expression = _reader.ReadMethod(method);
        if (expression is null)
        {
            ReaderFindings.Report(_reader, _diagnostics, method);
            var why = _reader.Reason ?? "unsupported body";
            _diagnostics.Report(DiagnosticDescriptors.WeightNotAnalysable, location, method.Name, why);
            return new ReadPerturbation(new PerturbationSpec(method.Name, legs, null, EquatableArray<MonomialSpec>.Empty, why, pattern.Text), null, location);
        }
        var simplified = Algebra.Simplify(expression);
        var formula = ExprPrinter.ToDisplay(simplified);
        var slots = legs == Legs.Pattern ? pattern.LetterCount : Arity(legs);
        double? AtDefaults(double[] indices) => Algebra.Evaluate(simplified, p => _defaults.TryGetValue(p, out var d) ? d : null, indices);
        var asymmetry = legs == Legs.Pattern ? null : WeightSymmetry.Find(slots, AtDefaults);
        if (legs == Legs.Pattern && WeightSymmetry.Find(slots, pattern.Transpositions, AtDefaults) is { } vertexAsymmetry)
            _diagnostics.Report(DiagnosticDescriptors.VertexWeightAsymmetric, location, method.Name, pattern.Text,
                string.Join(" and ", pattern.Transpositions.Select(t => pattern.Letters[t.A] + "↔" + pattern.Letters[t.B])), vertexAsymmetry.ToString());
        if (asymmetry is not null)
            _diagnostics.Report(DiagnosticDescriptors.NonSymmetricWeight, location, method.Name, Asymmetry.Tuple(asymmetry.Indices), Asymmetry.R(asymmetry.Value),
                Asymmetry.Tuple(asymmetry.Swapped), Asymmetry.R(asymmetry.SwappedValue));
        var terms = Algebra.Monomials(simplified, slots, out var reason);
        if (terms is null)
        {
            var why = reason ?? "not a sum of monomials";
            _diagnostics.Report(DiagnosticDescriptors.WeightNotAnalysable, location, method.Name, why);
            return new ReadPerturbation(new PerturbationSpec(method.Name, legs, formula, EquatableArray<MonomialSpec>.Empty, why, pattern.Text), null, location);
        }
        var monomials = terms.Select(t => new MonomialSpec(
            ExprPrinter.ToCode(t.Coefficient),
            t.Exponents.Select(ExprPrinter.ToCode).ToEquatableArray(),
            ExprPrinter.MonomialDisplay(t.Coefficient, t.Exponents))).ToEquatableArray();
        _diagnostics.Report(DiagnosticDescriptors.WeightRecognised, location, method.Name, string.Join(" + ", monomials.Select(m => m.Display)));
        return new ReadPerturbation(new PerturbationSpec(method.Name, legs, formula, monomials, null, pattern.Text), terms, location);
    }
}
