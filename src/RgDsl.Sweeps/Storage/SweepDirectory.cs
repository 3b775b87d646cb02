using System.Text.Json;
using RgDsl.Sweeps.Definition;

namespace RgDsl.Sweeps.Storage;

/// <summary>
/// The directory of one sweep on a file system that every worker mounts (NFS, Lustre, GPFS, CephFS, a
/// ReadWriteMany volume): <c>plan.json</c>, the launch files, <c>results/&lt;id&gt;.json</c> (one per unit, each written
/// to a temporary file in the same directory, flushed, then renamed over the final name, so a reader sees a whole
/// file or none), <c>logs/</c>, and the merged outputs.
/// </summary>
public sealed class SweepDirectory
{
    public SweepDirectory(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }
    public string PlanPath => Path.Combine(Root, "plan.json");
    public string ResultsDirectory => Path.Combine(Root, "results");
    public string LogsDirectory => Path.Combine(Root, "logs");
    public string SlurmScriptPath => Path.Combine(Root, "sweep.sbatch");
    public string KubernetesManifestPath => Path.Combine(Root, "sweep-job.yaml");
    public string MergedCsvPath => Path.Combine(Root, "results.csv");
    public string MergedJsonPath => Path.Combine(Root, "results.json");
    public string SummaryCsvPath => Path.Combine(Root, "summary.csv");
    public string ReportPath => Path.Combine(Root, "report.md");

    public string ResultPath(string id) => Path.Combine(ResultsDirectory, id + ".json");

    public void Create()
    {
        Directory.CreateDirectory(ResultsDirectory);
        Directory.CreateDirectory(LogsDirectory);
    }

    /// <summary>Writes through a temporary file in the same directory and a rename, so that no reader ever sees half a file.</summary>
    public static void WriteAtomically(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    public static void WriteAtomically(string path, string text) => WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(text));

    internal PlanFile? ReadPlan()
    {
        if (!File.Exists(PlanPath)) return null;
        try { return SweepJson.Deserialize<PlanFile>(File.ReadAllBytes(PlanPath)); }
        catch (JsonException e) { throw new InvalidOperationException($"{PlanPath} is not a sweep plan: {e.Message}", e); }
    }

    /// <summary>The state of every unit: its result when the file exists, is readable and belongs to this unit and seed.</summary>
    internal UnitStates ReadStates(IReadOnlyList<SweepUnit> units)
    {
        var states = new UnitState[units.Count];
        var planned = new HashSet<string>(units.Select(u => u.Id), StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++) states[i] = ReadState(units[i]);
        var orphans = 0;
        var temporaries = 0;
        if (Directory.Exists(ResultsDirectory))
            foreach (var file in Directory.EnumerateFiles(ResultsDirectory))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal)) temporaries++;
                else if (name.EndsWith(".json", StringComparison.Ordinal) && !planned.Contains(name[..^5])) orphans++;
            }
        return new UnitStates(units, states, orphans, temporaries);
    }

    internal UnitState ReadState(SweepUnit unit)
    {
        var path = ResultPath(unit.Id);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { return new UnitState(UnitStatus.Missing, null, null); }
        catch (DirectoryNotFoundException) { return new UnitState(UnitStatus.Missing, null, null); }
        UnitResult? result;
        try { result = SweepJson.Deserialize<UnitResult>(bytes); }
        catch (JsonException e) { return new UnitState(UnitStatus.Missing, null, $"unreadable result file ({e.Message}); it will be rerun"); }
        if (result is null || result.Format != UnitResult.CurrentFormat || result.Unit is null)
            return new UnitState(UnitStatus.Missing, null, "a result file of another format; it will be rerun");
        if (result.Unit.Id != unit.Id || result.Unit.Seed != unit.Seed)
            return new UnitState(UnitStatus.Missing, null, $"a result for seed {result.Unit.Seed}, not {unit.Seed} (the sweep's seed changed); it will be rerun");
        return new UnitState(result.Status == UnitStatus.Done ? UnitStatus.Done : UnitStatus.Failed, result, null);
    }
}

/// <summary>A unit's state and, when done or failed, its result; <see cref="Stale"/> says why an existing file does not count.</summary>
internal sealed record UnitState(UnitStatus Status, UnitResult? Result, string? Stale);

/// <summary>The states of all units of a sweep, plus result files of no planned unit and leftover temporary files.</summary>
internal sealed record UnitStates(IReadOnlyList<SweepUnit> Units, IReadOnlyList<UnitState> States, int Orphans, int Temporaries)
{
    public IEnumerable<(SweepUnit Unit, UnitState State)> Where(UnitStatus status) =>
        Units.Zip(States).Where(x => x.Second.Status == status);

    public int Count(UnitStatus status) => States.Count(s => s.Status == status);
}
