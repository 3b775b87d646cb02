using System.Text.Json;
using RgDsl.Sweeps.TestHost;
using RgDsl.Sweeps.Cli;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Methods;
using RgDsl.Sweeps.Reporting;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Tests;

public class FailureAndMergeTests
{
    [Fact]
    public void A_unit_that_throws_is_recorded_as_failed_and_the_shard_goes_on()
    {
        using var temp = new TemporaryDirectory("failing");
        var dir = temp.Sub("failing");
        var (code, output) = TestHostProgram.InProcess("run", "--sweep", "failing", "--dir", dir, "--shard", "0", "--of", "1");
        Assert.Equal(SweepCommand.UnitsFailed, code);
        var units = TestSweeps.Failing().Units();
        var directory = new SweepDirectory(dir);
        var bad = units.Single(u => u.DatasetSize == 30);
        // Every unit has a result file, the units after the failing one included.
        Assert.All(units, u => Assert.True(File.Exists(directory.ResultPath(u.Id)), u.ToString()));
        using (var json = JsonDocument.Parse(File.ReadAllBytes(directory.ResultPath(bad.Id))))
        {
            Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("InvalidOperationException: deliberate failure at P = 30", json.RootElement.GetProperty("error").GetString());
            Assert.Equal(0, json.RootElement.GetProperty("values").GetArrayLength());
        }
        var good = units.Single(u => u.DatasetSize == 40);
        using (var json = JsonDocument.Parse(File.ReadAllBytes(directory.ResultPath(good.Id))))
        {
            Assert.Equal("done", json.RootElement.GetProperty("status").GetString());
            var value = json.RootElement.GetProperty("values")[0].GetProperty("value").GetDouble();
            Assert.Equal(new TinyGP().Predict(40).TestError, value);
        }
        Assert.Contains("FAILED", output);

        var (_, status) = TestHostProgram.InProcess("status", "--sweep", "failing", "--dir", dir);
        Assert.Contains("done     3", status);
        Assert.Contains("failed   1", status);
        Assert.Contains($"{bad.Id} {bad}", status);
        Assert.Contains("deliberate failure at P = 30", status);

        // merge refuses a failed unit unless told to; then the row says failed, with the message.
        var (refused, refusal) = TestHostProgram.InProcess("merge", "--sweep", "failing", "--dir", dir);
        Assert.Equal(SweepCommand.Incomplete, refused);
        Assert.Contains($"failed  {bad.Id}", refusal);
        (code, output) = TestHostProgram.InProcess("merge", "--sweep", "failing", "--dir", dir, "--allow-missing");
        Assert.True(code == 0, output);
        var row = File.ReadAllLines(directory.MergedCsvPath).Single(l => l.StartsWith(bad.Id, StringComparison.Ordinal));
        Assert.Contains(",failed,", row);
        Assert.EndsWith("InvalidOperationException: deliberate failure at P = 30", row);

        // A rerun retries the failed unit only.
        (code, output) = TestHostProgram.InProcess("run", "--sweep", "failing", "--dir", dir, "--shard", "0", "--of", "1");
        Assert.Equal(SweepCommand.UnitsFailed, code);
        Assert.Contains("3 already done, 1 to run", output);
    }

    [Fact]
    public void Merge_refuses_missing_units_and_names_them_unless_allowed()
    {
        using var temp = new TemporaryDirectory("missing");
        var dir = temp.Sub("small");
        Assert.Equal(0, TestHostProgram.InProcess("plan", "--sweep", "small", "--dir", dir, "--shards", "3").ExitCode);
        Assert.Equal(0, TestHostProgram.InProcess("run", "--sweep", "small", "--dir", dir, "--shard", "1", "--of", "3").ExitCode);
        var units = TestSweeps.Small().Units();
        var missing = units.Where(u => u.Shard(3) != 1).ToList();

        var (code, output) = TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", dir);
        Assert.Equal(SweepCommand.Incomplete, code);
        Assert.Contains($"{missing.Count} missing and 0 failed", output);
        foreach (var u in missing) Assert.Contains($"missing {u.Id} {u} (shard {u.Shard(3)})", output);
        Assert.False(File.Exists(Path.Combine(dir, "results.csv")));

        var (_, status) = TestHostProgram.InProcess("status", "--sweep", "small", "--dir", dir);
        Assert.Contains("shards to rerun: 0,2", status);
        Assert.Contains("sbatch --array=0,2 ", status);

        (code, output) = TestHostProgram.InProcess("merge", "--sweep", "small", "--dir", dir, "--allow-missing");
        Assert.True(code == 0, output);
        var lines = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        Assert.Equal(units.Count + 1, lines.Length);
        Assert.Equal(missing.Count, lines.Count(l => l.Contains(",missing,", StringComparison.Ordinal)));
        Assert.Contains("Missing units (merged with --allow-missing)", File.ReadAllText(Path.Combine(dir, "report.md")));
    }

    [Fact]
    public void Stale_results_temporary_files_and_a_changed_sweep_are_handled()
    {
        using var temp = new TemporaryDirectory("stale");
        var dir = temp.Sub("failing");
        var directory = new SweepDirectory(dir);
        Assert.Equal(SweepCommand.UnitsFailed, TestHostProgram.InProcess("run", "--sweep", "failing", "--dir", dir, "--shard", "0", "--of", "1").ExitCode);
        var units = TestSweeps.Failing().Units();

        // A leftover temporary file of a killed writer is ignored; a corrupt result file counts as missing and is rerun.
        File.WriteAllText(Path.Combine(directory.ResultsDirectory, $".{units[0].Id}.json.123.abc.tmp"), "{ half a fil");
        File.WriteAllText(directory.ResultPath(units[0].Id), "{ not json");
        var (_, status) = TestHostProgram.InProcess("status", "--sweep", "failing", "--dir", dir);
        Assert.Contains("missing  1", status);
        Assert.Contains("unreadable result file", status);
        Assert.Contains("1 temporary file(s)", status);
        var (_, output) = TestHostProgram.InProcess("run", "--sweep", "failing", "--dir", dir, "--shard", "0", "--of", "1");
        Assert.Contains("2 already done, 2 to run", output);

        // The same units under another sweep seed: every result is for the wrong seed, so all are rerun.
        var reseeded = new Sweep("failing", seed: 6) { TestSweeps.Failing().Grids[0] };
        var writer = new StringWriter();
        SweepStatus.Write(reseeded, directory, writer);
        Assert.Contains("missing  4", writer.ToString());
        Assert.Contains("the sweep's seed changed", writer.ToString());

        // A planned directory refuses shards of a changed sweep: the array would run another cut.
        Assert.Equal(0, TestHostProgram.InProcess("plan", "--sweep", "failing", "--dir", dir, "--shards", "2").ExitCode);
        var changed = new Sweep("failing", seed: 5) { TestSweeps.Failing().Grids[0], new SweepGrid { Models = { SweepModel.Declared<TinyGP>() }, DatasetSizes = { 50 }, Methods = { new TheoryPrediction() } } };
        var error = new StringWriter();
        Assert.Equal(SweepCommand.Error, SweepCommand.Run(["run", "--dir", dir, "--shard", "0", "--of", "2"], [changed], new SweepCommandSettings(error, error)));
        Assert.Contains("has changed since its plan was written", error.ToString());
    }

    [Fact]
    public void Plan_refuses_a_method_on_a_model_it_cannot_run_on()
    {
        var sweep = new Sweep("mismatch")
        {
            new SweepGrid { Models = { SweepModel.Declared<TinyGP>() }, DatasetSizes = { 10 }, Methods = { new HmcSampling(new SamplerOptions()) } },
        };
        using var temp = new TemporaryDirectory("mismatch");
        var error = new StringWriter();
        Assert.Equal(SweepCommand.Error, SweepCommand.Run(["plan", "--dir", temp.Path], [sweep], new SweepCommandSettings(error, error, TestHostProgram.Command)));
        Assert.Contains("hmc on TinyGP", error.ToString());
        Assert.Contains("has none", error.ToString());
    }

    [Fact]
    public void Command_line_mistakes_get_clear_errors()
    {
        Assert.Contains("choose one with --sweep", TestHostProgram.InProcess("status").Output);
        Assert.Contains("no sweep named 'nope'", TestHostProgram.InProcess("status", "--sweep", "nope").Output);
        var (code, output) = TestHostProgram.InProcess("run", "--sweep", "failing", "--dir", "unused", "--shard", "4", "--of", "4");
        Assert.Equal(SweepCommand.Error, code);
        Assert.Contains("0..3", output);
        Assert.Contains("--of n", TestHostProgram.InProcess("run", "--sweep", "failing", "--shard", "0").Output);
        Assert.Contains("more than the 4 units", TestHostProgram.InProcess("plan", "--sweep", "failing", "--dir", "unused", "--shards", "5").Output);
    }
}
