using System.Diagnostics;
using RgDsl.MainJob.Networks;
using RgDsl.Reporting;
using YamlDotNet.RepresentationModel;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Tests;

/// <summary>
/// The main job's own networks sweep (its smallest preset, --quick --no-mnist: two units), planned by the main job
/// itself as a user would, then run through the written launch files exactly as Slurm and Kubernetes would run them.
/// </summary>
public class MainJobSweepTests
{
    /// <summary>The preset flags a worker must get: they select the quick preset and leave out the MNIST units.</summary>
    internal static readonly string[] Preset = ["--quick", "--no-mnist"];

    /// <summary><c>dotnet RgDsl.MainJob.dll</c>, with the dotnet that runs the tests.</summary>
    internal static IReadOnlyList<string> Program { get; } = [TestHostProgram.Command[0], typeof(NetworkStudy).Assembly.Location];

    /// <summary>The units of the sweep, from the sweep definition (not from the plan the program wrote).</summary>
    internal static IReadOnlyList<SweepUnit> Units() => NetworkStudy.Sweep(ReportPreset.Quick).Units();

    /// <summary>Runs the main job (<c>dotnet RgDsl.MainJob.dll sweep --quick --no-mnist …</c>) to the end.</summary>
    internal static (int ExitCode, string Output) MainJob(params string[] args) => Start(Program.Concat(["sweep", .. Preset, .. args]).ToList(), null);

    internal static (int ExitCode, string Output) Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in command.Skip(1)) info.ArgumentList.Add(word);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var child = new TestHostProgram.Child(Process.Start(info)!);
        return (child.Wait(TimeSpan.FromMinutes(3)), child.Output);
    }

    [Fact]
    public void The_written_task_line_and_manifest_run_the_main_jobs_shards()
    {
        using var temp = new TemporaryDirectory("mainjob");
        // The volume a Kubernetes pod would mount: the program published to <mount>/app, the sweep in <mount>/networks.
        var mount = temp.Sub("volume");
        Directory.CreateDirectory(mount);
        Directory.CreateSymbolicLink(Path.Combine(mount, "app"), Path.GetDirectoryName(Program[1])!);
        var dir = Path.Combine(mount, "networks");
        var (code, output) = MainJob("plan", "--dir", dir, "--shards", "2", "--mount", mount);
        Assert.True(code == 0, output);
        var units = Units();
        Assert.Equal(2, units.Count);

        // Slurm runs the script with bash, SLURM_ARRAY_TASK_ID set; the #SBATCH lines are comments to bash.
        var script = Path.Combine(dir, "sweep.sbatch");
        var taskLine = File.ReadAllLines(script).Last();
        Assert.Contains(" sweep --quick --no-mnist run --sweep networks ", taskLine);
        (code, output) = Start(["bash", script], new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "0", ["SLURM_CPUS_PER_TASK"] = "1" });
        Assert.True(code == 0, output);
        var directory = new SweepDirectory(dir);
        Assert.All(units.Where(u => u.Shard(2) == 0), u => Assert.True(File.Exists(directory.ResultPath(u.Id)), u.Id + " not done:\n" + output));
        Assert.All(units.Where(u => u.Shard(2) == 1), u => Assert.False(File.Exists(directory.ResultPath(u.Id)), u.Id + " done by the wrong shard"));

        // Kubernetes runs the container's command with $(JOB_COMPLETION_INDEX) expanded from the pod's environment.
        // The same shard again (the cheap one: shard 1 is a ReLU network, several seconds), from scratch.
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(dir, "sweep-job.yaml"))));
        var spec = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["spec"])["template"];
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)spec["spec"])["containers"]).Children[0];
        var command = ((YamlSequenceNode)container["command"]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        Assert.Equal(["dotnet", mount + "/app/RgDsl.MainJob.dll", "sweep", "--quick", "--no-mnist", "run", "--sweep", "networks", "--dir", dir,
            "--shard", "$(JOB_COMPLETION_INDEX)", "--of", "2"], command);
        Directory.Delete(directory.ResultsDirectory, recursive: true);
        (code, output) = Start(command.Select(w => w.Replace("$(JOB_COMPLETION_INDEX)", "0")).ToList(), new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "0" });
        Assert.True(code == 0, output);
        Assert.All(units, u => Assert.Equal(u.Shard(2) == 0, File.Exists(directory.ResultPath(u.Id))));
        (code, output) = MainJob("status", "--dir", dir);
        Assert.True(code == 0, output);
        Assert.Matches(@"done\s+1\s", output);
        Assert.Matches(@"missing\s+1\s", output);
        Assert.Contains("sbatch --array=1 ", output);
    }

    [Fact]
    public void A_command_written_out_in_full_keeps_its_program_and_arguments()
    {
        using var temp = new TemporaryDirectory("mainjob-command");
        var dir = temp.Sub("networks");
        var (code, output) = MainJob("plan", "--dir", dir, "--shards", "2", "--command", "/apps/mainjob/RgDsl.MainJob sweep --quick --no-mnist");
        Assert.True(code == 0, output);
        Assert.EndsWith("/apps/mainjob/RgDsl.MainJob sweep --quick --no-mnist run --sweep networks --dir " + dir + " --shard \"$SLURM_ARRAY_TASK_ID\" --of 2",
            File.ReadAllLines(Path.Combine(dir, "sweep.sbatch")).Last());
        var manifest = File.ReadAllText(Path.Combine(dir, "sweep-job.yaml"));
        Assert.Contains("- \"/sweeps/app/RgDsl.MainJob.dll\"\n            - \"sweep\"\n            - \"--quick\"\n            - \"--no-mnist\"\n            - \"run\"", manifest);
        Assert.Contains("here:       /apps/mainjob/RgDsl.MainJob sweep --quick --no-mnist run --sweep networks", output);
    }

    [Fact]
    public void List_accepts_the_data_option_the_program_reads()
    {
        using var temp = new TemporaryDirectory("mainjob-list");
        var (code, output) = Start(Program.Concat(["sweep", "--quick", "--no-mnist", "--data", temp.Sub("no-cache"), "list"]).ToList(), null);
        Assert.True(code == 0, output);
        Assert.Contains("networks: 2 units", output);
    }
}
