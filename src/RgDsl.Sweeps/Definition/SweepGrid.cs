using RgDsl.Sweeps.Methods;

namespace RgDsl.Sweeps.Definition;

/// <summary>
/// One block of a sweep: every model (at each of its parameter sets) × every dataset size × every replicate × every
/// method. A sweep is the union of its grids, so methods that fit only some models go in a grid of their own.
/// <code>
/// new SweepGrid
/// {
///     Models = { SweepModel.Declared&lt;WidthQuartic&gt;(ParameterSet.Grid(("Width", [16, 64, 256]))) },
///     DatasetSizes = { 25, 100, 400 },
///     Replicates = 2,
///     Methods = { new HmcSampling(new SamplerOptions(Chains: 2, Samples: 1500, Warmup: 300)) },
/// }
/// </code>
/// </summary>
public sealed class SweepGrid
{
    /// <summary>The model axes.</summary>
    public List<SweepModel> Models { get; } = [];

    /// <summary>The dataset sizes P (positive and finite; methods may need whole numbers).</summary>
    public List<double> DatasetSizes { get; } = [];

    /// <summary>Independent repetitions of every point, each with its own seed (at least 1).</summary>
    public int Replicates { get; init; } = 1;

    /// <summary>The methods run at every point.</summary>
    public List<ISweepMethod> Methods { get; } = [];
}
