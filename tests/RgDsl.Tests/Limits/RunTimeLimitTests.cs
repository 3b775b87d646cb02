using RgDsl.Perturbations;
using RgDsl.Spectra;

namespace RgDsl.Tests.Limits;

/// <summary>Run-time values that cannot work are refused up front, with the argument named, before anything is allocated.</summary>
public class RunTimeLimitTests
{
    private static InteractingModel Quartic() =>
        new(new GaussianModel("q", new PowerLawSpectrum(1, 2, 50, 1, 2), 0.05), [Perturbation.ConstantPairLocal("U", 0.1)]);

    [Fact]
    public void A_million_chains_are_refused_instead_of_running_for_hours()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Quartic().Sample(20, new SamplerOptions(Chains: 1_000_000)));
        Assert.Contains("SamplerOptions.Chains must be between 1 and 1024", e.Message);
    }

    [Fact]
    public void Samples_that_cannot_fit_in_memory_are_refused_with_the_estimate()
    {
        // int.MaxValue samples per chain used to end in an AggregateException about array dimensions.
        var e = Assert.Throws<ArgumentException>(() => Quartic().Sample(20, new SamplerOptions(Samples: int.MaxValue, Warmup: 0)));
        Assert.Contains("HMC with 4 chains of 2147483647 samples over 50 fields needs about 68.7 GB", e.Message);
        Assert.Contains("lower SamplerOptions.Samples", e.Message);
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Warm_up_and_samples_beyond_the_iteration_range_are_refused()
    {
        // Warmup + Samples used to overflow int and skip the whole chain.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Quartic().Sample(20, new SamplerOptions(Warmup: int.MaxValue)));
        Assert.Contains("Warmup + Samples", e.Message);
    }

    [Fact]
    public void A_simulation_that_cannot_fit_is_refused_naming_the_modes_that_fit()
    {
        // A huge MaxModes on an infinite rank used to run for a minute and end in an OutOfMemoryException.
        var model = new GaussianModel("g", new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2), 1e-3);
        var e = Assert.Throws<ArgumentException>(() => model.Simulate(800, new SimulationOptions(MaxModes: int.MaxValue)));
        Assert.Contains("Kernel ridge regression with P = 800 on 2.147E+09 simulated modes needs about 13.8 TB", e.Message);
        Assert.Matches(@"lower SimulationOptions\.MaxModes to at most \d+", e.Message);
    }

    [Theory]
    [InlineData(new[] { 100.0, 10.0 }, "datasetSizes[1] = 10 comes after datasetSizes[0] = 100")]
    [InlineData(new[] { 10.0, 100.0, 100.0 }, "datasetSizes[2] = 100 repeats datasetSizes[1] = 100")]
    [InlineData(new[] { 10.0, double.NaN }, "positive and finite; datasetSizes[1] = NaN")]
    public void Learning_curves_need_increasing_distinct_sizes(double[] sizes, string message)
    {
        var model = new GaussianModel("g", new PowerLawSpectrum(1, 2, 1000, 1, 2), 1e-3);
        var e = Assert.Throws<ArgumentException>(() => model.LearningCurve(sizes));
        Assert.Contains(message, e.Message);
        Assert.Equal("datasetSizes", e.ParamName);
    }
}
