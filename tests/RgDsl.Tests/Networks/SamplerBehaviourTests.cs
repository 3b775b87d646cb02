using RgDsl.Networks;

namespace RgDsl.Tests.Networks;

/// <summary>Reproducibility, divergence handling and argument validation of the network samplers.</summary>
public class SamplerBehaviourTests
{
    private static readonly NetworkArchitecture Erf = new(4, 1, 8, Activation.Erf);

    private static (NetworkDataset Train, NetworkDataset Test) Data(int p = 12)
    {
        var random = new Random(2);
        double Teacher(double[] x) => Math.Tanh(x[0] - 0.5 * x[1]) + 0.2 * x[3];
        return (NetworkTestProblems.Gaussian(p, 4, random, Teacher, 0.1), NetworkTestProblems.Gaussian(6, 4, random, Teacher));
    }

    [Fact]
    public void A_seed_reproduces_a_run_exactly()
    {
        var (train, test) = Data();
        var hmc = new CollapsedHmcOptions(Warmup: 50, Samples: 100);
        Assert.Equal(NetworkSampler.CollapsedHmc(Erf, 0.1, train, test, hmc, 4).TestError, NetworkSampler.CollapsedHmc(Erf, 0.1, train, test, hmc, 4).TestError);
        var langevin = new LangevinOptions(0.005, BurnIn: 200, Samples: 100, Thinning: 5);
        Assert.Equal(NetworkSampler.Langevin(Erf, 0.1, train, test, langevin, 4).TestError, NetworkSampler.Langevin(Erf, 0.1, train, test, langevin, 4).TestError);
        Assert.NotEqual(NetworkSampler.Langevin(Erf, 0.1, train, test, langevin, 4).TestError, NetworkSampler.Langevin(Erf, 0.1, train, test, langevin, 5).TestError);
        // One chain on one thread and on two (products shared by a worker team): the same arithmetic.
        // The second layer's products (200×64×64) are above the threshold at which the team splits them.
        var (largeTrain, largeTest) = Data(200);
        var wide = new NetworkArchitecture(4, 2, 64, Activation.Tanh);
        var single = langevin with { Chains = 1, MaxDegreeOfParallelism = 1, StepSize = 1e-4 };
        Assert.Equal(NetworkSampler.Langevin(wide, 0.1, largeTrain, largeTest, single, 4).MeanPrediction,
            NetworkSampler.Langevin(wide, 0.1, largeTrain, largeTest, single with { MaxDegreeOfParallelism = 2 }, 4).MeanPrediction);
    }

    [Fact]
    public void Cut_trajectories_are_counted_against_the_proposals_after_the_warm_up()
    {
        // One leapfrog step at most: every trajectory wanting more is cut, in the warm-up too. The warning compares the
        // cut proposals with the proposals after the warm-up (it once counted the warm-up's as well: "392 of 200").
        var (train, test) = Data();
        var result = NetworkSampler.CollapsedHmc(Erf, 0.1, train, test, new CollapsedHmcOptions(Warmup: 50, Samples: 100, Chains: 2, MaxStepsPerTrajectory: 1), 4);
        var warning = Assert.Single(result.Warnings, w => w.Contains("trajectories were cut at the step limit", StringComparison.Ordinal));
        var counts = System.Text.RegularExpressions.Regex.Match(warning, @"(\d+) of (\d+) trajectories");
        Assert.Equal("200", counts.Groups[2].Value);
        Assert.InRange(int.Parse(counts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 11, 200);
    }

    [Fact]
    public void Normal_variates_are_standard_and_do_not_depend_on_where_the_array_lies()
    {
        var reference = new double[100_001];
        new RgDsl.Networks.Sampling.NormalGenerator(4).Fill(reference);
        var mean = reference.Average();
        var variance = reference.Average(v => (v - mean) * (v - mean));
        var fourth = reference.Average(v => Math.Pow(v - mean, 4));
        Assert.InRange(mean, -0.01, 0.01);          // s.e. 0.0032
        Assert.InRange(variance, 0.985, 1.015);     // s.e. 0.0045
        Assert.InRange(fourth, 2.9, 3.1);           // s.e. 0.031
        for (var offset = 1; offset < 9; offset++)
        {
            var shifted = new double[reference.Length + offset];
            new RgDsl.Networks.Sampling.NormalGenerator(4).Fill(shifted.AsSpan(offset));
            Assert.True(shifted.AsSpan(offset).SequenceEqual(reference), $"offset {offset}");
        }
    }

    [Fact]
    public void A_diverging_Langevin_run_stops_with_a_message_naming_the_step_size()
    {
        var (train, test) = Data(40);
        var options = new LangevinOptions(StepSize: 0.5, BurnIn: 200, Samples: 40, Thinning: 1, Preconditioner: LangevinPreconditioner.Identity);
        var e = Assert.Throws<RgDsl.Networks.Sampling.LangevinDivergenceException>(() => NetworkSampler.Langevin(Erf, 0.01, train, test, options));
        Assert.Equal(0.5, e.StepSize);
        Assert.Contains("η = 0.5", e.Message);
        Assert.Contains("smaller", e.Message);
        Assert.False(NetworkSampler.TryLangevin(Erf, 0.01, train, test, options, 1, out var result));
        Assert.Null(result);
    }

    // The default step bounds the readout's curvature only; a depth-2 linear network is stiffer in its hidden weights
    // (found by RgDsl.Benchmarks --cost-calibration, whose grid diverged at the default step).
    [Fact]
    public void A_diverging_default_Langevin_step_is_reduced_but_a_chosen_one_is_thrown()
    {
        var architecture = new NetworkArchitecture(4, 2, 16, Activation.Linear);
        var data = RgDsl.Networks.Data.NetworkData.PowerLawGaussian(4, 0.5, RgDsl.Networks.Data.Teacher.Linear(1.5, 1), 0.01);
        var options = new NetworkExperimentOptions(Datasets: 2, TestPoints: 20, Seed: 3);
        var standard = NetworkExperiments.DefaultLangevin(architecture, 0.1, 16);
        var chosen = Assert.Throws<RgDsl.Networks.Sampling.LangevinDivergenceException>(() =>
            NetworkExperiments.Run(architecture, data, 0.1, 16, NetworkSamplerKind.Langevin, options with { Langevin = standard }));
        Assert.Equal(standard.StepSize, chosen.StepSize);
        var run = NetworkExperiments.Run(architecture, data, 0.1, 16, NetworkSamplerKind.Langevin, options);
        Assert.All(run.Runs, r => Assert.InRange(r.StepSize, standard.StepSize / Math.Pow(4, NetworkExperiments.DefaultStepReductions), standard.StepSize / 4));
        Assert.True(double.IsFinite(run.TestError.Value));
    }

    [Fact]
    public void A_run_can_be_cancelled()
    {
        var (train, test) = Data();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => NetworkSampler.CollapsedHmc(Erf, 0.1, train, test, new CollapsedHmcOptions(), cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => NetworkSampler.Langevin(Erf, 0.1, train, test, new LangevinOptions(0.001), cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Bad_data_is_an_argument_exception_naming_the_argument()
    {
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new NetworkDataset([], [], 3)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new NetworkDataset([1, 2, 3], [1, 2], 2)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new NetworkDataset([1, double.NaN], [1], 2)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new NetworkDataset([1, 2], [double.PositiveInfinity], 2)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => NetworkDataset.FromRows([[1.0, 2], [3.0]], [1, 2])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => NetworkDataset.FromRows([], [])).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => NetworkDataset.FromRows([[1.0]], [1, 2])).ParamName);
        var data = new NetworkDataset([1, 2, 3, 4], [1, 2], 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Take(3));
    }

    [Fact]
    public void Bad_sampler_arguments_are_argument_exceptions_naming_the_argument()
    {
        var (train, test) = Data();
        var langevin = new LangevinOptions(0.01, BurnIn: 10, Samples: 40, Thinning: 1);
        var hmc = new CollapsedHmcOptions(Warmup: 10, Samples: 40);
        foreach (var ridge in new[] { 0, -1, double.NaN, double.PositiveInfinity })
        {
            Assert.Equal("ridge", Assert.Throws<ArgumentOutOfRangeException>(() => NetworkSampler.Langevin(Erf, ridge, train, test, langevin)).ParamName);
            Assert.Equal("ridge", Assert.Throws<ArgumentOutOfRangeException>(() => NetworkSampler.CollapsedHmc(Erf, ridge, train, test, hmc)).ParamName);
        }
        var wrongDimension = new NetworkArchitecture(3, 1, 8, Activation.Erf);
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => NetworkSampler.CollapsedHmc(wrongDimension, 0.1, train, test, hmc)).ParamName);
        var otherTest = new NetworkDataset([1, 2, 3], [1], 3);
        Assert.Equal("test", Assert.Throws<ArgumentException>(() => NetworkSampler.Langevin(Erf, 0.1, train, otherTest, langevin)).ParamName);
        foreach (var bad in new[] { langevin with { StepSize = 0 }, langevin with { StepSize = -1 }, langevin with { StepSize = double.NaN },
                     langevin with { Samples = 39 }, langevin with { Thinning = 0 }, langevin with { BurnIn = -1 }, langevin with { Chains = 0 },
                     langevin with { MaxDegreeOfParallelism = 0 } })
            Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => NetworkSampler.Langevin(Erf, 0.1, train, test, bad)).ParamName);
        foreach (var bad in new[] { hmc with { Samples = 0 }, hmc with { Warmup = -1 }, hmc with { TrajectoryLength = 0 }, hmc with { TargetAcceptance = 1 },
                     hmc with { InitialStepSize = 0 }, hmc with { MaxStepsPerTrajectory = 0 }, hmc with { Chains = 0 } })
            Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => NetworkSampler.CollapsedHmc(Erf, 0.1, train, test, bad)).ParamName);
    }
}
