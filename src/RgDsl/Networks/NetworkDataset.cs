namespace RgDsl.Networks;

/// <summary>
/// Inputs and targets for a network: P inputs of dimension d stored row-major (input μ is
/// <c>Inputs[μ·d .. μ·d + d)</c>) and P scalar targets. The constructor validates and copies, so the dataset is
/// immutable.
/// </summary>
public sealed class NetworkDataset
{
    private readonly double[] _inputs;
    private readonly double[] _targets;

    /// <summary>A dataset from a flat row-major P×d input array.</summary>
    /// <exception cref="ArgumentException">Empty data, a length that is not P·d, or a NaN/infinite value (named by index).</exception>
    public NetworkDataset(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int inputDimension)
    {
        if (inputDimension < 1) throw new ArgumentOutOfRangeException(nameof(inputDimension), inputDimension, "the input dimension d must be at least 1.");
        if (targets.Length == 0) throw new ArgumentException("the dataset is empty (P = 0): give at least one input and target.", nameof(targets));
        if (inputs.Length != (long)targets.Length * inputDimension)
            throw new ArgumentException($"the inputs hold {inputs.Length} values, but P·d = {targets.Length}·{inputDimension} = {(long)targets.Length * inputDimension} were expected (row-major P×d).", nameof(inputs));
        for (var i = 0; i < inputs.Length; i++)
            if (!double.IsFinite(inputs[i]))
                throw new ArgumentException($"input {i / inputDimension}, component {i % inputDimension} is {inputs[i]}; inputs must be finite.", nameof(inputs));
        for (var i = 0; i < targets.Length; i++)
            if (!double.IsFinite(targets[i]))
                throw new ArgumentException($"target {i} is {targets[i]}; targets must be finite.", nameof(targets));
        _inputs = inputs.ToArray();
        _targets = targets.ToArray();
        InputDimension = inputDimension;
    }

    /// <summary>A dataset from one array per input.</summary>
    /// <exception cref="ArgumentException">Empty data, ragged rows, mismatched counts or a NaN/infinite value.</exception>
    public static NetworkDataset FromRows(IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count == 0) throw new ArgumentException("the dataset is empty (P = 0): give at least one input and target.", nameof(inputs));
        if (inputs.Count != targets.Count) throw new ArgumentException($"{inputs.Count} inputs but {targets.Count} targets.", nameof(targets));
        var d = inputs[0]?.Length ?? throw new ArgumentException("input 0 is null.", nameof(inputs));
        if (d == 0) throw new ArgumentException("input 0 is empty; inputs need at least one component.", nameof(inputs));
        var flat = new double[inputs.Count * d];
        for (var mu = 0; mu < inputs.Count; mu++)
        {
            var row = inputs[mu] ?? throw new ArgumentException($"input {mu} is null.", nameof(inputs));
            if (row.Length != d) throw new ArgumentException($"input {mu} has {row.Length} components, input 0 has {d}: all inputs need the same dimension.", nameof(inputs));
            row.CopyTo(flat, mu * d);
        }
        return new NetworkDataset(flat, targets.ToArray(), d);
    }

    /// <summary>P, the number of examples.</summary>
    public int Count => _targets.Length;

    /// <summary>d, the input dimension.</summary>
    public int InputDimension { get; }

    /// <summary>The inputs, row-major P×d.</summary>
    public ReadOnlySpan<double> Inputs => _inputs;

    /// <summary>The targets.</summary>
    public ReadOnlySpan<double> Targets => _targets;

    internal double[] InputArray => _inputs;
    internal double[] TargetArray => _targets;

    /// <summary>The first <paramref name="count"/> examples.</summary>
    public NetworkDataset Take(int count)
    {
        if (count < 1 || count > Count) throw new ArgumentOutOfRangeException(nameof(count), count, $"take between 1 and P = {Count} examples.");
        return new NetworkDataset(_inputs.AsSpan(0, count * InputDimension), _targets.AsSpan(0, count), InputDimension);
    }
}
