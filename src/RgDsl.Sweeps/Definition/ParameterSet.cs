using System.Globalization;
using System.Text.RegularExpressions;

namespace RgDsl.Sweeps.Definition;

/// <summary>
/// The parameter values of one model instance in a sweep, e.g. <c>Width = 16</c>. Names are kept sorted (ordinal), so
/// two sets with the same values are equal and give the same unit id whatever order they were written in.
/// </summary>
public sealed partial class ParameterSet : IEquatable<ParameterSet>
{
    private readonly KeyValuePair<string, double>[] _values;

    private ParameterSet(KeyValuePair<string, double>[] values) => _values = values;

    /// <summary>No parameters: the model at its declared defaults.</summary>
    public static ParameterSet Empty { get; } = new([]);

    /// <summary>The values, sorted by name (ordinal).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Values => _values;

    /// <summary>The value of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The set has no such parameter (the message lists those it has).</exception>
    public double this[string name] => TryGetValue(name, out var value) ? value
        : throw new KeyNotFoundException($"the parameter set ({this}) has no parameter '{name}'.");

    public bool TryGetValue(string name, out double value)
    {
        foreach (var (key, v) in _values)
            if (key == name) { value = v; return true; }
        value = double.NaN;
        return false;
    }

    /// <summary>One set of named values, e.g. <c>ParameterSet.Of(("Alpha", 1.0), ("Beta", 2.0))</c>.</summary>
    /// <exception cref="ArgumentException">An empty or non-identifier name, a repeated name, or a value that is not finite.</exception>
    public static ParameterSet Of(params (string Name, double Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            CheckName(name, nameof(values));
            if (!seen.Add(name)) throw new ArgumentException($"the parameter '{name}' is given twice.", nameof(values));
            if (!double.IsFinite(value))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the parameter '{name}' must be finite; got {value:R}."), nameof(values));
        }
        return new ParameterSet(values.Select(v => KeyValuePair.Create(v.Name, v.Value)).OrderBy(v => v.Key, StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// The Cartesian product of parameter axes, in order (the last axis varies fastest), e.g.
    /// <c>ParameterSet.Grid(("Alpha", [0.5, 1, 2]), ("Beta", [1, 2]))</c> gives six sets.
    /// </summary>
    /// <exception cref="ArgumentException">An axis without values, or the errors of <see cref="Of"/>.</exception>
    public static IReadOnlyList<ParameterSet> Grid(params (string Name, double[] Values)[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        IEnumerable<(string, double)[]> sets = [[]];
        foreach (var (name, axisValues) in axes)
        {
            if (axisValues is null || axisValues.Length == 0) throw new ArgumentException($"the parameter axis '{name}' has no values.", nameof(axes));
            sets = sets.SelectMany(set => axisValues.Select(v => set.Append((name, v)).ToArray()));
        }
        return sets.Select(Of).ToList();
    }

    /// <summary>The canonical text that enters unit ids: <c>Alpha=1;Beta=2</c>, round-trip formatted, invariant culture.</summary>
    public string Canonical => string.Join(";", _values.Select(v => v.Key + "=" + v.Value.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary><c>Alpha=1, Beta=2</c>.</summary>
    public override string ToString() => string.Join(", ", _values.Select(v => v.Key + "=" + v.Value.ToString("R", CultureInfo.InvariantCulture)));

    public bool Equals(ParameterSet? other) => other is not null && Canonical == other.Canonical;
    public override bool Equals(object? obj) => Equals(obj as ParameterSet);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    internal static void CheckName(string name, string argument)
    {
        if (string.IsNullOrEmpty(name) || !Identifier().IsMatch(name))
            throw new ArgumentException($"a parameter name must be an identifier (letters, digits, '_'); got '{name}'.", argument);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
