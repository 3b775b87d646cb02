using System.Text.RegularExpressions;
using RgDsl.Sweeps.Definition;

namespace RgDsl.Sweeps.Methods;

/// <summary>
/// A way of measuring one unit of a sweep: sampling, simulation, a theory prediction, or anything added later (finite-
/// width network sampling, say). To add a method, implement this interface and put an instance in
/// <see cref="SweepGrid.Methods"/>:
/// <code>
/// public sealed class NetworkSampling(NetworkSamplerOptions options) : ISweepMethod
/// {
///     public string Name => "network-hmc";
///     public string Configuration => options.ToCanonicalString();   // everything that changes the numbers
///     public SweepMeasurement Run(SweepUnit unit, int seed)
///     {
///         var network = unit.CreateModel&lt;NetworkArchitecture&gt;();
///         var r = NetworkSampler.Sample(network, unit.DatasetSize, options with { Seed = seed });
///         return new SweepMeasurement([new("test_error", r.TestError.Value, r.TestError.StandardError)])
///             { Warnings = r.Mixed ? [] : ["the chains did not mix"] };
///     }
/// }
/// </code>
/// Rules: <see cref="Run"/> must depend on nothing but the unit, the seed and <see cref="Configuration"/> (no clock,
/// no shared random generator, no thread-count dependent reductions), so that a unit rerun alone on another machine
/// gives bit-identical numbers. It may throw: the unit is then recorded as failed with the exception's message and
/// the shard goes on. It runs in a fresh process per shard, once per unit, possibly in parallel with other shards.
/// </summary>
public interface ISweepMethod
{
    /// <summary>A short stable name (lower-case letters, digits, '-'): part of every unit id and column of the merged CSV.</summary>
    string Name { get; }

    /// <summary>
    /// The settings that change the numbers, as canonical text (invariant culture, round-trip doubles), e.g.
    /// <c>chains=2;samples=1000</c>. Part of the unit id, so changing a setting makes new units instead of reusing
    /// stale results.
    /// </summary>
    string Configuration { get; }

    /// <summary>Measures one unit with the given seed (the unit's own, <see cref="SweepUnit.Seed"/>, when run by a shard).</summary>
    SweepMeasurement Run(SweepUnit unit, int seed);

    /// <summary>
    /// Why this method cannot run on <paramref name="model"/> (e.g. HMC on a model without perturbations), or null.
    /// <c>plan</c> calls it once per model instance so that a mismatch is caught before anything is submitted.
    /// </summary>
    string? Unsupported(object model) => null;
}

/// <summary>One named number of a measurement, with its standard error when it is a Monte Carlo estimate.</summary>
/// <param name="Name">A column name: letters, digits and '_' (e.g. <c>test_error</c>).</param>
/// <param name="Value">The value (NaN and infinities are kept, and written as such).</param>
/// <param name="StandardError">The standard error, or null for an exact number.</param>
public readonly record struct SweepValue(string Name, double Value, double? StandardError = null)
{
    /// <summary>A value with the standard error of an <see cref="Estimate"/>.</summary>
    public SweepValue(string name, Estimate estimate) : this(name, estimate.Value, estimate.StandardError) { }
}

/// <summary>What a method measured for one unit: named values, and warnings that say when not to trust them.</summary>
public sealed partial record SweepMeasurement(IReadOnlyList<SweepValue> Values)
{
    /// <summary>Reasons to distrust the values (sampler not mixed, simulation truncated, approximation fallen back); empty when none.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The value named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No value has that name.</exception>
    public SweepValue this[string name] => Values.FirstOrDefault(v => v.Name == name) is { Name: not null } v ? v
        : throw new KeyNotFoundException($"the measurement has no value '{name}'; it has: {string.Join(", ", Values.Select(x => x.Name))}.");

    /// <summary>Why this measurement cannot be recorded (no values, a bad or repeated name), or null.</summary>
    public string? Problem()
    {
        if (Values is null || Values.Count == 0) return "the method returned no values.";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in Values)
        {
            if (string.IsNullOrEmpty(v.Name) || !ColumnName().IsMatch(v.Name)) return $"the value name '{v.Name}' is not a column name (letters, digits, '_').";
            if (!seen.Add(v.Name)) return $"the value '{v.Name}' is given twice.";
        }
        if (Warnings is null || Warnings.Any(string.IsNullOrWhiteSpace)) return "a warning is null or empty.";
        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ColumnName();
}
