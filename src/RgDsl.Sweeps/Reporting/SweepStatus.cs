using System.Globalization;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Execution;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Reporting;

/// <summary>Counts and ids of done, failed and missing units, as <c>status</c> prints them.</summary>
public sealed record StatusSummary(int Units, int Done, int Failed, int Missing, IReadOnlyList<string> FailedIds, IReadOnlyList<string> MissingIds, IReadOnlyList<int> ShardsToRerun, int? Shards)
{
    public bool Complete => Done == Units;
}

/// <summary><c>status</c>: what is done, what failed (with the message), what is missing and which shards to rerun.</summary>
public static class SweepStatus
{
    /// <summary>Prints the status of <paramref name="sweep"/> in <paramref name="directory"/> to <paramref name="output"/>; <paramref name="listLimit"/> caps the failed and missing units listed one per line.</summary>
    public static StatusSummary Write(Sweep sweep, SweepDirectory directory, TextWriter output, int listLimit = 20)
    {
        var units = sweep.Units();
        var states = directory.ReadStates(units);
        var plan = directory.ReadPlan();
        var shards = plan?.Shards;
        var inv = CultureInfo.InvariantCulture;
        var failed = states.Where(UnitStatus.Failed).ToList();
        var missing = states.Where(UnitStatus.Missing).ToList();
        output.WriteLine(string.Create(inv, $"sweep '{sweep.Name}' in {directory.Root}: {units.Count} units{(shards is { } n ? $" in {n} shards" : "")}"));
        if (plan is not null && plan.Fingerprint != sweep.Fingerprint())
            output.WriteLine("  the program's sweep differs from plan.json: run `plan` again before resubmitting");
        output.WriteLine(string.Create(inv, $"  done     {states.Count(UnitStatus.Done)}"));
        output.WriteLine(string.Create(inv, $"  failed   {failed.Count}"));
        foreach (var (unit, state) in failed.Take(listLimit))
            output.WriteLine($"    {unit.Id} {unit}{ShardText(unit, shards)}: {state.Result!.Error}");
        if (failed.Count > listLimit) output.WriteLine(string.Create(inv, $"    … and {failed.Count - listLimit} more"));
        output.WriteLine(string.Create(inv, $"  missing  {missing.Count}"));
        foreach (var (unit, state) in missing.Take(listLimit))
            output.WriteLine($"    {unit.Id} {unit}{ShardText(unit, shards)}{(state.Stale is { } s ? ": " + s : "")}");
        if (missing.Count > listLimit) output.WriteLine(string.Create(inv, $"    … and {missing.Count - listLimit} more"));
        var rerun = shards is { } count
            ? failed.Concat(missing).Select(x => x.Unit.Shard(count)).Distinct().Order().ToList()
            : [];
        if (rerun.Count > 0)
        {
            var list = string.Join(",", rerun.Select(i => i.ToString(inv)));
            output.WriteLine($"  shards to rerun: {list}");
            output.WriteLine($"    Slurm: sbatch --array={list} {ProgramCommand.ShellQuote(directory.SlurmScriptPath)}");
        }
        if (states.Orphans > 0) output.WriteLine(string.Create(inv, $"  {states.Orphans} result file(s) of units no longer in the sweep (ignored)"));
        if (states.Temporaries > 0) output.WriteLine(string.Create(inv, $"  {states.Temporaries} temporary file(s) left by killed runs (ignored; safe to delete when nothing runs)"));
        var seconds = states.States.Where(s => s.Result is not null).Sum(s => s.Result!.Seconds);
        output.WriteLine(string.Create(inv, $"  compute time recorded: {seconds:0.0} s"));
        return new StatusSummary(units.Count, states.Count(UnitStatus.Done), failed.Count, missing.Count,
            failed.Select(x => x.Unit.Id).ToList(), missing.Select(x => x.Unit.Id).ToList(), rerun, shards);
    }

    internal static string ShardText(SweepUnit unit, int? shards) =>
        shards is { } n ? string.Create(CultureInfo.InvariantCulture, $" (shard {unit.Shard(n)})") : "";
}
