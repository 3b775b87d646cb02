using System.Text.Json;
using System.Text.Json.Serialization;
using RgDsl.Sweeps.Definition;

namespace RgDsl.Sweeps.Storage;

/// <summary>What a unit is, as written to plan.json, to its result file and to the merged results.</summary>
public sealed record UnitRecord(
    string Id, int Index, string Model, IReadOnlyDictionary<string, double> Parameters, double DatasetSize, int Replicate,
    string Method, string Configuration, int Seed)
{
    internal static UnitRecord From(SweepUnit u) => new(u.Id, u.Index, u.Model,
        u.Parameters.Values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), u.DatasetSize, u.Replicate, u.Method, u.Configuration, u.Seed);
}

/// <summary>The state of a unit in the results directory.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UnitStatus>))]
public enum UnitStatus
{
    /// <summary>Measured: a result file with values.</summary>
    [JsonStringEnumMemberName("done")] Done,
    /// <summary>The method threw: a result file with the message and no values (a rerun tries again).</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>No result file yet, or one for a different seed (the sweep's seed changed) or unreadable.</summary>
    [JsonStringEnumMemberName("missing")] Missing,
}

/// <summary>One number of a result file.</summary>
public sealed record ValueRecord(string Name, double Value, double? StandardError);

/// <summary>The file <c>results/&lt;id&gt;.json</c>: what one unit gave, where and how long it took.</summary>
public sealed record UnitResult(
    string Format, string Sweep, UnitRecord Unit, UnitStatus Status, IReadOnlyList<ValueRecord> Values, IReadOnlyList<string> Warnings,
    string? Error, string? ErrorDetail, double Seconds, string Host, int Shard, int Shards, DateTimeOffset Finished)
{
    public const string CurrentFormat = "rgdsl-sweep-result/1";
}

/// <summary>The file <c>plan.json</c>: the unit list and how it was cut into shards for the launch files.</summary>
public sealed record PlanFile(string Format, string Sweep, long Seed, string Fingerprint, int Shards, IReadOnlyList<string> Command, IReadOnlyList<UnitRecord> Units)
{
    public const string CurrentFormat = "rgdsl-sweep-plan/1";
}

/// <summary>One unit of the merged <c>results.json</c>: no timings or hosts, so that a sharded run and a single-process run merge to the same bytes.</summary>
public sealed record MergedUnit(UnitRecord Unit, UnitStatus Status, IReadOnlyList<ValueRecord> Values, IReadOnlyList<string> Warnings, string? Error);

/// <summary>The merged <c>results.json</c>.</summary>
public sealed record MergedFile(string Format, string Sweep, long Seed, string Fingerprint, int Done, int Failed, int Missing, IReadOnlyList<MergedUnit> Units)
{
    public const string CurrentFormat = "rgdsl-sweep-results/1";
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(UnitResult))]
[JsonSerializable(typeof(PlanFile))]
[JsonSerializable(typeof(MergedFile))]
internal sealed partial class SweepJson : JsonSerializerContext
{
    public static byte[] Serialize<T>(T value) where T : class =>
        JsonSerializer.SerializeToUtf8Bytes(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Default.GetTypeInfo(typeof(T))!);

    public static T? Deserialize<T>(byte[] json) where T : class =>
        JsonSerializer.Deserialize(json, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Default.GetTypeInfo(typeof(T))!);
}
