using System.Globalization;
using RgDsl.Networks;
using RgDsl.Sweeps.Definition;

namespace RgDsl.Sweeps.Methods;

/// <summary>
/// The network itself at one dataset size (<see cref="NetworkModel.Sample"/> or <see cref="NetworkModel.Train"/>,
/// THEORY §6.2, §7.3) on several training sets, with the unit's seed as <see cref="NetworkExperimentOptions.Seed"/>, paired
/// with the GP (kernel ridge regression with the NNGP kernel) on the same training sets. The model is a declared
/// [RgNetwork] (<see cref="IDeclaredNetwork"/>) or a <see cref="NetworkModel"/>. Values: <c>test_error</c>,
/// <c>gp_error</c>, <c>relative_shift</c> (ε_N/ε_GP − 1, paired) with standard errors, <c>effective_samples</c>,
/// <c>width</c>, <c>split_rhat</c>, <c>min_effective_samples</c> and each training set's <c>test_error_set</c>i.
/// Warnings: the experiment's own (a run that did not mix). Wall time is not recorded: a unit's numbers
/// must not depend on the machine.
/// </summary>
/// <param name="options">Training sets, test points and sampler options; its seed is replaced by the unit's.</param>
/// <param name="sampler">Exact posterior sampling (collapsed HMC, the default) or Langevin training.</param>
public sealed class NetworkSampling(NetworkExperimentOptions options, NetworkSamplerKind sampler = NetworkSamplerKind.CollapsedHmc) : ISweepMethod
{
    public NetworkExperimentOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));
    public NetworkSamplerKind Sampler { get; } = sampler;

    public string Name => Sampler == NetworkSamplerKind.CollapsedHmc ? "network-hmc" : "network-langevin";

    public string Configuration
    {
        get
        {
            var hmc = Options.CollapsedHmc ?? new CollapsedHmcOptions();
            var text = string.Create(CultureInfo.InvariantCulture, $"datasets={Options.Datasets};test={Options.TestPoints}");
            return Sampler == NetworkSamplerKind.CollapsedHmc
                ? text + string.Create(CultureInfo.InvariantCulture,
                    $";warmup={hmc.Warmup};samples={hmc.Samples};chains={hmc.Chains};trajectory={hmc.TrajectoryLength:R};acceptance={hmc.TargetAcceptance:R};step={hmc.InitialStepSize:R};max={hmc.MaxStepsPerTrajectory}")
                : text + (Options.Langevin is { } l
                    ? string.Create(CultureInfo.InvariantCulture,
                        $";step={l.StepSize:R};burnin={l.BurnIn};samples={l.Samples};thinning={l.Thinning};chains={l.Chains};mala={l.MetropolisAdjusted};mass={l.Preconditioner}")
                    : ";langevin=default");
        }
    }

    // By type only: building the network's theory (its kernel spectrum) would cost seconds per model at plan time.
    public string? Unsupported(object model) => model is not (NetworkModel or IDeclaredNetwork)
        ? $"network sampling needs an [RgNetwork] model or a NetworkModel; {model.GetType().Name} is neither."
        : null;

    public SweepMeasurement Run(SweepUnit unit, int seed)
    {
        var model = unit.CreateModel();
        var network = Network(model) ?? throw new InvalidOperationException(Unsupported(model));
        var size = unit.DatasetSize;
        var experiment = Sampler == NetworkSamplerKind.CollapsedHmc
            ? network.Sample(size, Options with { Seed = seed })
            : network.Train(size, Options with { Seed = seed });
        return new SweepMeasurement(
        [
            new("test_error", experiment.TestError),
            new("gp_error", experiment.GaussianProcessError),
            new("relative_shift", experiment.RelativeShift),
            new("effective_samples", experiment.EffectiveSamples),
            new("width", network.Architecture.Width),
            // Whether the chains mixed: the worst split-R̂ and the fewest effective samples over training sets.
            new("split_rhat", experiment.Runs.Max(r => r.SplitRHat)),
            new("min_effective_samples", experiment.Runs.Min(r => r.EffectiveSampleSize)),
            // Each training set's test error, with the label noise like test_error (their mean), for comparisons paired
            // per set: set i is the data's Split(P, TestPoints, seed + 7919 i), as a saddle averaged with the same seed takes it.
            .. experiment.Runs.Select((r, i) => new SweepValue(string.Create(CultureInfo.InvariantCulture, $"test_error_set{i}"), r.TestError.Value + network.Data.LabelNoise, r.TestError.StandardError)),
        ]) { Warnings = experiment.Warnings };
    }

    private static NetworkModel? Network(object model) => model switch
    {
        NetworkModel n => n,
        IDeclaredNetwork d => d.ToNetworkModel(),
        _ => null,
    };
}
