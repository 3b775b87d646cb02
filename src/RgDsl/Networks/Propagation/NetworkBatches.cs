using RgDsl.Networks.Linear;

namespace RgDsl.Networks.Propagation;

/// <summary>The training and test sets with a propagation workspace for each: what both posteriors evaluate.</summary>
internal sealed class NetworkBatches
{
    private readonly WeightLayout _layout;

    public NetworkBatches(WeightLayout layout, NetworkDataset train, NetworkDataset test, MatrixProduct product)
    {
        _layout = layout;
        Inputs = train.InputArray;
        Targets = train.TargetArray;
        TestInputs = test.InputArray;
        Train = new BatchPropagation(layout, train.Count, product);
        Test = new BatchPropagation(layout, test.Count, product);
    }

    /// <summary>Training inputs, row-major P×d.</summary>
    public double[] Inputs { get; }
    /// <summary>Training targets.</summary>
    public double[] Targets { get; }
    /// <summary>Test inputs, row-major T×d.</summary>
    public double[] TestInputs { get; }
    /// <summary>Workspace of the training batch.</summary>
    public BatchPropagation Train { get; }
    /// <summary>Workspace of the test batch.</summary>
    public BatchPropagation Test { get; }

    /// <summary>prediction_t = scale·φ(h^L(x*_t))·<paramref name="readout"/> for hidden weights W = weightScale·θ.</summary>
    public void PredictTest(double[] weights, double weightScale, ReadOnlySpan<double> readout, double scale, Span<double> prediction)
    {
        var n = _layout.Width;
        Test.Forward(weights, weightScale, TestInputs);
        var features = Test.Features;
        for (var t = 0; t < prediction.Length; t++)
            prediction[t] = scale * VectorMath.Dot(features.AsSpan(t * n, n), readout);
    }
}
