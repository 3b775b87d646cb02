using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Methods;

namespace RgDsl.Sweeps.Storage;

/// <summary>One unit's state in a sweep directory, with its measurement when done and its message when failed.</summary>
public sealed record UnitOutcome(SweepUnit Unit, UnitStatus Status, SweepMeasurement? Measurement, string? Error);

/// <summary>
/// The results of a sweep read back into memory, for a program that goes on from them (a report, a fit): every unit
/// of the sweep in order, done, failed or missing. Numbers are the ones the method returned, bit for bit (JSON keeps
/// round-trip doubles).
/// </summary>
public static class SweepResults
{
    public static IReadOnlyList<UnitOutcome> Read(Sweep sweep, SweepDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(directory);
        var units = sweep.Units();
        return units.Select(unit =>
        {
            var state = directory.ReadState(unit);
            var measurement = state.Status == UnitStatus.Done
                ? new SweepMeasurement(state.Result!.Values.Select(v => new SweepValue(v.Name, v.Value, v.StandardError)).ToList()) { Warnings = state.Result.Warnings }
                : null;
            return new UnitOutcome(unit, state.Status, measurement, state.Result?.Error);
        }).ToList();
    }
}
