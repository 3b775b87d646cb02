namespace RgDsl.Generators.Tests;

/// <summary>Builds models with the generator in memory, loads them, and checks their numbers against the run-time path.</summary>
public class CompileAndRunTests
{
    private static IRgModel Create(string source, string typeName)
    {
        var assembly = GeneratorHarness.Load(source);
        return (IRgModel)Activator.CreateInstance(assembly.GetType(typeName)!)!;
    }

    [Theory]
    [InlineData(50.0)]
    [InlineData(1_000.0)]
    [InlineData(30_000.0)]
    public void Recognised_power_law_agrees_with_the_tabulated_delegate_path(double datasetSize)
    {
        // The generated model sums through the closed-form tail; the delegate model visits all 100,000 modes.
        var generated = Create(ModelSources.FiniteWidthNet, "Demo.FiniteWidthNet");
        var reference = GaussianModel.FromFunctions("reference", 100_000, k => Math.Pow(k, -2.0), 1e-3, k => Math.Pow(k, -2.0));
        var a = generated.Predict(datasetSize);
        var b = reference.Predict(datasetSize);
        Assert.Equal(b.TestError, a.TestError, b.TestError * 1e-9);
        Assert.Equal(b.EffectiveRidge, a.EffectiveRidge, b.EffectiveRidge * 1e-9);
        Assert.Equal(b.OverfittingFactor, a.OverfittingFactor, 1e-9);
        Assert.Contains("PowerLawSpectrum", ((GaussianModel)generated.GetType().GetMethod("ToGaussianModel")!.Invoke(generated, null)!).Spectrum.GetType().Name);
    }

    [Fact]
    public void Unrecognised_spectrum_with_multiplicity_runs_the_users_methods()
    {
        var generated = Create(ModelSources.ExponentialSpectrum, "ExponentialSpectrum");
        var reference = GaussianModel.FromFunctions("reference", 300, k => Math.Exp(-0.05 * k), 1e-2, multiplicity: k => k <= 10 ? 2 : 1);
        Assert.Equal(reference.Predict(40).TestError, generated.Predict(40).TestError, 1e-14);
    }

    [Fact]
    public void Changing_a_parameter_rebuilds_the_spectrum()
    {
        var generated = Create(ModelSources.ExponentialSpectrum, "ExponentialSpectrum");
        var before = generated.Predict(40).TestError;
        generated.GetType().GetProperty("Rate")!.SetValue(generated, 0.2);
        var after = generated.Predict(40).TestError;
        var reference = GaussianModel.FromFunctions("reference", 300, k => Math.Exp(-0.2 * k), 1e-2, multiplicity: k => k <= 10 ? 2 : 1);
        Assert.NotEqual(before, after);
        Assert.Equal(reference.Predict(40).TestError, after, 1e-14);
    }

    [Fact]
    public void Describe_shows_the_recognised_formulas_and_current_values()
    {
        var text = Create(ModelSources.InfinitePowerLaw, "Demo.InfinitePowerLaw").Describe();
        Assert.Contains("λ_k = Scale·k^(-1 - Alpha)", text);
        Assert.Contains("y_k² = k^(-1 - Alpha)", text);
        Assert.Contains("Alpha = 1.5", text);
        Assert.Contains("M = ∞", text);
        Assert.Contains("κ = Kappa = 0.0001", text);
    }

    [Fact]
    public void Infinite_rank_model_with_a_scale_parameter_predicts_the_closed_form_asymptote()
    {
        // λ_k = 2 k^-2.5, ridge 1e-4: at P = 1e6 the fixed-ridge regime P ≫ κ^(-1/α) holds; the model's t must solve
        // the self-consistent equation, which we check against a brute-force table of 4e6 modes (tail beyond is < 1e-9).
        var generated = Create(ModelSources.InfinitePowerLaw, "Demo.InfinitePowerLaw");
        var reference = GaussianModel.FromFunctions("reference", 4_000_000, k => 2 * Math.Pow(k, -2.5), 1e-4, k => Math.Pow(k, -2.5), noise: 1e-3);
        var a = generated.Predict(1e4);
        var b = reference.Predict(1e4);
        Assert.Equal(b.TestError, a.TestError, b.TestError * 1e-7);
    }
}
