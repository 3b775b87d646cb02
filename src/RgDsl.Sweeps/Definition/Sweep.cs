using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RgDsl.Sweeps.Definition;

/// <summary>
/// An experiment grid, declared in C# next to the models, that the sweep command line plans, shards, runs, resumes
/// and merges:
/// <code>
/// var sweep = new Sweep("widths", seed: 2024)
/// {
///     new SweepGrid
///     {
///         Models = { SweepModel.Declared&lt;WidthQuartic&gt;(ParameterSet.Grid(("Width", [16, 64, 256]))) },
///         DatasetSizes = { 25, 100, 400 },
///         Replicates = 2,
///         Methods = { new HmcSampling(new SamplerOptions(Chains: 2, Samples: 1500, Warmup: 300)) },
///     },
/// };
/// return SweepCommand.Run(args, sweep);
/// </code>
/// <see cref="Units"/> is deterministic: grids in order, then models, parameter sets, dataset sizes, replicates and
/// methods, each in the order given.
/// </summary>
public sealed partial class Sweep : IEnumerable<SweepGrid>
{
    private readonly List<SweepGrid> _grids = [];

    /// <param name="name">Letters, digits, '_', '-', '.': it names the default directory, the Slurm job and the Kubernetes Job.</param>
    /// <param name="seed">The sweep's seed; every unit's seed is derived from it and the unit's id.</param>
    /// <exception cref="ArgumentException">A name with other characters.</exception>
    public Sweep(string name, long seed = 1)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
            throw new ArgumentException($"a sweep name may hold letters, digits, '_', '-' and '.' (not first); got '{name}'.", nameof(name));
        Name = name;
        Seed = seed;
    }

    public string Name { get; }

    public long Seed { get; }

    /// <summary>The grids, in order.</summary>
    public IReadOnlyList<SweepGrid> Grids => _grids;

    public void Add(SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        _grids.Add(grid);
    }

    /// <summary>Every unit of the sweep, in the deterministic order described on the class.</summary>
    /// <exception cref="ArgumentException">An empty sweep or grid, a bad dataset size, replicate count or method name, or two units with the same content (the message names them).</exception>
    public IReadOnlyList<SweepUnit> Units()
    {
        if (_grids.Count == 0) throw new ArgumentException($"the sweep '{Name}' has no grids.");
        var units = new List<SweepUnit>();
        var byId = new Dictionary<string, SweepUnit>(StringComparer.Ordinal);
        for (var g = 0; g < _grids.Count; g++)
        {
            var grid = _grids[g];
            var where = string.Create(CultureInfo.InvariantCulture, $"sweep '{Name}', grid {g}");
            if (grid.Models.Count == 0) throw new ArgumentException($"{where}: no models.");
            if (grid.DatasetSizes.Count == 0) throw new ArgumentException($"{where}: no dataset sizes.");
            if (grid.Methods.Count == 0) throw new ArgumentException($"{where}: no methods.");
            if (grid.Replicates < 1) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{where}: Replicates must be at least 1; got {grid.Replicates}."));
            foreach (var p in grid.DatasetSizes)
                if (!double.IsFinite(p) || p <= 0) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{where}: dataset sizes must be positive and finite; got {p:R}."));
            foreach (var method in grid.Methods)
            {
                if (method is null) throw new ArgumentException($"{where}: a method is null.");
                if (string.IsNullOrEmpty(method.Name) || !MethodNamePattern().IsMatch(method.Name))
                    throw new ArgumentException($"{where}: a method name may hold lower-case letters, digits and '-'; got '{method.Name}' ({method.GetType().Name}).");
                if (method.Configuration is null) throw new ArgumentException($"{where}: the method '{method.Name}' has a null Configuration.");
            }
            foreach (var model in grid.Models)
            {
                if (model is null) throw new ArgumentException($"{where}: a model is null.");
                foreach (var parameters in model.ParameterSets)
                    foreach (var p in grid.DatasetSizes)
                        for (var r = 0; r < grid.Replicates; r++)
                            foreach (var method in grid.Methods)
                            {
                                var unit = new SweepUnit(units.Count, model, parameters, p, r, method, Seed);
                                if (byId.TryGetValue(unit.Id, out var other))
                                    throw new ArgumentException($"sweep '{Name}': the unit {unit} appears twice (units {other.Index} and {unit.Index}); remove the repeated model, parameter set, size or method.");
                                byId.Add(unit.Id, unit);
                                units.Add(unit);
                            }
            }
        }
        var rank = 0;
        foreach (var unit in units.OrderBy(u => u.Method, StringComparer.Ordinal).ThenBy(u => u.Configuration, StringComparer.Ordinal).ThenBy(u => u.DatasetSize)
                     .ThenBy(u => u.Model, StringComparer.Ordinal).ThenBy(u => u.Parameters.Canonical, StringComparer.Ordinal).ThenBy(u => u.Replicate))
            unit.DealOrder = rank++;
        return units;
    }

    /// <summary>One hash of the whole plan (name, seed, every unit's id and seed): equal fingerprints, equal work.</summary>
    public string Fingerprint() => UnitIdentity.Fingerprint(Name, Seed, Units());

    public IEnumerator<SweepGrid> GetEnumerator() => _grids.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex MethodNamePattern();
}
