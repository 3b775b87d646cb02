using System.Numerics.Tensors;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Sampling;

/// <summary>
/// The posterior of the hidden weights with the readout integrated out (THEORY §6.2), in prior-standardised
/// coordinates x = W/σ_w: −log p(x | y) = |x|²/2 + U_data(x) with
/// U_data = ½ yᵀC⁻¹y + ½ ln det C + (P/2) ln 2π, C = cΦΦᵀ + νI (P×P, rank N), c = σ_a²/N^γ, ν = κ/β, Φ = φ(h^L(X)).
/// When N ≤ P everything goes through the N×N matrix A = νI + cΦᵀΦ (Woodbury): ln det C = (P − N) ln ν + ln det A,
/// α = C⁻¹y = (y − cΦw)/ν with w = A⁻¹Φᵀy, C⁻¹Φ = ΦA⁻¹, so ∂U_data/∂Φ = c(C⁻¹Φ − αwᵀ) with w = Φᵀα; cost per
/// gradient O(PN² + N³ + PNd). When N &gt; P the P×P matrix C itself is cheaper: O(P²N + P³ + PNd).
/// Given W, the readout's posterior is Gaussian with mean m_a = σ_a² w/N^(γ/2) and covariance σ_a²ν A⁻¹, so the
/// observables are Rao–Blackwellised: f̄(x*) = c φ(x*)·w; the train residual is −να with variance
/// ν·c·(ΦA⁻¹)_μ·Φ_μ = ν(1 − νC⁻¹_μμ); E|a|² = |m_a|² + σ_a²ν tr A⁻¹, tr A⁻¹ = tr C⁻¹ + (N − P)/ν.
/// </summary>
internal sealed class CollapsedPosterior
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);
    private readonly WeightLayout _layout;
    private readonly MatrixProduct _product;
    private readonly NetworkBatches _batches;
    private readonly double[] _a, _inverse, _scratch, _w, _alpha, _posteriorVariance;
    private readonly double _c, _nu, _weightScale;
    private readonly bool _dataSpace; // N > P: work with the P×P matrix C
    private double _traceInverseA;

    public CollapsedPosterior(WeightLayout layout, double ridge, NetworkDataset train, NetworkDataset test, MatrixProduct product)
    {
        _layout = layout;
        _product = product;
        var architecture = layout.Architecture;
        _batches = new NetworkBatches(layout, train, test, product);
        var n = layout.Width;
        _dataSpace = n > train.Count;
        var m = Math.Min(n, train.Count);
        _a = new double[m * m];
        _inverse = new double[m * m];
        _scratch = new double[m * m];
        _w = new double[n];
        _alpha = new double[train.Count];
        _posteriorVariance = new double[train.Count];
        _c = architecture.ReadoutKernelScale;
        _nu = ridge / architecture.LikelihoodScale;
        _weightScale = Math.Sqrt(architecture.WeightVariance);
    }

    /// <summary>
    /// U_data(x) and ∂U_data/∂x (hidden weights, standardised) into <paramref name="gradient"/>; +∞ when A is not
    /// numerically positive definite (only with non-finite features).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(double[] x, double[] gradient)
    {
        var n = _layout.Width;
        var p = _batches.Targets.Length;
        _batches.Train.Forward(x, _weightScale, _batches.Inputs);
        var phi = _batches.Train.Features;
        var featureGradient = _batches.Train.FeatureGradient;
        double quadratic, logDetC;
        if (!_dataSpace)
        {
            _product.Gram(false, phi, 0, n, _a, n, p, _c, mirror: false);
            for (var i = 0; i < n; i++) _a[i * n + i] += _nu;
            if (!Cholesky.TryFactor(_a, n)) return double.PositiveInfinity;
            logDetC = (p - n) * Math.Log(_nu) + Cholesky.LogDeterminant(_a, n);

            Array.Clear(_w);
            for (var mu = 0; mu < p; mu++) TensorPrimitives.MultiplyAdd(phi.AsSpan(mu * n, n), _batches.Targets[mu], _w, _w);
            Cholesky.Solve(_a, n, _w);
            quadratic = 0;
            for (var mu = 0; mu < p; mu++)
            {
                _alpha[mu] = (_batches.Targets[mu] - _c * VectorMath.Dot(phi.AsSpan(mu * n, n), _w)) / _nu;
                quadratic += _batches.Targets[mu] * _alpha[mu];
            }
            // ∂U/∂Φ = c·ΦA⁻¹ − c·α wᵀ; the row products of cΦA⁻¹ with Φ give the readout-posterior variance first.
            Cholesky.Invert(_a, n, _scratch, _inverse, _product);
            _product.Multiply(false, phi, 0, n, false, _inverse, 0, n, featureGradient, 0, n, p, n, n, _c);
            for (var mu = 0; mu < p; mu++)
                _posteriorVariance[mu] = _nu * VectorMath.Dot(featureGradient.AsSpan(mu * n, n), phi.AsSpan(mu * n, n));
            _traceInverseA = 0;
            for (var i = 0; i < n; i++) _traceInverseA += _inverse[i * n + i];
        }
        else
        {
            _product.Gram(true, phi, 0, n, _a, p, n, _c, mirror: false);
            for (var mu = 0; mu < p; mu++) _a[mu * p + mu] += _nu;
            if (!Cholesky.TryFactor(_a, p)) return double.PositiveInfinity;
            logDetC = Cholesky.LogDeterminant(_a, p);
            _batches.Targets.CopyTo(_alpha, 0);
            Cholesky.Solve(_a, p, _alpha);
            quadratic = VectorMath.Dot(_batches.Targets, _alpha);
            Array.Clear(_w);
            for (var mu = 0; mu < p; mu++) TensorPrimitives.MultiplyAdd(phi.AsSpan(mu * n, n), _alpha[mu], _w, _w);
            // ∂U/∂Φ = c·C⁻¹Φ − c·α wᵀ.
            Cholesky.Invert(_a, p, _scratch, _inverse, _product);
            _product.Multiply(false, _inverse, 0, p, false, phi, 0, n, featureGradient, 0, n, p, n, p, _c);
            _traceInverseA = (n - p) / _nu;
            for (var mu = 0; mu < p; mu++)
            {
                var inverseDiagonal = _inverse[mu * p + mu];
                _posteriorVariance[mu] = _nu * (1 - _nu * inverseDiagonal);
                _traceInverseA += inverseDiagonal;
            }
        }
        for (var mu = 0; mu < p; mu++)
            TensorPrimitives.MultiplyAdd(_w, -_c * _alpha[mu], featureGradient.AsSpan(mu * n, n), featureGradient.AsSpan(mu * n, n));
        _batches.Train.Backward(x, _weightScale, _batches.Inputs, gradient);
        return 0.5 * (quadratic + logDetC + p * LogTwoPi);
    }

    /// <summary>Posterior mean over the readout of mean_μ (f(x_μ) − y_μ)², at the last evaluated weights.</summary>
    public double TrainError()
    {
        double sum = 0;
        for (var mu = 0; mu < _alpha.Length; mu++) sum += _nu * _nu * _alpha[mu] * _alpha[mu] + _posteriorVariance[mu];
        return sum / _alpha.Length;
    }

    /// <summary>Posterior mean over the readout of |a|²/N, at the last evaluated weights.</summary>
    public double KernelScale()
    {
        var n = _layout.Width;
        var architecture = _layout.Architecture;
        var meanScale = architecture.ReadoutVariance * Math.Pow(n, -0.5 * architecture.OutputScaleExponent);
        return (meanScale * meanScale * VectorMath.Dot(_w, _w) + architecture.ReadoutVariance * _nu * _traceInverseA) / n;
    }

    /// <summary>The readout-averaged prediction f̄(x*) = c φ(x*)·w at the test inputs, for the last evaluated weights <paramref name="x"/>.</summary>
    public void PredictTest(double[] x, Span<double> prediction) => _batches.PredictTest(x, _weightScale, _w, _c, prediction);
}
