using System.Globalization;
using RgDsl.Sweeps.Definition;

namespace RgDsl.Sweeps.Methods;

/// <summary>
/// The theory's learning curve at the unit's P, <see cref="IRgModel.Predict"/> (deterministic: the seed is not used,
/// so one replicate is enough). Values: <c>test_error</c>, <c>train_error</c>, <c>bias</c>, <c>variance</c>,
/// <c>overfitting_factor</c>, <c>effective_ridge</c>, <c>learnability_threshold</c>, <c>non_gaussian_correction</c>.
/// A warning is recorded when <see cref="Approximation.Auto"/> had to fall back from Hartree to first order.
/// </summary>
public sealed class TheoryPrediction(Approximation approximation = Approximation.Auto) : ISweepMethod
{
    public Approximation Approximation { get; } = approximation;

    public string Name => "theory";

    public string Configuration => "approximation=" + Approximation.ToString();

    public string? Unsupported(object model) => ModelResolution.AsRgModel(model) is null ? ModelResolution.NotAnRgModel(model) : null;

    public SweepMeasurement Run(SweepUnit unit, int seed)
    {
        var model = unit.CreateModel<IRgModel>();
        var point = model.Predict(unit.DatasetSize, Approximation);
        var warnings = new List<string>();
        if (Approximation == Approximation.Auto && point.Approximation == Approximation.FirstOrder)
            warnings.Add("the Hartree iteration failed; first order was used instead");
        return new SweepMeasurement(
        [
            new("test_error", point.TestError),
            new("train_error", point.TrainError),
            new("bias", point.Bias),
            new("variance", point.Variance),
            new("overfitting_factor", point.OverfittingFactor),
            new("effective_ridge", point.EffectiveRidge),
            new("learnability_threshold", point.LearnabilityThreshold),
            new("non_gaussian_correction", point.NonGaussianCorrection),
        ]) { Warnings = warnings };
    }
}
