using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Functions;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The adaptive-kernel saddle of one training set seen in the NNGP's eigenmodes (THEORY §6.5, the RG view of feature
/// learning). With K = Σ_k μ_k u_k u_kᵀ the NNGP kernel on the P training inputs (μ_k ≈ Pλ_k for k ≪ P), the saddle's
/// α = (K_ad + κI)⁻¹y and mean predictor on the training inputs f = K_ad α = y − κα, per mode a_k = u_k·α and
/// f_k = u_k·f:
/// <list type="bullet">
/// <item><b>the derived quadratic term.</b> The diagonal kernel that gives the saddle's mean predictor mode by mode has
/// eigenvalues μ̃_k with f_k = μ̃_k a_k; over a group of modes the least-squares ratio is
/// r = Σ f_k a_k / Σ μ_k a_k². For linear φ the predictor is exactly the GP's at s*K (Rubin et al. 2025), so r = s* in
/// every mode; the literal diagonal projection u_kᵀ(K_ad − K)u_k is not a rescaling there (it is the rank-one spike
/// s*(Kα)(Kα)ᵀ, invisible to the mean predictor), which is why the predictor-equivalent ratio is the derived term. It
/// splits into the overall scale s̄ (r over all kept modes: the kernel renormalisation, marginal, integrated exactly by
/// the saddle) and the directional part ρ = r/s̄ − 1 per mode group, the learned feature; in the action they are the
/// quadratic weight w(k) = (1/r_k − 1)/λ_k.</item>
/// <item><b>the derived quartic coupling.</b> The fluctuations of the N units around the saddle: one unit's normalised
/// coefficients c_k = σ_a u_k·φ(Xw/√d)/√μ_k (E₀[c_k c_q] = δ_kq under the prior) have, under the tilted measure,
/// V_kq = Cov_p(c_k², c_q²), and Cov(K̂_kk, K̂_qq) = μ_k μ_q V_kq/N; through the expansion of §6.3 with the tilted
/// measure in place of the prior this is the pair-local weight W(k, q) = −V_kq/(2N λ̃_k λ̃_q) (k ≠ q; under the prior
/// V_kq = 0 for k ≠ q if the units are Gaussian). For linear φ the tilted units are Gaussian with covariance
/// A_kq = u_kᵀK_ad u_q/√(μ_k μ_q), so V_kq = 2A_kq² exactly; otherwise V is estimated from importance samples of the
/// tilted measure at the saddle's α (<see cref="TiltedUnitSampler"/>, refitted to it three times).</item>
/// </list>
/// </summary>
internal sealed class AdaptedModes
{
    private AdaptedModes(double[] mu, double[] a, double[] f, double[] y, double[,]? quartic, double effectiveSamples)
    {
        Mu = mu; A = a; F = f; Y = y; Quartic = quartic; EffectiveSamples = effectiveSamples;
    }

    /// <summary>μ_k, the NNGP kernel's eigenvalues on the training inputs, in decreasing order (k from 0 here).</summary>
    public double[] Mu { get; }
    /// <summary>a_k = u_k·α.</summary>
    public double[] A { get; }
    /// <summary>f_k = u_k·K_ad α, the mean predictor's mode amplitudes on the training inputs.</summary>
    public double[] F { get; }
    /// <summary>y_k = u_k·y.</summary>
    public double[] Y { get; }
    /// <summary>V_kq = Cov_p(c_k², c_q²) over the leading modes (null when not asked for).</summary>
    public double[,]? Quartic { get; }
    /// <summary>Effective importance samples behind <see cref="Quartic"/> (∞ for the exact Gaussian form).</summary>
    public double EffectiveSamples { get; }

    /// <summary>r = Σ f_k a_k / Σ μ_k a_k² over modes from..to−1 (k from 0): the predictor-equivalent eigenvalue ratio.</summary>
    public double Ratio(int from, int to)
    {
        var (numerator, denominator) = RatioSums(from, to);
        return numerator / denominator;
    }

    /// <summary>The two sums of <see cref="Ratio"/>, Σ f_k a_k and Σ μ_k a_k², for pooling over training sets.</summary>
    public (double Numerator, double Denominator) RatioSums(int from, int to)
    {
        double numerator = 0, denominator = 0;
        for (var k = from; k < to; k++) { numerator += F[k] * A[k]; denominator += Mu[k] * A[k] * A[k]; }
        return (numerator, denominator);
    }

    /// <summary>
    /// The saddle's modes on one training set. <paramref name="quarticModes"/> &gt; 0 also gives V_kq over that many
    /// leading modes (from <paramref name="units"/> importance samples unless φ is linear).
    /// </summary>
    public static AdaptedModes Measure(ActivationFunction phi, double weightVariance, double readoutVariance, double[][] inputs, double[] labels,
        double[,] nngp, AdaptiveKernelSolution solution, int quarticModes, int units, int seed)
    {
        var p = inputs.Length;
        var k = Matrix<double>.Build.DenseOfArray(nngp);
        var evd = k.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, p).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var u = Matrix<double>.Build.Dense(p, p, (i, j) => evd.EigenVectors[i, order[j]]);
        var mu = order.Select(i => Math.Max(evd.EigenValues[i].Real, 0)).ToArray();
        var alpha = Vector<double>.Build.DenseOfEnumerable(solution.Alpha);
        var adapted = Matrix<double>.Build.DenseOfArray(solution.Kernel);
        var a = u.TransposeThisAndMultiply(alpha).ToArray();
        var f = u.TransposeThisAndMultiply(adapted * alpha).ToArray();
        var y = u.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(labels)).ToArray();
        if (quarticModes <= 0) return new AdaptedModes(mu, a, f, y, null, double.PositiveInfinity);
        var m = Math.Min(quarticModes, p);
        var projection = Matrix<double>.Build.Dense(p, m, (i, j) => u[i, j] / Math.Sqrt(mu[j]));
        if (phi.IsLinear)
        {
            // Gaussian units: V_kq = 2 A_kq², A = Uᵀ K_ad U normalised.
            var covariance = projection.TransposeThisAndMultiply(adapted * projection);
            var table = new double[m, m];
            for (var i = 0; i < m; i++)
                for (var j = 0; j < m; j++) table[i, j] = 2 * covariance[i, j] * covariance[i, j];
            return new AdaptedModes(mu, a, f, y, table, double.PositiveInfinity);
        }
        var (quartic, ess) = SampledQuartic(phi, weightVariance, readoutVariance, inputs, alpha, projection, units, seed);
        return new AdaptedModes(mu, a, f, y, quartic, ess);
    }

    /// <summary>V_kq from weighted samples of the tilted measure at α (the proposal refitted to it three times).</summary>
    internal static (double[,] Table, double EffectiveSamples) SampledQuartic(ActivationFunction phi, double weightVariance, double readoutVariance,
        double[][] inputs, Vector<double> alpha, Matrix<double> projection, int units, int seed)
    {
        var sampler = new TiltedUnitSampler(phi, weightVariance, readoutVariance, inputs, units, seed);
        var draw = sampler.Draw(alpha);
        for (var round = 0; round < 3; round++)
        {
            draw = sampler.Adapt(draw, alpha);
        }
        var features = draw.Samples.TransposeAndMultiply(sampler.ReducedB); // units × P pre-activations
        features.MapInplace(phi.Value);
        var c = features * projection * Math.Sqrt(readoutVariance);         // units × m
        var m = c.ColumnCount;
        var squares = c.PointwiseMultiply(c);
        var means = new double[m];
        for (var s = 0; s < units; s++)
            for (var j = 0; j < m; j++) means[j] += draw.Weights[s] * squares[s, j];
        var weighted = squares.Clone();
        for (var s = 0; s < units; s++)
        {
            var root = Math.Sqrt(draw.Weights[s]);
            for (var j = 0; j < m; j++) weighted[s, j] = root * (squares[s, j] - means[j]);
        }
        var covariance = weighted.TransposeThisAndMultiply(weighted);
        if (!covariance.Enumerate().All(double.IsFinite))
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the tilted unit measure's fourth moments are not finite ({phi.Name}, P = {inputs.Length}): the importance weights cannot represent them."));
        return (covariance.ToArray(), draw.EffectiveSamples);
    }
}
