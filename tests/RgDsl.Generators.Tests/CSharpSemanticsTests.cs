using System.Diagnostics;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Tests;

/// <summary>
/// The generator's reading of user code means what C# means (integer division, overflow, conversions, precedence,
/// values a constructor sets), or it declines and the user's method is called; and the run-time guard refuses a model
/// whose closed forms compute other values than its methods.
/// </summary>
public class CSharpSemanticsTests
{
    private static string Model(string members, string modes = "1_000", string extra = "") => $$"""
        using System;
        using RgDsl;

        [RgModel(Modes = {{modes}})]
        public partial class M
        {
            [Ridge] public double Kappa => 1e-3;
        {{members}}
        }
        {{extra}}
        """;

    private static IRgModel Create(GeneratorOutcome outcome, string type = "M") =>
        (IRgModel)Activator.CreateInstance(GeneratorHarness.Load(outcome).GetType(type)!)!;

    private static bool Recognised(GeneratorOutcome outcome, string member) =>
        outcome.GeneratorDiagnostics.Any(d => d.Id == "RG0015" && d.GetMessage().Contains($"'{member}'"));

    [Fact]
    public void Integer_division_is_what_CSharp_computes_not_a_power_law()
    {
        // In C#, 1 / (k * k) with long k is 0 for every k ≥ 2: the spectrum is not k^-2, and the model must not say so.
        var outcome = GeneratorHarness.Run(Model("    [Spectrum] public double E(long k) => 1 / (k * k);"));
        Assert.False(Recognised(outcome, "E"));
        var warning = Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0042");
        Assert.Contains("at k = 2 it is 0, not 0.25", warning.GetMessage());
        // The user's method is what runs: its zero eigenvalue is refused at run time, naming the mode.
        var model = Create(outcome);
        var e = Assert.Throws<ArgumentException>(() => model.Predict(100));
        Assert.Contains("λ_2 = 0", e.Message);
    }

    [Theory]
    [InlineData("1.0 / (k * k)", "1_000", true)]                  // long product below 10⁶: exact
    [InlineData("1.0 / (k * k)", "RgModel.Infinite", false)]      // overflows for k > 3037000499
    [InlineData("1.0 / (k * k)", "4_000_000_000", false)]         // overflows for the last modes
    [InlineData("1.0 / ((double)k * k)", "RgModel.Infinite", true)]
    [InlineData("Math.Pow(k * 3, -2.0)", "1_000", true)]
    public void Integer_products_are_read_only_where_they_cannot_overflow(string body, string modes, bool recognised)
    {
        var outcome = GeneratorHarness.Run(Model($"    [Spectrum] public double E(long k) => {body};", modes));
        Assert.Equal(recognised, Recognised(outcome, "E"));
        if (!recognised) Assert.Contains("overflows", Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0042").GetMessage());
    }

    [Fact]
    public void A_checked_product_that_overflows_is_not_read_as_a_monomial()
    {
        // checked(k·q·long.MaxValue) throws for k·q ≥ 2 in C#; it is not 9.22e18·k·q.
        var outcome = GeneratorHarness.Run(Model("""
                [Spectrum] public double E(long k) => Math.Pow(k, -2.0);
                [Perturbation(Legs.PairLocal)] public double W(long k, long q) => checked(k * q * long.MaxValue) * 1e-30;
            """, "20"));
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id == "RG0021");
        Assert.Contains("overflows", Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0042").GetMessage());
        Assert.DoesNotContain("Monomial(", outcome.Sources.Values.Single());
    }

    [Theory]
    [InlineData("Math.Pow((int)k, -2.0)", "truncates or narrows")]
    [InlineData("Math.Pow((float)k, -2.0)", "has type 'float'")]
    [InlineData("F * Math.Pow(k, -2.0)", "has type 'float'")]
    public void Narrowing_conversions_and_float_arithmetic_are_not_read(string body, string reason)
    {
        var outcome = GeneratorHarness.Run(Model($"    [Spectrum] public double E(long k) => {body};\n    public float F => 0.5f * G; public float G => 3f;"));
        Assert.False(Recognised(outcome, "E"));
        Assert.Contains(reason, Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0008").GetMessage());
    }

    [Fact]
    public void Constants_keep_their_CSharp_values()
    {
        // 0.1f converted to double is 0.100000001490116…, and 1 / 3 is the integer 0: the closed form must use the same.
        var outcome = GeneratorHarness.Run(Model("    [Spectrum] public double E(long k) => 0.1f * Math.Pow(k, -2.0) + (1 / 3) * Math.Pow(k, -3.0);", "100"));
        Assert.Contains("recognised as 0.100000001490116·k^-2", outcome.GeneratorDiagnostics.Single(d => d.Id == "RG0015").GetMessage());
        var reference = GaussianModel.FromFunctions("ref", 100, k => 0.1f * Math.Pow(k, -2.0), 1e-3);
        Assert.Equal(reference.Predict(30).TestError, Create(outcome).Predict(30).TestError, 1e-12);
    }

    [Theory]
    [InlineData("2.0 / k * k", "recognised as 2;")]          // (2/k)·k, not 2/k²
    [InlineData("2.0 / (k * k)", "recognised as 2·k^-2;")]
    [InlineData("-Math.Pow(k, 2.0) * -1 / k / k / k", "recognised as k^-1;")]
    public void Precedence_is_the_syntax_trees(string body, string reading)
    {
        var outcome = GeneratorHarness.Run(Model($"    [Spectrum] public double E(long k) => {body};"));
        Assert.Contains(reading, outcome.GeneratorDiagnostics.Single(d => d.Id == "RG0015").GetMessage());
    }

    [Fact]
    public void A_property_a_constructor_assigns_is_not_read_as_its_initializer()
    {
        var outcome = GeneratorHarness.Run(Model("""
                public M() { Scale = 3; }
                public double Scale { get; } = 2;
                [Spectrum] public double E(long k) => Scale * Math.Pow(k, -2.0);
            """, "300"));
        Assert.False(Recognised(outcome, "E"));
        Assert.Contains("'Scale' is assigned in a constructor", outcome.GeneratorDiagnostics.Single(d => d.Id == "RG0008").GetMessage());
        var reference = GaussianModel.FromFunctions("ref", 300, k => 3 * Math.Pow(k, -2.0), 1e-3);
        Assert.Equal(reference.Predict(30).TestError, Create(outcome).Predict(30).TestError, 1e-12);
    }

    [Theory]
    [InlineData("[Perturbation(Legs.ModeLocal)] public double U(long k) => U(k) + 1e-3;", "U → U")]
    [InlineData("[Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3 * V(k) * V(q); public double V(long k) => 2 * V(k + 1);", "V → V")]
    [InlineData("[Perturbation(Legs.ModeLocal)] public double U(long k) => V(k); public double V(long k) => Math.Sqrt(U(k + 1));", "U → V → U")]
    public void A_recursion_is_found_without_deep_recursion_in_the_generator(string perturbation, string path)
    {
        var outcome = GeneratorHarness.Run(Model("    [Spectrum] public double E(long k) => Math.Pow(k, -2.0);\n    " + perturbation, "10"));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0040");
        Assert.Contains(path, d.GetMessage());
        Assert.Empty(outcome.Sources); // an error: nothing is emitted that would overflow the stack at run time
    }

    [Fact]
    public void Huge_or_deep_expressions_are_declined_quickly()
    {
        // Ten calls per level, six levels: 10⁶ inlined calls if read naively.
        var helpers = string.Concat(Enumerable.Range(0, 6).Select(i =>
            $"public double H{i}(long k) => {string.Join(" + ", Enumerable.Repeat($"H{i + 1}(k)", 10))};\n"));
        var deep = string.Join(" + ", Enumerable.Repeat("k", 3000));
        var clock = Stopwatch.StartNew();
        var outcome = GeneratorHarness.Run(Model($$"""
                [Spectrum] public double E(long k) => Math.Pow(k, -2.0);
                [Perturbation(Legs.ModeLocal)] public double U(long k) => 1e-3 * H0(k);
                [Perturbation(Legs.Quadratic)] public double D(long k) => 1e-9 * ({{deep}});
                {{helpers}}
                public double H6(long k) => 1;
            """, "10"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var reasons = outcome.GeneratorDiagnostics.Where(d => d.Id == "RG0019").Select(d => d.GetMessage()).ToList();
        Assert.Contains(reasons, m => m.Contains("'U'") && m.Contains("too large"));
        Assert.Contains(reasons, m => m.Contains("'D'") && m.Contains("nests too deeply"));
        Assert.Empty(outcome.CompileErrors);
    }

    [Fact]
    public void The_guard_refuses_a_closed_form_that_computes_other_values_than_the_method()
    {
        // What C# computes for 1 / (k * k) against the k^-2 it was once read as: the guard names the member and mode 2.
        var e = Assert.Throws<InvalidOperationException>(() =>
            ClosedFormGuard.CheckModeFunction("Bad", "E", "k^-2", 1000, k => 1 / (k * k), k => Math.Pow(k, -2)));
        Assert.Contains("Bad.E", e.Message);
        Assert.Contains("at k = 2 the method returns 0 and the closed form 0.25", e.Message);
        // Equal within 1e-12 relative passes, and so does underflow.
        ClosedFormGuard.CheckModeFunction("Good", "E", "3·k^-2.5", RgModel.Infinite, k => 3 * Math.Pow(k, -2) / Math.Sqrt(k), k => 3 * Math.Pow(k, -2.5));
        ClosedFormGuard.CheckModeFunction("Tiny", "E", "k^-40", RgModel.Infinite, k => Math.Pow(2.0 * k, -40) * Math.Pow(2, 40), k => Math.Pow(k, -40));
    }

    [Fact]
    public void The_probe_modes_include_the_first_modes_a_log_spaced_sample_and_the_last_tabulated_mode()
    {
        var probes = ClosedFormGuard.ProbeModes(100_000);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], probes.Take(8));
        Assert.Contains(512, probes);      // the last mode of a power law's exact head
        Assert.Contains(513, probes);      // the first of its closed-form tail
        Assert.Equal(100_000, probes[^1]);
        Assert.True(probes.Count(k => k > 1000) >= 6, "a log-spaced sample over the decades");
        Assert.Equal(1_000_000_000_000_000, ClosedFormGuard.ProbeModes(RgModel.Infinite)[^1]);
    }

    [Fact]
    public void A_generated_model_whose_spectrum_is_overridden_refuses_to_run()
    {
        var outcome = GeneratorHarness.Run(Model("    [Spectrum] public virtual double E(long k) => Math.Pow(k, -2.0);", "RgModel.Infinite",
            "public class Derived : M { public override double E(long k) => Math.Pow(k, -3.0); }"));
        Assert.True(Recognised(outcome, "E"));
        Assert.True(Create(outcome).Predict(100).TestError > 0); // the class as declared runs
        var e = Assert.Throws<InvalidOperationException>(() => Create(outcome, "Derived").Predict(100));
        Assert.Contains("M.E", e.Message);
        Assert.Contains("at k = 2", e.Message);
    }

    [Fact]
    public void A_generated_model_whose_weight_is_overridden_refuses_to_run()
    {
        var outcome = GeneratorHarness.Run(Model("""
                [Spectrum] public double E(long k) => Math.Pow(k, -2.0);
                [Perturbation(Legs.PairLocal)] public virtual double W(long k, long q) => 1e-3;
            """, "50", "public class Derived : M { public override double W(long k, long q) => 1e-3 * k * q; }"));
        Assert.Contains(outcome.GeneratorDiagnostics, d => d.Id == "RG0021");
        Assert.True(Create(outcome).Predict(20, Approximation.FirstOrder).TestError > 0);
        var e = Assert.Throws<InvalidOperationException>(() => Create(outcome, "Derived").Predict(20, Approximation.FirstOrder));
        Assert.Contains("M.W", e.Message);
        Assert.Contains("(k, q) = (1, 2)", e.Message);
        Assert.Contains("monomial expansion", e.Message);
    }

    [Fact]
    public void A_generated_model_whose_unit_multiplicity_is_overridden_refuses_to_run()
    {
        var outcome = GeneratorHarness.Run(Model("""
                [Spectrum] public double E(long k) => Math.Pow(k, -2.0);
                [Multiplicity] public virtual long N(long k) => 1;
            """, "100", "public class Derived : M { public override long N(long k) => k == 5 ? 2 : 1; }"));
        Assert.True(Create(outcome).Predict(20).TestError > 0);
        var e = Assert.Throws<InvalidOperationException>(() => Create(outcome, "Derived").Predict(20));
        Assert.Contains("M.N", e.Message);
        Assert.Contains("at k = 5", e.Message);
    }
}
