using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Theory;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

/// <summary>
/// The proportional regime P ~ N (THEORY §6.6): one renormalised kernel scale per layer, checked against the exact
/// product-of-Gammas mixture of deep linear networks and against sampled ReLU networks.
/// </summary>
public class LayerRenormalisationTests(ITestOutputHelper output)
{
    [Fact]
    public void DeepLinearLayerScalesAreTheExactMixturesRenormalisation()
    {
        // Independent oracle: the exact posterior of a three-layer linear network, a one-dimensional integral per training
        // set (ExactLinearMixture), averaged over training sets. A teacher nine times stronger than the prior pulls s up.
        var data = NetworkData.PowerLawGaussian(64, 0.5, Teacher.Linear(0.5, 9));
        var architecture = new NetworkArchitecture(64, 3, 48, Activation.Linear);
        var theory = new NetworkTheory(architecture, data, 0.05);
        const int p = 192;
        var exact = ExactLinearMixture.Average(architecture, data, 0.05, p, datasets: 10, seed: 17);
        var predicted = theory.Predict(p);
        var layers = predicted.Layers!;
        output.WriteLine($"L = 3, N = 48, P = {p}: {layers} in {layers.Iterations} iterations (residual {layers.Residual:G2}); exact ⟨s⟩ = {exact.MeanScale:F4}; " +
            $"saddle error {predicted.SaddlePoint.TestError:G5}, exact {exact.TestError:G5} ± {exact.StandardError:G2}, GP {predicted.GaussianProcess.TestError:G5}");
        Assert.Equal(NetworkTreatment.ExactScaleMixture, predicted.Treatment);
        Assert.Equal(3, layers.Scales.Count);
        // Equal widths: every layer carries the same share, and the product is the output kernel's scale.
        foreach (var q in layers.Scales) Assert.Equal(Math.Cbrt(layers.KernelScale), q, 1e-9);
        Assert.True(layers.KernelScale > 1.3, "the strong teacher must renormalise the scale visibly");
        Assert.Equal(exact.MeanScale, layers.KernelScale, 0.05 * exact.MeanScale);
        Assert.True(Math.Abs(predicted.SaddlePoint.TestError - exact.TestError) <= 3 * exact.StandardError + 0.05 * exact.TestError,
            $"saddle {predicted.SaddlePoint.TestError}, exact {exact.TestError} ± {exact.StandardError}");
    }

    [Fact]
    public void ErfLayerScalesEnterThroughTheKernelMapNotAProduct()
    {
        // For erf the output kernel's scale is not Π Q_l: a lower layer's scale enters the next layer's preactivation
        // variance, and erf saturates, so its exponent is below 1. Checked against the NNGP recursion done by hand.
        var architecture = new NetworkArchitecture(3, 2, 64, Activation.Erf);
        double[] norms = [0.5, 1.0, 2.0];
        var map = new LayerKernelMap(architecture, norms);
        double Trace(double q1, double q2) => norms.Sum(n =>
        {
            var q = architecture.WeightVariance * n;
            q = architecture.WeightVariance * q1 * ErfSecondMoment(q);
            return architecture.ReadoutVariance * q2 * ErfSecondMoment(q);
        });
        Assert.Equal(Math.Log(Trace(1.3, 0.8) / Trace(1, 1)), map.LogScale([1.3, 0.8]), 1e-9);
        var eta = map.Exponents([1.0, 1.0]);
        Assert.Equal(1, eta[1], 1e-6);
        Assert.InRange(eta[0], 0.05, 0.95);
    }

    /// <summary>E[erf(z)²] for z ~ N(0, q): (2/π) arcsin(2q/(1 + 2q)).</summary>
    private static double ErfSecondMoment(double q) => 2 / Math.PI * Math.Asin(2 * q / (1 + 2 * q));

    [Fact]
    public void NonConvergenceNamesIterationsAndResidual()
    {
        var map = new LayerKernelMap(new NetworkArchitecture(4, 2, 16, Activation.Relu), []);
        // An evidence whose slope jumps: no stationary point can meet a tolerance of 1e-300 in three steps.
        Assert.False(LayerRenormalisation.TrySolve(map, 16, u => u < 0.1 ? 40 * u : 4 + 0.01 * u, out _, out var error, tolerance: 1e-300, maxIterations: 3));
        Assert.Contains("3 of 3 iterations", error);
        Assert.Contains("residual", error);
        var thrown = Assert.Throws<InvalidOperationException>(() => LayerRenormalisation.Solve(map, 16, u => u < 0.1 ? 40 * u : 4 + 0.01 * u, tolerance: 1e-300, maxIterations: 3));
        Assert.Contains("residual", thrown.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerRenormalisation.Solve(map, 0, u => -u * u));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerRenormalisation.Solve(map, 16, u => -u * u, tolerance: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerRenormalisation.Solve(map, 16, u => -u * u, maxIterations: 0));
    }
}
