using System.Reflection;
using System.Text.RegularExpressions;

namespace RgDsl.Sweeps.Definition;

/// <summary>
/// A model axis of a sweep: a name, the parameter sets to run it at, and how to build an instance for a set.
/// <see cref="Declared{T}(ParameterSet[])"/> covers models declared with [RgModel] (their [Parameter] properties are
/// set by name); <see cref="Create(string, Func{ParameterSet, object}, ParameterSet[])"/> takes any factory, also for objects that are not <see cref="IRgModel"/>s (a
/// network architecture, say), for methods that know what to do with them.
/// </summary>
public sealed partial class SweepModel
{
    private readonly Func<ParameterSet, object> _factory;

    private SweepModel(string name, IReadOnlyList<ParameterSet> parameterSets, Func<ParameterSet, object> factory)
    {
        Name = name;
        ParameterSets = parameterSets;
        _factory = factory;
    }

    /// <summary>The model's name in unit ids, file names and reports.</summary>
    public string Name { get; }

    /// <summary>The parameter sets (at least one; <see cref="ParameterSet.Empty"/> for the declared defaults).</summary>
    public IReadOnlyList<ParameterSet> ParameterSets { get; }

    /// <summary>A new instance at <paramref name="parameters"/>.</summary>
    public object Create(ParameterSet parameters) => _factory(parameters)
        ?? throw new InvalidOperationException($"the factory of the sweep model '{Name}' returned null for ({parameters}).");

    /// <summary>
    /// A model declared with [RgModel] at the given parameter sets (none: its declared defaults). Each name must be a
    /// [Parameter] property of <typeparamref name="T"/> with a setter or init accessor.
    /// </summary>
    /// <exception cref="ArgumentException">A name that is not a settable [Parameter] of the model (the message lists those it has).</exception>
    public static SweepModel Declared<T>(params ParameterSet[] parameterSets) where T : class, new() =>
        Declared<T>(typeof(T).Name, parameterSets);

    /// <inheritdoc cref="Declared{T}(ParameterSet[])"/>
    public static SweepModel Declared<T>(IEnumerable<ParameterSet> parameterSets) where T : class, new() =>
        Declared<T>(typeof(T).Name, parameterSets.ToArray());

    /// <summary>Like <see cref="Declared{T}(ParameterSet[])"/>, under another name (two axes of one class).</summary>
    public static SweepModel Declared<T>(string name, params ParameterSet[] parameterSets) where T : class, new()
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<ParameterAttribute>() is not null && p.PropertyType == typeof(double) && p.SetMethod is not null)
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
        var sets = Normalise(parameterSets);
        foreach (var set in sets)
            foreach (var (parameter, _) in set.Values)
                if (!properties.ContainsKey(parameter))
                    throw new ArgumentException(
                        $"{typeof(T).Name} has no settable [Parameter] double property '{parameter}'; its parameters: {(properties.Count == 0 ? "none" : string.Join(", ", properties.Keys.Order(StringComparer.Ordinal)))}.",
                        nameof(parameterSets));
        return new SweepModel(CheckName(name), sets, set =>
        {
            var model = new T();
            foreach (var (parameter, value) in set.Values) properties[parameter].SetValue(model, value);
            return model;
        });
    }

    /// <summary>Any model from a factory, e.g. <c>SweepModel.Create("Custom", p => GaussianModel.FromFunctions(...), sets)</c>.</summary>
    public static SweepModel Create(string name, Func<ParameterSet, object> factory, params ParameterSet[] parameterSets)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new SweepModel(CheckName(name), Normalise(parameterSets), factory);
    }

    /// <inheritdoc cref="Create(string, Func{ParameterSet, object}, ParameterSet[])"/>
    public static SweepModel Create(string name, Func<ParameterSet, object> factory, IEnumerable<ParameterSet> parameterSets) =>
        Create(name, factory, parameterSets.ToArray());

    private static IReadOnlyList<ParameterSet> Normalise(ParameterSet[]? sets)
    {
        if (sets is null || sets.Length == 0) return [ParameterSet.Empty];
        if (sets.Any(s => s is null)) throw new ArgumentException("a parameter set is null.", nameof(sets));
        var duplicate = sets.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"the parameter set ({duplicate.Key}) is given twice.", nameof(sets));
        return sets;
    }

    private static string CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
            throw new ArgumentException($"a sweep model name may hold letters, digits, '_', '-' and '.'; got '{name}'.", nameof(name));
        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
