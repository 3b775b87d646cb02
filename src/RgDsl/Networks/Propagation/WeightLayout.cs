namespace RgDsl.Networks.Propagation;

/// <summary>
/// Where each layer's weights live in one flat parameter vector: W¹ (N×d, row i = unit i's incoming weights), then
/// W² … W^L (N×N), then the readout a (N). One flat vector lets the samplers update all weights with single
/// vectorised operations.
/// </summary>
internal sealed class WeightLayout
{
    private readonly int[] _offsets;

    public WeightLayout(NetworkArchitecture architecture)
    {
        Architecture = architecture;
        Depth = architecture.Depth;
        Width = architecture.Width;
        InputDimension = architecture.InputDimension;
        var total = (long)architecture.ParameterCount;
        if (total > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(architecture), total, "the network has more weights than an array can hold.");
        _offsets = new int[Depth + 1];
        var offset = 0;
        for (var l = 0; l < Depth; l++) { _offsets[l] = offset; offset += Width * FanIn(l); }
        _offsets[Depth] = offset;
        HiddenCount = offset;
        TotalCount = offset + Width;
    }

    public NetworkArchitecture Architecture { get; }
    public int Depth { get; }
    public int Width { get; }
    public int InputDimension { get; }
    /// <summary>All hidden weights (the first <see cref="HiddenCount"/> entries).</summary>
    public int HiddenCount { get; }
    /// <summary>Hidden weights and readout.</summary>
    public int TotalCount { get; }
    /// <summary>Offset of the readout a.</summary>
    public int ReadoutOffset => HiddenCount;

    /// <summary>Offset of hidden layer <paramref name="layer"/> (0-based: layer 0 is W¹).</summary>
    public int Offset(int layer) => _offsets[layer];

    /// <summary>Inputs of hidden layer <paramref name="layer"/>: d for the first, N after.</summary>
    public int FanIn(int layer) => layer == 0 ? InputDimension : Width;
}
