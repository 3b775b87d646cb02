using System.Globalization;
using RgDsl.Networks.Data;

namespace RgDsl.Networks.Theory;

/// <summary>
/// How far the deterministic-equivalent level of the learning curve is from the average over training sets at this P
/// (see <see cref="FiniteSizeLevelCheck"/>).
/// </summary>
/// <param name="DatasetSize">P.</param>
/// <param name="DeterministicError">The GP's test error from the deterministic equivalent (THEORY §2.2).</param>
/// <param name="AverageError">The GP's test error averaged over drawn training sets (kernel ridge regression with the NNGP kernel), with its standard error.</param>
/// <param name="Ratio">AverageError / DeterministicError, with its standard error.</param>
/// <param name="Datasets">Training sets averaged.</param>
/// <param name="Problem">Why the deterministic level should not be read at face value (the ratio differs from 1 beyond
/// 3 s.e. + <see cref="FiniteSizeLevelCheck.Tolerance"/>), or null.</param>
public sealed record FiniteSizeLevel(double DatasetSize, double DeterministicError, Estimate AverageError, Estimate Ratio, int Datasets, string? Problem)
{
    /// <summary>A test error from the deterministic equivalent moved to the average over training sets (the finite-width shift, a ratio, is kept).</summary>
    public double Correct(double testError) => testError * Ratio.Value;
}

/// <summary>
/// Finite-size honesty of the level (issue 20, item 3). The deterministic-equivalent learning curve is an asymptotic
/// statement; at small P (or few resolved modes) the average over training sets differs from it, while the finite-width
/// shift, a ratio of network and GP on the same data, stays right. The check draws training sets of size P from the
/// data, does exact GP regression (kernel ridge regression with the NNGP kernel) on each, and compares the mean test
/// error with the deterministic equivalent: the ratio is the correction of the level, measured rather than modelled.
/// Its cost, datasets · (P³/3 + P·T kernel entries), is bounded by <see cref="MaxDatasetSize"/>.
/// </summary>
public static class FiniteSizeLevelCheck
{
    /// <summary>The largest P the check runs at (the level's finite-P error falls with P; the cost grows as P³).</summary>
    public const int MaxDatasetSize = 1024;
    /// <summary>A relative level error below this is not flagged (the deterministic equivalent's own accuracy goal).</summary>
    public const double Tolerance = 0.02;

    /// <summary>Runs the check.</summary>
    /// <exception cref="ArgumentOutOfRangeException">P outside 1…<see cref="MaxDatasetSize"/> or beyond the dataset, fewer than two datasets, or too few test points.</exception>
    public static FiniteSizeLevel Run(NngpKernel kernel, NetworkData data, double ridge, int datasetSize, double deterministicError,
        int datasets, int testPoints, int seed)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(data);
        if (datasetSize < 1 || datasetSize > MaxDatasetSize)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, string.Create(CultureInfo.InvariantCulture, $"the level check runs at 1 ≤ P ≤ {MaxDatasetSize}."));
        if ((long)datasetSize + testPoints > data.Capacity)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, string.Create(CultureInfo.InvariantCulture, $"P = {datasetSize} plus {testPoints} test points exceed the {data.Capacity} points of {data.Description}."));
        if (datasets < 2) throw new ArgumentOutOfRangeException(nameof(datasets), datasets, "at least two training sets are needed for a standard error.");
        if (testPoints < 10) throw new ArgumentOutOfRangeException(nameof(testPoints), testPoints, "at least 10 test points are needed.");
        if (!(deterministicError > 0)) throw new ArgumentOutOfRangeException(nameof(deterministicError), deterministicError, "the deterministic error must be positive.");
        var errors = new double[datasets];
        Parallel.For(0, datasets, i =>
        {
            var (train, test) = data.Split(datasetSize, testPoints, seed + 7919 * i);
            errors[i] = NetworkExperiments.KernelRegressionError(kernel, ridge, train, test) + data.LabelNoise;
        });
        var average = NetworkExperiments.MeanAndError(errors);
        var ratio = new Estimate(average.Value / deterministicError, average.StandardError / deterministicError);
        var off = Math.Abs(ratio.Value - 1);
        var problem = off > 3 * ratio.StandardError + Tolerance
            ? string.Create(CultureInfo.InvariantCulture,
                $"at P = {datasetSize} the deterministic-equivalent level is off: the GP's test error averaged over {datasets} training sets is {ratio.Value:0.###} ± {ratio.StandardError:0.###} times the deterministic one (a finite-P effect; the finite-width shift is a ratio and is unaffected — multiply the level by this ratio to compare with a small experiment)")
            : null;
        return new FiniteSizeLevel(datasetSize, deterministicError, average, ratio, datasets, problem);
    }
}
