using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Theory;
using RgDsl.Networks.Functions;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

/// <summary>The two-hidden-layer kernel-adaptation saddle (<see cref="AdaptiveKernel.TrySolveTwoLayers"/>).</summary>
public class AdaptiveKernelTwoLayerTests(ITestOutputHelper output)
{
    private static readonly PowerLawGaussianData Data = NetworkData.PowerLawGaussian(12, 0.5, Teacher.Linear(0.5, 4), labelNoise: 0.01);

    /// <summary>The exact test error of a linear predictor on Gaussian inputs with a linear teacher (its values on the unit vectors are its weights).</summary>
    private static double LinearError(Func<double[][], double[]> predict, PowerLawGaussianData data)
    {
        var d = data.Dimension;
        var u = predict(Enumerable.Range(0, d).Select(j => Enumerable.Range(0, d).Select(i => i == j ? 1.0 : 0).ToArray()).ToArray());
        var teacher = ((LinearTeacher)data.Teacher).Weights;
        return Enumerable.Range(0, d).Sum(j => (u[j] - teacher[j]) * (u[j] - teacher[j]) * data.Variances[j]) + data.LabelNoise;
    }

    /// <summary>
    /// The N → ∞ saddle of the exact two-Gamma mixture, by hand: maximising ½Σ_l(ln s_l − s_l) − ½yᵀ(s₁s₂K + κ)⁻¹y gives
    /// s₁ = s₂ = t with 1 − 1/t = t·g(t²), g(s) = yᵀ(sK + κ)⁻¹K(sK + κ)⁻¹y; the predictor is the GP's at t²K. Bisection in t.
    /// </summary>
    private static (double T, Func<double[][], double[]> Predict) TwoGammaSaddle(double[][] inputs, double[] labels, double ridge)
    {
        var d = inputs[0].Length;
        var x = Matrix<double>.Build.DenseOfRowArrays(inputs);
        var k = x.TransposeAndMultiply(x) / d;
        var y = Vector<double>.Build.DenseOfArray(labels);
        var identity = Matrix<double>.Build.DenseIdentity(inputs.Length);
        double Equation(double t)
        {
            var a = (t * t * k + ridge * identity).Inverse();
            var v = a * y;
            return 1 - 1 / t - t * v.DotProduct(k * v);
        }
        double lo = 1, hi = 2;
        while (Equation(hi) < 0) hi *= 2;
        for (var i = 0; i < 200; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Equation(mid) < 0) lo = mid; else hi = mid;
        }
        var t = 0.5 * (lo + hi);
        var alpha = (t * t * k + ridge * identity).Solve(y);
        return (t, test => (Matrix<double>.Build.DenseOfRowArrays(test) * (x.TransposeThisAndMultiply(alpha)) * (t * t / d)).ToArray());
    }

    [Fact]
    public void LinearTwoLayerSaddleIsTheLargeWidthLimitOfTheExactMixture()
    {
        // THEORY §6.5 for two layers: linear φ must give the N → ∞ saddle of the exact product-of-Gammas mixture. Two
        // oracles: the saddle equations of the mixture solved by hand (to round-off), and ExactLinearMixture, which
        // integrates the two-Gamma prior at N = 20,000 (its O(P/N) log-determinant shifts the error by about 0.1%).
        var architecture = new NetworkArchitecture(12, 2, 20_000, Activation.Linear, Parameterisation.MeanField);
        const double ridge = 0.02;
        var largestShift = 0.0;
        for (var i = 0; i < 3; i++)
        {
            var (train, test) = Data.Split(24, 1, seed: 40 + i);
            var saddle = AdaptiveKernel.Solve(architecture, ridge, train.Inputs, train.Labels);
            var (t, byHand) = TwoGammaSaddle(train.Inputs, train.Labels, ridge);
            var exact = ExactLinearMixture.Solve(architecture, Data, ridge, train, test);
            var (error, handError) = (LinearError(saddle.Predict, Data), LinearError(byHand, Data));
            output.WriteLine($"set {i}: saddle {error:G8} ({saddle.Iterations} layer iterations, residual {saddle.Residual:G2}), by hand {handError:G8} (t = {t:G6}), exact N = 20,000 {exact.TestError:G6} (⟨s⟩ = {exact.MeanScale:G5} against t² = {t * t:G5}), GP {exact.GaussianProcessError:G6}");
            Assert.Equal(AdaptiveKernelPhase.Adapted, saddle.Phase);
            Assert.Equal(handError, error, 1e-6 * handError);
            Assert.Equal(exact.MeanScale, t * t, 0.01 * exact.MeanScale);
            Assert.Equal(exact.TestError, error, 0.01 * exact.TestError);
            Assert.True(t * t > 2, $"t² = {t * t}: the case should adapt strongly");
            largestShift = Math.Max(largestShift, Math.Abs(error / exact.GaussianProcessError - 1));
        }
        Assert.True(largestShift > 0.2, $"the adapted kernel's error differs from the GP's by at most {largestShift:P0}");
    }

    [Fact]
    public void ImportanceSampledFirstLayerReproducesTheGaussianOneForLinearPhi()
    {
        // The sampled first layer (and the second layer's sampler, whose tilted second moment makes the first layer's
        // tilt) forced on linear φ, against the closed forms: the same test error within 3%.
        var architecture = new NetworkArchitecture(12, 2, 1000, Activation.Linear, Parameterisation.MeanField);
        var (train, _) = Data.Split(24, 1, seed: 7);
        var closed = AdaptiveKernel.Solve(architecture, 0.02, train.Inputs, train.Labels);
        var sampled = AdaptiveKernel.Solve(architecture, 0.02, train.Inputs, train.Labels, new AdaptiveKernelOptions(Units: 2048, Method: AdaptiveKernelMethod.ImportanceSampling));
        var (errorClosed, errorSampled) = (LinearError(closed.Predict, Data), LinearError(sampled.Predict, Data));
        output.WriteLine($"closed {errorClosed:G6} (scales {string.Join(", ", closed.LayerScales.Select(s => s.ToString("G4")))}), sampled {errorSampled:G6} (scales {string.Join(", ", sampled.LayerScales.Select(s => s.ToString("G4")))}, ESS {sampled.EffectiveSampleFraction:P1}, {sampled.Iterations} layer iterations)");
        foreach (var w in sampled.Warnings) output.WriteLine("  " + w);
        Assert.Equal(AdaptiveKernelMethod.ImportanceSampling, sampled.Method);
        Assert.Equal(errorClosed, errorSampled, 0.03 * errorClosed);
        Assert.Equal(closed.LayerScales[0], sampled.LayerScales[0], 0.03 * closed.LayerScales[0]);
    }

    [Fact]
    public void SmoothnessAndGrowthDecideWhereTheTwoLayerSaddleApplies()
    {
        Assert.True(ActivationFunction.Of(Activation.Tanh).IsSmooth);
        Assert.False(ActivationFunction.Of(Activation.Relu).IsSmooth);
        Assert.True(new ActivationFunction("z + 0.3 tanh z", z => z + 0.3 * Math.Tanh(z)).IsSmooth);
        Assert.False(new ActivationFunction("leaky", z => z > 0 ? z : 0.1 * z).IsSmooth);
        Assert.False(new ActivationFunction("|z|", Math.Abs).IsSmooth);
        NetworkArchitecture Deep(ActivationFunction phi, int depth = 2) => new(8, depth, 64, phi, Parameterisation.MeanField);
        Assert.True(AdaptiveKernel.Applies(Deep(ActivationFunction.Of(Activation.Erf))));
        Assert.True(AdaptiveKernel.Applies(Deep(ActivationFunction.Of(Activation.Relu), depth: 1)));
        Assert.False(AdaptiveKernel.Applies(Deep(ActivationFunction.Of(Activation.Relu))));
        Assert.False(AdaptiveKernel.Applies(Deep(AdaptiveKernelNetworkTests.Cubic(0.1))));
        Assert.False(AdaptiveKernel.Applies(Deep(ActivationFunction.Of(Activation.Tanh), depth: 3)));
        var (train, _) = Data.Split(8, 1, seed: 3);
        var kink = Assert.Throws<ArgumentException>(() => AdaptiveKernel.SolveTwoLayers(new NetworkArchitecture(12, 2, 64, Activation.Relu, Parameterisation.MeanField), 0.05, train.Inputs, train.Labels));
        Assert.Contains("kink", kink.Message);
        var deep = Assert.Throws<ArgumentException>(() => AdaptiveKernel.Solve(new NetworkArchitecture(12, 3, 64, Activation.Tanh, Parameterisation.MeanField), 0.05, train.Inputs, train.Labels));
        Assert.Contains("one and two hidden layers", deep.Message);
        Assert.Throws<ArgumentException>(() => AdaptiveKernel.SolveTwoLayers(new NetworkArchitecture(12, 2, 64, Activation.Tanh, Parameterisation.MeanField), 0, train.Inputs, train.Labels));
        // Samples past the memory budget are refused before anything is drawn.
        var huge = Assert.Throws<ArgumentException>(() => AdaptiveKernel.SolveTwoLayers(new NetworkArchitecture(12, 2, 64, Activation.Tanh, Parameterisation.MeanField), 0.05, train.Inputs, train.Labels,
            new AdaptiveKernelOptions(Units: 400_000_000)));
        Assert.Contains("Units", huge.Message);
    }

    [Fact]
    public void PredictTakesTheTwoLayerSaddleForASmoothPhiAndWarnsForAKink()
    {
        // The main job's feature-learning family (teacher power 4, κ = 0.5), where the Langevin check finds no mass the draws miss.
        var data = NetworkData.PowerLawGaussian(8, 0.5, Teacher.Linear(0.5, 4), labelNoise: 0.01);
        var options = NetworkTheoryOptions.Default with { AdaptiveDatasets = 2, AdaptiveUnits = 1024, AdaptiveTestPoints = 200, PoolSize = 300, ShapeDatasets = 2, ShapeUnits = 1000, ShapeNeurons = 2000, ShapeTestPoints = 100, LevelCheckMaxSize = 0 };
        var tanh = new NetworkTheory(new NetworkArchitecture(8, 2, 64, Activation.Tanh, Parameterisation.MeanField), data, 0.5, options).Predict(16);
        Assert.Equal(NetworkTreatment.AdaptiveKernel, tanh.Treatment);
        Assert.True(tanh.AdaptiveKernel is not null, string.Join("; ", tanh.Warnings));
        Assert.Equal(tanh.AdaptiveKernelPoint!.TestError, tanh.Point.TestError);
        Assert.True(!tanh.Warnings.Any(w => w.Contains("cannot be trusted", StringComparison.Ordinal)), string.Join(" | ", tanh.Warnings));
        Assert.All(tanh.AdaptiveKernel!.Solutions, s => Assert.Equal(2, s.LayerScales.Count));
        var relu = new NetworkTheory(new NetworkArchitecture(8, 2, 64, Activation.Relu, Parameterisation.MeanField), data, 0.05, options).Predict(16);
        Assert.NotEqual(NetworkTreatment.AdaptiveKernel, relu.Treatment);
        Assert.Null(relu.AdaptiveKernel);
        Assert.Contains(relu.Warnings, w => w.Contains("continuous derivative", StringComparison.Ordinal) && w.Contains("cannot be trusted", StringComparison.Ordinal));
    }

    private (AdaptiveKernelPrediction Theory, NetworkExperiment Sampled) Compare(NetworkData data, ActivationFunction activation, int width, int p, double ridge, int datasets,
        double weightVariance = 1, int warmup = 150, int samples = 200, int units = 2048)
    {
        var architecture = new NetworkArchitecture(data.Dimension, 2, width, activation, Parameterisation.MeanField, weightVariance);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var theory = AdaptiveKernelAverage.Compute(architecture, data, ridge, p, datasets, testPoints: 300, seed: 11, new AdaptiveKernelOptions(Units: units));
        var theorySeconds = watch.Elapsed.TotalSeconds;
        var sampled = NetworkExperiments.Run(architecture, data, ridge, p, NetworkSamplerKind.CollapsedHmc,
            new NetworkExperimentOptions(Datasets: datasets, TestPoints: 300, Seed: 11, CollapsedHmc: new CollapsedHmcOptions(Warmup: warmup, Samples: samples)));
        var differences = theory.PerSetErrors.Select((t, i) => t - sampled.Runs[i].TestError.Value - data.LabelNoise).ToArray();
        var (mean, se) = (differences.Average(), Math.Sqrt(differences.Sum(x => Math.Pow(x - differences.Average(), 2)) / (differences.Length - 1) / differences.Length));
        var within = Math.Abs(mean) <= 3 * se + 0.1 * sampled.TestError.Value;
        output.WriteLine(FormattableString.Invariant(
            $"{activation.Name} L = 2 σ_w² = {weightVariance} N = {width} P = {p} κ = {ridge}: sampled {sampled.TestError}, adapted kernel {theory.TestError} (paired difference {mean:G3} ± {se:G3}: {(within ? "within" : "OUTSIDE")} 3 s.e. + 10%; {theorySeconds:F1} s; layer scales {string.Join(", ", theory.Solutions.Select(s => string.Join("/", s.LayerScales.Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))))}), NNGP {theory.GaussianProcessError}; sampled/NNGP − 1 = {sampled.RelativeShift}, adapted/NNGP − 1 = {theory.RelativeShift}; mixed {sampled.IsReliable}"));
        foreach (var w in sampled.Warnings.Concat(theory.Warnings).Distinct().Take(6)) output.WriteLine("  " + w);
        return (theory, sampled);
    }

    [Fact]
    public void TanhTwoLayerMeanFieldNetworkAgreesWithTheSaddle()
    {
        // Sampled collapsed-HMC networks (both hidden layers sampled, the readout integrated) on the saddle's training sets.
        var data = NetworkData.PowerLawGaussian(8, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        var (theory, sampled) = Compare(data, ActivationFunction.Of(Activation.Tanh), 64, 16, 0.05, datasets: 4, units: 1024);
        // The Langevin check of the draws (a missed mass makes the N → ∞ saddle differ from this one; the networks are compared all the same).
        foreach (var w in theory.Warnings.Where(w => w.Contains("miss", StringComparison.Ordinal))) output.WriteLine("  " + w);
        AdaptiveKernelNetworkTests.AssertAgree(theory, sampled, data.LabelNoise);
        // The adaptation matters: the saddle moves the error away from the NNGP's, as the networks do.
        Assert.True(theory.RelativeShift.Value < -0.1, $"adapted/NNGP − 1 = {theory.RelativeShift}");
        Assert.All(theory.Solutions, s => Assert.True(s.LayerScales.Count == 2 && s.LayerScales[1] > 1.2, "the last layer's kernel grows"));
    }

    /// <summary>
    /// The two-layer table: tanh, erf, and the weakly non-linear z + 0.3 tanh z; N ∈ {64, 256}; P ∈ {16, 64};
    /// linear and Hermite teachers, d = 16, κ = 0.05, 4 training sets.
    /// </summary>
    [LongFact]
    public void TwoLayerMeasurementTable()
    {
        var hermite = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Function(x => (x[0] * x[0] - 1) / Math.Sqrt(2) + x[0], "He₁ + He₂ of x₁"), labelNoise: 0.01);
        var linear = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        var only = Environment.GetEnvironmentVariable("RGDSL_TABLE");
        var activations = new[]
        {
            (ActivationFunction.Of(Activation.Tanh), 1.0), (ActivationFunction.Of(Activation.Erf), 1.0),
            (new ActivationFunction("z + 0.3 tanh z", z => z + 0.3 * Math.Tanh(z)), 1.0),
        };
        foreach (var (data, name) in new[] { (linear, "linear teacher"), (hermite, "Hermite teacher") })
            foreach (var (activation, sw) in activations)
                foreach (var width in new[] { 64, 256 })
                    foreach (var p in new[] { 16, 64 })
                    {
                        if (only is not null && !FormattableString.Invariant($"{name}:{activation.Name}:{sw}:{width}:{p}").Contains(only, StringComparison.Ordinal)) continue;
                        output.WriteLine(name);
                        Console.WriteLine(name);
                        var watch = System.Diagnostics.Stopwatch.StartNew();
                        try { Compare(data, activation, width, p, 0.05, datasets: 4, weightVariance: sw); }
                        catch (InvalidOperationException e) { output.WriteLine($"  {activation.Name} N = {width} P = {p}: {e.Message}"); }
                        output.WriteLine(FormattableString.Invariant($"  {watch.Elapsed.TotalSeconds:F1} s"));
                    }
    }
}
