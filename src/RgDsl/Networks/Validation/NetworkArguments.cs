using System.Globalization;
using RgDsl.Networks.Data;
using RgDsl.Networks.Sampling;
using RgDsl.Validity;

namespace RgDsl.Networks.Validation;

/// <summary>
/// The up-front checks of every public network call (<see cref="NetworkModel"/>, <see cref="NetworkTheory"/>,
/// <see cref="NetworkExperiments"/>): each argument is checked, and the memory the call would need is estimated by
/// <see cref="NetworkMemory"/>, before the spectrum is measured or a chain started, so a bad request fails within
/// milliseconds with an <see cref="ArgumentException"/> that names the argument and its allowed range.
/// </summary>
internal static class NetworkArguments
{
    /// <summary>The most training sets one experiment averages over (each is a full sampler run: 10⁴ runs take hours to days).</summary>
    public const int MaxDatasets = 10_000;

    /// <summary>
    /// The most random units per training set in the shape correction (25 times the default 8000; each costs about
    /// (P + T)² operations, so 10⁶ units at P = 25 already ran longer than 30 s in the fuzz test); ShapeNeurons may be 5 times this.
    /// </summary>
    public const int MaxShapeUnits = 200_000;
    /// <summary>The most lower networks a training set of the shape correction may draw.</summary>
    public const int MaxShapeLowerDraws = 10_000;

    /// <summary>The most test points per training set (the predictions are stored per sample and test point).</summary>
    public const int MaxTestPoints = 1_000_000;

    /// <summary>The smallest and largest ridge κ: the GP's effective ridge and the mixture's weights overflow beyond.</summary>
    public const double MinRidge = 1e-100, MaxRidge = 1e100;

    /// <summary>κ in <see cref="MinRidge"/>..<see cref="MaxRidge"/> (κ = 1.8e308 made the GP's effective ridge infinite).</summary>
    public static void Ridge(double ridge)
    {
        if (!(ridge >= MinRidge && ridge <= MaxRidge))
            throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "the ridge κ (the likelihood variance) must lie between 1e-100 and 1e100.");
    }

    /// <summary>
    /// The range of P the theory takes (real P): beyond 10¹⁵, κ/P/100 (how far the modes are materialised) underflows
    /// (P = 1.8e308 left no modes); below 10⁻⁶ the self-consistent equation's root cannot be bracketed (P = 5e-324).
    /// </summary>
    public const double MinDatasetSize = 1e-6, MaxDatasetSize = 1e15;

    /// <summary>P in <see cref="MinDatasetSize"/>..<see cref="MaxDatasetSize"/>.</summary>
    public static void DatasetSize(double datasetSize, string parameter = "datasetSize")
    {
        if (!(datasetSize >= MinDatasetSize && datasetSize <= MaxDatasetSize))
            throw new ArgumentOutOfRangeException(parameter, datasetSize, "the dataset size P must lie between 1e-6 and 1e15.");
    }

    /// <summary>P as a whole number of training examples, 1 ≤ P ≤ int.MaxValue.</summary>
    public static int Count(double datasetSize, string parameter = "datasetSize")
    {
        if (!double.IsFinite(datasetSize) || datasetSize < 1 || datasetSize > int.MaxValue || datasetSize != Math.Floor(datasetSize))
            throw new ArgumentOutOfRangeException(parameter, datasetSize, "a network is trained on a whole number P of examples, 1 ≤ P ≤ 2147483647.");
        return (int)datasetSize;
    }

    /// <summary>The options of the theory, and the memory of the pool's kernel matrix.</summary>
    public static void CheckTheoryOptions(NetworkTheoryOptions options, NetworkArchitecture architecture, NetworkData data)
    {
        const string name = "options";
        if (options.PoolSize < 50) throw new ArgumentOutOfRangeException(name, options.PoolSize, "NetworkTheoryOptions.PoolSize must be at least 50 inputs.");
        if (options.PoolSize > data.Capacity)
            throw new ArgumentOutOfRangeException(name, options.PoolSize, string.Create(CultureInfo.InvariantCulture, $"NetworkTheoryOptions.PoolSize must be at most the {data.Capacity} points {data.Description} holds."));
        if (options.ShapeNeurons is < 1 or > MaxShapeUnits * 5) throw new ArgumentOutOfRangeException(name, options.ShapeNeurons, $"NetworkTheoryOptions.ShapeNeurons must lie in 1..{MaxShapeUnits * 5}.");
        if (options.ShapeModes < 1) throw new ArgumentOutOfRangeException(name, options.ShapeModes, "NetworkTheoryOptions.ShapeModes must be at least 1.");
        if (options.ShapeDatasets < 2) throw new ArgumentOutOfRangeException(name, options.ShapeDatasets, "NetworkTheoryOptions.ShapeDatasets must be at least 2 for a standard error.");
        if (options.ShapeDatasets > MaxDatasets) throw new ArgumentOutOfRangeException(name, options.ShapeDatasets, $"NetworkTheoryOptions.ShapeDatasets must be at most {MaxDatasets}.");
        if (options.ShapeUnits is < 1 or > MaxShapeUnits) throw new ArgumentOutOfRangeException(name, options.ShapeUnits, $"NetworkTheoryOptions.ShapeUnits must lie in 1..{MaxShapeUnits}.");
        if (options.ShapeLowerDraws is < 2 or > MaxShapeLowerDraws) throw new ArgumentOutOfRangeException(name, options.ShapeLowerDraws, $"NetworkTheoryOptions.ShapeLowerDraws must lie in 2..{MaxShapeLowerDraws} (at least 2 for a covariance).");
        if (options.ShapeTestPoints is < 1 or > MaxTestPoints) throw new ArgumentOutOfRangeException(name, options.ShapeTestPoints, $"NetworkTheoryOptions.ShapeTestPoints must lie in 1..{MaxTestPoints}.");
        if (!(options.FirstOrderLimit > 0) || !double.IsFinite(options.FirstOrderLimit)) throw new ArgumentOutOfRangeException(name, options.FirstOrderLimit, "NetworkTheoryOptions.FirstOrderLimit must be positive and finite.");
        if (!(options.ProportionalLimit > 0) || !double.IsFinite(options.ProportionalLimit)) throw new ArgumentOutOfRangeException(name, options.ProportionalLimit, "NetworkTheoryOptions.ProportionalLimit must be positive and finite.");
        if (architecture.Activation != Activation.Linear || data is not PowerLawGaussianData { Teacher: LinearTeacher })
            MemoryBudget.Check(NetworkMemory.Spectrum(options, data.Dimension), string.Create(CultureInfo.InvariantCulture,
                $"Measuring the NNGP spectrum on a pool of {options.PoolSize} inputs (with {options.ShapeNeurons} units for the cumulants)"), name,
                string.Create(CultureInfo.InvariantCulture, $"lower NetworkTheoryOptions.PoolSize (at most about {NetworkMemory.LargestPool(options, data.Dimension)} fit) or ShapeNeurons."));
    }

    /// <summary>What <see cref="NetworkTheory.Predict"/> needs: P, and for a non-linear network the training sets of the shape correction.</summary>
    public static void CheckPredict(NetworkTheory theory, double datasetSize)
    {
        DatasetSize(datasetSize);
        if (theory.Architecture.Activation == Activation.Linear) return;
        var options = theory.Options;
        // The shape correction averages over training sets of round(P) points with ShapeTestPoints test points each.
        if (datasetSize < 1 || Math.Round(datasetSize) + options.ShapeTestPoints > theory.Data.Capacity)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, string.Create(CultureInfo.InvariantCulture,
                $"a {theory.Architecture.Activation} network's shape correction is averaged over training sets of round(P) points: P must lie in 1..{Math.Min((long)theory.Data.Capacity - options.ShapeTestPoints, int.MaxValue)} ({theory.Data.Description} holds {theory.Data.Capacity} points, {options.ShapeTestPoints} of them test points)."));
        var p = Math.Round(datasetSize);
        var d = theory.Data.Dimension;
        MemoryBudget.Check(NetworkMemory.Shape(p, options, d, theory.Architecture), string.Create(CultureInfo.InvariantCulture,
            $"The first-order shape correction at P = {p:0} ({options.ShapeDatasets} training sets of {p:0} + {options.ShapeTestPoints} points, {options.ShapeUnits} units each, about {TimeBudget.Format(NetworkMemory.ShapeSeconds(p, options, theory.Architecture))})"),
            nameof(datasetSize), string.Create(CultureInfo.InvariantCulture,
                $"the largest P that fits is about {NetworkMemory.Largest(q => NetworkMemory.Shape(q, options, d, theory.Architecture))}; Predict(P, Approximation.ScaleMixture) or Approximation.Gaussian leave the shape correction out."));
        if (options.TimeBudget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(theory), options.TimeBudget, "NetworkTheoryOptions.TimeBudget must be positive.");
        TimeBudget.Check(NetworkMemory.ShapeSeconds(p, options, theory.Architecture), options.TimeBudget, string.Create(CultureInfo.InvariantCulture,
            $"The first-order shape correction at P = {p:0} ({options.ShapeDatasets} training sets of {p:0} + {options.ShapeTestPoints} points, {options.ShapeUnits} units each)"),
            nameof(datasetSize), string.Create(CultureInfo.InvariantCulture,
                $"the largest P that fits is about {TimeBudget.Largest(q => NetworkMemory.ShapeSeconds(q, options, theory.Architecture), options.TimeBudget)}; Predict(P, Approximation.ScaleMixture) or Approximation.Gaussian leave the shape correction out."),
            "NetworkTheoryOptions.TimeBudget");
    }

    /// <summary>Every argument of an experiment (<see cref="NetworkExperiments.Run"/>), and its memory.</summary>
    public static void CheckExperiment(NetworkArchitecture architecture, NetworkData data, double ridge, int datasetSize, NetworkSamplerKind sampler,
        NetworkExperimentOptions options)
    {
        if (options.Datasets is < 2 or > MaxDatasets)
            throw new ArgumentOutOfRangeException(nameof(options), options.Datasets, $"NetworkExperimentOptions.Datasets must lie in 2..{MaxDatasets} (at least 2 for a standard error).");
        if (options.TestPoints is < 1 or > MaxTestPoints)
            throw new ArgumentOutOfRangeException(nameof(options), options.TestPoints, $"NetworkExperimentOptions.TestPoints must lie in 1..{MaxTestPoints}.");
        Ridge(ridge);
        if (datasetSize < 1) throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, "the dataset size P must be at least 1.");
        if (!Enum.IsDefined(sampler)) throw new ArgumentOutOfRangeException(nameof(sampler), sampler, "unknown sampler; use CollapsedHmc or Langevin.");
        if (data.Dimension != architecture.InputDimension)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the data have d = {data.Dimension} inputs; the network expects {architecture.InputDimension}."), nameof(data));
        if ((long)datasetSize + options.TestPoints > data.Capacity)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, string.Create(CultureInfo.InvariantCulture,
                $"{data.Description} holds {data.Capacity} points: P plus NetworkExperimentOptions.TestPoints = {options.TestPoints} must not exceed it."));
        if (sampler == NetworkSamplerKind.CollapsedHmc) NetworkSampler.Check(options.CollapsedHmc ?? new CollapsedHmcOptions());
        else if (options.Langevin is { } langevin) NetworkSampler.Check(langevin);
        var (chains, samples) = sampler == NetworkSamplerKind.CollapsedHmc
            ? ((options.CollapsedHmc ?? new CollapsedHmcOptions()).Chains, (options.CollapsedHmc ?? new CollapsedHmcOptions()).Samples)
            : (options.Langevin?.Chains ?? 2, options.Langevin?.Samples ?? 1000);
        double Bytes(double p) => NetworkMemory.Experiment(architecture, p, options.TestPoints, options.Datasets, sampler, chains, samples);
        var largest = NetworkMemory.Largest(Bytes);
        var what = string.Create(CultureInfo.InvariantCulture,
            $"{sampler} of a width-{architecture.Width} depth-{architecture.Depth} network at P = {datasetSize} ({chains} chains of {samples} samples on {options.Datasets} training sets of {options.TestPoints} test points, with the GP limit's P × P kernel)");
        // When not even P = 1 fits, the options (or the width) ask for too much, not P.
        if (largest == 0)
        {
            var samplesFit = NetworkMemory.Largest(s => NetworkMemory.Experiment(architecture, datasetSize, options.TestPoints, options.Datasets, sampler, chains, (int)Math.Min(s, int.MaxValue)));
            MemoryBudget.Check(Bytes(datasetSize), what, nameof(options), string.Create(CultureInfo.InvariantCulture,
                $"lower the Samples (at most about {samplesFit} with {chains} chains fit), Chains or TestPoints of the options, or the width."));
        }
        MemoryBudget.Check(Bytes(datasetSize), what, nameof(datasetSize), string.Create(CultureInfo.InvariantCulture,
            $"the largest P that fits is about {largest}; or lower the width, Chains, Samples or TestPoints."));
        CheckExperimentTime(architecture, ridge, datasetSize, sampler, options, what);
    }

    /// <summary>The experiment's time estimate against <see cref="NetworkExperimentOptions.TimeBudget"/>.</summary>
    private static void CheckExperimentTime(NetworkArchitecture architecture, double ridge, int datasetSize, NetworkSamplerKind sampler,
        NetworkExperimentOptions options, string what)
    {
        if (options.TimeBudget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeBudget, "NetworkExperimentOptions.TimeBudget must be positive.");
        double Seconds(double p) => NetworkCost.ExperimentSeconds(architecture, p, options, sampler,
            sampler == NetworkSamplerKind.Langevin ? options.Langevin ?? NetworkExperiments.DefaultLangevin(architecture, ridge, (int)Math.Min(p, int.MaxValue)) : null);
        var seconds = Seconds(datasetSize);
        if (seconds <= options.TimeBudget.TotalSeconds) return;
        var largest = TimeBudget.Largest(Seconds, options.TimeBudget);
        var advice = largest >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"the largest P that fits is about {largest}; or lower the width, Datasets, Chains, Warmup or Samples.")
            : "even P = 1 does not fit: lower the width, Datasets, Chains, Warmup or Samples.";
        TimeBudget.Check(seconds, options.TimeBudget, what, largest >= 1 ? nameof(datasetSize) : nameof(options), advice, "NetworkExperimentOptions.TimeBudget");
    }

    /// <summary>The options of kernel ridge regression on the NNGP spectrum, checked before the spectrum is measured.</summary>
    public static void CheckSimulation(double datasetSize, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Simulation.KernelRidgeSimulation.CheckArguments(datasetSize, options);
    }

}
