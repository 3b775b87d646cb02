extern alias generator;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Tests;

/// <summary>
/// RG0080 (issue 21, item 4): where the generator sees the weights' sign at the declared defaults, an action that is
/// unbounded below is reported at compile time on the perturbation: a leading vertex with an odd number of legs
/// (whatever its sign), or even leading vertices that are all negative. A bounded action, a leading term of mixed or
/// unknown sign, or a cubic below a positive quartic gets nothing. The run time's UnboundedReason agrees (tested in
/// UnboundedVertexTests).
/// </summary>
public class UnboundedActionDiagnosticTests
{
    private static string Model(string perturbations) => $$"""
        using System;
        using RgDsl;

        [RgModel(Modes = 50)]
        public partial class V
        {
            [Parameter] public double G { get; set; } = -1;
            [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
            [Ridge] public double Kappa => 0.05;
            {{perturbations}}
        }
        """;

    [Theory]
    [InlineData("[Perturbation(\"k q p\")] public double Cubic(long k, long q, long p) => 2e-3;", "Cubic", "odd")]
    [InlineData("[Perturbation(\"k q p\")] public double Cubic(long k, long q, long p) => -2e-3;", "Cubic", "odd")]
    [InlineData("[Perturbation(\"k k q p\")] public double Quartic(long k, long q, long p) => G * Math.Pow(q * (double)p, 0.5);", "Quartic", "negative at every mode")]
    [InlineData("[Perturbation(\"k q p\")] public double Cubic(long k, long q, long p) => 1e-3;\n[Perturbation(Legs.ModeLocal)] public double B(long k) => -0.1;", "B", "negative at every mode")]
    public void An_unbounded_action_is_reported_on_its_leading_perturbation(string declarations, string at, string reason)
    {
        var outcome = GeneratorHarness.Run(Model(declarations));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0080");
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Contains(reason, d.GetMessage());
        Assert.Contains($"'{at}'", d.GetMessage());
        var text = outcome.Compilation.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path).GetText().ToString(d.Location.SourceSpan);
        Assert.Contains(at, text);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, x => x.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("[Perturbation(\"k k q p\")] public double Quartic(long k, long q, long p) => 1e-3 * Math.Pow(q * (double)p, 0.5);")]
    [InlineData("[Perturbation(\"k q p\")] public double Cubic(long k, long q, long p) => 1e-3;\n[Perturbation(Legs.ModeLocal)] public double B(long k) => 0.1;")]
    [InlineData("[Perturbation(\"k q p\")] public double Cubic(long k, long q, long p) => 0;")]
    [InlineData("[Perturbation(Legs.ModeLocal)] public double B(long k) => 0.1 - 0.2 / k;")]
    public void A_bounded_or_undecided_action_gets_nothing(string declarations)
    {
        var outcome = GeneratorHarness.Run(Model(declarations));
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, x => x.Id == "RG0080");
    }
}
