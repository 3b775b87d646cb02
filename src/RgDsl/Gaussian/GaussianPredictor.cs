using System.Diagnostics.CodeAnalysis;
using RgDsl.Spectra;

namespace RgDsl.Gaussian;

/// <summary>The Gaussian (GP-limit) learning-curve formulas of THEORY.md §2.1–§2.2 on one spectrum.</summary>
internal static class GaussianPredictor
{
    /// <summary>Predicts the learning curve at dataset size P for ridge κ and label noise σ².</summary>
    /// <exception cref="ArgumentException">P ≤ 0, κ &lt; 0 or NaN, σ² &lt; 0 or NaN, ridgeless with P ≥ M, or EK with κ = 0.</exception>
    /// <exception cref="NotSupportedException">An approximation that needs perturbations.</exception>
    /// <exception cref="InvalidOperationException">The self-consistent equation did not converge.</exception>
    public static LearningCurvePoint Predict(ISpectrum spectrum, double datasetSize, double ridge, double noise,
        Approximation approximation = Approximation.Auto, RidgeSolverOptions? options = null, double? initialGuess = null)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        if (!IsGaussian(approximation))
            throw new NotSupportedException(Unsupported(approximation));
        CheckNoise(noise);
        if (InputProblem(spectrum, datasetSize, ridge, noise, approximation) is { } problem) throw new ArgumentException(problem);
        return TryPredict(spectrum, datasetSize, ridge, noise, approximation, out var point, out var error, options, initialGuess)
            ? point : throw new InvalidOperationException(error);
    }

    /// <summary>Like <see cref="Predict"/>, but returns false with the reason instead of throwing.</summary>
    public static bool TryPredict(ISpectrum spectrum, double datasetSize, double ridge, double noise, Approximation approximation,
        [NotNullWhen(true)] out LearningCurvePoint? point, [NotNullWhen(false)] out string? error,
        RidgeSolverOptions? options = null, double? initialGuess = null)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        point = null;
        error = InputProblem(spectrum, datasetSize, ridge, noise, approximation);
        if (error is not null) return false;
        if (approximation == Approximation.EquivalentKernel)
        {
            var tEk = ridge / datasetSize;
            var sums = spectrum.Sums(tEk);
            var test = sums.Bias + noise;
            point = new LearningCurvePoint
            {
                DatasetSize = datasetSize, TestError = test, TrainError = test, Bias = sums.Bias, Variance = noise,
                OverfittingFactor = 1, EffectiveRidge = ridge, LearnabilityThreshold = spectrum.ThresholdIndex(tEk),
                Approximation = Approximation.EquivalentKernel, RidgeShare = 1, NoiseShare = test > 0 ? noise / test : 0,
            };
            if (Finite(point, datasetSize, ridge, noise, out error)) return true;
            point = null;
            return false;
        }
        if (!SelfConsistentRidge.TrySolve(spectrum, datasetSize, ridge, out var t, out error, options, initialGuess)) return false;
        point = AtSolution(spectrum, datasetSize, ridge, noise, t, Approximation.Gaussian);
        if (Finite(point, datasetSize, ridge, noise, out error)) return true;
        point = null;
        return false;
    }

    // Inputs at the edge of double precision (κ near double.MaxValue, eigenvalues near 1e-300) can overflow an
    // observable: refuse with the inputs named instead of returning an infinity or a NaN.
    private static bool Finite(LearningCurvePoint p, double datasetSize, double ridge, double noise, [NotNullWhen(false)] out string? error)
    {
        (string Name, double Value)[] observables =
        [
            ("TestError", p.TestError), ("TrainError", p.TrainError), ("Bias", p.Bias), ("Variance", p.Variance), ("OverfittingFactor", p.OverfittingFactor),
            ("EffectiveRidge", p.EffectiveRidge), ("EffectiveRidgePerSample", p.EffectiveRidgePerSample), ("LearnabilityThreshold", p.LearnabilityThreshold), ("RidgeShare", p.RidgeShare), ("NoiseShare", p.NoiseShare),
        ];
        foreach (var (name, value) in observables)
            if (!double.IsFinite(value))
            {
                error = FormattableString.Invariant(
                    $"{name} = {value:R} at P = {datasetSize:R}, κ = {ridge:R}, σ² = {noise:R}: the inputs lie outside the range double precision can represent for this spectrum (scale κ, σ² and the spectrum to moderate values).");
                return false;
            }
        error = null;
        return true;
    }

    private static bool IsGaussian(Approximation approximation) =>
        approximation is Approximation.Auto or Approximation.Gaussian or Approximation.EquivalentKernel;

    private static string Unsupported(Approximation approximation) =>
        $"Approximation.{approximation} needs non-Gaussian perturbations, which this Gaussian model does not declare; use Gaussian or EquivalentKernel.";

    /// <summary>Null when the inputs are valid for this spectrum and approximation, else the reason.</summary>
    private static string? InputProblem(ISpectrum spectrum, double datasetSize, double ridge, double noise, Approximation approximation) =>
        !IsGaussian(approximation) ? Unsupported(approximation)
        : NoiseProblem(noise) ?? SelfConsistentRidge.CheckInputs(spectrum, datasetSize, ridge)
        ?? (approximation == Approximation.EquivalentKernel && ridge == 0
            ? "the equivalent-kernel approximation needs a positive ridge κ (t = κ/P would be 0); use Approximation.Gaussian for ridgeless regression."
            : null);

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
            RidgeShare = trainFactor,
            NoiseShare = test > 0 ? e0 * noise / test : 0,
        };
    }

    /// <summary>L_k = λ_k/(λ_k + t) of the first <paramref name="count"/> modes at dataset size P.</summary>
    public static IReadOnlyList<double> Learnabilities(ISpectrum spectrum, double datasetSize, double ridge, int count)
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
        return Array.AsReadOnly(result);
    }

    internal static void CheckNoise(double noise)
    {
        if (NoiseProblem(noise) is { } problem) throw new ArgumentException(problem, nameof(noise));
    }

    private static string? NoiseProblem(double noise) =>
        double.IsFinite(noise) && noise >= 0 ? null
            : FormattableString.Invariant($"the label-noise variance σ² must be non-negative and finite; got {noise:R}.");
}
