using RgDsl.Networks;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

/// <summary>
/// Both samplers against the exact scale-mixture oracle of a one-hidden-layer linear network, against each other on
/// a small non-linear network, and the calibration of their standard errors.
/// </summary>
public class SamplerAgreementTests(ITestOutputHelper output)
{
    private static readonly NetworkArchitecture LinearNetwork = new(3, 1, 4, Activation.Linear);
    private const double Ridge = 0.1;

    private static (NetworkDataset Train, NetworkDataset Test) LinearData()
    {
        var random = new Random(11);
        double Teacher(double[] x) => 0.8 * x[0] - 0.5 * x[1] + 0.3 * x[2];
        return (NetworkTestProblems.Gaussian(8, 3, random, Teacher, 0.2), NetworkTestProblems.Gaussian(10, 3, random, Teacher));
    }

    private void Report(string label, NetworkSampleResult result, double exact)
    {
        output.WriteLine(FormattableString.Invariant($"{label}: {result}; exact {exact:G6}, z = {(result.TestError.Value - exact) / result.TestError.StandardError:F2}; wall {result.WallTime.TotalSeconds:F2} s"));
    }

    [Theory]
    [InlineData(4)]  // N < P: the Woodbury (N×N) path
    [InlineData(16)] // N > P: the data-space (P×P) path
    public void Collapsed_HMC_matches_the_exact_scale_mixture_of_a_linear_network(int width) =>
        AgreesWithOracle("collapsed HMC", (train, test) =>
            NetworkSampler.CollapsedHmc(LinearNetwork with { Width = width }, Ridge, train, test, new CollapsedHmcOptions(Warmup: 200, Samples: 2000), seed: 3),
            LinearNetwork with { Width = width });

    [Fact]
    public void Metropolis_adjusted_Langevin_matches_the_exact_scale_mixture_of_a_linear_network() =>
        AgreesWithOracle("MALA", (train, test) => NetworkSampler.Langevin(LinearNetwork, Ridge, train, test,
            new LangevinOptions(StepSize: 0.01, BurnIn: 2000, Samples: 2000, Thinning: 20, MetropolisAdjusted: true), seed: 5));

    [Fact]
    public void Unadjusted_Langevin_with_a_small_step_matches_the_exact_scale_mixture_of_a_linear_network() =>
        AgreesWithOracle("ULA", (train, test) => NetworkSampler.Langevin(LinearNetwork, Ridge, train, test,
            new LangevinOptions(StepSize: 0.002, BurnIn: 5000, Samples: 2000, Thinning: 50, Preconditioner: LangevinPreconditioner.DenseReadout), seed: 5));

    private void AgreesWithOracle(string label, Func<NetworkDataset, NetworkDataset, NetworkSampleResult> sample, NetworkArchitecture? architecture = null)
    {
        var (train, test) = LinearData();
        var exact = ScaleMixtureOracle.PosteriorMeanPredictor(architecture ?? LinearNetwork, Ridge, train, test);
        var exactError = ScaleMixtureOracle.TestError(exact, test);
        var result = sample(train, test);
        Report(label, result, exactError);
        AssertAgrees(result, exact, exactError);
    }

    private void AssertAgrees(NetworkSampleResult result, double[] exact, double exactError)
    {
        Assert.True(result.IsReliable, string.Join("; ", result.Warnings));
        var error = result.TestError;
        Assert.True(Math.Abs(error.Value - exactError) <= 3 * error.StandardError, $"test error {error} vs exact {exactError:G6}");
        for (var t = 0; t < exact.Length; t++)
        {
            var z = (result.MeanPrediction[t] - exact[t]) / result.PredictionStandardError[t];
            output.WriteLine(FormattableString.Invariant($"  x*{t}: {result.MeanPrediction[t]:F4} ± {result.PredictionStandardError[t]:F4} vs {exact[t]:F4} (z = {z:F2})"));
            Assert.True(Math.Abs(z) < 4, $"prediction {t}: {result.MeanPrediction[t]} ± {result.PredictionStandardError[t]} vs exact {exact[t]}");
        }
        // The posterior shrinks the kernel scale below its prior mean only mildly here; both must be positive and finite.
        Assert.InRange(result.KernelScale.Value, 0.05, 5);
    }

    public static TheoryData<Activation, Parameterisation, int> NonLinear() => new()
    {
        { Activation.Erf, Parameterisation.Standard, 1 },
        { Activation.Relu, Parameterisation.Standard, 1 },
        { Activation.Tanh, Parameterisation.MeanField, 1 },
        { Activation.Erf, Parameterisation.Standard, 2 },
    };

    [Theory]
    [MemberData(nameof(NonLinear))]
    public void Langevin_and_collapsed_HMC_agree_on_a_small_non_linear_network(Activation activation, Parameterisation parameterisation, int depth)
    {
        var architecture = new NetworkArchitecture(5, depth, 12, activation, parameterisation);
        var random = new Random(21);
        double Teacher(double[] x) => Math.Tanh(x[0] - 0.7 * x[1]) + 0.4 * x[2] * x[3];
        var train = NetworkTestProblems.Gaussian(16, 5, random, Teacher, 0.1);
        var test = NetworkTestProblems.Gaussian(12, 5, random, Teacher);
        const double ridge = 0.05;
        var hmc = NetworkSampler.CollapsedHmc(architecture, ridge, train, test, new CollapsedHmcOptions(Warmup: 200, Samples: 1500), seed: 8);
        // Metropolis-adjusted, so that the comparison is exact: unadjusted Langevin's O(η) bias is tested separately.
        var langevin = NetworkSampler.Langevin(architecture, ridge, train, test,
            // The mean-field readout grows (|a|²/N ≈ 7 here) and relaxes more slowly: sample longer.
            new LangevinOptions(StepSize: 0.002, BurnIn: 4000, Samples: 1000, Thinning: parameterisation == Parameterisation.MeanField ? 150 : 60,
                MetropolisAdjusted: true, Preconditioner: LangevinPreconditioner.DenseReadout), seed: 9);
        output.WriteLine(hmc.ToString());
        output.WriteLine(langevin.ToString());
        Assert.True(hmc.IsReliable, string.Join("; ", hmc.Warnings));
        Assert.True(langevin.IsReliable, string.Join("; ", langevin.Warnings));
        void Agree(string what, Estimate a, Estimate b)
        {
            var z = (a.Value - b.Value) / Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError);
            output.WriteLine(FormattableString.Invariant($"{what}: MALA {a} vs collapsed HMC {b}: z = {z:F2}"));
            Assert.True(Math.Abs(z) < 3, $"{what}: Langevin {a} vs collapsed HMC {b} (z = {z:F2})");
        }
        Agree("test error", langevin.TestError, hmc.TestError);
        Agree("train error", langevin.TrainError, hmc.TrainError);
        Agree("kernel scale |a|²/N", langevin.KernelScale, hmc.KernelScale);
    }

    [Fact]
    public void Standard_errors_are_calibrated_over_seeds()
    {
        // z = (estimate − exact)/s.e. over independent seeds must look standard normal: mean near 0, rms near 1
        // (16 seeds: the rms of N(0,1) draws has a spread of about 0.18).
        var (train, test) = LinearData();
        var exact = ScaleMixtureOracle.TestError(ScaleMixtureOracle.PosteriorMeanPredictor(LinearNetwork, Ridge, train, test), test);
        var hmc = Enumerable.Range(0, 16).Select(seed =>
        {
            var r = NetworkSampler.CollapsedHmc(LinearNetwork, Ridge, train, test, new CollapsedHmcOptions(Warmup: 100, Samples: 300), seed: 100 + 10 * seed);
            return (r.TestError.Value - exact) / r.TestError.StandardError;
        }).ToArray();
        var langevin = Enumerable.Range(0, 16).Select(seed =>
        {
            // Metropolis-adjusted, so that only the estimators are tested (unadjusted Langevin adds its O(η) bias).
            var r = NetworkSampler.Langevin(LinearNetwork, Ridge, train, test,
                new LangevinOptions(0.01, BurnIn: 1000, Samples: 400, Thinning: 25, MetropolisAdjusted: true), seed: 300 + 10 * seed);
            return (r.TestError.Value - exact) / r.TestError.StandardError;
        }).ToArray();
        foreach (var (name, z) in new[] { ("collapsed HMC", hmc), ("MALA", langevin) })
        {
            var mean = z.Average();
            var rms = Math.Sqrt(z.Average(v => v * v));
            output.WriteLine(FormattableString.Invariant($"{name}: z mean {mean:F2}, rms {rms:F2}: {string.Join(", ", z.Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}"));
            Assert.InRange(mean, -0.75, 0.75);
            Assert.InRange(rms, 0.55, 1.5);
        }
    }

    [Fact]
    public void Unadjusted_Langevin_bias_is_first_order_in_the_step_and_Richardson_extrapolation_removes_it()
    {
        // The train error is the observable most sensitive to the stiff (data-constrained) directions, where the
        // Euler–Maruyama scheme over-disperses the weights: its bias must be positive, halve when η halves, and vanish
        // (within errors) from 2·r(η/2) − r(η).
        var architecture = new NetworkArchitecture(5, 1, 12, Activation.Erf);
        var random = new Random(21);
        double Teacher(double[] x) => Math.Tanh(x[0] - 0.7 * x[1]) + 0.4 * x[2] * x[3];
        var train = NetworkTestProblems.Gaussian(16, 5, random, Teacher, 0.1);
        var test = NetworkTestProblems.Gaussian(12, 5, random, Teacher);
        const double ridge = 0.05;
        var exact = NetworkSampler.CollapsedHmc(architecture, ridge, train, test, new CollapsedHmcOptions(Warmup: 200, Samples: 3000), seed: 8).TrainError;
        Estimate Ula(double eta) => NetworkSampler.Langevin(architecture, ridge, train, test,
            new LangevinOptions(eta, BurnIn: (int)(8 / eta), Samples: 1000, Thinning: (int)(0.12 / eta), Preconditioner: LangevinPreconditioner.DenseReadout), seed: 9).TrainError;
        var coarse = Ula(0.006);
        var fine = Ula(0.003);
        var extrapolated = new Estimate(2 * fine.Value - coarse.Value, Math.Sqrt(4 * fine.StandardError * fine.StandardError + coarse.StandardError * coarse.StandardError));
        output.WriteLine(FormattableString.Invariant($"train error: exact {exact}, ULA η = 0.006 {coarse}, η = 0.003 {fine}, extrapolated {extrapolated}"));
        double Z(Estimate a, Estimate b) => (a.Value - b.Value) / Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError);
        Assert.True(Z(coarse, exact) > 4, $"the bias at η = 0.006 is not resolved: {coarse} vs {exact}");
        Assert.True(Z(coarse, fine) > 2, $"halving η did not reduce the bias: {coarse} vs {fine}");
        Assert.True(Math.Abs(Z(extrapolated, exact)) < 3, $"Richardson extrapolation {extrapolated} vs exact {exact}");
    }
}
