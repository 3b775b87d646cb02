using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RgDsl.Sweeps.Execution;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Launch;

/// <summary>
/// The launch files of a planned sweep: a Slurm job-array script (one array task per shard, the shard taken from
/// SLURM_ARRAY_TASK_ID) and a Kubernetes Indexed Job (one completion index per shard, from JOB_COMPLETION_INDEX).
/// Both run the same command as <c>run --shard i --of n</c> on one machine, against one sweep directory on shared
/// storage, so a task that is cancelled, preempted or killed is resumed by running its shard again.
/// </summary>
public static class LaunchFiles
{
    /// <summary>The Slurm batch script for <paramref name="shards"/> array tasks.</summary>
    public static string SlurmScript(string sweep, int units, int shards, SweepDirectory directory, IReadOnlyList<string> command, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(shards, command);
        if (options.CpusPerTask < 1) throw new ArgumentOutOfRangeException(nameof(options), options.CpusPerTask, "SlurmOptions.CpusPerTask must be at least 1.");
        if (options.MaxRunning is < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxRunning, "SlurmOptions.MaxRunning must be at least 1.");
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine(string.Create(inv, $"# Slurm job array of the RgDsl sweep '{sweep}': {units} units in {shards} shards, one shard per array task."));
        s.AppendLine($"# Submit:   sbatch {ProgramCommand.ShellQuote(directory.SlurmScriptPath)}");
        s.AppendLine($"# Resume:   the `status` command lists the shards that miss units; resubmit just those, e.g. sbatch --array=2,5 {ProgramCommand.ShellQuote(directory.SlurmScriptPath)}");
        s.AppendLine($"# Results:  {directory.ResultsDirectory} (one file per unit; the directory must be on a file system every node mounts)");
        s.AppendLine($"#SBATCH --job-name={JobName(sweep)}");
        s.AppendLine(string.Create(inv, $"#SBATCH --array=0-{shards - 1}{(options.MaxRunning is { } k ? "%" + k.ToString(inv) : "")}"));
        s.AppendLine("#SBATCH --ntasks=1");
        s.AppendLine(string.Create(inv, $"#SBATCH --cpus-per-task={options.CpusPerTask}"));
        s.AppendLine($"#SBATCH --time={options.Time}");
        if (options.Memory is { Length: > 0 } memory) s.AppendLine($"#SBATCH --mem={memory}");
        if (options.Partition is { Length: > 0 } partition) s.AppendLine($"#SBATCH --partition={partition}");
        if (options.Account is { Length: > 0 } account) s.AppendLine($"#SBATCH --account={account}");
        s.AppendLine($"#SBATCH --output={Path.Combine(directory.LogsDirectory, "slurm-%A_%a.out")}");
        s.AppendLine("#SBATCH --open-mode=append");
        foreach (var extra in options.ExtraDirectives ?? [])
            s.AppendLine("#SBATCH " + extra.Trim());
        s.AppendLine("set -euo pipefail");
        s.AppendLine("export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1");
        s.AppendLine("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-1}\"");
        s.AppendLine(string.Join(" ", command.Select(ProgramCommand.ShellQuote)) + " run --sweep " + ProgramCommand.ShellQuote(sweep)
            + " --dir " + ProgramCommand.ShellQuote(directory.Root) + string.Create(inv, $" --shard \"$SLURM_ARRAY_TASK_ID\" --of {shards}"));
        return s.ToString();
    }

    /// <summary>The Kubernetes Indexed Job manifest (YAML) for <paramref name="shards"/> completion indexes.</summary>
    public static string KubernetesJob(string sweep, int units, int shards, IReadOnlyList<string> command, KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(shards, command);
        var parallelism = options.Parallelism ?? shards;
        if (parallelism < 1) throw new ArgumentOutOfRangeException(nameof(options), parallelism, "KubernetesOptions.Parallelism must be at least 1.");
        if (options.BackoffLimitPerIndex < 0) throw new ArgumentOutOfRangeException(nameof(options), options.BackoffLimitPerIndex, "KubernetesOptions.BackoffLimitPerIndex must be non-negative.");
        var inv = CultureInfo.InvariantCulture;
        var directory = options.Directory ?? options.MountPath.TrimEnd('/') + "/" + sweep;
        var arguments = command.Concat(["run", "--sweep", sweep, "--dir", directory, "--shard", "$(JOB_COMPLETION_INDEX)", "--of", shards.ToString(inv)]);
        var s = new StringBuilder();
        s.AppendLine(string.Create(inv, $"# Kubernetes Indexed Job of the RgDsl sweep '{sweep}': {units} units in {shards} shards, one shard per completion index."));
        s.AppendLine($"# The sweep directory {directory} lives on the PersistentVolumeClaim {options.ClaimName} (ReadWriteMany), mounted at {options.MountPath}.");
        s.AppendLine("# Apply: kubectl apply -f sweep-job.yaml. A failed pod is replaced by one with the same index, which resumes the shard.");
        s.AppendLine("apiVersion: batch/v1");
        s.AppendLine("kind: Job");
        s.AppendLine("metadata:");
        s.AppendLine($"  name: {Quote(JobName(sweep))}");
        s.AppendLine("  labels:");
        s.AppendLine($"    app.kubernetes.io/name: rgdsl-sweep");
        s.AppendLine($"    rgdsl.sweep: {Quote(JobName(sweep))}");
        s.AppendLine("spec:");
        s.AppendLine("  completionMode: Indexed");
        s.AppendLine(string.Create(inv, $"  completions: {shards}"));
        s.AppendLine(string.Create(inv, $"  parallelism: {parallelism}"));
        s.AppendLine(string.Create(inv, $"  backoffLimitPerIndex: {options.BackoffLimitPerIndex}"));
        s.AppendLine("  template:");
        s.AppendLine("    metadata:");
        s.AppendLine("      labels:");
        s.AppendLine($"        rgdsl.sweep: {Quote(JobName(sweep))}");
        s.AppendLine("    spec:");
        s.AppendLine("      restartPolicy: Never");
        s.AppendLine("      containers:");
        s.AppendLine("        - name: shard");
        s.AppendLine($"          image: {Quote(options.Image)}");
        s.AppendLine("          command:");
        foreach (var word in arguments) s.AppendLine($"            - {Quote(word)}");
        s.AppendLine("          env:");
        s.AppendLine("            - name: JOB_COMPLETION_INDEX");
        s.AppendLine("              valueFrom:");
        s.AppendLine("                fieldRef:");
        s.AppendLine("                  fieldPath: \"metadata.annotations['batch.kubernetes.io/job-completion-index']\"");
        s.AppendLine("            - name: DOTNET_PROCESSOR_COUNT");
        s.AppendLine($"              value: {Quote(options.Cpu)}");
        s.AppendLine("            - name: DOTNET_CLI_TELEMETRY_OPTOUT");
        s.AppendLine("              value: \"1\"");
        s.AppendLine("          resources:");
        s.AppendLine("            requests:");
        s.AppendLine($"              cpu: {Quote(options.Cpu)}");
        s.AppendLine($"              memory: {Quote(options.Memory)}");
        s.AppendLine("            limits:");
        s.AppendLine($"              cpu: {Quote(options.Cpu)}");
        s.AppendLine($"              memory: {Quote(options.Memory)}");
        s.AppendLine("          volumeMounts:");
        s.AppendLine("            - name: sweeps");
        s.AppendLine($"              mountPath: {Quote(options.MountPath)}");
        s.AppendLine("      volumes:");
        s.AppendLine("        - name: sweeps");
        s.AppendLine("          persistentVolumeClaim:");
        s.AppendLine($"            claimName: {Quote(options.ClaimName)}");
        return s.ToString();
    }

    /// <summary>A Slurm job name and a Kubernetes object name (DNS-1123 label: lower-case letters, digits, '-', at most 63).</summary>
    public static string JobName(string sweep)
    {
        var s = new StringBuilder("rgdsl-");
        foreach (var c in sweep.ToLowerInvariant())
            s.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        var name = s.ToString();
        while (name.Contains("--", StringComparison.Ordinal)) name = name.Replace("--", "-", StringComparison.Ordinal);
        if (name.Length > 52) name = name[..52];
        return name.TrimEnd('-');
    }

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A YAML double-quoted scalar (JSON string escapes are valid YAML escapes).</summary>
    private static string Quote(string value) => JsonSerializer.Serialize(value, QuoteOptions);

    private static void Check(int shards, IReadOnlyList<string> command)
    {
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "the number of shards must be at least 1.");
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0) throw new ArgumentException("the program command is empty.", nameof(command));
    }
}
