using System.Reflection;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Tests;

public class ScalingGeneratorTests
{
    private static string Model(string attributes, string perturbations, string ridge = "1e-3", string modes = "1_000_000") => $$"""
        using System;
        using RgDsl;

        {{attributes}}
        [RgModel(Modes = {{modes}})]
        public partial class Net
        {
            [Parameter] public double Alpha { get; init; } = 1.0;
            [Parameter] public double Beta { get; init; } = 1.0;
            [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
            [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
            [Ridge] public double Kappa => {{ridge}};
        {{perturbations}}
        }
        """;

    private const string Quartic = "    [Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3;";
    private const string Marginal = "    [Perturbation(Legs.PairLocal)] public double F(long k, long q) => -1e-3 / (Eigenvalue(k) * Eigenvalue(q));";

    private static string At(GeneratorOutcome outcome, Diagnostic d)
    {
        var tree = outcome.Compilation.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path);
        return tree.GetText().ToString(d.Location.SourceSpan);
    }

    [Fact]
    public void Compile_time_scaling_has_formulas_in_the_parameters()
    {
        var assembly = GeneratorHarness.Load(Model("", Quartic));
        var report = (ScalingReport)assembly.GetType("Net")!.GetField("CompileTimeScaling")!.GetValue(null)!;
        Assert.Equal("Alpha", report.AlphaFormula);
        Assert.Equal("Beta", report.BetaFormula);
        var u = report.Perturbations.Single();
        Assert.Equal("2 + 2*Alpha", u.ExponentFormula);
        Assert.Equal(4, u.Exponent);
        Assert.Equal(Classification.Relevant, u.Classification);
        var tadpole = u.Classes.Single(c => c.Name == "fluctuation tadpole");
        Assert.Equal("-1 - 2*Alpha", tadpole.KpFormula);
        Assert.Equal(-3, tadpole.KpExponent);
        Assert.Equal("(-1 - 2*Alpha)/(1 + Alpha)", tadpole.PFormula);
        Assert.Equal(SumDominance.Threshold, tadpole.Dominance);
        Assert.Contains(tadpole.Conditions, c => c.Contains("Σ_q q^b L") && c.Contains("dominated at k_P"));
    }

    [Fact]
    public void Compile_time_and_run_time_exponents_agree_side_by_side()
    {
        var assembly = GeneratorHarness.Load(Model("", Quartic + "\n" + Marginal));
        var type = assembly.GetType("Net")!;
        var compileTime = (ScalingReport)type.GetField("CompileTimeScaling")!.GetValue(null)!;
        var runTime = (ScalingReport)type.GetMethod("Scaling")!.Invoke(Activator.CreateInstance(type), [new ScalingOptions(Points: 5)])!;
        foreach (var (symbolic, numeric) in compileTime.Perturbations.Zip(runTime.Perturbations))
        {
            Assert.Equal(symbolic.Name, numeric.Name);
            Assert.Equal(symbolic.Classification, numeric.Classification);
            foreach (var (s, n) in symbolic.Classes.Zip(numeric.Classes))
            {
                Assert.Equal(s.Name, n.Name);
                Assert.Equal(s.PExponent!.Value, n.PExponent!.Value, 9);
                Assert.True(Math.Abs(s.PExponent.Value - n.FittedPExponent!.Value) <= 0.05, $"{symbolic.Name}/{s.Name}: {s.PExponent} vs fitted {n.FittedPExponent}");
            }
        }
    }

    [Fact]
    public void RG0022_reports_the_interval_and_RG0024_the_cutoff_sensitive_class()
    {
        var outcome = GeneratorHarness.Run(Model("", Marginal));
        var info = Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0022");
        Assert.Equal("F", At(outcome, info));
        Assert.True(info.GetMessage().Contains("scaling interval [-1, 0] at the declared defaults, ObservableDependent"), info.GetMessage());
        var cutoff = Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0024");
        Assert.Equal(DiagnosticSeverity.Warning, cutoff.Severity);
        Assert.Contains("fluctuation tadpole is dominated by the cutoff M (∝ M^1)", cutoff.GetMessage());
    }

    [Fact]
    public void RG0023_warns_about_an_irrelevant_perturbation()
    {
        var outcome = GeneratorHarness.Run(Model("", "    [Perturbation(Legs.Quadratic)] public double Mass(long k) => 1e-6 * Math.Pow(k, 3.0);"));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0023");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("Mass", At(outcome, d));
        Assert.Contains("[-1, -1]", d.GetMessage());
    }

    [Fact]
    public void RG0025_when_a_weight_cannot_be_analysed()
    {
        var outcome = GeneratorHarness.Run(Model("", "    [Perturbation(Legs.PairLocal)] public double G(long k, long q) => 1e-3 * Math.Exp(-(k + q));"));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0025");
        Assert.Equal("G", At(outcome, d));
        Assert.Contains("not a sum of monomials", d.GetMessage());
        Assert.Empty(outcome.CompileErrors);
    }

    [Theory]
    [InlineData("[Expect(Universality.GaussianProcess)]", Quartic)]
    [InlineData("[Expect(\"U\", Classification.Relevant)]", Quartic)]
    [InlineData("[Expect(\"F\", Classification.ObservableDependent)]", Marginal)]
    [InlineData("[Expect(Universality.Broken)]", Marginal)]
    [InlineData("[Expect(LearningCurveExponent = -0.5, Tolerance = 1e-9)]", Quartic)]
    [InlineData("[Expect(\"U\", Diagram = \"fluctuation tadpole\", PExponent = -1.5, Tolerance = 1e-9)]", Quartic)] // k_P^-(1+2α) = P^-(1+2α)/(1+α) at α = 1
    [InlineData("[Expect(\"U\", Diagram = \"U(k,k) G_k² f̄_k\", PExponent = -2, Tolerance = 1e-9)]", Quartic)] // by formula: the cross contraction, k_P^-(2+2α)
    [InlineData("[Expect(\"U\", Diagram = \"U(k,q) G_k² G_q\", PExponent = -1.5, Tolerance = 1e-9)]", Quartic)] // a G_k class: t² Σ L², k_P^(1-2(1+α))
    [InlineData("[Expect(\"U\", Diagram = \"U(k,q) U(k,p) G_k³ G_q G_p\", PExponent = -3, Tolerance = 1e-9)]", Quartic)] // second-order G_k: two tadpoles, k_P^(2-4(1+α))
    public void A_claim_that_holds_builds(string claim, string perturbation)
    {
        var outcome = GeneratorHarness.Run(Model(claim, perturbation));
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id is "RG0026" or "RG0027");
        Assert.Empty(outcome.CompileErrors);
        Assert.NotEmpty(outcome.Sources);
    }

    [Theory]
    [InlineData("[Expect(Universality.GaussianProcess)]", Marginal, "'F' ObservableDependent with interval [-1, 0]")]
    [InlineData("[Expect(\"U\", Classification.Marginal)]", Quartic, "'U' Relevant with y = 2 + 2*Alpha")]
    [InlineData("[Expect(\"Nope\", Classification.Marginal)]", Quartic, "no perturbation named 'Nope'")]
    [InlineData("[Expect(LearningCurveExponent = -1, Tolerance = 1e-3)]", Quartic, "the ridge-dominated regime (κ > 0, σ² = 0): exponent -β/(1 + α) = -0.5, with α = Alpha = 1, β = Beta = 1")]
    [InlineData("[Expect(\"U\", Diagram = \"fluctuation tadpole\", PExponent = -1, Tolerance = 1e-3)]", Quartic,
        "'fluctuation tadpole' of 'U' (order 1) ∝ P^-1.5 with exponent (-1 - 2*Alpha)/(1 + Alpha), Threshold-dominated")]
    [InlineData("[Expect(\"U\", Diagram = \"no such class\", PExponent = 0)]", Quartic, "no diagram class 'no such class' of 'U'; its classes: 'fluctuation tadpole'")]
    [InlineData("[Expect(\"U\", Diagram = \"U(k,q) U(k,p) G_k³ G_q G_p\", PExponent = -2, Tolerance = 1e-3)]", Quartic,
        "'U(k,q) U(k,p) G_k³ G_q G_p' of 'U' (order 2) ∝ P^-3 with exponent (-2 - 4*Alpha)/(1 + Alpha), Threshold-dominated")]
    public void A_claim_the_analysis_contradicts_fails_the_build_at_the_attribute(string claim, string perturbation, string finding)
    {
        var outcome = GeneratorHarness.Run(Model(claim, perturbation));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0026");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(claim.Trim('[', ']'), At(outcome, d));
        Assert.True(d.GetMessage().Contains(finding), d.GetMessage());
        Assert.Empty(outcome.Sources);
    }

    // The double fluctuation tadpole of U (two tadpoles on the external line): the square of the first-order tadpole's
    // relative correction, (P^-1.5)² = P^-3 at α = β = 1.
    private const string SecondOrderTadpole = "U(k,q) U(k,p) G_k² f̄_k G_q G_p";

    [Fact]
    public void A_claim_about_a_second_order_class_builds_when_it_holds_and_fails_at_the_attribute_when_not()
    {
        var holds = GeneratorHarness.Run(Model($"[Expect(\"U\", Diagram = \"{SecondOrderTadpole}\", PExponent = -3, Tolerance = 1e-9)]", Quartic));
        Assert.DoesNotContain(holds.GeneratorDiagnostics, d => d.Id is "RG0026" or "RG0027" or "RG0041");
        Assert.Empty(holds.CompileErrors);

        var claim = $"Expect(\"U\", Diagram = \"{SecondOrderTadpole}\", PExponent = -2.5, Tolerance = 1e-3)";
        var wrong = GeneratorHarness.Run(Model("[" + claim + "]", Quartic));
        var d = Assert.Single(wrong.GeneratorDiagnostics, x => x.Id == "RG0026");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(claim, At(wrong, d));
        Assert.Contains($"'{SecondOrderTadpole}' of 'U' (order 2) ∝ P^-3", d.GetMessage());

        // The same claim about a perturbation whose weight cannot be analysed: undecided (RG0027), at the attribute.
        var openClaim = $"Expect(\"G\", Diagram = \"{SecondOrderTadpole}\", PExponent = -3)";
        var open = GeneratorHarness.Run(Model("[" + openClaim + "]", Quartic + "\n    [Perturbation(Legs.PairLocal)] public double G(long k, long q) => 1e-3 * Math.Exp(-(k + q));"));
        var u = Assert.Single(open.GeneratorDiagnostics, x => x.Id == "RG0027");
        Assert.Equal(openClaim, At(open, u));
        Assert.Contains("not a sum of monomials", u.GetMessage());
    }

    [Theory]
    [InlineData("Expect(\"U\", PExponent = -1.5)", "Diagram", "names the class")]
    [InlineData("Expect(\"U\", Diagram = \"fluctuation tadpole\")", "PExponent", "sets the exponent of P it claims")]
    [InlineData("Expect(\"U\", Diagram = \"\", PExponent = -1.5)", "Diagram", "names the class")]
    public void RG0041_for_a_diagram_claim_without_its_diagram_or_exponent(string claim, string missing, string message)
    {
        var outcome = GeneratorHarness.Run(Model("[" + claim + "]", Quartic));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0041");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.StartsWith("[Expect] " + missing, d.GetMessage());
        Assert.Contains(message, d.GetMessage());
        // Reported at the attribute (the missing argument has no syntax of its own), or at the empty Diagram argument.
        Assert.Contains(At(outcome, d), claim);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, x => x.Id is "RG0026" or "RG0027");
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void CompileTimeScaling_lists_the_G_k_classes_and_the_train_error_classes_with_their_exponents()
    {
        var model = (IDeclaredModel)Activator.CreateInstance(GeneratorHarness.Load(Model("", Quartic)).GetType("Net")!)!;
        var u = Assert.Single(model.CompileTimeScaling!.Perturbations);
        // δG_k = −G_k² Σ_q U G_q: δΣG/ΣG⁰ = t² Σ_k L_k² ∝ k_P^(1 − 2(1+α)) = P^-1.5 at α = 1 (Σ L² ∝ k_P at the threshold).
        var tadpole = Assert.Single(u.VarianceClasses!, c => c.Diagram == "U(k,q) G_k² G_q");
        Assert.Equal(-1.5, tadpole.PExponent!.Value, 12);
        Assert.Equal("(-1 - 2*Alpha)/(1 + Alpha)", tadpole.PFormula);
        // The cross contraction on G: 3 U G_k³ on the mode itself, δΣG/ΣG⁰ = t² Σ L³/Σ L ∝ k_P^-2(1+α) = P^-2.
        Assert.Equal(-2, Assert.Single(u.VarianceClasses!, c => c.Diagram == "U(k,k) G_k³").PExponent!.Value, 12);
        Assert.Same(u.Classes, u.TrainErrorClasses);
        Assert.Contains("G_k", model.Describe());
        // The run time lists the same G_k classes, fitted.
        var runTime = Assert.Single(model.Scaling(new ScalingOptions(Points: 4)).Perturbations);
        Assert.Equal(u.VarianceClasses!.Select(c => c.Diagram), runTime.VarianceClasses!.Select(c => c.Diagram));
        Assert.All(runTime.VarianceClasses!, c => Assert.True(Math.Abs(c.FittedPExponent!.Value - c.PExponent!.Value) <= 0.05, $"{c.Name}: predicted {c.PExponent}, fitted {c.FittedPExponent}"));
    }

    [Fact]
    public void CompileTimeScaling_lists_the_second_order_G_k_classes_with_their_exponents()
    {
        var model = (IDeclaredModel)Activator.CreateInstance(GeneratorHarness.Load(Model("", Quartic)).GetType("Net")!)!;
        var u = Assert.Single(model.CompileTimeScaling!.Perturbations);
        Assert.NotEmpty(u.VarianceSecondOrder!);
        Assert.All(u.VarianceSecondOrder!, c => Assert.Equal(2, c.Order));
        // Two tadpoles in a chain, G_k³ (Σ_q U G_q)², or nested, G_k² Σ_q U G_q² Σ_p U G_p: t⁴ (Σ L)² Σ L³ / Σ L ∝
        // k_P^(2 − 4(1+α)) = P^-3 at α = 1 (each Σ Lⁿ ∝ k_P at the threshold).
        var tadpoles = Assert.Single(u.VarianceSecondOrder!, c => c.PFormula == "(-2 - 4*Alpha)/(1 + Alpha)");
        Assert.Equal(-3, tadpoles.PExponent!.Value, 12);
        // The sunset: G_k² · G_k Σ_q U(k,q)² G_q², t⁴ Σ L³ Σ L² / Σ L ∝ k_P^(1 − 4(1+α)) = P^-3.5.
        Assert.Equal(-3.5, Assert.Single(u.VarianceSecondOrder!, c => c.PFormula == "(-3 - 4*Alpha)/(1 + Alpha)").PExponent!.Value, 12);
        Assert.Contains("G_k 2nd", model.Describe());
        // The run time has the same exponents, fitted on the ladder within 0.05 (its classes group by the numbers at the
        // fitted α and β, so classes whose formulas differ but agree there are one class at run time).
        var runTime = Assert.Single(model.Scaling(new ScalingOptions(Points: 4, MeasuredOrder: 2)).Perturbations);
        static IEnumerable<double> Exponents(IEnumerable<DiagramClassScaling> classes) => classes.Select(c => Math.Round(c.PExponent!.Value, 9)).Distinct().Order();
        Assert.Equal(Exponents(u.VarianceSecondOrder!), Exponents(runTime.VarianceSecondOrder!));
        Assert.All(runTime.VarianceSecondOrder!, c => Assert.True(Math.Abs(c.FittedPExponent!.Value - c.PExponent!.Value) <= 0.05, $"{c.Name}: predicted {c.PExponent}, fitted {c.FittedPExponent}"));
    }

    [Fact]
    public void RG0027_when_the_claim_cannot_be_decided()
    {
        var outcome = GeneratorHarness.Run(Model("[Expect(Universality.GaussianProcess)]", "    [Perturbation(Legs.PairLocal)] public double G(long k, long q) => 1e-3 * Math.Exp(-(k + q));"));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0027");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("not analysed: G", d.GetMessage());
    }

    [Fact]
    public void Ridgeless_learning_curve_exponent_uses_the_ridgeless_law()
    {
        var outcome = GeneratorHarness.Run(Model("[Expect(LearningCurveExponent = -1)]", "", ridge: "0"));
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id == "RG0026");
        var wrong = GeneratorHarness.Run(Model("[Expect(LearningCurveExponent = -0.5)]", "", ridge: "0"));
        Assert.Contains("(ridgeless)", Assert.Single(wrong.GeneratorDiagnostics, d => d.Id == "RG0026").GetMessage());
    }

    [Theory]
    [InlineData("0", "-1", "without noise -β (ridgeless) = -1")]
    [InlineData("1e-3", "-0.5", "without noise -β/(1 + α) = -0.5")]
    public void A_noiseless_exponent_claimed_for_a_noisy_model_fails_the_build_with_the_reason(string ridge, string claim, string noiseless)
    {
        var noisy = Model($"[Expect(LearningCurveExponent = {claim})]", "    [LabelNoise] public double Noise => 0.01;", ridge: ridge);
        var d = Assert.Single(GeneratorHarness.Run(noisy).GeneratorDiagnostics, x => x.Id == "RG0026");
        Assert.Contains("the noise-dominated regime (label noise σ² = 0.01 > 0 floors ε at E₀σ²): exponent 0; " + noiseless, d.GetMessage());
        // The claim the noise does make holds, and a noise that is not a constant leaves the claim undecided.
        Assert.DoesNotContain(GeneratorHarness.Run(Model("[Expect(LearningCurveExponent = 0)]", "    [LabelNoise] public double Noise => 0.01;", ridge: ridge)).GeneratorDiagnostics,
            x => x.Id is "RG0026" or "RG0027");
        var open = GeneratorHarness.Run(Model($"[Expect(LearningCurveExponent = {claim})]", "    private readonly double _noise = 0.01;\n    [LabelNoise] public double Noise => _noise;", ridge: ridge));
        Assert.Contains("the label noise is not a constant", Assert.Single(open.GeneratorDiagnostics, x => x.Id == "RG0027").GetMessage());
    }

    [Fact]
    public void Numeric_expectation_check_agrees_with_the_compile_time_one()
    {
        var assembly = GeneratorHarness.Load(Model("[Expect(\"U\", Classification.Relevant)]\n[Expect(Universality.GaussianProcess)]", Quartic));
        var model = (IDeclaredModel)Activator.CreateInstance(assembly.GetType("Net")!)!;
        var results = ScalingExpectations.Check(model.Declaration, model.Scaling(new ScalingOptions(Points: 4)));
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Holds, r.Claim + ": " + r.Detail));
    }

    [Fact]
    public void A_diagram_class_claim_is_checked_at_run_time_against_the_fitted_exponent()
    {
        var assembly = GeneratorHarness.Load(Model("[Expect(\"U\", Diagram = \"fluctuation tadpole\", PExponent = -1.5, Tolerance = 1e-9)]", Quartic));
        var model = (IDeclaredModel)Activator.CreateInstance(assembly.GetType("Net")!)!;
        var claim = Assert.Single(model.Declaration.Expectations);
        Assert.Equal(("U", "fluctuation tadpole", -1.5), (claim.Perturbation, claim.Diagram, claim.PExponent));
        var report = model.Scaling(new ScalingOptions(Points: 4));
        var holds = Assert.Single(ScalingExpectations.Check(model.Declaration, report));
        Assert.True(holds.Holds, holds.Claim + ": " + holds.Detail);
        Assert.Contains("fitted", holds.Detail);
        // The same class claimed to decay as P^-1: the fit (within 0.05 of -1.5) refutes it.
        var wrong = model.Declaration with { Expectations = [claim with { PExponent = -1.0 }] };
        var fails = Assert.Single(ScalingExpectations.Check(wrong, report));
        Assert.False(fails.Holds, fails.Detail);
        var unknown = model.Declaration with { Expectations = [claim with { Diagram = "no such class" }] };
        Assert.Contains("no diagram class 'no such class' of U", Assert.Single(ScalingExpectations.Check(unknown, report)).Detail);
    }

    [Fact]
    public void A_G_k_class_claim_is_checked_at_run_time_against_the_fitted_exponent()
    {
        // The second-order G_k class of two tadpoles, k_P^(2 − 4(1+α)) = P^-3 at α = 1, fitted on the ladder.
        var assembly = GeneratorHarness.Load(Model("[Expect(\"U\", Diagram = \"U(k,q) U(k,p) G_k³ G_q G_p\", PExponent = -3, Tolerance = 1e-9)]", Quartic));
        var model = (IDeclaredModel)Activator.CreateInstance(assembly.GetType("Net")!)!;
        var report = model.Scaling(new ScalingOptions(Points: 4, MeasuredOrder: 2));
        var holds = Assert.Single(ScalingExpectations.Check(model.Declaration, report));
        Assert.True(holds.Holds, holds.Claim + ": " + holds.Detail);
        Assert.Contains("fitted", holds.Detail);
        var wrong = model.Declaration with { Expectations = [model.Declaration.Expectations[0] with { PExponent = -2.5 }] };
        Assert.False(Assert.Single(ScalingExpectations.Check(wrong, report)).Holds);
    }
}
