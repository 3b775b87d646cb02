using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Execution;

/// <summary>What one <c>run --shard i --of n</c> did.</summary>
public sealed record ShardOutcome(int Shard, int Shards, int Units, int Skipped, int Done, int Failed);

/// <summary>
/// Runs one slice of a sweep: the units with Shard(n) = i, in plan order, skipping those whose result file already
/// says done (so a rerun after a kill resumes), and writing one result file per unit atomically. A unit that throws
/// is recorded as failed with its message; the shard goes on.
/// </summary>
public static class ShardRunner
{
    public static ShardOutcome Run(Sweep sweep, SweepDirectory directory, int shard, int shards, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(log);
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "the number of shards (--of) must be at least 1.");
        if (shard < 0 || shard >= shards)
            throw new ArgumentOutOfRangeException(nameof(shard), shard, string.Create(CultureInfo.InvariantCulture, $"the shard (--shard) must lie in 0..{shards - 1} for --of {shards}."));
        var all = sweep.Units();
        CheckPlan(sweep, directory, all);
        directory.Create();
        var mine = all.Where(u => u.Shard(shards) == shard).ToList();
        var tag = string.Create(CultureInfo.InvariantCulture, $"shard {shard}/{shards}");
        var states = mine.Select(directory.ReadState).ToList();
        var skipped = states.Count(s => s.Status == UnitStatus.Done);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tag}: {mine.Count} of {all.Count} units of sweep '{sweep.Name}', {skipped} already done, {mine.Count - skipped} to run; results in {directory.ResultsDirectory}"));
        int done = 0, failed = 0, position = 0;
        var host = Environment.MachineName;
        foreach (var (unit, state) in mine.Zip(states))
        {
            position++;
            if (state.Status == UnitStatus.Done) continue;
            if (state.Stale is { } stale) log.WriteLine($"{tag}: {unit.Id}: {stale}");
            var clock = Stopwatch.StartNew();
            var result = RunUnit(sweep, unit, shard, shards, host, clock);
            SweepDirectory.WriteAtomically(directory.ResultPath(unit.Id), SweepJson.Serialize(result));
            var line = string.Create(CultureInfo.InvariantCulture, $"{tag}: [{position}/{mine.Count}] {unit.Id} {unit}: ");
            if (result.Status == UnitStatus.Done)
            {
                done++;
                log.WriteLine(line + string.Create(CultureInfo.InvariantCulture, $"done in {result.Seconds:0.00} s")
                    + (result.Warnings.Count > 0 ? " (warning: " + string.Join("; ", result.Warnings) + ")" : ""));
            }
            else
            {
                failed++;
                log.WriteLine(line + string.Create(CultureInfo.InvariantCulture, $"FAILED after {result.Seconds:0.00} s: {result.Error}"));
            }
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tag}: finished: {done} done, {failed} failed, {skipped} skipped (already done)"));
        return new ShardOutcome(shard, shards, mine.Count, skipped, done, failed);
    }

    private static UnitResult RunUnit(Sweep sweep, SweepUnit unit, int shard, int shards, string host, Stopwatch clock)
    {
        UnitStatus status;
        IReadOnlyList<ValueRecord> values = [];
        IReadOnlyList<string> warnings = [];
        string? error = null, detail = null;
        try
        {
            var measurement = unit.MethodImplementation.Run(unit, unit.Seed)
                ?? throw new InvalidOperationException($"the method '{unit.Method}' returned no measurement (null).");
            if (measurement.Problem() is { } problem) throw new InvalidOperationException($"the method '{unit.Method}' returned a measurement that cannot be recorded: {problem}");
            values = measurement.Values.Select(v => new ValueRecord(v.Name, v.Value, v.StandardError)).ToList();
            warnings = measurement.Warnings.ToList();
            status = UnitStatus.Done;
        }
        catch (Exception e)
        {
            var root = Unwrap(e);
            status = UnitStatus.Failed;
            error = $"{root.GetType().Name}: {root.Message}";
            detail = e.ToString();
        }
        return new UnitResult(UnitResult.CurrentFormat, sweep.Name, UnitRecord.From(unit), status, values, warnings, error, detail,
            clock.Elapsed.TotalSeconds, host, shard, shards, DateTimeOffset.UtcNow);
    }

    /// <summary>The exception that says what went wrong, not the reflection or Parallel.For wrapper around it.</summary>
    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case TargetInvocationException { InnerException: { } inner }: e = inner; continue;
                case AggregateException aggregate when aggregate.InnerExceptions.Count == 1: e = aggregate.InnerExceptions[0]; continue;
                default: return e;
            }
        }
    }

    /// <summary>
    /// A shard of a planned sweep must run the plan that the launch files were written for: if the program's sweep
    /// changed since <c>plan</c>, the array would run a different cut of different units.
    /// </summary>
    internal static void CheckPlan(Sweep sweep, SweepDirectory directory, IReadOnlyList<SweepUnit> units)
    {
        var plan = directory.ReadPlan();
        if (plan is null) return;
        var fingerprint = UnitIdentity.Fingerprint(sweep.Name, sweep.Seed, units);
        if (plan.Sweep != sweep.Name)
            throw new InvalidOperationException($"{directory.Root} holds the plan of the sweep '{plan.Sweep}', not '{sweep.Name}': choose another --dir.");
        if (plan.Fingerprint != fingerprint)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the sweep '{sweep.Name}' has changed since its plan was written ({plan.Units.Count} units, fingerprint {plan.Fingerprint}; now {units.Count} units, {fingerprint}): run `plan` again (results of unchanged units are kept) and resubmit."));
    }
}
