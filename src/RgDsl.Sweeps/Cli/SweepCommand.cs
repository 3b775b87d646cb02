using System.CommandLine;
using System.Globalization;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Execution;
using RgDsl.Sweeps.Launch;
using RgDsl.Sweeps.Reporting;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Cli;

/// <summary>Where the sweep command line writes, and how it starts the program again (defaults: the console and <see cref="ProgramCommand.Current"/>).</summary>
/// <param name="Output">Where the verbs write (default: the console).</param>
/// <param name="Error">Where errors go (default: the console's error stream).</param>
/// <param name="Command">The program itself (default: <see cref="ProgramCommand.Current"/>), without <paramref name="Arguments"/>.</param>
/// <param name="Arguments">
/// The program's own words before the sweep verb, which every worker must get too because they select the sweep
/// command line and change the set of units (the main job: <c>sweep --quick --no-mnist</c>). They follow the program in
/// the Slurm task line, the Kubernetes command, the printed <c>here:</c> line and the <c>run --local</c> children
/// (and a <c>--command</c> given to <c>plan</c>, unless it already has words after the program). Default: none.
/// </param>
/// <param name="DirectoryRoot">The parent of the default sweep directory (<c>&lt;root&gt;/&lt;sweep&gt;</c>); default <c>sweeps</c>.</param>
public sealed record SweepCommandSettings(TextWriter? Output = null, TextWriter? Error = null, IReadOnlyList<string>? Command = null,
    IReadOnlyList<string>? Arguments = null, string? DirectoryRoot = null)
{
    /// <summary>
    /// How a worker starts the program: <paramref name="program"/> followed by <see cref="Arguments"/>, unless it already
    /// has words after the program's file (<see cref="ProgramCommand.ProgramIndex"/>): a <c>--command</c> written out in full is kept as written.
    /// </summary>
    /// <exception cref="ArgumentException">An empty command.</exception>
    public IReadOnlyList<string> WorkerCommand(IReadOnlyList<string> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        return ProgramCommand.ProgramIndex(program) < program.Count - 1 ? program : program.Concat(Arguments ?? []).ToList();
    }
}

/// <summary>
/// The sweep command line, hosted by the user's program: <c>return SweepCommand.Run(args, sweeps);</c>. Verbs:
/// <list type="bullet">
/// <item><c>plan [--shards n]</c>: writes plan.json (the units), sweep.sbatch (Slurm job array) and sweep-job.yaml (Kubernetes Indexed Job).</item>
/// <item><c>run --shard i --of n</c>: runs one slice; <c>run --local [--parallel k] [--of n]</c>: all n shards as child processes, k at a time.</item>
/// <item><c>status</c>: done, failed and missing units, and the shards to rerun.</item>
/// <item><c>merge [--allow-missing]</c>: results.csv, results.json, summary.csv, report.md and plots.</item>
/// <item><c>list</c>: the sweeps this program knows, with their unit counts.</item>
/// </list>
/// Every verb takes <c>--sweep NAME</c> (needed when the program hosts several) and <c>--dir DIR</c> (default
/// <c>sweeps/NAME</c>, or <see cref="SweepCommandSettings.DirectoryRoot"/>/NAME). Exit codes: 0 success; 1 bad input or an error (the message says what); 2 <c>merge</c> refused
/// (units missing or failed); 3 <c>run</c> finished with failed units.
/// </summary>
public static class SweepCommand
{
    public const int Success = 0, Error = 1, Incomplete = 2, UnitsFailed = 3;

    public static int Run(string[] args, params Sweep[] sweeps) => Run(args, sweeps, null);

    public static int Run(string[] args, IReadOnlyList<Sweep> sweeps, SweepCommandSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(sweeps);
        var output = settings?.Output ?? Console.Out;
        var error = settings?.Error ?? Console.Error;
        var duplicate = sweeps.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (sweeps.Count == 0 || duplicate is not null)
        {
            error.WriteLine(sweeps.Count == 0 ? "error: the program passed no sweeps to SweepCommand.Run." : $"error: two sweeps are named '{duplicate!.Key}'.");
            return Error;
        }
        var sweepOption = new Option<string?>("--sweep") { Description = "The sweep to work on (needed when the program hosts several; see `list`).", Recursive = true };
        var dirOption = new Option<string?>("--dir") { Description = "The sweep directory on storage every worker mounts (default: sweeps/<sweep>).", Recursive = true };
        var root = new RootCommand("Sharded, resumable sweeps of RgDsl models: plan, run (a shard, or all shards locally), status, merge.");
        root.Options.Add(sweepOption);
        root.Options.Add(dirOption);

        (Sweep Sweep, SweepDirectory Directory) Resolve(ParseResult p)
        {
            var name = p.GetValue(sweepOption);
            Sweep sweep;
            if (name is null)
                sweep = sweeps.Count == 1 ? sweeps[0] : throw new ArgumentException($"this program hosts {sweeps.Count} sweeps ({string.Join(", ", sweeps.Select(s => s.Name))}): choose one with --sweep.");
            else
                sweep = sweeps.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"no sweep named '{name}'; this program hosts: {string.Join(", ", sweeps.Select(s => s.Name))}.");
            return (sweep, new SweepDirectory(p.GetValue(dirOption) ?? Path.Combine(settings?.DirectoryRoot ?? "sweeps", sweep.Name)));
        }

        int Guard(Func<int> action)
        {
            try { return action(); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or KeyNotFoundException)
            {
                error.WriteLine("error: " + e.Message);
                return Error;
            }
        }

        root.Subcommands.Add(PlanCommand(Resolve, Guard, settings, output));
        root.Subcommands.Add(RunCommand(Resolve, Guard, settings, output));
        var allOption = new Option<bool>("--all") { Description = "List every failed and missing unit (default: the first 20 of each)." };
        var status = new Command("status", "Done, failed and missing units, with ids, and the shards to rerun.") { allOption };
        status.SetAction(p => Guard(() =>
        {
            var (sweep, dir) = Resolve(p);
            SweepStatus.Write(sweep, dir, output, p.GetValue(allOption) ? int.MaxValue : 20);
            return Success;
        }));
        root.Subcommands.Add(status);
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Merge even when units are missing or failed (they appear as such in the outputs)." };
        var merge = new Command("merge", "Collect the result files into results.csv/json, summary.csv, report.md and plots; refuses when units are missing or failed.") { allowMissing };
        merge.SetAction(p => Guard(() =>
        {
            var (sweep, dir) = Resolve(p);
            return SweepMerge.Write(sweep, dir, p.GetValue(allowMissing), output).Written ? Success : Incomplete;
        }));
        root.Subcommands.Add(merge);
        var list = new Command("list", "The sweeps of this program and their unit counts.");
        list.SetAction(p => Guard(() =>
        {
            foreach (var s in sweeps)
            {
                var units = s.Units();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Name}: {units.Count} units; models {string.Join(", ", units.Select(u => u.Model).Distinct())}; methods {string.Join(", ", units.Select(u => u.Method).Distinct())}; seed {s.Seed}"));
            }
            return Success;
        }));
        root.Subcommands.Add(list);
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command PlanCommand(Func<ParseResult, (Sweep, SweepDirectory)> resolve, Func<Func<int>, int> guard, SweepCommandSettings? settings, TextWriter output)
    {
        var shards = new Option<int?>("--shards") { Description = "Shards (Slurm array tasks, Kubernetes completions); default: the number of units, at most 16." };
        var command = new Option<string?>("--command") { Description = "How a worker starts this program (default: as it was started now, with absolute paths)." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "Cores per shard (Slurm --cpus-per-task, Kubernetes cpu).", DefaultValueFactory = _ => 2 };
        var time = new Option<string>("--time") { Description = "Slurm time limit per task.", DefaultValueFactory = _ => "01:00:00" };
        var mem = new Option<string?>("--mem") { Description = "Slurm memory per task (e.g. 4G); default: the cluster's." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition." };
        var account = new Option<string?>("--account") { Description = "Slurm account." };
        var maxRunning = new Option<int?>("--max-running") { Description = "At most this many Slurm array tasks at once (--array=...%k)." };
        var sbatch = new Option<string[]>("--sbatch") { Description = "A further #SBATCH option, verbatim (repeatable), e.g. --sbatch=--qos=short.", AllowMultipleArgumentsPerToken = false };
        var image = new Option<string>("--image") { Description = "Kubernetes container image.", DefaultValueFactory = _ => new KubernetesOptions().Image };
        var k8sCommand = new Option<string?>("--k8s-command") { Description = "The program inside the container (default: dotnet <mount>/app/<this program>.dll, published to the volume)." };
        var claim = new Option<string>("--claim") { Description = "Kubernetes PersistentVolumeClaim (ReadWriteMany) holding the sweep directory.", DefaultValueFactory = _ => new KubernetesOptions().ClaimName };
        var mount = new Option<string>("--mount") { Description = "Where the claim is mounted in the container.", DefaultValueFactory = _ => new KubernetesOptions().MountPath };
        var k8sDir = new Option<string?>("--k8s-dir") { Description = "The sweep directory inside the container (default: <mount>/<sweep>)." };
        var parallelism = new Option<int?>("--parallelism") { Description = "Kubernetes pods at once (default: all shards)." };
        var k8sMemory = new Option<string>("--k8s-memory") { Description = "Kubernetes memory request and limit per pod.", DefaultValueFactory = _ => new KubernetesOptions().Memory };
        var plan = new Command("plan", "Write plan.json (the units), sweep.sbatch (Slurm job array) and sweep-job.yaml (Kubernetes Indexed Job).")
        {
            shards, command, cpus, time, mem, partition, account, maxRunning, sbatch, image, k8sCommand, claim, mount, k8sDir, parallelism, k8sMemory,
        };
        plan.SetAction(p => guard(() =>
        {
            var (sweep, dir) = resolve(p);
            var units = sweep.Units();
            CheckMethods(sweep);
            var n = p.GetValue(shards) ?? Math.Min(units.Count, 16);
            if (n < 1) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--shards must be at least 1; got {n}."));
            if (n > units.Count) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--shards {n} is more than the {units.Count} units of the sweep: some shards would be empty."));
            var workers = settings ?? new SweepCommandSettings();
            var program = workers.WorkerCommand(p.GetValue(command) is { } c ? ProgramCommand.Split(c) : settings?.Command ?? ProgramCommand.Current());
            // Default: the same program, published to <mount>/app on the volume, run by the image's dotnet, with the same arguments.
            var containerProgram = workers.WorkerCommand(p.GetValue(k8sCommand) is { } kc ? ProgramCommand.Split(kc)
                : ProgramCommand.OnVolume(program, p.GetValue(mount)!));
            var slurm = new SlurmOptions(p.GetValue(cpus), p.GetValue(time)!, p.GetValue(mem), p.GetValue(partition), p.GetValue(account), p.GetValue(maxRunning), p.GetValue(sbatch));
            var kubernetes = new KubernetesOptions(p.GetValue(image)!, containerProgram, p.GetValue(claim)!, p.GetValue(mount)!, p.GetValue(k8sDir), p.GetValue(parallelism),
                p.GetValue(cpus).ToString(CultureInfo.InvariantCulture), p.GetValue(k8sMemory)!);
            Plan(sweep, dir, n, program, slurm, kubernetes, output);
            return Success;
        }));
        return plan;
    }

    /// <summary>Writes plan.json and the launch files (what the <c>plan</c> verb does).</summary>
    public static void Plan(Sweep sweep, SweepDirectory directory, int shards, IReadOnlyList<string> command, SlurmOptions slurm, KubernetesOptions kubernetes, TextWriter output)
    {
        var units = sweep.Units();
        directory.Create();
        var fingerprint = UnitIdentity.Fingerprint(sweep.Name, sweep.Seed, units);
        var previous = directory.ReadPlan();
        if (previous is not null && previous.Sweep != sweep.Name)
            throw new InvalidOperationException($"{directory.Root} holds the plan of the sweep '{previous.Sweep}', not '{sweep.Name}': choose another --dir.");
        var plan = new PlanFile(PlanFile.CurrentFormat, sweep.Name, sweep.Seed, fingerprint, shards, command, units.Select(UnitRecord.From).ToList());
        SweepDirectory.WriteAtomically(directory.PlanPath, SweepJson.Serialize(plan));
        SweepDirectory.WriteAtomically(directory.SlurmScriptPath, LaunchFiles.SlurmScript(sweep.Name, units.Count, shards, directory, command, slurm));
        SweepDirectory.WriteAtomically(directory.KubernetesManifestPath, LaunchFiles.KubernetesJob(sweep.Name, units.Count, shards, kubernetes.Command ?? command, kubernetes));
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"planned sweep '{sweep.Name}': {units.Count} units in {shards} shards (fingerprint {fingerprint}) in {directory.Root}"));
        if (previous is not null && previous.Fingerprint != fingerprint)
            output.WriteLine(string.Create(inv, $"  the sweep changed since the last plan ({previous.Units.Count} units); results of unchanged units are kept"));
        output.WriteLine($"  Slurm:      sbatch {ProgramCommand.ShellQuote(directory.SlurmScriptPath)}");
        output.WriteLine($"  Kubernetes: kubectl apply -f {ProgramCommand.ShellQuote(directory.KubernetesManifestPath)}");
        output.WriteLine($"  here:       {string.Join(" ", command.Select(ProgramCommand.ShellQuote))} run --sweep {ProgramCommand.ShellQuote(sweep.Name)} --dir {ProgramCommand.ShellQuote(directory.Root)} --local --parallel {Environment.ProcessorCount.ToString(inv)}");
    }

    /// <summary>Every method against one instance of every model and parameter set it is paired with, before anything runs.</summary>
    private static void CheckMethods(Sweep sweep)
    {
        var problems = new List<string>();
        foreach (var grid in sweep.Grids)
            foreach (var model in grid.Models)
                foreach (var parameters in model.ParameterSets)
                {
                    var instance = model.Create(parameters);
                    foreach (var method in grid.Methods)
                        if (method.Unsupported(instance) is { } why)
                            problems.Add($"{method.Name} on {model.Name}{(parameters.Values.Count == 0 ? "" : "(" + parameters + ")")}: {why}");
                }
        if (problems.Count > 0)
            throw new ArgumentException($"the sweep '{sweep.Name}' pairs methods with models they cannot run on:\n  " + string.Join("\n  ", problems.Distinct()));
    }

    private static Command RunCommand(Func<ParseResult, (Sweep, SweepDirectory)> resolve, Func<Func<int>, int> guard, SweepCommandSettings? settings, TextWriter output)
    {
        var shard = new Option<int?>("--shard") { Description = "The shard to run, 0..n-1 (Slurm: $SLURM_ARRAY_TASK_ID; Kubernetes: $(JOB_COMPLETION_INDEX))." };
        var of = new Option<int?>("--of") { Description = "The number of shards n (with --local: default --parallel)." };
        var local = new Option<bool>("--local") { Description = "Run all shards here as child processes of this program." };
        var parallel = new Option<int?>("--parallel") { Description = "With --local: shards at once (default: the number of cores)." };
        var run = new Command("run", "Run one shard (--shard i --of n), or all shards here (--local --parallel k). Units already done are skipped, so a rerun resumes.")
        {
            shard, of, local, parallel,
        };
        run.SetAction(p => guard(() =>
        {
            var (sweep, dir) = resolve(p);
            var inv = CultureInfo.InvariantCulture;
            if (p.GetValue(local))
            {
                if (p.GetValue(shard) is not null) throw new ArgumentException("--local runs every shard; leave out --shard.");
                var k = p.GetValue(parallel) ?? Environment.ProcessorCount;
                if (k < 1) throw new ArgumentException(string.Create(inv, $"--parallel must be at least 1; got {k}."));
                var n = p.GetValue(of) ?? k;
                var units = sweep.Units();
                if (n < 1) throw new ArgumentException(string.Create(inv, $"--of must be at least 1; got {n}."));
                CheckMethods(sweep);
                var command = (settings ?? new SweepCommandSettings()).WorkerCommand(settings?.Command ?? ProgramCommand.Current());
                // The children check their work against plan.json: write it for this cut unless it already matches.
                var plan = dir.ReadPlan();
                if (plan is null || plan.Fingerprint != UnitIdentity.Fingerprint(sweep.Name, sweep.Seed, units))
                    Plan(sweep, dir, Math.Min(n, units.Count), command, new SlurmOptions(), new KubernetesOptions(), output);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                output.WriteLine(string.Create(inv, $"local: {n} shards of sweep '{sweep.Name}', {Math.Min(k, n)} at a time"));
                var code = LocalLauncher.Run(command, sweep.Name, dir, n, k, output);
                output.WriteLine(string.Create(inv, $"local: all shards ended in {clock.Elapsed.TotalSeconds:0.00} s"));
                var summary = SweepStatus.Write(sweep, dir, output);
                return code != 0 ? code : summary.Complete ? Success : UnitsFailed;
            }
            if (p.GetValue(parallel) is not null) throw new ArgumentException("--parallel goes with --local.");
            var i = p.GetValue(shard) ?? throw new ArgumentException("run needs --shard i --of n (one slice) or --local (every shard here).");
            var count = p.GetValue(of) ?? throw new ArgumentException("run --shard needs --of n, the number of shards.");
            var outcome = ShardRunner.Run(sweep, dir, i, count, output);
            return outcome.Failed > 0 ? UnitsFailed : Success;
        }));
        return run;
    }
}
