using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks;

namespace RgDsl.Tests.Networks;

/// <summary>
/// The exact posterior-mean predictor of a one-hidden-layer linear network in the standard scaling. Integrating the
/// hidden weights first, f | a ~ GP(0, s·σ_w²σ_a² x·x'/d) with s = |a|²/(Nσ_a²) ~ Gamma(shape N/2, scale 2/N), so
/// f̄(x*) = ∫ ds p(s | y)·sK*(sK + κI)⁻¹y with p(s | y) ∝ p(s)·N(y; 0, sK + κI): a one-dimensional integral, done
/// here by the trapezoidal rule in ln s on the eigenbasis of K. Independent of the samplers' code.
/// </summary>
internal static class ScaleMixtureOracle
{
    public static double[] PosteriorMeanPredictor(NetworkArchitecture architecture, double ridge, NetworkDataset train, NetworkDataset test)
    {
        if (architecture is not { Depth: 1, Activation: Activation.Linear, Parameterisation: Parameterisation.Standard })
            throw new ArgumentException("the oracle is for one hidden linear layer in the standard scaling.", nameof(architecture));
        var d = architecture.InputDimension;
        var n = architecture.Width;
        var x = Matrix<double>.Build.Dense(train.Count, d, (i, j) => train.Inputs[i * d + j]);
        var xs = Matrix<double>.Build.Dense(test.Count, d, (i, j) => test.Inputs[i * d + j]);
        var scale = architecture.WeightVariance * architecture.ReadoutVariance / d;
        var k = scale * x * x.Transpose();
        var kStar = scale * xs * x.Transpose();
        var evd = k.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Select(v => Math.Max(v.Real, 0)).ToArray();
        var v = evd.EigenVectors;
        var yTilde = v.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(train.Targets.ToArray()));
        var kStarV = kStar * v;

        const int points = 6000;
        double lo = Math.Log(1e-6), hi = Math.Log(60);
        var logWeights = new double[points];
        var predictions = new double[points][];
        for (var g = 0; g < points; g++)
        {
            var t = lo + (hi - lo) * g / (points - 1);
            var s = Math.Exp(t);
            // Gamma(N/2, 2/N) density in s, times ds/dt = s, times the marginal likelihood.
            var logW = (n / 2.0) * Math.Log(s) - s * n / 2.0;
            var coefficients = new double[lambda.Length];
            for (var i = 0; i < lambda.Length; i++)
            {
                var e = s * lambda[i] + ridge;
                logW -= 0.5 * (yTilde[i] * yTilde[i] / e + Math.Log(e));
                coefficients[i] = s * yTilde[i] / e;
            }
            logWeights[g] = logW + (g == 0 || g == points - 1 ? Math.Log(0.5) : 0);
            predictions[g] = (kStarV * Vector<double>.Build.DenseOfArray(coefficients)).ToArray();
        }
        var max = logWeights.Max();
        var weights = logWeights.Select(w => Math.Exp(w - max)).ToArray();
        if (weights[0] > 1e-12 || weights[^1] > 1e-12) throw new InvalidOperationException("the scale posterior is not contained in the quadrature range.");
        var total = weights.Sum();
        var result = new double[test.Count];
        for (var g = 0; g < points; g++)
            for (var t = 0; t < test.Count; t++) result[t] += weights[g] / total * predictions[g][t];
        return result;
    }

    public static double TestError(double[] prediction, NetworkDataset test) =>
        Enumerable.Range(0, test.Count).Average(t => (prediction[t] - test.Targets[t]) * (prediction[t] - test.Targets[t]));
}
