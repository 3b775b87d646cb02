namespace RgDsl.Sweeps.Launch;

/// <summary>Settings of the Slurm job-array script that <c>plan</c> writes.</summary>
/// <param name="CpusPerTask">Cores per array task (also the DOTNET_PROCESSOR_COUNT of the shard: HMC runs its chains on them).</param>
/// <param name="Time">Wall-time limit per task, Slurm syntax (e.g. <c>01:00:00</c>).</param>
/// <param name="Memory">Memory per task (e.g. <c>4G</c>), or null for the cluster's default.</param>
/// <param name="Partition">Partition, or null for the default.</param>
/// <param name="Account">Account to charge, or null.</param>
/// <param name="MaxRunning">At most this many array tasks at once (<c>--array=0-(n-1)%k</c>), or null.</param>
/// <param name="ExtraDirectives">More <c>#SBATCH</c> options, verbatim (e.g. <c>--qos=short</c>).</param>
public sealed record SlurmOptions(
    int CpusPerTask = 2, string Time = "01:00:00", string? Memory = null, string? Partition = null, string? Account = null,
    int? MaxRunning = null, IReadOnlyList<string>? ExtraDirectives = null);

/// <summary>Settings of the Kubernetes Indexed Job manifest that <c>plan</c> writes.</summary>
/// <param name="Image">Container image with the .NET 10 runtime (and the program, unless it is on the volume).</param>
/// <param name="Command">The program inside the container; null: the program command itself.</param>
/// <param name="ClaimName">The PersistentVolumeClaim (ReadWriteMany) that holds the sweep directory.</param>
/// <param name="MountPath">Where the claim is mounted in the container.</param>
/// <param name="Directory">The sweep directory inside the container; null: <c>&lt;MountPath&gt;/&lt;sweep&gt;</c>.</param>
/// <param name="Parallelism">Pods at once; null: all shards.</param>
/// <param name="Cpu">CPU request and limit per pod.</param>
/// <param name="Memory">Memory request and limit per pod.</param>
/// <param name="BackoffLimitPerIndex">Retries of a failed shard (its rerun resumes; Kubernetes ≥ 1.29).</param>
public sealed record KubernetesOptions(
    string Image = "mcr.microsoft.com/dotnet/runtime:10.0", IReadOnlyList<string>? Command = null, string ClaimName = "rgdsl-sweeps",
    string MountPath = "/sweeps", string? Directory = null, int? Parallelism = null, string Cpu = "2", string Memory = "2Gi",
    int BackoffLimitPerIndex = 2);
