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
        // FiniteWidthNet declares perturbations; its Gaussian backbone is what the delegate path computes.
        var a = generated.Predict(datasetSize, Approximation.Gaussian);
        var b = reference.Predict(datasetSize);
        Assert.Equal(b.TestError, a.TestError, b.TestError * 1e-9);
        Assert.Equal(b.EffectiveRidge, a.EffectiveRidge, b.EffectiveRidge * 1e-9);
        Assert.Equal(b.OverfittingFactor, a.OverfittingFactor, 1e-9);
        Assert.Contains("PowerLawSpectrum", ((GaussianModel)generated.GetType().GetMethod("ToGaussianModel")!.Invoke(generated, null)!).Spectrum.GetType().Name);
    }

    [Fact]
    public void A_declared_model_transfers_through_the_one_transfer_API()
    {
        // The generated TransferTo is gone; its replacement, the power-counting option of FlowTransfer, takes the declared
        // model and gives what the run-time model gives.
        var generated = Create(ModelSources.FiniteWidthNet, "Demo.FiniteWidthNet");
        Assert.Null(generated.GetType().GetMethod("TransferTo"));
        Assert.NotNull(generated.GetType().GetMethod("Transfer"));
        var declared = (IDeclaredModel)generated;
        var viaDeclared = RgDsl.Transfer.FlowTransfer.PowerCounting(declared, 100, 400, TransferRule.FixedRidge);
        var viaRunTime = RgDsl.Transfer.FlowTransfer.PowerCounting(declared.ToInteractingModel()!, 100, 400, TransferRule.FixedRidge);
        Assert.Equal(viaRunTime.CouplingFactors, viaDeclared.CouplingFactors);
        Assert.Equal((viaRunTime.Ridge, viaRunTime.Threshold), (viaDeclared.Ridge, viaDeclared.Threshold));
        Assert.True(viaDeclared.Threshold > viaDeclared.ReferenceThreshold);
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

/// <summary>Interacting models from declarations, against run-time models built from generic (pairwise) weights.</summary>
public class InteractingCompileAndRunTests
{
    private const string Source = """
        using System;
        using RgDsl;

        [RgModel(Modes = 400)]
        public partial class Net
        {
            [Parameter] public double Alpha { get; init; } = 1.0;
            [Parameter] public double Width { get; init; } = 20;
            [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
            [Target] public double TargetPower(long k) => Math.Pow(k, -1.5);
            [Ridge] public double Kappa => 0.05;
            [Perturbation(Legs.PairLocal)] public double Fluctuation(long k, long q) => 1.0 / Width + 1e-6 * Math.Pow(k * q, 0.5);
            [Perturbation(Legs.ModeLocal)] public double Quartic(long k) => 0.1;
            [Perturbation(Legs.Quadratic)] public double Mass(long k) => 5.0;
        }
        """;

    private static InteractingModel Reference()
    {
        var gaussian = GaussianModel.FromFunctions("ref", 400, k => Math.Pow(k, -2.0), 0.05, k => Math.Pow(k, -1.5));
        return new InteractingModel(gaussian, [
            RgDsl.Perturbations.Perturbation.PairLocal("F", (k, q) => 1.0 / 20 + 1e-6 * Math.Sqrt((double)k * q)), // no monomials: pairwise path
            RgDsl.Perturbations.Perturbation.ModeLocal("Q", _ => 0.1),
            RgDsl.Perturbations.Perturbation.Quadratic("M", _ => 5.0)]);
    }

    [Theory]
    [InlineData(Approximation.FirstOrder)]
    [InlineData(Approximation.Hartree)]
    public void Generated_monomial_path_agrees_with_the_pairwise_run_time_path(Approximation approximation)
    {
        var generated = (IRgModel)Activator.CreateInstance(GeneratorHarness.Load(Source).GetType("Net")!)!;
        var a = generated.Predict(60, approximation);
        var b = Reference().Predict(60, approximation);
        Assert.Equal(approximation, a.Approximation);
        Assert.True(Math.Abs(a.NonGaussianCorrection) > 1e-3, $"the perturbations must matter: δ = {a.NonGaussianCorrection}");
        Assert.Equal(b.NonGaussianCorrection, a.NonGaussianCorrection, 1e-12);
        Assert.Equal(b.TestError, a.TestError, b.TestError * 1e-12);
    }

    [Fact]
    public void Generated_interacting_model_has_Sample_and_describes_its_weights()
    {
        var type = GeneratorHarness.Load(Source).GetType("Net")!;
        var model = Activator.CreateInstance(type)!;
        var sample = (SampleResult)type.GetMethod("Sample")!.Invoke(model, [60.0, new SamplerOptions(Chains: 2, Samples: 400, Warmup: 100)])!;
        var hartree = ((IRgModel)model).Predict(60, Approximation.Hartree).FieldTheoryError!.Value;
        Assert.True(Math.Abs(sample.FieldTheoryError.Value - hartree) < 4 * sample.FieldTheoryError.StandardError, $"HMC {sample.FieldTheoryError} vs Hartree {hartree}");
        var text = ((IRgModel)model).Describe();
        Assert.Contains("W = 1/Width + 1E-06·k^0.5·q^0.5", text);
        Assert.Contains("interacting", text);
    }
}
