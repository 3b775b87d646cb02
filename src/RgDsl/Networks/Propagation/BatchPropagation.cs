using System.Numerics.Tensors;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Linear;

namespace RgDsl.Networks.Propagation;

/// <summary>
/// Forward and backward pass of the hidden layers on a whole batch of inputs (rows of a P×d matrix), with all
/// buffers allocated once for a fixed batch size. Hidden weights are read as W = s·θ with a weight scale s, so a
/// sampler can work in prior-standardised coordinates (s = σ_w) without copying:
/// h¹ = s·X·θ¹ᵀ/√d, h^(l+1) = s·φ(h^l)·θ^(l+1)ᵀ/√N, features Φ = φ(h^L) (P×N).
/// The backward pass takes ∂U/∂Φ and returns ∂U/∂θ for every hidden layer:
/// G_h = G_Φ ⊙ φ′(h), ∂U/∂θ^l = s·G_hᵀ·φ(h^(l−1))/√fan-in, G_Φ^(l−1) = s·G_h·θ^l/√N.
/// </summary>
internal sealed class BatchPropagation : IPartitionedWork
{
    private readonly WeightLayout _layout;
    private readonly MatrixProduct _product;
    private readonly double[][] _features;    // φ(h^l), P×N per layer
    private readonly double[][] _derivatives; // φ′(h^l), P×N per layer
    private readonly double[] _gradientA, _gradientB;
    private readonly bool _linear;
    private int _activationLayer;

    public BatchPropagation(WeightLayout layout, int batchSize, MatrixProduct product)
    {
        _layout = layout;
        _product = product;
        BatchSize = batchSize;
        var size = batchSize * layout.Width;
        _features = new double[layout.Depth][];
        _derivatives = new double[layout.Depth][];
        _linear = layout.Architecture.Function.BuiltIn == Activation.Linear;
        for (var l = 0; l < layout.Depth; l++) { _features[l] = new double[size]; _derivatives[l] = _linear ? [] : new double[size]; }
        _gradientA = new double[size];
        _gradientB = layout.Depth > 1 ? new double[size] : [];
    }

    /// <summary>Rows of the batch.</summary>
    public int BatchSize { get; }

    /// <summary>Φ = φ(h^L) of the last forward pass, row-major P×N.</summary>
    public double[] Features => _features[_layout.Depth - 1];

    /// <summary>A P×N scratch buffer the caller may fill with ∂U/∂Φ before <see cref="Backward"/>.</summary>
    public double[] FeatureGradient => _gradientA;

    /// <summary>Runs the hidden layers on <paramref name="inputs"/> (P×d row-major).</summary>
    public void Forward(double[] weights, double weightScale, double[] inputs)
    {
        var n = _layout.Width;
        for (var l = 0; l < _layout.Depth; l++)
        {
            var fanIn = _layout.FanIn(l);
            var source = l == 0 ? inputs : _features[l - 1];
            _product.Multiply(false, source, 0, fanIn, true, weights, _layout.Offset(l), fanIn,
                _features[l], 0, n, BatchSize, n, fanIn, weightScale / Math.Sqrt(fanIn));
            _activationLayer = l;
            if (!_linear) _product.Team.Run(this);
        }
    }

    /// <summary>
    /// ∂U/∂θ for every hidden layer into <paramref name="gradient"/> (overwritten at the hidden offsets), given
    /// ∂U/∂Φ in <see cref="FeatureGradient"/> (destroyed) and the state of the last <see cref="Forward"/>.
    /// </summary>
    public void Backward(double[] weights, double weightScale, double[] inputs, double[] gradient)
    {
        var n = _layout.Width;
        var current = _gradientA;
        var next = _gradientB;
        for (var l = _layout.Depth - 1; l >= 0; l--)
        {
            if (!_linear) TensorPrimitives.Multiply(current, _derivatives[l], current); // G_h = G_Φ ⊙ φ′(h)
            var fanIn = _layout.FanIn(l);
            var source = l == 0 ? inputs : _features[l - 1];
            _product.Multiply(true, current, 0, n, false, source, 0, fanIn,
                gradient, _layout.Offset(l), fanIn, n, fanIn, BatchSize, weightScale / Math.Sqrt(fanIn));
            if (l > 0)
            {
                _product.Multiply(false, current, 0, n, false, weights, _layout.Offset(l), n,
                    next, 0, n, BatchSize, n, n, weightScale / Math.Sqrt(n));
                (current, next) = (next, current);
            }
        }
    }

    void IPartitionedWork.Execute(int part, int parts)
    {
        var buffer = _features[_activationLayer];
        // Split on whole vectors so every part but the last runs the vector loop only.
        var (start, end) = WorkerTeam.Share(buffer.Length, part, parts, 64);
        if (start >= end) return;
        var h = buffer.AsSpan(start, end - start);
        VectorActivations.Apply(_layout.Architecture.Function, h, h, _derivatives[_activationLayer].AsSpan(start, end - start));
    }
}
