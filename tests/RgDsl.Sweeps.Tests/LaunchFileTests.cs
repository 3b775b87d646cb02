using System.Diagnostics;
using RgDsl.Sweeps.TestHost;
using YamlDotNet.RepresentationModel;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Tests;

/// <summary>The Slurm script and the Kubernetes manifest written by plan: their shape, and that their commands really run a shard.</summary>
public class LaunchFileTests
{
    private static (TemporaryDirectory Temp, string Dir) Plan(params string[] extra)
    {
        var temp = new TemporaryDirectory("launch");
        var dir = temp.Sub("sweep dir"); // a blank in the path: the script must quote it
        var (code, output) = TestHostProgram.InProcess(["plan", "--sweep", "small", "--dir", dir, "--shards", "4", .. extra]);
        Assert.True(code == 0, output);
        return (temp, dir);
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    [Fact]
    public void The_Kubernetes_manifest_is_an_Indexed_Job_with_one_completion_per_shard()
    {
        var (temp, dir) = Plan("--parallelism", "3", "--image", "registry.example/rgdsl:1", "--claim", "sweeps-rwx");
        using var _ = temp;
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(dir, "sweep-job.yaml"))));
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        Assert.Equal("batch/v1", Scalar(root, "apiVersion"));
        Assert.Equal("Job", Scalar(root, "kind"));
        Assert.Equal("rgdsl-small", Scalar(Map(root, "metadata"), "name"));
        var spec = Map(root, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        Assert.Equal("4", Scalar(spec, "completions"));
        Assert.Equal("3", Scalar(spec, "parallelism"));
        var pod = Map(Map(spec, "template"), "spec");
        Assert.Equal("Never", Scalar(pod, "restartPolicy"));
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        Assert.Equal("registry.example/rgdsl:1", Scalar(container, "image"));
        var command = ((YamlSequenceNode)container["command"]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        Assert.Equal(["dotnet", "/sweeps/app/RgDsl.Sweeps.TestHost.dll", "run", "--sweep", "small", "--dir", "/sweeps/small", "--shard", "$(JOB_COMPLETION_INDEX)", "--of", "4"], command);
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToList();
        var index = env.Single(e => Scalar(e, "name") == "JOB_COMPLETION_INDEX");
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", Scalar(Map(Map(index, "valueFrom"), "fieldRef"), "fieldPath"));
        var mount = (YamlMappingNode)((YamlSequenceNode)container["volumeMounts"]).Children.Single();
        Assert.Equal("/sweeps", Scalar(mount, "mountPath"));
        var volume = (YamlMappingNode)((YamlSequenceNode)pod["volumes"]).Children.Single();
        Assert.Equal(Scalar(mount, "name"), Scalar(volume, "name"));
        Assert.Equal("sweeps-rwx", Scalar(Map(volume, "persistentVolumeClaim"), "claimName"));
    }

    [Fact]
    public void The_manifest_command_with_the_index_substituted_runs_that_shard()
    {
        // The container command, pointed at this machine's program and directory, with $(JOB_COMPLETION_INDEX)
        // expanded as the kubelet does: it must run exactly the units of shard 2.
        using var temp = new TemporaryDirectory("k8s");
        var dir = temp.Sub("small");
        var (code, output) = TestHostProgram.InProcess("plan", "--sweep", "small", "--dir", dir, "--shards", "4",
            "--k8s-command", string.Join(" ", TestHostProgram.Command.Select(c => "'" + c + "'")), "--k8s-dir", dir);
        Assert.True(code == 0, output);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(dir, "sweep-job.yaml"))));
        var container = (YamlMappingNode)((YamlSequenceNode)Map(Map(Map(yaml.Documents[0].RootNode, "spec"), "template"), "spec")["containers"]).Children[0];
        var command = ((YamlSequenceNode)container["command"]).Children.Select(c => ((YamlScalarNode)c).Value!.Replace("$(JOB_COMPLETION_INDEX)", "2")).ToList();
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var word in command.Skip(1)) info.ArgumentList.Add(word);
        using var process = Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, text);
        var directory = new SweepDirectory(dir);
        var units = TestSweeps.Small().Units();
        Assert.All(units, u => Assert.Equal(u.Shard(4) == 2, File.Exists(directory.ResultPath(u.Id))));
    }

    [Fact]
    public void The_Slurm_script_is_a_job_array_with_one_shard_per_task_and_runs_under_bash()
    {
        var (temp, dir) = Plan("--partition", "short", "--time", "00:20:00", "--mem", "3G", "--max-running", "2", "--sbatch=--qos=test");
        using var _ = temp;
        var script = File.ReadAllLines(Path.Combine(dir, "sweep.sbatch"));
        Assert.Equal("#!/bin/bash", script[0]);
        var directives = script.Where(l => l.StartsWith("#SBATCH ", StringComparison.Ordinal)).Select(l => l["#SBATCH ".Length..]).ToList();
        Assert.Contains("--array=0-3%2", directives);
        Assert.Contains("--ntasks=1", directives);
        Assert.Contains("--cpus-per-task=2", directives);
        Assert.Contains("--time=00:20:00", directives);
        Assert.Contains("--mem=3G", directives);
        Assert.Contains("--partition=short", directives);
        Assert.Contains("--qos=test", directives);
        Assert.Contains("--job-name=rgdsl-small", directives);
        Assert.Contains($"--output={Path.Combine(dir, "logs")}/slurm-%A_%a.out", directives);
        // sbatch reads directives only up to the first command.
        var firstCommand = Array.FindIndex(script, l => l.Length > 0 && !l.StartsWith('#'));
        Assert.True(Array.FindLastIndex(script, l => l.StartsWith("#SBATCH", StringComparison.Ordinal)) < firstCommand);
        var run = script.Last();
        Assert.EndsWith("--shard \"$SLURM_ARRAY_TASK_ID\" --of 4", run);
        Assert.Contains($"--dir '{dir}'", run);
        Assert.True(Directory.Exists(Path.Combine(dir, "logs")), "sbatch needs the log directory to exist");

        // Run by bash as array task 3 would be: exactly the units of shard 3 get done.
        var info = new ProcessStartInfo("bash", [Path.Combine(dir, "sweep.sbatch")]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["SLURM_ARRAY_TASK_ID"] = "3";
        info.Environment["SLURM_CPUS_PER_TASK"] = "1";
        using var process = Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, text);
        Assert.Contains("shard 3/4", text);
        var directory = new SweepDirectory(dir);
        Assert.All(TestSweeps.Small().Units(), u => Assert.Equal(u.Shard(4) == 3, File.Exists(directory.ResultPath(u.Id))));
    }
}
