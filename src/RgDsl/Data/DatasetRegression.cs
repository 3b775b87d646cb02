using MathNet.Numerics.LinearAlgebra.Double;
using RgDsl.Simulation;

namespace RgDsl.Data;

/// <summary>Kernel ridge regression on the dataset itself: measured test error with its standard error.</summary>
public sealed record DatasetRegressionResult(double DatasetSize, double TestError, double StandardError, int Seeds);

/// <summary>
/// Kernel ridge regression on the N samples of a dataset, which the theory takes as the data distribution: each seed
/// draws P training points from the N samples with replacement (what the uniform measure means), fits
/// α = (K_PP + κI)⁻¹ y_P, and measures the test error on all N samples, (1/N) Σ_i (f(x_i) − y_i)².
/// </summary>
public static class DatasetRegression
{
    public static DatasetRegressionResult Run(double[,] kernel, double[] targets, int datasetSize, double ridge, int seeds, int seed = 1)
    {
        var n = kernel.GetLength(0);
        if (datasetSize < 1) throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, "P must be at least 1.");
        if (!(ridge > 0)) throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "sampling with replacement repeats points, so the ridge must be positive.");
        if (seeds < 2) throw new ArgumentOutOfRangeException(nameof(seeds), seeds, "at least 2 seeds are needed for a standard error.");
        var errors = new double[seeds];
        Parallel.For(0, seeds, s =>
        {
            var random = new Random(seed + s);
            var picks = Enumerable.Range(0, datasetSize).Select(_ => random.Next(n)).ToArray();
            var k = new DenseMatrix(datasetSize, datasetSize);
            for (var i = 0; i < datasetSize; i++)
                for (var j = 0; j < datasetSize; j++) k[i, j] = kernel[picks[i], picks[j]];
            for (var i = 0; i < datasetSize; i++) k[i, i] += ridge;
            var alpha = k.Cholesky().Solve(DenseVector.OfEnumerable(picks.Select(i => targets[i])));
            double error = 0;
            for (var x = 0; x < n; x++)
            {
                double f = 0;
                for (var i = 0; i < datasetSize; i++) f += kernel[x, picks[i]] * alpha[i];
                error += (f - targets[x]) * (f - targets[x]);
            }
            errors[s] = error / n;
        });
        var (mean, se) = KernelRidgeSimulation.MeanAndError(errors);
        return new DatasetRegressionResult(datasetSize, mean, se, seeds);
    }
}
