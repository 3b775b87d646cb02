using System.Globalization;

using RgDsl.Perturbations;

namespace RgDsl;

/// <summary>Options of the HMC sampler.</summary>
/// <param name="Seed">Seed of chain 0; chain c uses Seed + c, so results are reproducible.</param>
/// <param name="Chains">Independent chains (run in parallel).</param>
/// <param name="Samples">Kept samples per chain.</param>
/// <param name="Warmup">Warm-up iterations per chain (step-size adaptation; discarded).</param>
/// <param name="TargetAcceptance">Acceptance rate the step size is adapted to.</param>
/// <param name="TrajectoryLength">Integration time per proposal, in units where S₀ is a unit harmonic oscillator (π/2 decorrelates it).</param>
/// <param name="MaxStepsPerTrajectory">
/// Upper limit on integration steps (gradient evaluations) per proposal: the adapted step size never falls below
/// TrajectoryLength / MaxStepsPerTrajectory, so a run costs at most (Warmup + Samples) × MaxStepsPerTrajectory
/// gradients per chain. A chain whose step size ends on that floor has not mixed (<see cref="SampleResult.OutOfRangeReason"/>).
/// </param>
public sealed record SamplerOptions(int Seed = 1, int Chains = 4, int Samples = 2000, int Warmup = 500, double TargetAcceptance = 0.8, double TrajectoryLength = 1.5,
    int MaxStepsPerTrajectory = 1000)
{
    /// <summary>
    /// The most chains a run takes: chains run in parallel on the cores and each pays a full warm-up, so beyond a few
    /// per core they add warm-ups, not precision (raise <see cref="Samples"/> instead).
    /// </summary>
    public const int MaxChains = 1024;
}

/// <summary>A Monte Carlo estimate with its standard error.</summary>
public readonly record struct Estimate(double Value, double StandardError)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value:G6} ± {StandardError:G3}");
}

/// <summary>HMC estimates of the observables of <see cref="LearningCurvePoint"/>.</summary>
public sealed record SampleResult(
    double DatasetSize,
    Estimate FieldTheoryError,
    double GaussianFieldTheoryError,
    Estimate NonGaussianCorrection,
    Estimate TestError,
    Estimate BayesianError,
    double EffectiveSampleSize,
    double AcceptanceRate,
    double StepSize,
    Perturbations.Solvers.FieldMoments Moments,
    int Chains,
    int SamplesPerChain)
{
    /// <summary>
    /// Why the estimates cannot be trusted, or null: an action unbounded below (a negative leading coupling), where the
    /// chains explore a metastable state around the Gaussian and the estimates are at most asymptotic; or a sampler that
    /// has not mixed (the step size adapted down to its floor, <see cref="SamplerOptions.MaxStepsPerTrajectory"/>).
    /// </summary>
    public string? OutOfRangeReason { get; init; }
    /// <summary>
    /// Why the model's action is unbounded below (a negative leading coupling, a leading vertex with an odd number of
    /// legs, or an even leading vertex negative along some direction; <see cref="InteractingModel.UnboundedReason"/>), or
    /// null. When set, it is also part of <see cref="OutOfRangeReason"/>, so the result is not within range.
    /// </summary>
    public string? UnboundedReason { get; init; }
    /// <summary>Whether the sampled action is bounded below and the sampler mixed (<see cref="OutOfRangeReason"/> is null).</summary>
    public bool IsWithinRange => OutOfRangeReason is null;

    /// <summary>"HMC at P = 100: δ = 0.0036 ± 0.0004, ε = … ± …; 4 chains × 2000 samples, 7000 effective, acceptance 0.98".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"HMC at P = {DatasetSize:G6}: δ = {NonGaussianCorrection}, ε = {TestError}, field-theory error {FieldTheoryError} (Gaussian {GaussianFieldTheoryError:G6}); {Chains} chains × {SamplesPerChain} samples, {EffectiveSampleSize:F0} effective, acceptance {AcceptanceRate:F2}, step {StepSize:G3}{(OutOfRangeReason is null ? "" : "; OUT OF RANGE: " + OutOfRangeReason)}");
}

