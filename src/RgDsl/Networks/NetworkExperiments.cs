using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Data;

namespace RgDsl.Networks;

/// <summary>Options of a network experiment: the network itself, sampled on several training sets.</summary>
/// <param name="Datasets">Training sets (each with its own test set) averaged over.</param>
/// <param name="TestPoints">Test points per training set.</param>
/// <param name="Seed">Seed of the training sets and chains (dataset i uses Seed + 7919 i).</param>
/// <param name="CollapsedHmc">Options of exact posterior sampling (<see cref="NetworkSampler.CollapsedHmc"/>); null: defaults.</param>
/// <param name="Langevin">Options of Langevin training (<see cref="NetworkSampler.Langevin"/>); null: a step size chosen from the curvature βP/κ and the defaults.</param>
public sealed record NetworkExperimentOptions(int Datasets = 8, int TestPoints = 500, int Seed = 1,
    CollapsedHmcOptions? CollapsedHmc = null, LangevinOptions? Langevin = null)
{
    public static NetworkExperimentOptions Default { get; } = new();

    /// <summary>
    /// Receives the fraction of training sets done, in (0, 1], after each training set once the run has taken longer
    /// than <see cref="ProgressDelay"/> (and 1 at the end of such a run); null (the default) reports nothing. The
    /// library never prints: show it with e.g. <c>new Progress&lt;double&gt;(f =&gt; Console.Write($"\r{f:P0}"))</c>.
    /// </summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>How long a run goes before it starts reporting to <see cref="Progress"/> (2 s; zero reports every training set).</summary>
    public TimeSpan ProgressDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest run accepted: a run whose a-priori estimate (operation counts at 10⁹ a second per core, which errs
    /// long) exceeds it is refused before it starts, with the estimate and the largest P that fits. Two hours by default;
    /// <see cref="TimeSpan.MaxValue"/> accepts anything.
    /// </summary>
    public TimeSpan TimeBudget { get; init; } = DefaultTimeBudget;

    /// <summary>The default <see cref="TimeBudget"/>: two hours.</summary>
    public static TimeSpan DefaultTimeBudget { get; } = TimeSpan.FromHours(2);
}

/// <summary>
/// The network itself at one dataset size, averaged over training sets: its posterior-mean test error, the GP limit
/// (kernel ridge regression with the NNGP kernel) on the same training sets, and their ratio.
/// </summary>
/// <param name="DatasetSize">P.</param>
/// <param name="Architecture">The network.</param>
/// <param name="Sampler">Which sampler produced the runs.</param>
/// <param name="TestError">The mean over training sets of the network's test error, with its standard error (datasets and Monte Carlo).</param>
/// <param name="GaussianProcessError">The infinite-width limit on the same training and test sets.</param>
/// <param name="RelativeShift">ε_N/ε_GP − 1 as a ratio of the two means (paired on the same data), with its delta-method error.</param>
/// <param name="EffectiveSamples">Effective samples of the test error, summed over training sets.</param>
/// <param name="WallTime">Wall-clock time of all runs.</param>
/// <param name="Runs">One sampler result per training set.</param>
/// <param name="Warnings">Runs whose chains did not mix, and other reasons not to trust the numbers.</param>
public sealed record NetworkExperiment(double DatasetSize, NetworkArchitecture Architecture, NetworkSamplerKind Sampler, Estimate TestError,
    Estimate GaussianProcessError, Estimate RelativeShift, double EffectiveSamples, TimeSpan WallTime, IReadOnlyList<NetworkSampleResult> Runs,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Effective samples of the test error per second of wall time.</summary>
    public double EffectiveSamplesPerSecond => EffectiveSamples / Math.Max(WallTime.TotalSeconds, 1e-9);
    /// <summary>Whether every run mixed.</summary>
    public bool IsReliable => Warnings.Count == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Sampler}, N = {Architecture.Width}, P = {DatasetSize:G6}: ε = {TestError}, GP {GaussianProcessError}, shift {RelativeShift} over {Runs.Count} training sets; {EffectiveSamplesPerSecond:G3} ESS/s{(IsReliable ? "" : " — NOT RELIABLE: " + string.Join("; ", Warnings))}");
}

/// <summary>Runs the network samplers on several training sets drawn from a <see cref="NetworkData"/>.</summary>
public static class NetworkExperiments
{
    /// <summary>A run whose split-R̂ is not below this has not mixed (the samplers' own threshold).</summary>
    public const double MaxSplitRHat = Statistics.ChainConvergence.MaxSplitRHat;
    /// <summary>A run with fewer effective samples of the test error does not count.</summary>
    public const int MinEffectiveSamples = 20;

    /// <summary>Samples the network's posterior on <see cref="NetworkExperimentOptions.Datasets"/> training sets of size P.</summary>
    /// <exception cref="ArgumentException">Bad sizes, ridge or options (named, with the allowed range), or a run whose
    /// memory estimate exceeds what the process may use (with the largest P that fits); checked before anything runs.</exception>
    /// <exception cref="Sampling.LangevinDivergenceException">A Langevin run diverged at the step the options chose, or at the default step after <see cref="DefaultStepReductions"/> reductions (the message names the step size).</exception>
    public static NetworkExperiment Run(NetworkArchitecture architecture, NetworkData data, double ridge, int datasetSize, NetworkSamplerKind sampler,
        NetworkExperimentOptions? options = null, NngpKernel? kernel = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        options ??= NetworkExperimentOptions.Default;
        Validation.NetworkArguments.CheckExperiment(architecture, data, ridge, datasetSize, sampler, options);
        kernel ??= new NngpKernel(architecture);
        var clock = Stopwatch.StartNew();
        var runs = new NetworkSampleResult[options.Datasets];
        var network = new double[options.Datasets];
        var gaussian = new double[options.Datasets];
        var warnings = new List<string>();
        var reported = false;
        var langevin = options.Langevin ?? DefaultLangevin(architecture, ridge, datasetSize);
        for (var i = 0; i < options.Datasets; i++)
        {
            var (train, test) = data.Split(datasetSize, options.TestPoints, options.Seed + 7919 * i);
            var trainSet = NetworkDataset.FromRows(train.Inputs, train.Labels);
            var testSet = NetworkDataset.FromRows(test.Inputs, test.Targets);
            var seed = options.Seed + 104_729 * i;
            runs[i] = sampler == NetworkSamplerKind.CollapsedHmc
                ? NetworkSampler.CollapsedHmc(architecture, ridge, trainSet, testSet, options.CollapsedHmc ?? new CollapsedHmcOptions(), seed)
                : Langevin(architecture, ridge, trainSet, testSet, ref langevin, chosen: options.Langevin is not null, seed);
            // Both errors include the label noise on the test label, like the theory's.
            network[i] = runs[i].TestError.Value + data.LabelNoise;
            gaussian[i] = KernelRegressionError(kernel, ridge, train, test) + data.LabelNoise;
            // The experiment's error bars come from the spread over training sets, which includes each run's Monte-Carlo
            // noise; a run must still have mixed (split-R̂) and hold enough effective samples for its mean to count.
            if (!Statistics.ChainConvergence.IsMixed(runs[i].SplitRHat) || runs[i].EffectiveSampleSize < MinEffectiveSamples)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"training set {i}: split-R̂ {runs[i].SplitRHat:F3}, {runs[i].EffectiveSampleSize:F0} effective samples (needs R̂ ≤ {MaxSplitRHat} and ≥ {MinEffectiveSamples}): {string.Join("; ", runs[i].Warnings)}"));
            if (options.Progress is not null && (reported || clock.Elapsed >= options.ProgressDelay))
            {
                reported = true;
                options.Progress.Report((i + 1.0) / options.Datasets);
            }
        }
        var testError = MeanAndError(network);
        var gpError = MeanAndError(gaussian);
        // Ratio of means, paired: its error by the delta method over training sets.
        var ratio = network.Sum() / gaussian.Sum();
        double variance = 0;
        for (var i = 0; i < network.Length; i++)
        {
            var r = network[i] - ratio * gaussian[i];
            variance += r * r;
        }
        var shiftError = Math.Sqrt(variance * network.Length / (network.Length - 1)) / gaussian.Sum();
        return new NetworkExperiment(datasetSize, architecture, sampler, testError, gpError, new Estimate(ratio - 1, shiftError),
            runs.Sum(r => r.EffectiveSampleSize), clock.Elapsed, runs, warnings);
    }

    /// <summary>Divergences of the default Langevin step retried, each at a quarter of the step, before the divergence is thrown.</summary>
    public const int DefaultStepReductions = 3;

    /// <summary>
    /// Langevin on one training set. The default step (<see cref="DefaultLangevin"/>: no <see cref="NetworkExperimentOptions.Langevin"/>
    /// given) bounds only the readout's curvature; a deep or superlinear network can be stiffer. Its divergence is retried at
    /// a quarter of the step, up to <see cref="DefaultStepReductions"/> times, and the smaller step kept for the later
    /// training sets (each run's step is in <see cref="NetworkSampleResult.StepSize"/>). A step the caller chose diverges as
    /// a <see cref="Sampling.LangevinDivergenceException"/>.
    /// </summary>
    private static NetworkSampleResult Langevin(NetworkArchitecture architecture, double ridge, NetworkDataset train, NetworkDataset test,
        ref LangevinOptions langevin, bool chosen, int seed)
    {
        for (var reductions = 0; ; reductions++)
        {
            try
            {
                return NetworkSampler.Langevin(architecture, ridge, train, test, langevin, seed);
            }
            catch (Sampling.LangevinDivergenceException) when (!chosen && reductions < DefaultStepReductions)
            {
                langevin = langevin with { StepSize = langevin.StepSize / 4 };
            }
        }
    }

    /// <summary>A Langevin step below the stability limit of the stiffest direction, whose curvature is about βP·λ_max/κ + 1/σ².</summary>
    internal static LangevinOptions DefaultLangevin(NetworkArchitecture architecture, double ridge, int datasetSize) =>
        new(StepSize: 0.1 / (1 + architecture.LikelihoodScale * datasetSize / ridge * architecture.ReadoutVariance / architecture.Width));

    /// <summary>The test error of kernel ridge regression with the NNGP kernel on one training set (the GP limit on the same data).</summary>
    internal static double KernelRegressionError(NngpKernel kernel, double ridge, LabeledSample train, LabeledSample test)
    {
        var k = Matrix<double>.Build.DenseOfArray(kernel.Matrix(train.Inputs));
        for (var i = 0; i < train.Count; i++) k[i, i] += ridge;
        var alpha = k.Cholesky().Solve(Vector<double>.Build.DenseOfArray(train.Labels));
        var prediction = Matrix<double>.Build.DenseOfArray(kernel.CrossMatrix(test.Inputs, train.Inputs)) * alpha;
        double error = 0;
        for (var i = 0; i < test.Count; i++) error += (prediction[i] - test.Targets[i]) * (prediction[i] - test.Targets[i]);
        return error / test.Count;
    }

    internal static Estimate MeanAndError(IReadOnlyList<double> values)
    {
        var (mean, error) = Statistics.MeanError.Of(values);
        return new Estimate(mean, error);
    }
}
