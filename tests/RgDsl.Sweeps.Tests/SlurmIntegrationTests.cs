using System.Diagnostics;
using System.Globalization;
using RgDsl.Sweeps.TestHost;
using Xunit.Abstractions;
using RgDsl.Sweeps.Cli;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Tests;

/// <summary>A test that needs a running Slurm (tools/local-slurm.sh): opt-in with RGDSL_SLURM=1, as .ci/run sets it when sbatch is there.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("RGDSL_SLURM") != "1")
            Skip = "needs a Slurm cluster: start one with tools/local-slurm.sh and set RGDSL_SLURM=1";
    }
}

/// <summary>
/// On a real Slurm: plan the sweep "small", submit the generated job-array script with sbatch, cancel one array task
/// with scancel once it has done part of its shard, wait for the rest by polling the result files, resubmit the
/// cancelled shard as the status command says, and check that the merged results equal a single-process run.
/// </summary>
public class SlurmIntegrationTests(ITestOutputHelper log)
{
    [SlurmFact]
    public void A_job_array_with_one_task_cancelled_and_resubmitted_merges_to_the_single_process_bytes()
    {
        var clock = Stopwatch.StartNew();
        void Log(string line) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));
        using var temp = new TemporaryDirectory("slurm");
        var reference = temp.Sub("reference");
        var dir = temp.Sub("small");
        Assert.Equal(0, TestHostProgram.InProcess("run", "--sweep", "small", "--dir", reference, "--shard", "0", "--of", "1").ExitCode);
        Assert.Equal(0, TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", reference).ExitCode);
        Log("single-process reference run and merged");

        // One core per task: two tasks at once on a two-core node. 250 ms per unit (numbers unchanged) so that a
        // shard of 7 units takes about two seconds and can be cancelled midway.
        var (code, output) = TestHostProgram.InProcess("plan", "--sweep", "small", "--dir", dir, "--shards", "4", "--cpus-per-task", "1", "--time", "00:10:00");
        Assert.True(code == 0, output);
        Log(output.TrimEnd());
        var script = Path.Combine(dir, "sweep.sbatch");
        var slow = new Dictionary<string, string> { ["RGDSL_TEST_UNIT_DELAY_MS"] = "250" };
        var job = Submit(script, null, slow);
        Log($"sbatch {script}: job {job}");
        var units = TestSweeps.Small().Units();
        var directory = new SweepDirectory(dir);
        bool Done(SweepUnit u) => File.Exists(directory.ResultPath(u.Id));
        try
        {
            const int victim = 1;
            var victimUnits = units.Where(u => u.Shard(4) == victim).ToList();
            WaitFor(() => victimUnits.Count(Done) >= 2, TimeSpan.FromSeconds(120), "array task 1 to finish two units", dir);
            Shell("scancel", $"{job}_{victim}");
            Log($"scancel {job}_{victim} after {victimUnits.Count(Done)} of its {victimUnits.Count} units");
            var others = units.Where(u => u.Shard(4) != victim).ToList();
            WaitFor(() => others.All(Done), TimeSpan.FromSeconds(120), "the other array tasks to finish", dir);
            Thread.Sleep(1500); // a cancelled task that was still writing would show up now
            var missingIds = victimUnits.Where(u => !Done(u)).Select(u => u.Id).ToList();
            Log($"other tasks done; shard {victim} misses {missingIds.Count} units");
            Assert.NotEmpty(missingIds);

            var (_, status) = TestHostProgram.InProcess("status", "--sweep", "small", "--dir", dir);
            Log(status.TrimEnd());
            Assert.Contains($"sbatch --array={victim} ", status);
            Assert.Equal(SweepCommand.Incomplete, TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", dir).ExitCode);

            var again = Submit(script, victim, null);
            Log($"sbatch --array={victim} {script}: job {again}");
            WaitFor(() => units.All(Done), TimeSpan.FromSeconds(120), "the resubmitted task to finish", dir);
            Log("all units done");
        }
        finally
        {
            Shell("scancel", job, check: false);
        }
        (code, output) = TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", dir);
        Assert.True(code == 0, output);
        Log(output.TrimEnd());
        foreach (var file in new[] { "results.csv", "results.json", "summary.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, file)), File.ReadAllBytes(Path.Combine(dir, file)));
        Log("results.csv, results.json and summary.csv equal the single-process run byte for byte");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "logs")).Order())
            Log($"{Path.GetFileName(file)}: {File.ReadAllLines(file).Length} lines, last: {File.ReadAllLines(file).LastOrDefault()}");
    }

    /// <summary>
    /// The main job's own networks sweep (--quick --no-mnist: a linear and a ReLU network, one per shard), planned by the
    /// main job and submitted as written: the ReLU task is cancelled while it samples, resubmitted as `status` says, and
    /// the merged results equal a single process's byte for byte.
    /// </summary>
    [SlurmFact]
    public void The_main_jobs_sweep_with_a_task_cancelled_mid_unit_and_resubmitted_merges_to_the_single_process_bytes()
    {
        var clock = Stopwatch.StartNew();
        void Log(string line) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));
        using var temp = new TemporaryDirectory("slurm-mainjob");
        var reference = temp.Sub("reference");
        var dir = temp.Sub("networks");
        var (code, output) = MainJobSweepTests.MainJob("run", "--dir", reference, "--shard", "0", "--of", "1");
        Assert.True(code == 0, output);
        Assert.Equal(0, MainJobSweepTests.MainJob("merge", "--dir", reference).ExitCode);
        Log("single-process reference run and merged");

        (code, output) = MainJobSweepTests.MainJob("plan", "--dir", dir, "--shards", "2", "--cpus-per-task", "1", "--time", "00:10:00");
        Assert.True(code == 0, output);
        Log(output.TrimEnd());
        var script = Path.Combine(dir, "sweep.sbatch");
        var units = MainJobSweepTests.Units();
        var directory = new SweepDirectory(dir);
        bool Done(SweepUnit u) => File.Exists(directory.ResultPath(u.Id));
        var victim = units.Single(u => u.Model == "relu").Shard(2);
        var job = Submit(script, null, null);
        Log($"sbatch {script}: job {job}");
        try
        {
            // The shard announces its units before it samples them; the ReLU unit then takes about a second on a quiet
            // machine (several under load), so the task is cancelled as soon as the announcement is seen (polled every
            // 0.1 s). A second's wait here let the unit finish first on a quiet machine.
            var victimLog = Path.Combine(directory.LogsDirectory, $"slurm-{job}_{victim}.out");
            WaitFor(() => File.Exists(victimLog) && File.ReadAllText(victimLog).Contains("to run;", StringComparison.Ordinal), TimeSpan.FromSeconds(180), $"array task {victim} to start its unit", dir);
            Shell("scancel", $"{job}_{victim}");
            Log($"scancel {job}_{victim} while it sampled");
            var others = units.Where(u => u.Shard(2) != victim).ToList();
            WaitFor(() => others.All(Done), TimeSpan.FromSeconds(180), "the other array task to finish", dir);
            Thread.Sleep(1500);
            Assert.Contains(units.Where(u => u.Shard(2) == victim), u => !Done(u));

            (code, var status) = MainJobSweepTests.MainJob("status", "--dir", dir);
            Log(status.TrimEnd());
            Assert.Contains($"sbatch --array={victim} ", status);
            Assert.Equal(SweepCommand.Incomplete, MainJobSweepTests.MainJob("merge", "--dir", dir).ExitCode);

            var again = Submit(script, victim, null);
            Log($"sbatch --array={victim} {script}: job {again}");
            WaitFor(() => units.All(Done), TimeSpan.FromSeconds(180), "the resubmitted task to finish", dir);
            Log("all units done");
        }
        finally
        {
            Shell("scancel", job, check: false);
        }
        (code, output) = MainJobSweepTests.MainJob("merge", "--dir", dir);
        Assert.True(code == 0, output);
        Log(output.TrimEnd());
        foreach (var file in new[] { "results.csv", "results.json", "summary.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, file)), File.ReadAllBytes(Path.Combine(dir, file)));
        Log("results.csv, results.json and summary.csv equal the single-process run byte for byte");
        foreach (var file in Directory.EnumerateFiles(directory.LogsDirectory).Order())
            Log($"{Path.GetFileName(file)}: {File.ReadAllLines(file).Length} lines, last: {File.ReadAllLines(file).LastOrDefault()}");
    }

    private static string Submit(string script, int? array, IReadOnlyDictionary<string, string>? environment)
    {
        var args = new List<string> { "--parsable" };
        if (array is { } a) args.Add(string.Create(CultureInfo.InvariantCulture, $"--array={a}"));
        args.Add(script);
        return Shell("sbatch", args, environment: environment).Trim().Split(';')[0];
    }

    private static string Shell(string program, string argument, bool check = true) => Shell(program, [argument], check);

    private static string Shell(string program, IEnumerable<string> args, bool check = true, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(" ", info.ArgumentList)} exited with {process.ExitCode}: {stderr}");
        return stdout;
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout, string what, string dir)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var logs = Directory.Exists(Path.Combine(dir, "logs"))
                    ? string.Join("\n", Directory.EnumerateFiles(Path.Combine(dir, "logs")).Select(f => f + ":\n" + File.ReadAllText(f))) : "(no logs)";
                throw new TimeoutException($"waited {timeout} for {what}; squeue:\n{Shell("squeue", "--all", check: false)}\nlogs:\n{logs}");
            }
            Thread.Sleep(100);
        }
    }
}
