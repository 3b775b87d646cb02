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
        var (train, _) = Data.Split(24, 1, seed: 7);
        var phi = ActivationFunction.Of(Activation.Linear);
        var closed = AdaptiveKernel.Solve(phi, 1, 1, 0.02, train.Inputs, train.Labels);
        var sampled = AdaptiveKernel.Solve(phi, 1, 1, 0.02, train.Inputs, train.Labels, new AdaptiveKernelOptions(Method: AdaptiveKernelMethod.ImportanceSampling));
        var (errorClosed, errorSampled) = (LinearError(closed, Data), LinearError(sampled, Data));
        output.WriteLine($"closed {errorClosed:G6} (G = {closed.TiltStrength:G4}), sampled {errorSampled:G6} (G = {sampled.TiltStrength:G4}, ESS {sampled.EffectiveSampleFraction:P1}, {sampled.Iterations} iterations)");
        Assert.Equal(AdaptiveKernelMethod.ImportanceSampling, sampled.Method);
        Assert.Empty(sampled.Warnings);
        Assert.Equal(closed.TiltStrength!.Value, sampled.TiltStrength!.Value, 0.02);
        Assert.Equal(errorClosed, errorSampled, 0.03 * errorClosed);
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
