using RgDsl.Data;
using RgDsl.Networks;
using RgDsl.Networks.Kernels;

namespace RgDsl.Tests.Networks;

public class NngpKernelTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void MehlerSeriesReproducesTheArcsineFormulaForErf(double q)
    {
        // The tanh path (Hermite coefficients + Mehler) checked where a closed form exists: erf.
        var a = DualActivation.HermiteCoefficients(Activation.Erf, q);
        var b = DualActivation.HermiteCoefficients(Activation.Erf, 0.7 * q);
        foreach (var rho in new[] { -0.9, -0.5, 0.0, 0.3, 0.7, 0.9 })
        {
            var c = rho * Math.Sqrt(q * 0.7 * q);
            var exact = DualActivation.Expectation(Activation.Erf, q, 0.7 * q, c);
            Assert.Equal(exact, DualActivation.Mehler(a, b, rho), 1e-10);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void TanhDualAgreesWithAFineProductRule(double q)
    {
        // Reference: a 600 × 600 Gauss–Hermite product rule (independent of the Hermite series), up to ρ → 1.
        foreach (var rho in new[] { -0.95, 0.3, 0.85, 0.9, 0.95, 0.99, 0.999 })
        {
            var reference = ProductRule(q, 0.8 * q, rho, 600);
            var dual = DualActivation.Expectation(Activation.Tanh, q, 0.8 * q, rho * Math.Sqrt(0.8) * q);
            Assert.True(Math.Abs(dual - reference) < 1e-7 * Math.Abs(reference), $"q = {q}, ρ = {rho}: dual {dual:R}, product rule {reference:R}");
        }
    }

    private static double ProductRule(double qu, double qv, double rho, int order)
    {
        var (nodes, weights) = GaussHermite.Rule(order);
        double sum = 0, orth = Math.Sqrt(1 - rho * rho);
        for (var i = 0; i < order; i++)
        {
            double inner = 0;
            for (var j = 0; j < order; j++) inner += weights[j] * Math.Tanh(Math.Sqrt(qv) * (rho * nodes[i] + orth * nodes[j]));
            sum += weights[i] * Math.Tanh(Math.Sqrt(qu) * nodes[i]) * inner;
        }
        return sum;
    }

    [Theory]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Erf)]
    [InlineData(Activation.Tanh)]
    public void DualMatchesMonteCarloOfGaussianPairs(Activation activation)
    {
        var random = new Random(7);
        const int samples = 1_000_000;
        foreach (var (qu, qv, rho) in new[] { (1.0, 1.0, 0.5), (0.4, 2.5, -0.3), (2.0, 1.5, 0.95) })
        {
            var c = rho * Math.Sqrt(qu * qv);
            double sum = 0, sumSq = 0;
            for (var s = 0; s < samples; s++)
            {
                var z1 = Gaussian(random);
                var z2 = Gaussian(random);
                var u = Math.Sqrt(qu) * z1;
                var v = Math.Sqrt(qv) * (rho * z1 + Math.Sqrt(1 - rho * rho) * z2);
                var p = Activations.Value(activation, u) * Activations.Value(activation, v);
                sum += p; sumSq += p * p;
            }
            var mean = sum / samples;
            var se = Math.Sqrt((sumSq / samples - mean * mean) / samples);
            var exact = DualActivation.Expectation(activation, qu, qv, c);
            Assert.True(Math.Abs(exact - mean) < 4 * se, $"{activation} ({qu}, {qv}, ρ = {rho}): dual {exact}, Monte Carlo {mean} ± {se}");
            // The second moment (the diagonal) as well.
            Assert.Equal(DualActivation.Expectation(activation, qu, qu, qu), DualActivation.SecondMoment(activation, qu), 1e-9);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ReluRecursionAgreesWithTheIndependentDataKernel(int depth)
    {
        // RgDsl.Data.ReluNngpKernel (σ_w² = 2) counts the input layer as depth 0; σ_a² = σ_w² makes the outputs comparable.
        var random = new Random(3);
        var inputs = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 5).Select(_ => Gaussian(random)).ToArray()).ToArray();
        var network = new NngpKernel(new NetworkArchitecture(5, depth, 10, Activation.Relu, weightVariance: 2, readoutVariance: 2));
        var reference = new ReluNngpKernel(depth, weightVariance: 2);
        var matrix = network.Matrix(inputs);
        for (var i = 0; i < inputs.Length; i++)
            for (var j = 0; j < inputs.Length; j++)
            {
                Assert.Equal(reference.Evaluate(inputs[i], inputs[j]), matrix[i, j], 1e-12);
                Assert.Equal(matrix[i, j], network.Evaluate(inputs[i], inputs[j]), 1e-12);
            }
    }

    [Theory]
    [InlineData(Activation.Erf, 2)]
    [InlineData(Activation.Tanh, 1)]
    [InlineData(Activation.Tanh, 3)]
    public void MatrixAgreesWithPairwiseEvaluation(Activation activation, int depth)
    {
        var random = new Random(5);
        var inputs = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, 4).Select(_ => Gaussian(random)).ToArray()).ToArray();
        var kernel = new NngpKernel(new NetworkArchitecture(4, depth, 10, activation, weightVariance: 1.5, readoutVariance: 0.8));
        var matrix = kernel.Matrix(inputs);
        for (var i = 0; i < inputs.Length; i++)
            for (var j = 0; j < inputs.Length; j++)
                Assert.Equal(kernel.Evaluate(inputs[i], inputs[j]), matrix[i, j], 1e-10);
    }

    // The cross matrix makes each row's Mehler data on the fly and completes the series from values at the quadrature
    // nodes; at d = 1 every pair has |ρ| = 1, so every entry takes the completion. Against Evaluate, which integrates φ
    // per pair.
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(1, 2, true)]
    [InlineData(3, 1, true)]
    [InlineData(3, 3, false)]
    public void CrossMatrixAgreesWithPairwiseEvaluation(int dimension, int depth, bool declared)
    {
        var random = new Random(11);
        double[][] Points(int count) => Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => Gaussian(random)).ToArray()).ToArray();
        var (rows, columns) = (Points(7), Points(5));
        var phi = declared ? new RgDsl.Networks.Functions.ActivationFunction("softsign", z => z / (1 + Math.Abs(z))) : RgDsl.Networks.Functions.ActivationFunction.Of(Activation.Tanh);
        var kernel = new NngpKernel(new NetworkArchitecture(dimension, depth, 10, phi, weightVariance: 1.5, readoutVariance: 0.8));
        var matrix = kernel.CrossMatrix(rows, columns);
        for (var i = 0; i < rows.Length; i++)
            for (var j = 0; j < columns.Length; j++)
                Assert.Equal(kernel.Evaluate(rows[i], columns[j]), matrix[i, j], 1e-10);
    }

    [Fact]
    public void WrongDimensionAndNonFiniteInputsAreRefused()
    {
        var kernel = new NngpKernel(new NetworkArchitecture(3, 1, 10, Activation.Erf));
        var e = Assert.Throws<ArgumentException>(() => kernel.Evaluate([1, 2], [1, 2, 3]));
        Assert.Contains("d = 3", e.Message);
        Assert.Throws<ArgumentException>(() => kernel.Matrix([[1, double.NaN, 3]]));
    }

    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
