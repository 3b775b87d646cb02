using RgDsl.Spectra;

namespace RgDsl.Gaussian;

/// <summary>The Gaussian (GP-limit) learning-curve formulas of THEORY.md §2.1–§2.2 on one spectrum.</summary>
public static class GaussianPredictor
{
    /// <summary>Predicts the learning curve at dataset size P for ridge κ and label noise σ².</summary>
    /// <exception cref="ArgumentException">P ≤ 0, κ &lt; 0 or NaN, σ² &lt; 0 or NaN, ridgeless with P ≥ M, or EK with κ = 0.</exception>
    public static LearningCurvePoint Predict(ISpectrum spectrum, double datasetSize, double ridge, double noise,
        Approximation approximation = Approximation.Auto, RidgeSolverOptions? options = null, double? initialGuess = null)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        CheckNoise(noise);
        switch (approximation)
        {
            case Approximation.Auto or Approximation.Gaussian:
            {
                var t = SelfConsistentRidge.Solve(spectrum, datasetSize, ridge, options, initialGuess);
                return AtSolution(spectrum, datasetSize, ridge, noise, t, Approximation.Gaussian);
            }
            case Approximation.EquivalentKernel:
            {
                var input = SelfConsistentRidge.CheckInputs(spectrum, datasetSize, ridge);
                if (input is not null) throw new ArgumentException(input);
                if (ridge == 0)
                    throw new ArgumentException("the equivalent-kernel approximation needs a positive ridge κ (t = κ/P would be 0); use Approximation.Gaussian for ridgeless regression.");
                var t = ridge / datasetSize;
                var sums = spectrum.Sums(t);
                var test = sums.Bias + noise;
                return new LearningCurvePoint
                {
                    DatasetSize = datasetSize, TestError = test, TrainError = test, Bias = sums.Bias, Variance = noise,
                    OverfittingFactor = 1, EffectiveRidge = ridge, LearnabilityThreshold = spectrum.ThresholdIndex(t),
                    Approximation = Approximation.EquivalentKernel,
                };
            }
            default:
                throw new NotSupportedException($"Approximation.{approximation} needs non-Gaussian perturbations, which this Gaussian model does not declare; use Gaussian or EquivalentKernel.");
        }
    }

    /// <summary>The observables at a known root t of the self-consistent equation.</summary>
    public static LearningCurvePoint AtSolution(ISpectrum spectrum, double datasetSize, double ridge, double noise, double t, Approximation approximation)
    {
        var sums = spectrum.Sums(t);
        var e0 = datasetSize / (datasetSize - sums.LearnabilitySquared);
        var test = e0 * (sums.Bias + noise);
        var trainFactor = ridge / (datasetSize * t);
        return new LearningCurvePoint
        {
            DatasetSize = datasetSize,
            TestError = test,
            TrainError = trainFactor * trainFactor * test,
            Bias = sums.Bias,
            Variance = test - sums.Bias,
            OverfittingFactor = e0,
            EffectiveRidge = datasetSize * t,
            LearnabilityThreshold = spectrum.ThresholdIndex(t),
            Approximation = approximation,
        };
    }

    /// <summary>L_k = λ_k/(λ_k + t) of the first <paramref name="count"/> modes at dataset size P.</summary>
    public static double[] Learnabilities(ISpectrum spectrum, double datasetSize, double ridge, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var t = SelfConsistentRidge.Solve(spectrum, datasetSize, ridge);
        var n = (int)Math.Min(count, spectrum.Modes);
        var result = new double[n];
        for (var k = 1; k <= n; k++)
        {
            var l = spectrum.Eigenvalue(k);
            result[k - 1] = l / (l + t);
        }
        return result;
    }

    internal static void CheckNoise(double noise)
    {
        if (!double.IsFinite(noise) || noise < 0)
            throw new ArgumentException(FormattableString.Invariant($"the label-noise variance σ² must be non-negative and finite; got {noise:R}."), nameof(noise));
    }
}
