using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Theory;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

public class AdaptiveKernelTests(ITestOutputHelper output)
{
    private static readonly PowerLawGaussianData Data = NetworkData.PowerLawGaussian(12, 0.5, Teacher.Linear(0.5, 4), labelNoise: 0.01);

    /// <summary>The exact test error of a linear predictor u on Gaussian inputs with a linear teacher: Σ_j (u_j − u*_j)² Σ_jj + σ².</summary>
    private static double LinearError(AdaptiveKernelSolution solution, PowerLawGaussianData data)
    {
        var d = data.Dimension;
        var unit = Enumerable.Range(0, d).Select(j => Enumerable.Range(0, d).Select(i => i == j ? 1.0 : 0).ToArray()).ToArray();
        var u = solution.Predict(unit);
        var teacher = ((LinearTeacher)data.Teacher).Weights;
        return Enumerable.Range(0, d).Sum(j => (u[j] - teacher[j]) * (u[j] - teacher[j]) * data.Variances[j]) + data.LabelNoise;
    }

    [Fact]
    public void LinearSaddleIsTheLargeWidthLimitOfTheExactScaleMixture()
    {
        // THEORY §6.5: for linear φ the saddle must be the exact mixture's N → ∞ limit (independent oracle:
        // ExactLinearMixture integrates the Gamma prior of s on a 16,001-node grid). At N = 20,000 the neglected
        // log-determinant shifts s by O(P/N) = 0.1%.
        var architecture = new NetworkArchitecture(12, 1, 20_000, Activation.Linear, Parameterisation.MeanField);
        const double ridge = 0.02;
        var largestShift = 0.0;
        for (var i = 0; i < 3; i++)
        {
            var (train, test) = Data.Split(24, 1, seed: 40 + i);
            var exact = ExactLinearMixture.Solve(architecture, Data, ridge, train, test);
            var saddle = AdaptiveKernel.Solve(architecture, ridge, train.Inputs, train.Labels);
            var error = LinearError(saddle, Data);
            var s = 1 / (1 - saddle.TiltStrength!.Value);
            output.WriteLine($"set {i}: exact {exact.TestError:G6} (⟨s⟩ = {exact.MeanScale:G5}), saddle {error:G6} (s* = {s:G5}), GP {exact.GaussianProcessError:G6}");
            Assert.Equal(AdaptiveKernelPhase.Adapted, saddle.Phase);
            Assert.Equal(AdaptiveKernelMethod.GaussianTilt, saddle.Method);
            Assert.Equal(exact.MeanScale, s, 0.01 * exact.MeanScale);
            Assert.Equal(exact.TestError, error, 0.01 * exact.TestError);
            // The case matters: the adapted kernel's scale is far from 1 (and below, the error far from the GP's).
            Assert.True(s > 2, $"s* = {s}");
            largestShift = Math.Max(largestShift, Math.Abs(error / exact.GaussianProcessError - 1));
        }
        Assert.True(largestShift > 0.2, $"the adapted kernel's error differs from the GP's by at most {largestShift:P0}");
    }

    [Fact]
    public void ImportanceSamplingReproducesTheGaussianTiltForLinearPhi()
    {
        // The general sampler, forced on linear φ, against the closed form: the same saddle within its Monte-Carlo error.
        SampledAgainstClosedForm(Data, 24, 7, 0.02);
    }

    /// <summary>
    /// Linear φ solved in closed form and by the importance sampler on one training set: the sampler's tilt strength
    /// within 0.02 and its test error within 3%, without warnings.
    /// </summary>
    private (AdaptiveKernelSolution Closed, AdaptiveKernelSolution Sampled) SampledAgainstClosedForm(PowerLawGaussianData data, int size, int seed, double ridge)
    {
        var (train, _) = data.Split(size, 1, seed);
        var phi = ActivationFunction.Of(Activation.Linear);
        var closed = AdaptiveKernel.Solve(phi, 1, 1, ridge, train.Inputs, train.Labels);
        var sampled = AdaptiveKernel.Solve(phi, 1, 1, ridge, train.Inputs, train.Labels, new AdaptiveKernelOptions(Method: AdaptiveKernelMethod.ImportanceSampling));
        var (errorClosed, errorSampled) = (LinearError(closed, data), LinearError(sampled, data));
        output.WriteLine($"closed {errorClosed:G6} (G = {closed.TiltStrength:G4}), sampled {errorSampled:G6} (G = {sampled.TiltStrength:G4}, ESS {sampled.EffectiveSampleFraction:P1}, {sampled.Iterations} iterations)");
        Assert.Equal(AdaptiveKernelMethod.ImportanceSampling, sampled.Method);
        Assert.Empty(sampled.Warnings);
        Assert.Equal(closed.TiltStrength!.Value, sampled.TiltStrength!.Value, 0.02);
        Assert.Equal(errorClosed, errorSampled, 0.03 * errorClosed);
        return (closed, sampled);
    }

    [Fact]
    public void ImportanceSamplingAtHighRankFindsTheTiltedDirection()
    {
        // d = 200, P = 160, so r = 160 > FullEigenRank; G ≈ 0.8: against the closed form of linear φ, the same saddle.
        // Before the tilt direction Bᵀα was fitted a priori, the noise edge (1 + √(r/ESS))² hid it at this rank and the
        // sampler drifted to G = 0.999 with 2% effective samples and a test error of 1.59 (full eigendecomposition) or
        // 0.948 (subspace iteration) against the closed form's 0.879.
        var (closed, sampled) = SampledAgainstClosedForm(NetworkData.PowerLawGaussian(200, 0.5, Teacher.Linear(0.5, 4), labelNoise: 0.01), 160, 8, 16);
        Assert.Equal(AdaptiveKernelPhase.Adapted, sampled.Phase);
        Assert.True(closed.TiltStrength > 0.5, $"G = {closed.TiltStrength}");
    }

    [Fact]
    public void SubspaceIterationFindsTheResolvedDirectionsOfAFullEigendecomposition()
    {
        // Above FullEigenRank the proposal's directions come from subspace iteration and Rayleigh–Ritz. On a weighted
        // covariance of the kind it meets (a Wishart bulk of r = 300 directions from 2,000 samples, edge of the bulk
        // (1 + √0.15)² = 1.92, plus four spikes), against MathNet's full eigendecomposition (independent code): the
        // same directions above the noise edge, their eigenvalues to 1e-8 and their eigenvectors to 1e-6.
        const int r = 300, n = 2000;
        Assert.True(r > TiltedUnitSampler.FullEigenRank);
        var random = new Random(5);
        var x = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, r, (_, _) => RgDsl.Networks.Data.StandardNormal.Sample(random));
        var covariance = x.TransposeThisAndMultiply(x) / n;
        foreach (var (spike, k) in new[] { (50.0, 3), (20.0, 40), (8.0, 111), (4.0, 250) })
        {
            var u = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(r, i => Math.Cos(0.1 * k * (i + 1)) + (i == k ? 3 : 0)).Normalize(2);
            covariance += spike * u.OuterProduct(u);
        }
        var edge = 1.1 * Math.Pow(1 + Math.Sqrt((double)r / n), 2);
        var sampler = new TiltedUnitSampler(ActivationFunction.Of(Activation.Tanh), 1, 1, [[1.0]], 2, 1);
        var (values, vectors) = sampler.ResolvedDirections(covariance, edge);

        var evd = covariance.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var expected = Enumerable.Range(0, r).Where(k => evd.EigenValues[k].Real > edge).OrderByDescending(k => evd.EigenValues[k].Real).ToArray();
        output.WriteLine($"edge {edge:G4}; full: {string.Join(", ", expected.Select(k => evd.EigenValues[k].Real.ToString("G6")))}; subspace: {string.Join(", ", values.Select(v => v.ToString("G6")))}");
        Assert.Equal(4, expected.Length);
        Assert.Equal(expected.Length, values.Count);
        var order = Enumerable.Range(0, values.Count).OrderByDescending(j => values[j]).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(evd.EigenValues[expected[i]].Real, values[order[i]], 1e-8 * values[order[i]]);
            Assert.True(Math.Abs(evd.EigenVectors.Column(expected[i]).DotProduct(vectors.Column(order[i]))) > 1 - 1e-6);
        }
        // Orthonormal, so that the proposal's density (and its log-determinant) is exact for whatever directions it has.
        Assert.True((vectors.TransposeThisAndMultiply(vectors) - MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(values.Count)).L2Norm() < 1e-10);
    }

    [Fact]
    public void RidgeZeroAndNonConvergenceAreClearErrors()
    {
        var (train, _) = Data.Split(8, 1, seed: 3);
        var relu = ActivationFunction.Of(Activation.Relu);
        var zero = Assert.Throws<ArgumentException>(() => AdaptiveKernel.Solve(relu, 1, 1, 0, train.Inputs, train.Labels));
        Assert.Equal("ridge", zero.ParamName);
        Assert.Contains("ridge of zero", zero.Message);
        var stuck = Assert.Throws<InvalidOperationException>(() => AdaptiveKernel.Solve(relu, 1, 1, 0.01, train.Inputs, train.Labels, new AdaptiveKernelOptions(MaxIterations: 3)));
        Assert.Contains("3 iterations", stuck.Message);
        Assert.Contains("residual", stuck.Message);
        Assert.False(AdaptiveKernel.TrySolve(relu, 1, 1, 0.01, train.Inputs, train.Labels, new AdaptiveKernelOptions(MaxIterations: 3), out _, out var error));
        Assert.Contains("did not converge", error);
        Assert.Throws<ArgumentException>(() => AdaptiveKernel.Solve(new NetworkArchitecture(12, 2, 8, Activation.Relu, Parameterisation.MeanField), 0.1, train.Inputs, train.Labels));
    }
}
