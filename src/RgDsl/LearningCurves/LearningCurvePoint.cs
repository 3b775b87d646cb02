namespace RgDsl;

/// <summary>
/// The predicted learning curve at one dataset size (THEORY.md §2.2):
/// <c>TestError = OverfittingFactor · (Bias + σ²)</c> and <c>TestError = Bias + Variance</c>.
/// </summary>
public sealed record LearningCurvePoint
{
    /// <summary>P.</summary>
    public required double DatasetSize { get; init; }
    /// <summary>Expected test MSE of the kernel-ridge predictor, including σ² on the test label.</summary>
    public required double TestError { get; init; }
    /// <summary>Expected train MSE: (κ/(P t))² · TestError.</summary>
    public required double TrainError { get; init; }
    /// <summary>Σ_k n_k (1 − L_k)² y_k²: the error of the dataset-averaged predictor, without E₀ or noise.</summary>
    public required double Bias { get; init; }
    /// <summary>TestError − Bias = (E₀ − 1)·Bias + E₀·σ²: what the randomness of the training set and noise add.</summary>
    public required double Variance { get; init; }
    /// <summary>E₀ = P / (P − Σ n_k L_k²).</summary>
    public required double OverfittingFactor { get; init; }
    /// <summary>κ_eff = P·t.</summary>
    public required double EffectiveRidge { get; init; }
    /// <summary>k_P: the (continuous) mode index where λ_k = t = κ_eff/P, i.e. learnability 1/2.</summary>
    public required double LearnabilityThreshold { get; init; }
    /// <summary>The approximation that produced this point.</summary>
    public required Approximation Approximation { get; init; }
    /// <summary>
    /// Relative change of the field-theory error due to the non-Gaussian perturbations, FieldTheoryError /
    /// GaussianFieldTheoryError − 1 (0 for Gaussian models). TestError, TrainError and Bias of an interacting model are
    /// the self-consistent Gaussian values times (1 + NonGaussianCorrection).
    /// </summary>
    public double NonGaussianCorrection { get; init; }
    /// <summary>Σ_k n_k (y_k − f̄_k)² + σ² of the interacting equivalent-kernel field theory (null for Gaussian models).</summary>
    public double? FieldTheoryError { get; init; }
    /// <summary>The same error in the Gaussian field theory S₀ (the EK test error; null for Gaussian models).</summary>
    public double? GaussianFieldTheoryError { get; init; }
    /// <summary>t = κ_eff / P, the root of the self-consistent equation.</summary>
    public double EffectiveRidgePerSample => EffectiveRidge / DatasetSize;
    /// <summary>κ/κ_eff: the share of the bare ridge in the effective ridge (1 when κ dominates, 0 ridgeless).</summary>
    public double RidgeShare { get; init; }
    /// <summary>E₀σ²/ε of the Gaussian backbone: the share of the error that label noise sets (0 without noise).</summary>
    public double NoiseShare { get; init; }
    /// <summary>
    /// Why the approximation that produced this point is outside its range, or null when it is within it: first order
    /// with |δ| above <see cref="Validity.ApproximationRange.FirstOrderLimit"/>, or an interacting action that is
    /// unbounded below (a negative leading coupling: results are at most asymptotic). Always null for Gaussian models.
    /// </summary>
    public string? OutOfRangeReason { get; init; }
    /// <summary>
    /// Why the model's action is unbounded below (a negative leading coupling, a leading vertex with an odd number of
    /// legs, or an even leading vertex negative along some direction; <see cref="InteractingModel.UnboundedReason"/>), or
    /// null. When set, it is also part of <see cref="OutOfRangeReason"/>, so the result is not within range.
    /// </summary>
    public string? UnboundedReason { get; init; }
    /// <summary>Whether the approximation is within its range (<see cref="OutOfRangeReason"/> is null).</summary>
    public bool IsWithinRange => OutOfRangeReason is null;
    /// <summary>Which term governs the slope of ε at this P (<see cref="Scaling.LearningCurveLaw.At"/>).</summary>
    public LearningCurveRegime Regime => Scaling.LearningCurveLaw.At(RidgeShare, NoiseShare);

    /// <summary>"P = 100: ε = 0.0348 (bias 0.0301, E₀ = 1.16, κ_eff = 0.005, k_P = 62.1; Gaussian, ridge-dominated)".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"P = {DatasetSize:G6}: ε = {TestError:G4} (bias {Bias:G4}, E₀ = {OverfittingFactor:G4}, κ_eff = {EffectiveRidge:G4}, k_P = {LearnabilityThreshold:G4}{(NonGaussianCorrection != 0 ? $", δ = {NonGaussianCorrection:G3}" : "")}; {Approximation}, {Scaling.LearningCurveLaw.Name(Regime)}){(OutOfRangeReason is null ? "" : "; OUT OF RANGE: " + OutOfRangeReason)}");
}
