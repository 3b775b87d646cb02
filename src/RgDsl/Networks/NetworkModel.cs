using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RgDsl.Networks.Data;

namespace RgDsl.Networks;

/// <summary>
/// A finite-width network as an RgDsl model (THEORY §6): <see cref="Predict"/> gives its learning curve from the
/// theory (the NNGP kernel's spectrum on the data, the kernel scale integrated exactly, every layer's shape
/// fluctuations at first order), and <see cref="Sample"/> and <see cref="Train"/> run the network itself (exact
/// posterior sampling with the readout integrated, and Langevin dynamics on all weights) to check it.
/// </summary>
public sealed class NetworkModel : IRgModel
{
    private readonly ConcurrentDictionary<double, NetworkPrediction> _predictions = new();

    /// <exception cref="ArgumentException">Bad ridge, or data whose dimension differs from the network's input.</exception>
    public NetworkModel(string name, NetworkArchitecture architecture, NetworkData data, double ridge, NetworkTheoryOptions? options = null)
        : this(name, new NetworkTheory(architecture, data, ridge, options))
    {
    }

    /// <summary>A network model over a theory built before (its spectrum and cumulants are shared, e.g. across widths).</summary>
    public NetworkModel(string name, NetworkTheory theory)
    {
        ArgumentNullException.ThrowIfNull(theory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name; Theory = theory;
    }

    public string Name { get; }
    public NetworkTheory Theory { get; }
    public NetworkArchitecture Architecture => Theory.Architecture;
    public NetworkData Data => Theory.Data;
    /// <summary>κ, the likelihood variance (the temperature of Langevin training at unit scale).</summary>
    public double Ridge => Theory.Ridge;
    /// <summary>The infinite-width limit as a Gaussian model.</summary>
    public GaussianModel GaussianProcess => Theory.GaussianProcess;

    /// <summary>The same network at another width; the spectrum and cumulants are shared.</summary>
    public NetworkModel WithWidth(int width) => new(Name, Theory.WithWidth(width));

    /// <summary>Every part of the theory at dataset size P (cached per P).</summary>
    /// <exception cref="ArgumentException">P not positive and finite; for a non-linear network P &lt; 1, more points than
    /// the data hold, or a shape correction whose memory estimate exceeds what the process may use (checked first).</exception>
    public NetworkPrediction PredictNetwork(double datasetSize)
    {
        Validation.NetworkArguments.CheckPredict(Theory, datasetSize);
        return _predictions.GetOrAdd(datasetSize, Theory.Predict);
    }

    /// <summary>
    /// The learning curve at dataset size P. <see cref="Approximation.Auto"/> and <see cref="Approximation.FiniteWidth"/>: the
    /// kernel scale exact and the shape fluctuations at first order; <see cref="Approximation.ScaleMixture"/>: without the
    /// shape; <see cref="Approximation.KernelRenormalisation"/>: the saddle point; <see cref="Approximation.FirstOrder"/>:
    /// the truncated 1/N expansion; <see cref="Approximation.Gaussian"/> and <see cref="Approximation.EquivalentKernel"/>:
    /// the infinite-width GP.
    /// </summary>
    public LearningCurvePoint Predict(double datasetSize, Approximation approximation = Approximation.Auto) => CheckPredict(datasetSize, approximation) switch
    {
        Approximation.Gaussian or Approximation.EquivalentKernel => GaussianProcess.Predict(datasetSize, approximation),
        Approximation.Auto or Approximation.FiniteWidth => PredictNetwork(datasetSize).Point,
        Approximation.ScaleMixture => PredictNetwork(datasetSize).ScaleMixture,
        Approximation.KernelRenormalisation => PredictNetwork(datasetSize).SaddlePoint,
        Approximation.AdaptiveKernel => PredictNetwork(datasetSize).AdaptiveKernelPoint
            ?? throw new ArgumentException("the adaptive-kernel saddle is computed for mean-field networks with one hidden layer, or two with a φ that has a continuous derivative and grows at most linearly.", nameof(approximation)),
        Approximation.FirstOrder => PredictNetwork(datasetSize).TruncatedExpansion!,
        _ => throw new NotSupportedException($"Approximation.{approximation} does not apply to networks; use FiniteWidth, ScaleMixture, KernelRenormalisation, FirstOrder or Gaussian."),
    };

    public LearningCurve LearningCurve(params double[] datasetSizes) => LearningCurve(Approximation.Auto, datasetSizes);

    /// <summary>Predictions at each P with local exponents.</summary>
    public LearningCurve LearningCurve(Approximation approximation, params double[] datasetSizes)
    {
        ArgumentNullException.ThrowIfNull(datasetSizes);
        if (datasetSizes.Length == 0) throw new ArgumentException("give at least one dataset size.", nameof(datasetSizes));
        // Every size (and the neighbours the local exponent needs) is checked before the first prediction.
        foreach (var p in datasetSizes)
        {
            if (!double.IsFinite(p) || p <= 0) throw new ArgumentOutOfRangeException(nameof(datasetSizes), p, "every dataset size P must be positive and finite.");
            CheckPredict(p * Math.Exp(1e-3), approximation);
        }
        return RgDsl.LearningCurve.Build(Name, p => Predict(p, approximation), p => p > 0 && double.IsFinite(p), datasetSizes);
    }

    /// <summary>Refuses a bad P or approximation before the theory is built; returns the approximation.</summary>
    private Approximation CheckPredict(double datasetSize, Approximation approximation)
    {
        if (approximation is Approximation.Gaussian or Approximation.EquivalentKernel) Validation.NetworkArguments.DatasetSize(datasetSize);
        else if (approximation is Approximation.Auto or Approximation.FiniteWidth or Approximation.ScaleMixture or Approximation.KernelRenormalisation or Approximation.FirstOrder)
            Validation.NetworkArguments.CheckPredict(Theory, datasetSize);
        else throw new NotSupportedException($"Approximation.{approximation} does not apply to networks; use FiniteWidth, ScaleMixture, KernelRenormalisation, FirstOrder or Gaussian.");
        return approximation;
    }

    /// <summary>The Gaussian ridge flow of the GP at the renormalised kernel s*·K (THEORY §3.1).</summary>
    public RgFlow Flow(double datasetSize, FlowOptions? options = null)
    {
        Validation.NetworkArguments.CheckPredict(Theory, datasetSize);
        var scale = PredictNetwork(datasetSize).RenormalisedScale;
        return new GaussianModel(Name, GaussianProcess.Spectrum, Ridge / scale, Data.LabelNoise).Flow(datasetSize, options);
    }

    /// <summary>
    /// The finite-width corrections as perturbations of the GP with their scaling intervals (THEORY §4, §6.3): the kernel
    /// scale as the truncated quartic it would be (cutoff-dominated — the theory integrates it exactly instead) and the
    /// last layer's shape fluctuations with weights derived from one unit's fourth cumulant, fitted by power laws; α and
    /// β fitted from the NNGP spectrum on the data.
    /// </summary>
    public ScalingReport Scaling() => RgDsl.Scaling.NetworkScaling.Analyse(Theory);

    /// <summary>Kernel ridge regression on a Gaussian design of the NNGP spectrum (the infinite-width limit, THEORY §7.1).</summary>
    public SimulationResult Simulate(double datasetSize, SimulationOptions options)
    {
        Validation.NetworkArguments.CheckSimulation(datasetSize, options);
        return GaussianProcess.Simulate(datasetSize, options);
    }

    /// <summary>The network itself, sampled exactly (collapsed HMC over the hidden weights) on several training sets.</summary>
    /// <exception cref="ArgumentException">A bad P or option (named, with its allowed range), or a run whose memory estimate
    /// exceeds what the process may use (with the largest P that fits); checked before anything runs.</exception>
    public NetworkExperiment Sample(double datasetSize, NetworkExperimentOptions? options = null) =>
        NetworkExperiments.Run(Architecture, Data, Ridge, ToCount(datasetSize), NetworkSamplerKind.CollapsedHmc, options, Theory.Kernel);

    /// <summary>The network trained by Langevin dynamics on all weights, on several training sets.</summary>
    /// <exception cref="ArgumentException">As <see cref="Sample"/>.</exception>
    /// <exception cref="Sampling.LangevinDivergenceException">The Langevin dynamics diverged at the step the options chose, or at the default step after <see cref="NetworkExperiments.DefaultStepReductions"/> reductions (the message names the step size).</exception>
    public NetworkExperiment Train(double datasetSize, NetworkExperimentOptions? options = null) =>
        NetworkExperiments.Run(Architecture, Data, Ridge, ToCount(datasetSize), NetworkSamplerKind.Langevin, options, Theory.Kernel);

    /// <summary>Deep linear networks only: the exact posterior (a one-dimensional scale mixture per training set), averaged over training sets.</summary>
    /// <exception cref="InvalidOperationException">The network is not linear.</exception>
    public LinearMixtureAverage ExactLinear(double datasetSize, int datasets = 24, int seed = 1)
    {
        if (Architecture.Activation != Activation.Linear)
            throw new InvalidOperationException($"{Name}: the exact scale mixture exists for linear networks only; use Sample for a {Architecture.Activation} network.");
        var p = ToCount(datasetSize);
        if (datasets is < 2 or > Validation.NetworkArguments.MaxDatasets)
            throw new ArgumentOutOfRangeException(nameof(datasets), datasets, $"datasets must lie in 2..{Validation.NetworkArguments.MaxDatasets} (at least 2 for a standard error).");
        return ExactLinearMixture.Average(Architecture, Data, Ridge, p, datasets, seed);
    }

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"network {Name}: {Architecture}"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  data: {Data.Description}"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  ridge κ = {Ridge:R}{(Architecture.Parameterisation == Parameterisation.MeanField ? " (likelihood variance κ/N, mean-field)" : "")}"));
        sb.AppendLine($"  kernel: {Theory.Kernel.Description}");
        sb.AppendLine($"  spectrum: {Theory.SpectrumSource}");
        sb.AppendLine($"  kernel scale: {Theory.ScalePrior} — integrated exactly");
        sb.AppendLine(Architecture.Activation == Activation.Linear
            ? "  shape fluctuations: none (the units of a linear network are Gaussian; the scale mixture is the exact prior)"
            : RgDsl.Networks.Theory.LowerLayerShape.IsAdded(Architecture, Theory.Options)
                ? "  shape fluctuations: the last layer's unit fourth cumulant and every lower layer's kernel fluctuations carried up to the output (with the kernel's O(1/N) mean shift) at first order, exactly at finite P"
                : "  shape fluctuations: the last layer's unit fourth cumulant at first order, exactly at finite P" + (Architecture.Depth > 1 ? " (the lower layers' are left out for these units: NetworkTheoryOptions.ShapeLowerLayers)" : ""));
        return sb.ToString();
    }

    public override string ToString() => $"{Name}: {Architecture}";

    private static int ToCount(double datasetSize) => Validation.NetworkArguments.Count(datasetSize);
}
