extern alias generator;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace RgDsl.Generators.Tests;

/// <summary>
/// The generator and the runtime answer the same questions with the same code (the shared files linked into the
/// generator). These tests hold them to it on a matrix of models, and hold the answers to THEORY §2.3 and to the
/// numerics of the learning curves themselves.
/// </summary>
public class GeneratorRuntimeAgreementTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(typeof(Legs), typeof(generator::RgDsl.Legs))]
    [InlineData(typeof(Classification), typeof(generator::RgDsl.Classification))]
    [InlineData(typeof(Universality), typeof(generator::RgDsl.Universality))]
    [InlineData(typeof(SumDominance), typeof(generator::RgDsl.SumDominance))]
    [InlineData(typeof(DiagramClass), typeof(generator::RgDsl.DiagramClass))]
    public void Generator_enums_match_the_runtime_enums(Type runtime, Type compileTime)
    {
        // Two assemblies: the generator reads attribute arguments as numbers and emits names, so both must agree.
        Assert.Equal(typeof(generator::RgDsl.Generators.RgModelGenerator).Assembly, compileTime.Assembly);
        Assert.NotEqual(runtime.Assembly, compileTime.Assembly);
        Assert.Equal(Enum.GetNames(runtime), Enum.GetNames(compileTime));
        Assert.Equal(Enum.GetValues(runtime).Cast<object>().Select(Convert.ToInt32), Enum.GetValues(compileTime).Cast<object>().Select(Convert.ToInt32));
    }

    [Fact]
    public void Diagram_class_names_match()
    {
        foreach (var c in Enum.GetValues<DiagramClass>())
            Assert.Equal(c.DisplayName(), generator::RgDsl.DiagramClassNames.DisplayName((generator::RgDsl.DiagramClass)(int)c));
    }

    /// <summary>
    /// Infinite-rank power laws λ_k = k^-(1+α), y_k² = k^-(1+β): the exponent THEORY §2.3 gives (written out by hand
    /// here), the ridge, label noise, and whether P = 10⁹ is asymptotic enough to check it against the local slope.
    /// </summary>
    public static TheoryData<string, double, double, string, string, double, bool> Matrix => new()
    {
        // name, α, β, κ, σ², exponent, slope checked (within 0.02 of the exponent at P = 10⁹)
        { "ridgeless", 1, 1, "0", "0", -1, true },                        // −min(β, 2(1+α)) = −1
        { "ridgeDominated", 1, 1, "1e-3", "0", -0.5, true },              // −β/(1+α)
        { "crossover", 1, 2, "1e-5", "0", -1, true },                      // ridgeless-like (−2) up to P ≈ κ^(-1/α) = 10⁵, then −β/(1+α) = −1
        { "saturated", 0.5, 4, "1e-3", "0", -2, false },                  // −2(1+α)/(1+α) = −2: β above 2(1+α)
        { "saturatedRidgeless", 0.5, 4, "0", "0", -3, false },            // −2(1+α) = −3
        { "noisy", 1, 1, "1e-3", "1e-2", 0, true },                       // noise-dominated: ε floors at E₀σ², exponent 0
        { "noisyRidgeless", 1, 1, "0", "1e-2", 0, true },                  // noise-dominated: ε floors at E₀σ² with E₀ → 1 + α
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Learning_curve_exponent_agrees_at_compile_time_and_at_run_time(string name, double alpha, double beta, string ridge, string noise, double exponent, bool checkSlope)
    {
        var source = $$"""
            using System;
            using RgDsl;

            [RgModel]
            [Expect(LearningCurveExponent = {{exponent.ToString("R", CultureInfo.InvariantCulture)}})]
            public partial class {{name}}
            {
                [Parameter] public double Alpha { get; init; } = {{alpha.ToString("R", CultureInfo.InvariantCulture)}};
                [Parameter] public double Beta { get; init; } = {{beta.ToString("R", CultureInfo.InvariantCulture)}};
                [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
                [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
                [Ridge] public double Kappa => {{ridge}};
                [LabelNoise] public double Noise => {{noise}};
            }
            """;
        // Compile time: the claim holds (no RG0026), and the emitted analysis carries the same exponent.
        var outcome = GeneratorHarness.Run(source);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id is "RG0026" or "RG0027");
        var model = (IDeclaredModel)Activator.CreateInstance(GeneratorHarness.Load(outcome).GetType(name)!)!;
        var compileTime = model.CompileTimeScaling!;
        Assert.Equal(ridge == "0", compileTime.Ridgeless);
        Assert.Equal(exponent, compileTime.LearningCurveExponent, 12);

        // Run time: α and β fitted from the spectrum, the same law, the same verdict on the claim.
        var runTime = model.Scaling();
        Assert.Equal(compileTime.Ridgeless, runTime.Ridgeless);
        Assert.Equal(alpha, runTime.Alpha, 9);
        Assert.Equal(beta, runTime.Beta, 9);
        Assert.Equal(exponent, runTime.LearningCurveExponent, 9);
        var check = Assert.Single(ScalingExpectations.Check(model.Declaration, runTime));
        Assert.True(check.Holds, check.Detail);

        // The numerics: the local slope of the learning curve at P = 10⁹ approaches the exponent.
        if (checkSlope)
        {
            var slope = model.LearningCurve(1e9).LocalExponents[0];
            output.WriteLine(FormattableString.Invariant($"{name}: local slope {slope:0.0000} at P = 1e9, predicted {exponent}"));
            Assert.True(Math.Abs(slope - exponent) < 0.02, FormattableString.Invariant($"{name}: local slope {slope:0.0000} at P = 1e9 against {exponent}"));
        }
    }

    /// <summary>λ_k = k^-1.5 exactly, y_k² = k^-1.25 with an independent ±30% scatter per mode (like squared projections).</summary>
    private static (double[] Lambda, double[] Target) NoisyTable(int n)
    {
        var random = new Random(7);
        var lambda = Enumerable.Range(1, n).Select(k => Math.Pow(k, -1.5)).ToArray();
        var target = Enumerable.Range(1, n).Select(k => Math.Pow(k, -1.25) * (0.7 + 0.6 * random.NextDouble())).ToArray();
        return (lambda, target);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(2000)]
    public void Table_exponents_agree_at_compile_time_and_at_run_time(int n)
    {
        var (lambda, target) = NoisyTable(n);
        string Csv(double[] values) => string.Join("\n", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\n";
        var files = new Dictionary<string, string> { ["/p/spectrum.csv"] = Csv(lambda), ["/p/target.csv"] = Csv(target) };
        const string source = """
            using RgDsl;

            [RgModel]
            [Spectrum(File = "spectrum.csv", PowerLawTail = true)]
            [Target(File = "target.csv")]
            public partial class Measured { [Ridge] public double Kappa => 1e-2; }
            """;
        // Compile time: the exponents the generator fitted, as emitted for the tail (round-trip literals).
        var outcome = GeneratorHarness.RunWithFiles(files, source);
        var call = Regex.Match(outcome.Sources.Values.Single(), @"EmpiricalModel\.Spectrum\(__RgSpectrumTable, __RgTargetTable, ""spectrum.csv"", ([0-9.E-]+)d, ([0-9.E-]+)d\)");
        Assert.True(call.Success, "no tailed spectrum in the generated source");
        var (alpha, beta) = (double.Parse(call.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(call.Groups[2].Value, CultureInfo.InvariantCulture));

        // Run time, three ways: the generated model, the run-time path for the same table, and the fit itself.
        var generated = (IDeclaredModel)Activator.CreateInstance(GeneratorHarness.Load(outcome).GetType("Measured")!)!;
        var runTime = RgDsl.Data.EmpiricalModel.Create("table", lambda, target, 1e-2, tailAlpha: alpha, tailBeta: beta);
        foreach (var report in new[] { generated.Scaling(), runTime.Scaling() })
        {
            Assert.Equal(alpha, report.Alpha);
            Assert.Equal(beta, report.Beta);
        }
        // The spectrum is an exact power law, so its exponent is exact; the scattered target's is close to 0.25.
        Assert.Equal(0.5, alpha, 9);
        Assert.Equal(0.25, beta, 0.05);
        output.WriteLine(FormattableString.Invariant($"N = {n}: α = {alpha:R}, β = {beta:R}"));
        Assert.Contains(FormattableString.Invariant($"fitted over k = 10..{Math.Min(n / 4, 1000)}"),
            outcome.GeneratorDiagnostics.Single(d => d.Id == "RG0031").GetMessage());
    }

    [Fact]
    public void Interacting_classification_agrees_and_the_run_time_check_holds_where_the_compile_time_one_does()
    {
        const string source = """
            using System;
            using RgDsl;

            [RgModel(Modes = 100_000)]
            [Expect(Universality.Broken)]
            [Expect("U", Classification.Relevant)]
            [Expect("F", Classification.ObservableDependent)]
            [Expect(LearningCurveExponent = -0.5)]
            public partial class Net
            {
                [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
                [Ridge] public double Kappa => 1e-3;
                [Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3;
                [Perturbation(Legs.PairLocal)] public double F(long k, long q) => -1e-3 / (Eigenvalue(k) * Eigenvalue(q));
            }
            """;
        var outcome = GeneratorHarness.Run(source);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id is "RG0026" or "RG0027");
        var model = (IDeclaredModel)Activator.CreateInstance(GeneratorHarness.Load(outcome).GetType("Net")!)!;
        var compileTime = model.CompileTimeScaling!;
        var runTime = model.Scaling(new ScalingOptions(Points: 5));
        Assert.Equal(compileTime.Perturbations.Select(p => p.Classification), runTime.Perturbations.Select(p => p.Classification));
        Assert.Equal(compileTime.Classification, runTime.Classification);
        Assert.Equal(Classification.ObservableDependent, runTime.Classification);
        Assert.All(ScalingExpectations.Check(model.Declaration, runTime), r => Assert.True(r.Holds, r.Claim + ": " + r.Detail));
    }
}
