using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Tests;

/// <summary>
/// Declarations the generator once accepted without an RG error but emitted code for that did not compile (found by
/// trying them as a user would, and by <see cref="GeneratorFuzzTests"/>): each now compiles, and computes what the
/// same model written with instance members computes.
/// </summary>
public class EmittedCodeDefectTests
{
    private static string Model(string members) => "using System;\nusing RgDsl;\n[RgModel(Modes = 200)]\npublic partial class M\n{\n" + members + "\n}\n";

    private const string Instance = """
        [Spectrum] public double S(long k) => Math.Exp(-0.05 * k);
        [Target] public double T(long k) => Math.Pow(k, -1.5);
        [Multiplicity] public long N(long k) => k <= 3 ? 2 : 1;
        [Ridge] public double R => 0.01;
        [LabelNoise] public double Noise() => 0.001;
        """;

    [Theory]
    // Static members were called through the instance (CS0176: this.R, _model.S(k)).
    [InlineData("""
        [Spectrum] public static double S(long k) => Math.Exp(-0.05 * k);
        [Target] public static double T(long k) => Math.Pow(k, -1.5);
        [Multiplicity] public static long N(long k) => k <= 3 ? 2 : 1;
        [Ridge] public static double R => 0.01;
        [LabelNoise] public static double Noise() => 0.001;
        """)]
    [InlineData("""
        [Spectrum] public double S(long k) => Math.Exp(-0.05 * k);
        [Target] public static double T(long k) => Math.Pow(k, -1.5);
        [Multiplicity] public long N(long k) => k <= 3 ? 2 : 1;
        [Ridge] public static double R => 0.01;
        [LabelNoise] public double Noise() => 0.001;
        """)]
    public void Static_mode_functions_and_scalars_are_called_through_the_type(string members)
    {
        var outcome = GeneratorHarness.Run(Model(members));
        Assert.Empty(outcome.CompileErrors);
        var expected = Predict(GeneratorHarness.Run(Model(Instance)));
        Assert.Equal(expected, Predict(outcome), 15);
    }

    [Theory]
    // A by-reference or generic weight passed the legs check and was called as W(k, q) (CS1620 / CS0411).
    [InlineData("[Perturbation(Legs.PairLocal)] public double W(ref long k, long q) => 1e-3;")]
    [InlineData("[Perturbation(Legs.ModeLocal)] public double U(out long k) { k = 1; return 1e-3; }")]
    [InlineData("[Perturbation(Legs.PairLocal)] public double W<T>(long k, long q) => 1e-3;")]
    // Legs.Pattern passed the "defined Legs value" check and was read as a one-index weight with no pattern.
    [InlineData("[Perturbation(Legs.Pattern)] public double U(long k) => 1e-3;")]
    public void A_by_reference_or_generic_weight_gets_RG0014_not_broken_code(string perturbation)
    {
        var outcome = GeneratorHarness.Run(Model(Instance + "\n" + perturbation));
        Assert.Contains(outcome.GeneratorDiagnostics, d => d.Id == "RG0014");
        Assert.Empty(outcome.CompileErrors);
    }

    [Fact]
    public void A_static_recognised_power_law_spectrum_and_ridge_compile_and_agree()
    {
        var outcome = GeneratorHarness.Run(Model("[Spectrum] public static double S(long k) => Math.Pow(k, -2.0);\n[Ridge] public static double R() => 0.01;"));
        Assert.Empty(outcome.CompileErrors);
        var reference = GaussianModel.FromFunctions("reference", 200, k => Math.Pow(k, -2.0), 0.01);
        Assert.Equal(reference.Predict(50).TestError, Predict(outcome), 12);
    }

    [Theory]
    [InlineData("double.NaN")]
    [InlineData("double.PositiveInfinity")]
    [InlineData("double.NegativeInfinity")]
    [InlineData("double.MaxValue")]
    [InlineData("-double.Epsilon")]
    [InlineData("1e308 * 10")]
    public void Non_finite_and_extreme_parameter_defaults_are_valid_literals(string value)
    {
        var outcome = GeneratorHarness.Run(Model($$"""
            [Parameter] public double A { get; set; } = {{value}};
            [Spectrum] public double S(long k) => Math.Pow(k, -2.0);
            [Ridge] public double R => 0.01;
            [Perturbation(Legs.ModeLocal)] public double W(long k) => A * 1e-3;
            """));
        Assert.Empty(outcome.CompileErrors);
        var source = string.Concat(outcome.Sources.Values);
        Assert.DoesNotContain("NaNd", source);
        Assert.DoesNotContain("Infinityd", source);
        Assert.DoesNotContain("∞", source.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && !l.Contains('"')));
    }

    private static double Predict(GeneratorOutcome outcome)
    {
        var type = GeneratorHarness.Load(outcome).GetType("M")!;
        return ((IRgModel)Activator.CreateInstance(type)!).Predict(50).TestError;
    }
}
