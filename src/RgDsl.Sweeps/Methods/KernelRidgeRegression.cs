using System.Globalization;
using RgDsl.Sweeps.Definition;

namespace RgDsl.Sweeps.Methods;

/// <summary>
/// Kernel ridge regression on a Gaussian design (<see cref="IRgModel.Simulate"/>, THEORY §7.1) with the unit's seed as
/// <see cref="SimulationOptions.Seed"/> (training set s uses seed + s). Values: <c>test_error</c> and
/// <c>train_error</c> with standard errors over the training sets, <c>theory_test_error</c> (the theory on exactly
/// the simulated modes), <c>deviation</c> ((measured − theory)/s.e.) and <c>simulated_modes</c>. Warnings: the
/// spectrum was truncated to <see cref="SimulationOptions.MaxModes"/>; the measurement is more than 4 standard
/// errors off the theory.
/// </summary>
/// <param name="options">Training sets per unit and the mode cap; its <see cref="SimulationOptions.Seed"/> is replaced by the unit's seed.</param>
public sealed class KernelRidgeRegression(SimulationOptions options) : ISweepMethod
{
    public SimulationOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => "krr";

    public string Configuration => string.Create(CultureInfo.InvariantCulture, $"seeds={Options.Seeds};maxModes={Options.MaxModes}");

    public string? Unsupported(object model) => ModelResolution.AsRgModel(model) is null ? ModelResolution.NotAnRgModel(model) : null;

    public SweepMeasurement Run(SweepUnit unit, int seed)
    {
        var model = unit.CreateModel<IRgModel>();
        var r = model.Simulate(unit.DatasetSize, Options with { Seed = seed });
        var warnings = new List<string>();
        if (r.Truncated) warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the spectrum was truncated to {r.SimulatedModes} simulated modes"));
        if (Math.Abs(r.TestErrorDeviation) > 4)
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the measured test error is {r.TestErrorDeviation:0.0} standard errors from the theory"));
        return new SweepMeasurement(
        [
            new("test_error", r.TestError, r.TestErrorStandardError),
            new("train_error", r.TrainError, r.TrainErrorStandardError),
            new("theory_test_error", r.Theory.TestError),
            new("deviation", r.TestErrorDeviation),
            new("simulated_modes", r.SimulatedModes),
        ]) { Warnings = warnings };
    }
}
