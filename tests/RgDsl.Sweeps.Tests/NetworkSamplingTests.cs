using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Methods;

namespace RgDsl.Sweeps.Tests;

public class NetworkSamplingTests
{
    [Fact]
    public void A_network_unit_records_each_training_sets_error()
    {
        // A small erf network, 3 training sets: the unit's per-set errors (with the label noise, like its test error)
        // average to its test error, and they are those of the experiment run with the unit's seed (set i the data's
        // Split(P, test points, seed + 7919 i), as an AdaptiveKernelAverage with that seed takes it, which the issue-19
        // table pairs them with).
        var data = NetworkData.PowerLawGaussian(4, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        var model = SweepModel.Create("erf", _ => new NetworkModel("erf", new NetworkArchitecture(4, 1, 8, Activation.Erf), data, 0.1), [ParameterSet.Empty]);
        var options = new NetworkExperimentOptions(Datasets: 3, TestPoints: 20, CollapsedHmc: new CollapsedHmcOptions(Warmup: 30, Samples: 40));
        var unit = new Sweep("per-set", seed: 5) { new SweepGrid { Models = { model }, DatasetSizes = { 12 }, Methods = { new NetworkSampling(options) } } }.Units().Single();
        var measurement = unit.MethodImplementation.Run(unit, unit.Seed);
        var sets = Enumerable.Range(0, 3).Select(i => measurement[$"test_error_set{i}"].Value).ToArray();
        Assert.Equal(measurement["test_error"].Value, sets.Average(), 12);
        Assert.DoesNotContain(measurement.Values, v => v.Name == "test_error_set3");
        // The same experiment run directly with the unit's seed gives the same per-set errors.
        var direct = new NetworkModel("erf", new NetworkArchitecture(4, 1, 8, Activation.Erf), data, 0.1).Sample(12, options with { Seed = unit.Seed });
        Assert.Equal(direct.Runs.Select(r => r.TestError.Value + data.LabelNoise), sets);
    }
}
