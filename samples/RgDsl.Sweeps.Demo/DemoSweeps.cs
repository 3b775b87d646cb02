using RgDsl.Sweeps.Demo.Models;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Methods;

namespace RgDsl.Sweeps.Demo;

/// <summary>The sweeps of the demo: declared next to the models, run with the sweep command line (see Program.cs).</summary>
public static class DemoSweeps
{
    /// <summary>
    /// The main job's sampling points as a sweep: HMC of the pair-local quartic and of the width family at the sizes
    /// the standard report samples (P = 13, 29, 113 for 1,000 modes), with the report's sampler settings (2 chains of
    /// 1,500 samples after 300 warm-up iterations), 2 replicates each; and the theory at the same points.
    /// </summary>
    public static Sweep Sampling() => new("sampling", seed: 2024)
    {
        new SweepGrid
        {
            Models =
            {
                SweepModel.Declared<PairLocalQuartic>(),
                SweepModel.Declared<WidthQuartic>(ParameterSet.Grid(("Width", [16, 64, 256]))),
            },
            DatasetSizes = { 13, 29, 113 },
            Replicates = 2,
            Methods = { new HmcSampling(new SamplerOptions(Chains: 2, Samples: 1500, Warmup: 300)) },
        },
        new SweepGrid
        {
            Models =
            {
                SweepModel.Declared<PairLocalQuartic>(),
                SweepModel.Declared<WidthQuartic>(ParameterSet.Grid(("Width", [16, 64, 256]))),
            },
            DatasetSizes = { 13, 29, 113 },
            Methods = { new TheoryPrediction(Approximation.Hartree) },
        },
    };

    /// <summary>Learning curves of the power-law GP at α ∈ {0.5, 1, 2} (matched targets): kernel ridge regression with 8 training sets per point, and the theory.</summary>
    public static Sweep Curves() => new("curves", seed: 7)
    {
        new SweepGrid
        {
            Models = { SweepModel.Declared<PowerLawGP>(ParameterSet.Of(("Alpha", 0.5), ("Beta", 0.5)), ParameterSet.Of(("Alpha", 1), ("Beta", 1)), ParameterSet.Of(("Alpha", 2), ("Beta", 2))) },
            DatasetSizes = { 25, 50, 100, 200, 400 },
            Methods = { new KernelRidgeRegression(new SimulationOptions(Seeds: 8)), new TheoryPrediction() },
        },
    };
}
