using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Execution;

/// <summary>
/// <c>run --local --parallel k</c>: the n shards as child processes of the same program, at most k at a time, each
/// exactly what a Slurm array task or a Kubernetes pod would run. Children get DOTNET_PROCESSOR_COUNT = cores / k
/// (unless it is set already), so k processes do not each start a thread per core; the numbers do not depend on it.
/// </summary>
public static class LocalLauncher
{
    /// <returns>The largest exit code of the children (0 when every shard finished with every unit done).</returns>
    public static int Run(IReadOnlyList<string> command, string sweep, SweepDirectory directory, int shards, int parallel, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0) throw new ArgumentException("the program command is empty.", nameof(command));
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "the number of shards (--of) must be at least 1.");
        if (parallel < 1) throw new ArgumentOutOfRangeException(nameof(parallel), parallel, "--parallel must be at least 1.");
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, shards));
        var exitCodes = new int[shards];
        var gate = new object();
        void Write(string line) { lock (gate) output.WriteLine(line); }
        var threads = Math.Min(parallel, shards);
        var processors = Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") is { Length: > 0 } set ? set
            : Math.Max(1, Environment.ProcessorCount / threads).ToString(CultureInfo.InvariantCulture);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            while (queue.TryDequeue(out var shard))
                exitCodes[shard] = RunChild(command, sweep, directory, shard, shards, processors, Write);
        })).ToList();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        var bad = Enumerable.Range(0, shards).Where(i => exitCodes[i] != 0).ToList();
        if (bad.Count > 0)
            Write("local: shards with a non-zero exit code: " + string.Join(", ", bad.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i} ({exitCodes[i]})"))));
        return exitCodes.Max();
    }

    private static int RunChild(IReadOnlyList<string> command, string sweep, SweepDirectory directory, int shard, int shards, string processors, Action<string> write)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in command.Skip(1)) info.ArgumentList.Add(word);
        foreach (var word in new[] { "run", "--sweep", sweep, "--dir", directory.Root, "--shard", shard.ToString(CultureInfo.InvariantCulture), "--of", shards.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(word);
        info.Environment["DOTNET_PROCESSOR_COUNT"] = processors;
        var prefix = string.Create(CultureInfo.InvariantCulture, $"[{shard}] ");
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) write(prefix + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) write(prefix + e.Data); };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e)
        {
            write(prefix + $"could not start {command[0]}: {e.Message}");
            return 1;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }
}
