using System.Globalization;
using RgDsl.Networks.Data;

namespace RgDsl.Networks.Theory;

/// <summary>The adaptive-kernel theory averaged over training sets at one P (see <see cref="AdaptiveKernelAverage.Compute"/>).</summary>
/// <param name="DatasetSize">P.</param>
/// <param name="TestError">Mean over training sets of the adapted-kernel predictor's test error (σ² on the test label included), with its standard error over sets.</param>
/// <param name="GaussianProcessError">The NNGP kernel regression on the same sets.</param>
/// <param name="RelativeShift">ε_ad/ε_GP − 1 as a ratio of the paired means, with its delta-method error.</param>
/// <param name="MeanScale">Mean over sets of tr K_ad / tr K₀.</param>
/// <param name="MeanDirectionalChange">Mean over sets of the directional part of the adaptation (|K_ad − sK₀|/|K_ad|).</param>
/// <param name="Solutions">One saddle per training set.</param>
/// <param name="PerSetErrors">The adapted-kernel test error of each set (for paired comparisons with sampled networks).</param>
/// <param name="Warnings">Transitions, metastable saddles and degenerate importance weights, per set.</param>
public sealed record AdaptiveKernelPrediction(double DatasetSize, Estimate TestError, Estimate GaussianProcessError, Estimate RelativeShift,
    double MeanScale, double MeanDirectionalChange, IReadOnlyList<AdaptiveKernelSolution> Solutions, IReadOnlyList<double> PerSetErrors, IReadOnlyList<string> Warnings)
{
    /// <summary>Whether any training set hit the feature-learning transition.</summary>
    public bool HasTransition => Solutions.Any(s => s.Phase == AdaptiveKernelPhase.FeatureLearningTransition);
}

/// <summary>
/// The adaptive-kernel theory's learning curve: the saddle on several training sets drawn from the data, its
/// predictor's test error on a test set per training set. Training set i is <c>data.Split(P, testPoints, seed + 7919 i)</c>,
/// the same sets <see cref="NetworkExperiments.Run"/> samples with the same seed, so the two can be compared pairwise.
/// </summary>
public static class AdaptiveKernelAverage
{
    /// <summary>Solves the saddle on <paramref name="datasets"/> training sets of size P and averages the test error.</summary>
    /// <exception cref="ArgumentException">Bad sizes, depth above 2, ridge ≤ 0 (named).</exception>
    /// <exception cref="InvalidOperationException">A saddle did not converge (the message names the set, iterations and residual).</exception>
    public static AdaptiveKernelPrediction Compute(NetworkArchitecture architecture, NetworkData data, double ridge, int datasetSize,
        int datasets = 8, int testPoints = 500, int seed = 1, AdaptiveKernelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        if (datasets < 2) throw new ArgumentOutOfRangeException(nameof(datasets), datasets, "at least two training sets are needed for a standard error.");
        if (datasetSize < 1) throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, "the dataset size P must be at least 1.");
        if (testPoints < 1) throw new ArgumentOutOfRangeException(nameof(testPoints), testPoints, "at least one test point is needed.");
        if (data.Dimension != architecture.InputDimension)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the data have d = {data.Dimension} inputs; the network expects {architecture.InputDimension}."), nameof(data));
        if (architecture.Depth > 2) throw new ArgumentException("the adaptive-kernel saddle is implemented for one and two hidden layers.", nameof(architecture));
        var kernel = new NngpKernel(architecture);
        var solutions = new AdaptiveKernelSolution[datasets];
        var adapted = new double[datasets];
        var gaussian = new double[datasets];
        var warnings = new List<string>();
        for (var i = 0; i < datasets; i++)
        {
            var (train, test) = data.Split(datasetSize, testPoints, seed + 7919 * i);
            if (!AdaptiveKernel.TrySolve(architecture, ridge, train.Inputs, train.Labels, options, out var solution, out var error))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"training set {i}: {error}"));
            solutions[i] = solution;
            var prediction = solution.Predict(test.Inputs);
            adapted[i] = Enumerable.Range(0, test.Count).Average(t => (prediction[t] - test.Targets[t]) * (prediction[t] - test.Targets[t])) + data.LabelNoise;
            gaussian[i] = NetworkExperiments.KernelRegressionError(kernel, ridge, train, test) + data.LabelNoise;
            warnings.AddRange(solution.Warnings.Select(w => string.Create(CultureInfo.InvariantCulture, $"training set {i}: {w}")));
            if (solution is { Phase: AdaptiveKernelPhase.Metastable, BarrierHeight: { } barrier } && barrier < Math.Log(architecture.Width))
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"training set {i}: the metastable saddle's barrier ΔU = {barrier:G3} is below ln N = {Math.Log(architecture.Width):G3}: about N e^(−ΔU) = {architecture.Width * Math.Exp(-barrier):G2} of the N units sit at the barrier, so the network leaves the basin and the saddle is not its state (measured against collapsed-HMC networks, z + 0.3 z³, N = 64, P = 16, d = 8, κ = 0.5: ΔU = 1.9–2.6 and the saddle's error 0.42 ± 0.15 against the networks' 0.61 ± 0.23, below them on 3 of 4 sets by 10–50%)"));
        }
        var ratio = adapted.Sum() / gaussian.Sum();
        var variance = adapted.Select((a, i) => Math.Pow(a - ratio * gaussian[i], 2)).Sum();
        var shiftError = Math.Sqrt(variance * datasets / (datasets - 1)) / gaussian.Sum();
        return new AdaptiveKernelPrediction(datasetSize, NetworkExperiments.MeanAndError(adapted), NetworkExperiments.MeanAndError(gaussian),
            new Estimate(ratio - 1, shiftError), solutions.Average(s => s.Scale), solutions.Average(s => s.DirectionalChange), solutions, adapted, warnings);
    }
}
