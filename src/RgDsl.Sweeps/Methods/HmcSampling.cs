using System.Globalization;
using RgDsl.Sweeps.Definition;

namespace RgDsl.Sweeps.Methods;

/// <summary>
/// Exact Hamiltonian Monte Carlo of an interacting model's field theory (<see cref="InteractingModel.Sample"/>,
/// THEORY §7.2) with the unit's seed as <see cref="SamplerOptions.Seed"/> (chain c uses seed + c; chains are combined
/// in order, so the numbers do not depend on how many threads ran them). Values, with standard errors where they are
/// estimates: <c>test_error</c>, <c>non_gaussian_correction</c>, <c>field_theory_error</c>, <c>bayesian_error</c>,
/// and <c>gaussian_field_theory_error</c>, <c>effective_sample_size</c>, <c>acceptance_rate</c>, <c>step_size</c>.
/// Warnings (the sampler may not have mixed): fewer than <see cref="MinimumEffectiveSamples"/> effective samples, or
/// an acceptance rate below 0.5.
/// </summary>
/// <param name="options">Chains, samples, warm-up, target acceptance, trajectory length; its <see cref="SamplerOptions.Seed"/> is replaced by the unit's seed.</param>
public sealed class HmcSampling(SamplerOptions options) : ISweepMethod
{
    /// <summary>Below this many effective samples of the test error a unit is flagged as possibly not mixed.</summary>
    public const double MinimumEffectiveSamples = 100;

    public SamplerOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => "hmc";

    public string Configuration => string.Create(CultureInfo.InvariantCulture,
        $"chains={Options.Chains};samples={Options.Samples};warmup={Options.Warmup};acceptance={Options.TargetAcceptance:R};trajectory={Options.TrajectoryLength:R}");

    public string? Unsupported(object model) => ModelResolution.AsInteracting(model) is null
        ? $"HMC samples the field theory of a model with perturbations; {model.GetType().Name} has none (use krr or theory for a Gaussian model)."
        : null;

    public SweepMeasurement Run(SweepUnit unit, int seed)
    {
        var model = unit.CreateModel();
        var interacting = ModelResolution.AsInteracting(model) ?? throw new InvalidOperationException(Unsupported(model));
        var r = interacting.Sample(unit.DatasetSize, Options with { Seed = seed });
        var warnings = new List<string>();
        if (r.EffectiveSampleSize < MinimumEffectiveSamples)
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"only {r.EffectiveSampleSize:0} effective samples of the test error: the sampler may not have mixed"));
        if (r.AcceptanceRate < 0.5)
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"acceptance rate {r.AcceptanceRate:0.00} < 0.5: the sampler may not have mixed"));
        return new SweepMeasurement(
        [
            new("test_error", r.TestError),
            new("non_gaussian_correction", r.NonGaussianCorrection),
            new("field_theory_error", r.FieldTheoryError),
            new("bayesian_error", r.BayesianError),
            new("gaussian_field_theory_error", r.GaussianFieldTheoryError),
            new("effective_sample_size", r.EffectiveSampleSize),
            new("acceptance_rate", r.AcceptanceRate),
            new("step_size", r.StepSize),
        ]) { Warnings = warnings };
    }
}
