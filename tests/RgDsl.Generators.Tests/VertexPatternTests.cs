extern alias generator;
using Microsoft.CodeAnalysis;
using RgDsl.Perturbations;

namespace RgDsl.Generators.Tests;

/// <summary>
/// Vertices declared by their index pattern, [Perturbation("k k q p")]: the located diagnostics of a bad pattern
/// (RG0075–RG0078), the four kinds as shorthands, and a custom vertex compiled and run: its compile-time diagrams
/// (first and second order) against the run-time analysis of the same model, its predictions against a model built
/// by hand at run time.
/// </summary>
public class VertexPatternTests
{
    private static string Model(string perturbation) => $$"""
        using System;
        using RgDsl;

        [RgModel(Modes = 200)]
        public partial class V
        {
            [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
            [Target] public double TargetPower(long k) => Math.Pow(k, -2.0);
            [Ridge] public double Kappa => 0.05;
            {{perturbation}}
        }
        """;

    private Compilation? _compilation;

    private Diagnostic Single(string source, string id)
    {
        var outcome = GeneratorHarness.Run(source);
        _compilation = outcome.Compilation;
        var matches = outcome.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"expected one {id}, got: " + string.Join("; ", outcome.GeneratorDiagnostics.Select(d => d.ToString())));
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id == "RG0011");
        return matches[0];
    }

    private string At(Diagnostic d)
    {
        var path = d.Location.GetLineSpan().Path;
        return _compilation!.SyntaxTrees.Single(t => t.FilePath == path).GetText().ToString(d.Location.SourceSpan);
    }

    [Theory]
    [InlineData("[Perturbation(\"k k x\")] public double W(long k) => 1e-3;", "\"k k x\"", "'x' is not a parameter of the weight (its indices are k)")]
    [InlineData("[Perturbation(\"k k 2\")] public double W(long k) => 1e-3;", "\"k k 2\"", "'2' is not a parameter")]
    [InlineData("[Perturbation(\"  \")] public double W(long k) => 1e-3;", "\"  \"", "the pattern has no legs")]
    public void RG0075_unknown_index_points_at_the_pattern(string declaration, string at, string message)
    {
        var d = Single(Model(declaration), "RG0075");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(at, At(d));
        Assert.Contains(message, d.GetMessage());
    }

    [Fact]
    public void RG0076_more_than_six_legs()
    {
        var d = Single(Model("[Perturbation(\"k k k q q q p\")] public double W(long k, long q, long p) => 1e-3;"), "RG0076");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("\"k k k q q q p\"", At(d));
        Assert.Contains("has 7 legs; a vertex has at most 6", d.GetMessage());
    }

    [Theory]
    [InlineData("[Perturbation(\"k k q\")] public double W(long k, long q, long p) => 1e-3;", "index p carries no leg", "'double W(long k, long q)'")]
    [InlineData("[Perturbation(\"k k q\")] public double W(long q, long k) => 1e-3;", "order of their first appearance (k, q)", "'double W(long k, long q)'")]
    [InlineData("[Perturbation(\"k q p\")] public double W(long k, int q, long p) => 1e-3;", "has the indices k, q, p", "'double W(long k, long q, long p)'")]
    public void RG0077_weight_arity_or_order_mismatch(string declaration, string message, string signature)
    {
        var d = Single(Model(declaration), "RG0077");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.StartsWith("\"k", At(d));
        Assert.Contains(message, d.GetMessage());
        Assert.Contains(signature, d.GetMessage());
    }

    [Fact]
    public void RG0078_weight_not_symmetric_in_indices_of_equal_multiplicity()
    {
        // q and p carry one leg each: W(k, q, p) and W(k, p, q) multiply the same fields. k carries two: no symmetry with q.
        var d = Single(Model("[Perturbation(\"k k q p\")] public double W(long k, long q, long p) => 1e-3 * k * (q + 2.0 * p);"), "RG0078");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("W", At(d));
        Assert.Contains("the indices q↔p carry equally many legs", d.GetMessage());
        // The same weight symmetric in q and p but not in k and q is fine.
        var ok = GeneratorHarness.Run(Model("[Perturbation(\"k k q p\")] public double W(long k, long q, long p) => 1e-3 * k * (q + p);"));
        Assert.DoesNotContain(ok.GeneratorDiagnostics, x => x.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void The_four_kinds_are_shorthands_for_their_patterns()
    {
        var a = GeneratorHarness.Run(Model("[Perturbation(\"k k q q\")] public double U(long k, long q) => 1e-3;"));
        var b = GeneratorHarness.Run(Model("[Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3;"));
        Assert.DoesNotContain(a.GeneratorDiagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(b.Sources.Values.OrderBy(x => x), a.Sources.Values.OrderBy(x => x));
    }

    private const string Custom = """
        [Perturbation("k q p")] public double Cubic(long k, long q, long p) => 2e-3;
            [Perturbation("k k q p")] public double Quartic(long k, long q, long p) => 1e-3 * Math.Pow(q * (double)p, 0.5);
        """;

    [Fact]
    public void Custom_vertices_list_their_diagrams_at_compile_time_as_the_runtime_does()
    {
        var outcome = GeneratorHarness.Run(Model(Custom));
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, x => x.Severity == DiagnosticSeverity.Error);
        var enumerated = outcome.GeneratorDiagnostics.Where(x => x.Id == "RG0079").ToList();
        Assert.Equal(2, enumerated.Count);
        var type = GeneratorHarness.Load(outcome).GetType("V")!;
        var compileTime = (ScalingReport)type.GetField("CompileTimeScaling")!.GetValue(null)!;
        var model = (IRgModel)Activator.CreateInstance(type)!;
        var runTime = ((InteractingModel)type.GetMethod("ToInteractingModel")!.Invoke(model, null)!).PredictScaling();
        foreach (var name in new[] { "Cubic", "Quartic" })
        {
            var c = compileTime.Perturbations.Single(p => p.Name == name);
            var r = runTime.Perturbations.Single(p => p.Name == name);
            Assert.Equal(Legs.Pattern, c.Legs);
            Assert.NotEmpty(c.Classes);
            Assert.NotEmpty(c.SecondOrder!);
            Assert.Equal(r.Classes.Select(x => x.Diagram), c.Classes.Select(x => x.Diagram));
            // Compile time works at the declared exponents, run time at the exponents fitted from the modes.
            foreach (var (x, y) in c.Classes.Zip(r.Classes))
                Assert.True(Math.Abs(x.PExponent!.Value - y.PExponent!.Value) < 0.02, $"{name} {x.Diagram}: compile time P^{x.PExponent}, run time P^{y.PExponent}");
            // Second-order classes gather diagrams of equal power counting; classes of equal exponent may come in another order.
            Assert.Equal(r.SecondOrder!.Sum(x => x.DiagramCount), c.SecondOrder!.Sum(x => x.DiagramCount));
            Assert.Equal(r.SecondOrder!.Count, c.SecondOrder!.Count);
            foreach (var (x, y) in c.SecondOrder!.OrderBy(x => x.PExponent).Zip(r.SecondOrder!.OrderBy(x => x.PExponent)))
                Assert.True(Math.Abs(x.PExponent!.Value - y.PExponent!.Value) < 0.02, $"{name} second order {x.Diagram}: compile time P^{x.PExponent}, run time {y.Diagram} P^{y.PExponent}");
            Assert.Contains(c.Classes, x => x.Order == 1);
            Assert.All(c.SecondOrder!, x => Assert.Equal(2, x.Order));
        }
        Assert.Contains(compileTime.Perturbations.Single(p => p.Name == "Cubic").SecondOrder!, x => x.Partner == "Quartic");
        var text = model.Describe();
        Assert.Contains("k q p", text);
    }

    [Fact]
    public void Custom_vertices_predict_what_the_same_vertices_built_at_run_time_predict()
    {
        var type = GeneratorHarness.Load(Model(Custom)).GetType("V")!;
        var generated = (IRgModel)Activator.CreateInstance(type)!;
        var gaussian = GaussianModel.FromFunctions("ref", 200, k => Math.Pow(k, -2.0), 0.05, k => Math.Pow(k, -2.0));
        var reference = new InteractingModel(gaussian, [
            Perturbation.Vertex("Cubic", "k q p", _ => 2e-3, [new VertexMonomial(2e-3, 0, 0, 0)]),
            Perturbation.Vertex("Quartic", "k k q p", i => 1e-3 * Math.Sqrt((double)i[1] * i[2]), [new VertexMonomial(1e-3, 0, 0.5, 0.5)])]);
        foreach (var approximation in new[] { Approximation.FirstOrder, Approximation.SecondOrder })
        {
            var a = generated.Predict(40, approximation);
            var b = reference.Predict(40, approximation);
            Assert.Equal(approximation, a.Approximation);
            Assert.True(Math.Abs(a.NonGaussianCorrection) > 1e-6, $"the vertices must matter: δ = {a.NonGaussianCorrection}");
            Assert.Equal(b.NonGaussianCorrection, a.NonGaussianCorrection, Math.Abs(b.NonGaussianCorrection) * 1e-9);
        }
        Assert.Equal(Approximation.SecondOrder, generated.Predict(40).Approximation);
    }
}
