using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Data;
using RgDsl.Networks.Theory;
using RgDsl.Validity;

namespace RgDsl.Networks;

/// <summary>One dataset's exact posterior of a deep linear network (see <see cref="ExactLinearMixture"/>).</summary>
/// <param name="TestError">The test error of the posterior-mean predictor (σ² on the test label included).</param>
/// <param name="GaussianProcessError">The same for the infinite-width limit (s = 1) on the same data.</param>
/// <param name="MeanScale">E[s | data].</param>
public sealed record LinearPosteriorResult(double TestError, double GaussianProcessError, double MeanScale);

/// <summary>Dataset-averaged exact results of a deep linear network at one P.</summary>
/// <param name="DatasetSize">P.</param>
/// <param name="TestError">Mean over datasets of the posterior-mean predictor's test error.</param>
/// <param name="StandardError">Its standard error over datasets.</param>
/// <param name="GaussianProcessError">The mean infinite-width error on the same datasets.</param>
/// <param name="ShiftStandardError">The standard error of the paired difference TestError − GaussianProcessError.</param>
/// <param name="MeanScale">The mean over datasets of E[s | data].</param>
/// <param name="Datasets">The number of datasets averaged.</param>
public sealed record LinearMixtureAverage(double DatasetSize, double TestError, double StandardError, double GaussianProcessError,
    double ShiftStandardError, double MeanScale, int Datasets)
{
    /// <summary>TestError − GaussianProcessError: the finite-width shift, measured on paired data.</summary>
    public double Shift => TestError - GaussianProcessError;
}

/// <summary>
/// The exact posterior of a deep linear network (THEORY §6.2, §7.4): given the readout and the hidden-to-hidden
/// weights, f is exactly a GP with kernel s·K₀, K₀(x, x′) = σ_a² σ_w^(2L) x·x′/d, and s has the prior of
/// <see cref="KernelScalePrior.ForNetwork"/>; so for one dataset the posterior-mean predictor is a one-dimensional
/// integral over ln s of the kernel-ridge predictors at s·K₀ weighted by p(s) N(y; 0, sK₀ + (κ/β)I). This class does
/// that integral on a grid for each dataset, in the eigenbasis of the smaller of XXᵀ and XᵀX, and averages over
/// datasets. It is exact up to the quadrature (1e-10) and the Monte-Carlo error of the dataset average, and is the
/// oracle the finite-width theory and the samplers are checked against.
/// </summary>
public static class ExactLinearMixture
{
    private const int GridPoints = 16001;
    /// <summary>The grid in ln s covers at least |ln s| ≤ this (data can pull s far into the prior's tail).</summary>
    private const double ScaleRange = 8;

    /// <summary>Averages the exact posterior-mean test error over <paramref name="datasets"/> training sets of size P.</summary>
    /// <exception cref="ArgumentException">A non-linear architecture, or bad sizes.</exception>
    public static LinearMixtureAverage Average(NetworkArchitecture architecture, NetworkData data, double ridge, int datasetSize, int datasets, int seed = 1, int testPoints = 2000)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(architecture);
        if (datasets < 2) throw new ArgumentOutOfRangeException(nameof(datasets), datasets, "at least two datasets are needed for a standard error.");
        if (datasetSize < 1) throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, "the dataset size P must be at least 1.");
        // A linear teacher on Gaussian inputs has an exact test error; a test set is only drawn otherwise.
        var exactError = data is PowerLawGaussianData { Teacher: LinearTeacher };
        var tests = exactError ? 1 : testPoints;
        if (tests < 1 || (long)datasetSize + tests > data.Capacity)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{data.Description} holds {data.Capacity} points: P plus {tests} test points must not exceed it."));
        double Bytes(double p) => Math.Min(datasets, Environment.ProcessorCount) * 8.0
            * (2 * (p + tests) * (data.Dimension + 2) + p * data.Dimension + 5.0 * data.Dimension * data.Dimension + (double)tests * data.Dimension + 4 * GridPoints);
        MemoryBudget.Check(Bytes(datasetSize), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The exact linear posterior at P = {datasetSize} with d = {data.Dimension}"),
            nameof(datasetSize), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the largest P that fits is about {Validation.NetworkMemory.Largest(Bytes)}."));
        var results = new LinearPosteriorResult[datasets];
        var prior = KernelScalePrior.ForNetwork(architecture);
        RgDsl.Networks.Linear.ParallelLoop.For(0, datasets, i =>
        {
            var (train, test) = data.Split(datasetSize, tests, seed + 7919 * i);
            results[i] = Solve(architecture, data, ridge, train, test, prior);
        });
        var errors = results.Select(r => r.TestError).ToArray();
        var shifts = results.Select(r => r.TestError - r.GaussianProcessError).ToArray();
        var (mean, se) = MeanAndError(errors);
        var (_, shiftSe) = MeanAndError(shifts);
        return new LinearMixtureAverage(datasetSize, mean, se, results.Average(r => r.GaussianProcessError), shiftSe, results.Average(r => r.MeanScale), datasets);
    }

    /// <summary>The exact posterior-mean predictor for one training set, and its test error.</summary>
    public static LinearPosteriorResult Solve(NetworkArchitecture architecture, NetworkData data, double ridge, LabeledSample train, LabeledSample test) =>
        Solve(architecture, data, ridge, train, test, KernelScalePrior.ForNetwork(architecture));

    private static LinearPosteriorResult Solve(NetworkArchitecture architecture, NetworkData data, double ridge, LabeledSample train, LabeledSample test, KernelScalePrior prior)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (architecture.Activation != Activation.Linear)
            throw new ArgumentException($"the exact scale mixture holds for linear networks only; this one is {architecture.Activation}.", nameof(architecture));
        if (!double.IsFinite(ridge) || ridge <= 0) throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "the ridge κ must be positive and finite.");
        var d = architecture.InputDimension;
        var p = train.Count;
        // f | s ~ GP(0, s·c·x·x′) with c = σ_a² σ_w^(2L) / (d N^(γ−1)) (mean-field divides the output by √N once more).
        var c = architecture.ReadoutVariance * Math.Pow(architecture.WeightVariance, architecture.Depth) / d / Math.Pow(architecture.Width, architecture.OutputScaleExponent - 1);
        var noiseVariance = ridge / architecture.LikelihoodScale;
        var x = Matrix<double>.Build.Dense(p, d, (i, j) => train.Inputs[i][j]);
        var y = Vector<double>.Build.DenseOfArray(train.Labels);

        // K₀ = c X Xᵀ: its non-zero eigenvalues c·σ_i² with directions u_i (P-space) and v_i (input space).
        var gram = x.TransposeThisAndMultiply(x); // d × d
        var evd = gram.Evd(Symmetricity.Symmetric);
        var rank = 0;
        var floor = Math.Max(evd.EigenValues.Max(e => e.Real), 1e-300) * 1e-13;
        var singular = new List<double>();
        var inputDirections = new List<Vector<double>>();
        for (var i = 0; i < d; i++)
        {
            var e = evd.EigenValues[i].Real;
            if (e <= floor) continue;
            singular.Add(e);
            inputDirections.Add(evd.EigenVectors.Column(i));
            rank++;
        }
        // Projections of y on the P-space directions u_i = X v_i / σ_i, and the remainder's squared norm.
        var projections = new double[rank];
        double projected = 0;
        for (var i = 0; i < rank; i++)
        {
            projections[i] = (x * inputDirections[i]).DotProduct(y) / Math.Sqrt(singular[i]);
            projected += projections[i] * projections[i];
        }
        var remainder = Math.Max(0, y.DotProduct(y) - projected);

        var (lo, hi) = prior.Range;
        lo = Math.Min(lo, -ScaleRange);
        hi = Math.Max(hi, ScaleRange);
        var logWeights = new double[GridPoints];
        for (var g = 0; g < GridPoints; g++)
        {
            var u = lo + (hi - lo) * g / (GridPoints - 1);
            var s = Math.Exp(u);
            double logLikelihood = -0.5 * (p - rank) * Math.Log(noiseVariance) - 0.5 * remainder / noiseVariance;
            for (var i = 0; i < rank; i++)
            {
                var v = s * c * singular[i] + noiseVariance;
                logLikelihood += -0.5 * Math.Log(v) - 0.5 * projections[i] * projections[i] / v;
            }
            logWeights[g] = prior.LogDensity(u) + logLikelihood;
        }
        var top = logWeights.Max();
        var weights = logWeights.Select(w => Math.Exp(w - top)).ToArray();
        var total = weights.Sum();

        // Posterior-mean weight vector ū = Σ_g w_g u_s, u_s = Σ_i v_i · s c σ_i proj_i / (s c σ_i² + ν); and u at s = 1.
        var coefficient = new double[rank];
        var gpCoefficient = new double[rank];
        double meanScale = 0;
        for (var g = 0; g < GridPoints; g++)
        {
            var w = weights[g] / total;
            if (w < 1e-15) continue;
            var s = Math.Exp(lo + (hi - lo) * g / (GridPoints - 1));
            meanScale += w * s;
            for (var i = 0; i < rank; i++)
                coefficient[i] += w * s * c * Math.Sqrt(singular[i]) * projections[i] / (s * c * singular[i] + noiseVariance);
        }
        for (var i = 0; i < rank; i++)
            gpCoefficient[i] = c * Math.Sqrt(singular[i]) * projections[i] / (c * singular[i] + noiseVariance);
        var mean = Vector<double>.Build.Dense(d);
        var gp = Vector<double>.Build.Dense(d);
        for (var i = 0; i < rank; i++)
        {
            mean += coefficient[i] * inputDirections[i];
            gp += gpCoefficient[i] * inputDirections[i];
        }
        return new LinearPosteriorResult(TestError(mean, data, test, d), TestError(gp, data, test, d), meanScale);
    }

    /// <summary>The test error of a linear predictor: exact for a linear teacher on Gaussian inputs, else the mean over the test set.</summary>
    private static double TestError(Vector<double> weightsVector, NetworkData data, LabeledSample test, int d)
    {
        // Exact expectation for a linear teacher on Gaussian inputs; otherwise the mean over the test set.
        if (data is PowerLawGaussianData { Teacher: LinearTeacher teacher } gaussian)
        {
            double e = 0;
            for (var j = 0; j < d; j++)
            {
                var diff = weightsVector[j] - teacher.Weights[j];
                e += diff * diff * gaussian.Variances[j];
            }
            return e + data.LabelNoise;
        }
        double sum = 0;
        for (var t = 0; t < test.Count; t++)
        {
            double f = 0;
            for (var j = 0; j < d; j++) f += weightsVector[j] * test.Inputs[t][j];
            sum += (f - test.Targets[t]) * (f - test.Targets[t]);
        }
        return sum / test.Count + data.LabelNoise;
    }

    internal static (double Mean, double StandardError) MeanAndError(IReadOnlyList<double> values) => Statistics.MeanError.Of(values);
}
