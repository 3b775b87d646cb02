using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using RgDsl.Networks.Sampling;

namespace RgDsl.Tests.Networks;

/// <summary>
/// The two negative log posteriors: values against a naive scalar forward pass and a direct P×P (MathNet)
/// computation, gradients against central finite differences for every activation and depth 1–3.
/// </summary>
public class PosteriorEnergyTests
{
    /// <summary>Every built-in, a declared cubic (its polynomial path) and a declared sine (evaluated numerically, φ′ by central differences).</summary>
    public static TheoryData<string, int, Parameterisation> Cases()
    {
        var data = new TheoryData<string, int, Parameterisation>();
        foreach (var activation in Names)
            foreach (var depth in new[] { 1, 2, 3 })
                data.Add(activation, depth, depth == 2 ? Parameterisation.MeanField : Parameterisation.Standard);
        return data;
    }

    private static readonly string[] Names = ["Linear", "Relu", "Erf", "Tanh", "Cubic", "Sine"];

    private static RgDsl.Networks.Functions.ActivationFunction Function(string name) => name switch
    {
        // ε = 0.05: at ε ≥ 0.1 three cubic layers make the features large against the noise, and the direct oracle's
        // posterior covariance K − K C⁻¹ K (an explicit inverse) cancels to ~1e-7 relative; the energy still agrees.
        "Cubic" => RgDsl.Networks.Functions.ActivationFunction.Polynomial("Cubic", 0, 1, 0, 0.05),
        "Sine" => new RgDsl.Networks.Functions.ActivationFunction("Sine", Math.Sin),
        _ => RgDsl.Networks.Functions.ActivationFunction.Of(Enum.Parse<Activation>(name)),
    };

    private static (NetworkArchitecture, NetworkDataset, NetworkDataset, double[]) Problem(string activation, int depth, Parameterisation parameterisation, int width = 5)
    {
        var random = new Random(7 * depth + Array.IndexOf(Names, activation));
        var architecture = new NetworkArchitecture(3, depth, width, Function(activation), parameterisation, weightVariance: 1.3, readoutVariance: 0.8);
        var train = NetworkTestProblems.Gaussian(9, 3, random, x => Math.Sin(x[0]) + 0.5 * x[1]);
        var test = NetworkTestProblems.Gaussian(4, 3, random, x => Math.Sin(x[0]) + 0.5 * x[1]);
        var theta = Enumerable.Range(0, (int)architecture.ParameterCount).Select(_ => NetworkTestProblems.Normal(random)).ToArray();
        return (architecture, train, test, theta);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Full_posterior_value_and_gradient(string activation, int depth, Parameterisation parameterisation)
    {
        var (architecture, train, test, theta) = Problem(activation, depth, parameterisation);
        const double ridge = 0.3;
        var layout = new WeightLayout(architecture);
        var posterior = new FullPosterior(layout, ridge, train, test, new MatrixProduct(WorkerTeam.Single()));
        var gradient = new double[theta.Length];
        var u = posterior.Evaluate(theta, gradient);

        // Direct value from the scalar forward pass.
        var n = architecture.Width;
        var features = NetworkTestProblems.Features(architecture, theta, 1, train);
        var outputScale = Math.Pow(n, -0.5 * architecture.OutputScaleExponent);
        double squares = 0;
        for (var mu = 0; mu < train.Count; mu++)
        {
            double f = 0;
            for (var i = 0; i < n; i++) f += outputScale * theta[layout.ReadoutOffset + i] * features[mu, i];
            squares += (f - train.Targets[mu]) * (f - train.Targets[mu]);
        }
        var prior = theta.Take(layout.HiddenCount).Sum(v => v * v) / (2 * architecture.WeightVariance)
            + theta.Skip(layout.HiddenCount).Sum(v => v * v) / (2 * architecture.ReadoutVariance);
        var expected = prior + architecture.LikelihoodScale / (2 * ridge) * squares;
        Assert.Equal(expected, u, 1e-10 * Math.Abs(expected));
        Assert.Equal(squares / train.Count, posterior.TrainError, 1e-12);

        CheckGradient(theta, gradient, (t, g) => posterior.Evaluate(t, g), $"{activation}, depth {depth}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Collapsed_energy_matches_the_direct_P_by_P_computation_and_its_gradient_matches_finite_differences(string activation, int depth, Parameterisation parameterisation)
    {
        // N = 5 < P = 9 runs the Woodbury (N×N) path, N = 14 > P the data-space (P×P) path.
        foreach (var width in new[] { 5, 14 }) CheckCollapsed(activation, depth, parameterisation, width);
    }

    private static void CheckCollapsed(string activation, int depth, Parameterisation parameterisation, int width)
    {
        var (architecture, train, test, theta) = Problem(activation, depth, parameterisation, width);
        const double ridge = 0.3;
        var layout = new WeightLayout(architecture);
        var posterior = new CollapsedPosterior(layout, ridge, train, test, new MatrixProduct(WorkerTeam.Single()));
        var x = theta.Take(layout.HiddenCount).ToArray();
        var gradient = new double[x.Length];
        var u = posterior.Evaluate(x, gradient);

        // Direct: C = cΦΦᵀ + νI (P×P), U = ½yᵀC⁻¹y + ½ ln det C + (P/2) ln 2π, with W = σ_w x.
        var sigmaW = Math.Sqrt(architecture.WeightVariance);
        var phi = Matrix<double>.Build.DenseOfArray(NetworkTestProblems.Features(architecture, x, sigmaW, train));
        var c = architecture.ReadoutKernelScale;
        var nu = ridge / architecture.LikelihoodScale;
        var p = train.Count;
        var cMatrix = c * phi * phi.Transpose() + nu * Matrix<double>.Build.DenseIdentity(p);
        var y = Vector<double>.Build.DenseOfArray(train.Targets.ToArray());
        var alpha = cMatrix.Solve(y);
        var expected = 0.5 * (y.DotProduct(alpha) + Math.Log(cMatrix.Determinant()) + p * Math.Log(2 * Math.PI));
        Assert.Equal(expected, u, 1e-10 * Math.Abs(expected));

        // Rao–Blackwellised observables: the GP predictor K*C⁻¹y, the train residual and variance, E|a|²/N.
        var phiTest = Matrix<double>.Build.DenseOfArray(NetworkTestProblems.Features(architecture, x, sigmaW, test));
        var predicted = new double[test.Count];
        posterior.PredictTest(x, predicted);
        var exactPrediction = c * phiTest * (phi.Transpose() * alpha);
        for (var t = 0; t < test.Count; t++) Assert.Equal(exactPrediction[t], predicted[t], 1e-10);
        var kernel = c * phi * phi.Transpose();
        var inverseC = cMatrix.Inverse();
        var mean = kernel * alpha;
        var covariance = kernel - kernel * inverseC * kernel;
        var trainError = Enumerable.Range(0, p).Average(mu => (mean[mu] - y[mu]) * (mean[mu] - y[mu]) + covariance[mu, mu]);
        Assert.Equal(trainError, posterior.TrainError(), 1e-10);
        // Readout posterior: precision I/σ_a² + (β/κ)ΦᵀΦ/N^γ, mean Σ (β/κ)Φᵀy/N^(γ/2).
        var n = architecture.Width;
        var gamma = architecture.OutputScaleExponent;
        var precision = Matrix<double>.Build.DenseIdentity(n) / architecture.ReadoutVariance
            + architecture.LikelihoodScale / ridge * phi.Transpose() * phi / Math.Pow(n, gamma);
        var readoutCovariance = precision.Inverse();
        var readoutMean = readoutCovariance * (architecture.LikelihoodScale / ridge * phi.Transpose() * y / Math.Pow(n, gamma / 2.0));
        Assert.Equal((readoutMean.DotProduct(readoutMean) + readoutCovariance.Trace()) / n, posterior.KernelScale(), 1e-10);

        CheckGradient(x, gradient, (t, g) => posterior.Evaluate(t, g), $"{activation}, depth {depth}, width {width}");
    }

    private static void CheckGradient(double[] point, double[] gradient, Func<double[], double[], double> energy, string label)
    {
        var scratch = new double[point.Length];
        var random = new Random(5);
        var indices = Enumerable.Range(0, point.Length).OrderBy(_ => random.Next()).Take(40);
        foreach (var i in indices)
        {
            const double h = 1e-5;
            var shifted = (double[])point.Clone();
            shifted[i] = point[i] + h;
            var plus = energy(shifted, scratch);
            shifted[i] = point[i] - h;
            var minus = energy(shifted, scratch);
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)),
                $"{label}: ∂U/∂θ[{i}] = {gradient[i]:R}, finite difference {numeric:R}");
        }
    }
}
