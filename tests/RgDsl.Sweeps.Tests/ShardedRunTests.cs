using System.Globalization;
using RgDsl.Sweeps.TestHost;
using Xunit.Abstractions;
using RgDsl.Sweeps.Cli;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Tests;

/// <summary>
/// The sweep "small" of the test host (28 units: HMC, kernel ridge regression, theory) run as shards in real child
/// processes, one of them killed with SIGKILL at a random point and rerun; the merged outputs must equal those of a
/// single-process run byte for byte.
/// </summary>
public class ShardedRunTests(ITestOutputHelper log, ShardedRunTests.Reference reference) : IClassFixture<ShardedRunTests.Reference>
{
    /// <summary>The single-process run: every unit in one shard, in this process, merged.</summary>
    public sealed class Reference : IDisposable
    {
        private readonly TemporaryDirectory _dir = new("reference");

        public Reference()
        {
            Directory = _dir.Sub("small");
            var (code, output) = TestHostProgram.InProcess("run", "--sweep", "small", "--dir", Directory, "--shard", "0", "--of", "1");
            Assert.True(code == 0, output);
            (code, output) = TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", Directory);
            Assert.True(code == 0, output);
        }

        public string Directory { get; }

        public void Dispose() => _dir.Dispose();
    }

    private static readonly string[] MergedFiles = ["results.csv", "results.json", "summary.csv"];

    [Fact]
    public void Four_shards_with_one_killed_at_a_random_point_and_rerun_merge_to_the_single_process_bytes()
    {
        using var temp = new TemporaryDirectory("sharded");
        var dir = temp.Sub("small");
        var (code, output) = TestHostProgram.InProcess("plan", "--sweep", "small", "--dir", dir, "--shards", "4");
        Assert.True(code == 0, output);
        var units = TestSweeps.Small().Units();
        var directory = new SweepDirectory(dir);
        var random = new Random();
        var victim = random.Next(4);
        var victimUnits = units.Where(u => u.Shard(4) == victim).ToList();
        var killAfter = random.Next(victimUnits.Count); // results of the victim's units on disk before the kill
        log.WriteLine($"killing shard {victim} after {killAfter} of its {victimUnits.Count} units");

        // 100 ms per unit (numbers unchanged) so that the shards run long enough to be killed midway.
        var slow = new Dictionary<string, string> { ["RGDSL_TEST_UNIT_DELAY_MS"] = "100" };
        var children = Enumerable.Range(0, 4)
            .Select(i => TestHostProgram.Start(["run", "--sweep", "small", "--dir", dir, "--shard", i.ToString(CultureInfo.InvariantCulture), "--of", "4"], slow)).ToList();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (victimUnits.Count(u => File.Exists(directory.ResultPath(u.Id))) < killAfter)
            {
                Assert.True(DateTime.UtcNow < deadline, "the victim shard made no progress: " + children[victim].Output);
                Thread.Sleep(2);
            }
            Thread.Sleep(random.Next(30)); // somewhere inside the next unit
            Assert.False(children[victim].Process.HasExited, "the victim shard ended before it could be killed:\n" + children[victim].Output);
            children[victim].Process.Kill(); // SIGKILL on Unix: no handler runs
            children[victim].Process.WaitForExit();
            for (var i = 0; i < 4; i++)
                if (i != victim) Assert.True(children[i].Wait(TimeSpan.FromSeconds(60)) == 0, children[i].Output);
        }
        finally
        {
            foreach (var child in children) child.Dispose();
        }

        // The victim's shard misses units; nothing else does, and merge refuses and names them.
        var doneBefore = victimUnits.Count(u => File.Exists(directory.ResultPath(u.Id)));
        Assert.InRange(doneBefore, killAfter, victimUnits.Count - 1);
        var (status, statusText) = TestHostProgram.InProcess("status", "--sweep", "small", "--dir", dir, "--all");
        Assert.Equal(0, status);
        Assert.Contains($"missing  {victimUnits.Count - doneBefore}", statusText);
        Assert.Contains($"shards to rerun: {victim}", statusText);
        var (refused, refusal) = TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", dir);
        Assert.Equal(SweepCommand.Incomplete, refused);
        foreach (var u in victimUnits.Where(u => !File.Exists(directory.ResultPath(u.Id)))) Assert.Contains(u.Id, refusal);

        // Rerun the killed shard: it skips what was done and runs the rest.
        var (rerun, rerunText) = TestHostProgram.Run("run", "--sweep", "small", "--dir", dir, "--shard", victim.ToString(CultureInfo.InvariantCulture), "--of", "4");
        log.WriteLine(rerunText);
        Assert.True(rerun == 0, rerunText);
        Assert.Contains($"{doneBefore} already done, {victimUnits.Count - doneBefore} to run", rerunText);

        (code, output) = TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", dir);
        Assert.True(code == 0, output);
        Assert.Equal(units.Count, Directory.EnumerateFiles(directory.ResultsDirectory, "*.json").Count());
        foreach (var file in MergedFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference.Directory, file)), File.ReadAllBytes(Path.Combine(dir, file)));
    }

    [Fact]
    public void Run_local_parallel_starts_the_shards_as_child_processes_and_merges_to_the_same_bytes()
    {
        using var temp = new TemporaryDirectory("local");
        var dir = temp.Sub("small");
        var (code, output) = TestHostProgram.Run("run", "--sweep", "small", "--dir", dir, "--local", "--parallel", "2", "--of", "3");
        log.WriteLine(output);
        Assert.True(code == 0, output);
        foreach (var shard in new[] { "[0] shard 0/3", "[1] shard 1/3", "[2] shard 2/3" }) Assert.Contains(shard, output);
        Assert.Contains("done     28", output);
        (code, output) = TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", dir);
        Assert.True(code == 0, output);
        foreach (var file in MergedFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference.Directory, file)), File.ReadAllBytes(Path.Combine(dir, file)));
        // A second local run finds everything done and runs nothing.
        (code, output) = TestHostProgram.Run("run", "--sweep", "small", "--dir", dir, "--local", "--parallel", "2", "--of", "3");
        Assert.True(code == 0, output);
        Assert.Equal(3, output.Split('\n').Count(l => l.Contains(" to run;", StringComparison.Ordinal) && l.Contains(" 0 to run", StringComparison.Ordinal)));
    }

    [Fact]
    public void Results_read_back_hold_the_numbers_the_methods_returned_bit_for_bit()
    {
        var outcomes = SweepResults.Read(TestSweeps.Small(), new SweepDirectory(reference.Directory));
        Assert.Equal(28, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(UnitStatus.Done, o.Status));
        foreach (var o in outcomes.Where(o => o.Unit.Method == "hmc").Take(2).Concat(outcomes.Where(o => o.Unit.Method == "krr").Take(2)))
        {
            var again = o.Unit.MethodImplementation.Run(o.Unit, o.Unit.Seed);
            Assert.Equal(again.Values.Select(v => (v.Name, BitConverter.DoubleToInt64Bits(v.Value), v.StandardError)),
                o.Measurement!.Values.Select(v => (v.Name, BitConverter.DoubleToInt64Bits(v.Value), v.StandardError)));
        }
    }

    [Fact]
    public void The_summary_averages_replicates_and_combines_their_standard_errors()
    {
        var rows = Csv.Read(Path.Combine(reference.Directory, "results.csv"));
        var summary = Csv.Read(Path.Combine(reference.Directory, "summary.csv"));
        var hmc = rows.Where(r => r["method"] == "hmc").GroupBy(r => (r["Coupling"], r["P"])).ToList();
        Assert.Equal(4, hmc.Count);
        foreach (var point in hmc)
        {
            var reps = point.ToList();
            Assert.Equal(2, reps.Count);
            var line = summary.Single(s => s["method"] == "hmc" && s["Coupling"] == point.Key.Item1 && s["P"] == point.Key.Item2);
            var values = reps.Select(r => double.Parse(r["test_error"], CultureInfo.InvariantCulture)).ToList();
            var errors = reps.Select(r => double.Parse(r["test_error_se"], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal((values[0] + values[1]) / 2, double.Parse(line["test_error"], CultureInfo.InvariantCulture), 15);
            Assert.Equal(Math.Sqrt(errors[0] * errors[0] + errors[1] * errors[1]) / 2, double.Parse(line["test_error_se"], CultureInfo.InvariantCulture), 15);
            Assert.Equal("2", line["done"]);
        }
        // Values without their own standard error get the scatter between replicates (exactly 0 for the deterministic theory).
        var theory = summary.First(s => s["method"] == "theory" && s["Coupling"] == "1");
        Assert.Equal("0", theory["test_error_se"]);
    }
}

/// <summary>A small CSV reader (RFC 4180 quoting) for the merged outputs.</summary>
internal static class Csv
{
    public static List<Dictionary<string, string>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = Split(lines[0]);
        return lines.Skip(1).Select(l => header.Zip(Split(l)).ToDictionary(x => x.First, x => x.Second)).ToList();
    }

    private static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
