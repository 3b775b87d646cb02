using System.Numerics.Tensors;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Sampling;

/// <summary>
/// The negative log posterior of all weights θ = (W¹ … W^L, a) that Langevin dynamics descends:
/// U(θ) = Σ_hidden θ²/(2σ_w²) + |a|²/(2σ_a²) + (β/2κ) Σ_μ (f(x_μ) − y_μ)², with f = a·Φ/N^(γ/2),
/// and its gradient by back-propagation. All buffers are allocated once.
/// </summary>
internal sealed class FullPosterior
{
    private readonly WeightLayout _layout;
    private readonly NetworkBatches _batches;
    private readonly double _likelihoodScale; // β/κ
    private readonly double _readoutScale;    // N^(−γ/2)

    public FullPosterior(WeightLayout layout, double ridge, NetworkDataset train, NetworkDataset test, MatrixProduct product)
    {
        _layout = layout;
        var architecture = layout.Architecture;
        _batches = new NetworkBatches(layout, train, test, product);
        _likelihoodScale = architecture.LikelihoodScale / ridge;
        _readoutScale = Math.Pow(architecture.Width, -0.5 * architecture.OutputScaleExponent);
    }

    /// <summary>mean_μ (f(x_μ) − y_μ)² at the last evaluated weights.</summary>
    public double TrainError { get; private set; }

    /// <summary>Features Φ = φ(h^L) of the training inputs at the last evaluated weights (P×N).</summary>
    public double[] TrainFeatures => _batches.Train.Features;

    /// <summary>U(θ), and ∂U/∂θ into <paramref name="gradient"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(double[] theta, double[] gradient)
    {
        var n = _layout.Width;
        var p = _batches.Targets.Length;
        _batches.Train.Forward(theta, 1, _batches.Inputs);
        var features = _batches.Train.Features;
        var readout = theta.AsSpan(_layout.ReadoutOffset, n);
        // One pass over the rows of Φ: r_μ = f_μ − y_μ, ∂U/∂f_μ = (β/κ) r_μ; readout gradient a/σ_a² + N^(−γ/2) Φᵀ∂U/∂f;
        // feature gradient N^(−γ/2) ∂U/∂f ⊗ a.
        var readoutGradient = gradient.AsSpan(_layout.ReadoutOffset, n);
        TensorPrimitives.Multiply(readout, 1 / _layout.Architecture.ReadoutVariance, readoutGradient);
        var featureGradient = _batches.Train.FeatureGradient;
        double squares = 0;
        for (var mu = 0; mu < p; mu++)
        {
            var row = features.AsSpan(mu * n, n);
            var r = _readoutScale * VectorMath.Dot(row, readout) - _batches.Targets[mu];
            squares += r * r;
            var g = _readoutScale * _likelihoodScale * r;
            TensorPrimitives.MultiplyAdd(row, g, readoutGradient, readoutGradient);
            TensorPrimitives.Multiply(readout, g, featureGradient.AsSpan(mu * n, n));
        }
        TrainError = squares / p;
        _batches.Train.Backward(theta, 1, _batches.Inputs, gradient);

        var hidden = theta.AsSpan(0, _layout.HiddenCount);
        var inverseWeightVariance = 1 / _layout.Architecture.WeightVariance;
        TensorPrimitives.MultiplyAdd(hidden, inverseWeightVariance, gradient.AsSpan(0, _layout.HiddenCount), gradient.AsSpan(0, _layout.HiddenCount));
        var prior = 0.5 * inverseWeightVariance * VectorMath.Dot(hidden, hidden)
            + 0.5 / _layout.Architecture.ReadoutVariance * VectorMath.Dot(readout, readout);
        return prior + 0.5 * _likelihoodScale * squares;
    }

    /// <summary>The network's outputs f(x*) at the test inputs for weights θ.</summary>
    public void PredictTest(double[] theta, Span<double> prediction) =>
        _batches.PredictTest(theta, 1, theta.AsSpan(_layout.ReadoutOffset, _layout.Width), _readoutScale, prediction);
}
