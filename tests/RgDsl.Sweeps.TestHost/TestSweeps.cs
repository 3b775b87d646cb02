using System.Globalization;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Methods;

namespace RgDsl.Sweeps.TestHost;

/// <summary>The sweeps of the test host. RGDSL_TEST_UNIT_DELAY_MS slows every unit down (numbers unchanged), so a test can kill a shard midway.</summary>
public static class TestSweeps
{
    public static Sweep[] All() => [Small(), Failing()];

    /// <summary>28 units: HMC and theory of a quartic, kernel ridge regression and theory of a GP.</summary>
    public static Sweep Small() => new("small", seed: 13)
    {
        new SweepGrid
        {
            Models = { SweepModel.Declared<TinyQuartic>(ParameterSet.Grid(("Coupling", [1.0, 4.0]))) },
            DatasetSizes = { 10, 40 },
            Replicates = 2,
            Methods = { Delayed(new HmcSampling(new SamplerOptions(Chains: 2, Samples: 200, Warmup: 100))), Delayed(new TheoryPrediction()) },
        },
        new SweepGrid
        {
            Models = { SweepModel.Declared<TinyGP>(ParameterSet.Grid(("Alpha", [0.5, 1.0]))) },
            DatasetSizes = { 20, 50 },
            Replicates = 2,
            Methods = { Delayed(new KernelRidgeRegression(new SimulationOptions(Seeds: 3))) },
        },
        new SweepGrid
        {
            Models = { SweepModel.Declared<TinyGP>(ParameterSet.Grid(("Alpha", [0.5, 1.0]))) },
            DatasetSizes = { 20, 50 },
            Methods = { Delayed(new TheoryPrediction()) },
        },
    };

    /// <summary>Four units of which the one at P = 30 throws.</summary>
    public static Sweep Failing() => new("failing", seed: 5)
    {
        new SweepGrid
        {
            Models = { SweepModel.Declared<TinyGP>() },
            DatasetSizes = { 10, 20, 30, 40 },
            Methods = { new ThrowsAt(30) },
        },
    };

    private static ISweepMethod Delayed(ISweepMethod inner) =>
        int.TryParse(Environment.GetEnvironmentVariable("RGDSL_TEST_UNIT_DELAY_MS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? new DelayedMethod(inner, ms) : inner;

    /// <summary>The inner method after a pause: same name and configuration, so the same ids and numbers.</summary>
    private sealed class DelayedMethod(ISweepMethod inner, int milliseconds) : ISweepMethod
    {
        public string Name => inner.Name;
        public string Configuration => inner.Configuration;
        public string? Unsupported(object model) => inner.Unsupported(model);

        public SweepMeasurement Run(SweepUnit unit, int seed)
        {
            Thread.Sleep(milliseconds);
            return inner.Run(unit, seed);
        }
    }

    /// <summary>The theory's test error, except at one P, where it throws (a method that fails for one unit).</summary>
    public sealed class ThrowsAt(double datasetSize) : ISweepMethod
    {
        public string Name => "throws-at";
        public string Configuration => "P=" + datasetSize.ToString("R", CultureInfo.InvariantCulture);

        public SweepMeasurement Run(SweepUnit unit, int seed)
        {
            if (unit.DatasetSize == datasetSize) throw new InvalidOperationException($"deliberate failure at P = {datasetSize}");
            return new SweepMeasurement([new("test_error", unit.CreateModel<IRgModel>().Predict(unit.DatasetSize).TestError)]);
        }
    }
}
