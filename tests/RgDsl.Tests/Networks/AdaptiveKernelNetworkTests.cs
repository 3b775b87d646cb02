using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Theory;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

/// <summary>The adaptive-kernel saddle against sampled mean-field networks (collapsed HMC on the same training and test sets).</summary>
public class AdaptiveKernelNetworkTests(ITestOutputHelper output)
{
    private static readonly NetworkData Data = NetworkData.PowerLawGaussian(8, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);

    private (AdaptiveKernelPrediction Theory, NetworkExperiment Sampled) Compare(NetworkData data, Activation activation, int width, int p, double ridge, int datasets,
        double weightVariance = 1, int warmup = 150, int samples = 200) =>
        Compare(data, ActivationFunction.Of(activation), width, p, ridge, datasets, weightVariance, warmup, samples);

    private (AdaptiveKernelPrediction Theory, NetworkExperiment Sampled) Compare(NetworkData data, ActivationFunction activation, int width, int p, double ridge, int datasets,
        double weightVariance = 1, int warmup = 150, int samples = 200)
    {
        var architecture = new NetworkArchitecture(data.Dimension, 1, width, activation, Parameterisation.MeanField, weightVariance);
        var theory = AdaptiveKernelAverage.Compute(architecture, data, ridge, p, datasets, testPoints: 300, seed: 11, new AdaptiveKernelOptions(Units: 2048));
        var sampled = NetworkExperiments.Run(architecture, data, ridge, p, NetworkSamplerKind.CollapsedHmc,
            new NetworkExperimentOptions(Datasets: datasets, TestPoints: 300, Seed: 11, CollapsedHmc: new CollapsedHmcOptions(Warmup: warmup, Samples: samples)));
        output.WriteLine(FormattableString.Invariant(
            $"{activation} σ_w² = {weightVariance} N = {width} P = {p} κ = {ridge}: sampled {sampled.TestError}, adapted kernel {theory.TestError} (scale {theory.MeanScale:F2}, directional {theory.MeanDirectionalChange:F2}), NNGP {theory.GaussianProcessError}; sampled/NNGP − 1 = {sampled.RelativeShift}"));
        foreach (var w in sampled.Warnings.Concat(theory.Warnings)) output.WriteLine("  " + w);
        return (theory, sampled);
    }

    /// <summary>
    /// Theory − networks paired on the same training sets (the per-set differences carry the error, not the spread
    /// between sets): mean and standard error; the networks' per-set errors leave out the label noise, the theory's do not.
    /// </summary>
    internal static (double Mean, double StandardError) PairedDifference(AdaptiveKernelPrediction theory, NetworkExperiment sampled, double noise) =>
        RgDsl.Statistics.MeanError.Of(theory.PerSetErrors.Select((t, i) => t - sampled.Runs[i].TestError.Value - noise).ToArray());

    /// <summary>The saddle agrees with the sampled networks per training set within 3 s.e. + 10% (also for two hidden layers).</summary>
    internal static void AssertAgree(AdaptiveKernelPrediction theory, NetworkExperiment sampled, double noise = 0.01)
    {
        Assert.True(sampled.IsReliable, string.Join("; ", sampled.Warnings));
        Assert.False(theory.HasTransition);
        var (mean, se) = PairedDifference(theory, sampled, noise);
        Assert.True(Math.Abs(mean) <= 3 * se + 0.1 * sampled.TestError.Value, $"adapted kernel − sampled = {mean} ± {se}; sampled {sampled.TestError}");
    }

    [Fact]
    public void LinearMeanFieldNetworkFollowsTheAdaptedKernelAwayFromTheNngp()
    {
        // A large ridge: the NNGP underfits, the mean-field network's kernel scale grows and removes most of the ridge.
        var strong = NetworkData.PowerLawGaussian(8, 0.5, Teacher.Linear(0.5, 4), labelNoise: 0.01);
        var (theory, sampled) = Compare(strong, Activation.Linear, 64, 16, 0.5, datasets: 4);
        AssertAgree(theory, sampled);
        // The adaptation matters here: the network's error is far from the NNGP's.
        Assert.True(Math.Abs(sampled.RelativeShift.Value) > 0.2, $"sampled/NNGP − 1 = {sampled.RelativeShift}");
    }

    [Fact]
    public void TanhMeanFieldNetworkAgreesWithTheAdaptedKernel()
    {
        var (theory, sampled) = Compare(Data, Activation.Tanh, 64, 16, 0.05, datasets: 4);
        AssertAgree(theory, sampled);
        Assert.True(theory.MeanDirectionalChange > 0.05, "a non-linear network's kernel changes shape, not only scale");
    }

    [Fact]
    public void ActivationGrowthIsClassified()
    {
        Assert.Equal(ActivationGrowth.Superlinear, new ActivationFunction("cubic", z => z + 0.1 * z * z * z).Growth);
        Assert.Equal(ActivationGrowth.Superlinear, ActivationFunction.Polynomial("cubic", 0, 1, 0, 0.1).Growth);
        Assert.Equal(ActivationGrowth.Superlinear, new ActivationFunction("exp z²", z => Math.Exp(z * z)).Growth);
        var relu = new ActivationFunction("relu", z => Math.Max(z, 0));
        Assert.Equal(ActivationGrowth.Linear, relu.Growth);
        Assert.Equal((1.0, 0.0), (relu.PositiveSlope, relu.NegativeSlope));
        Assert.Equal(ActivationGrowth.Bounded, new ActivationFunction("tanh", Math.Tanh).Growth);
        Assert.True(new ActivationFunction("2z", z => 2 * z).IsLinear);
        Assert.False(new ActivationFunction("2z + 1", z => 2 * z + 1).IsLinear);
        Assert.True(ActivationFunction.Of(Activation.Linear).IsLinear);
        Assert.False(ActivationFunction.Of(Activation.Relu).IsLinear);
        var (train, _) = Data.Split(8, 1, seed: 5);
        var explosive = Assert.Throws<ArgumentException>(() => AdaptiveKernel.Solve(new ActivationFunction("exp z²", z => Math.Exp(z * z)), 1, 1, 0.05, train.Inputs, train.Labels));
        Assert.Contains("grows too fast", explosive.Message);
    }

    internal static ActivationFunction Cubic(double epsilon) =>
        ActivationFunction.Polynomial(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"z + {epsilon} z³"), 0, 1, 0, epsilon);

    /// <summary>
    /// φ = z + εz³ (ε ∈ {0.1, 0.3}), N = 64, P = 16, linear teacher, κ ∈ {0.05, 0.5}, d = 8 (P &gt; d: the labels have a
    /// part no linear feature reaches) and d = 32: the saddle's phase and barrier per set beside the sampled networks.
    /// </summary>
    [LongFact]
    public void CubicMeanFieldNetworksAgainstTheSaddle()
    {
        foreach (var d in new[] { 8, 32 })
        {
            var data = NetworkData.PowerLawGaussian(d, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
            foreach (var epsilon in new[] { 0.1, 0.3 })
                foreach (var ridge in new[] { 0.05, 0.5 })
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    try
                    {
                        var (theory, sampled) = Compare(data, Cubic(epsilon), 64, 16, ridge, datasets: 4);
                        output.WriteLine(FormattableString.Invariant($"  d = {d}: phase (ΔU) per set ")
                            + string.Join(", ", theory.Solutions.Select(x => FormattableString.Invariant($"{x.Phase} ({x.BarrierHeight:G3})")))
                            + "; saddle per set " + string.Join(", ", theory.PerSetErrors.Select(v => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)))
                            + "; sampled per set " + string.Join(", ", sampled.Runs.Select(r => r.TestError.ToString())));
                    }
                    catch (InvalidOperationException e) { output.WriteLine($"d = {d} ε = {epsilon} κ = {ridge}: {e.Message}"); }
                    output.WriteLine(FormattableString.Invariant($"  {watch.Elapsed.TotalSeconds:F1} s"));
                }
        }
    }

    /// <summary>The table of the report: tanh (σ_w² = 0.25, 1), ReLU and linear; N ∈ {64, 256}; P from 16 up; linear and Hermite teachers.</summary>
    [LongFact]
    public void MeasurementTable()
    {
        var hermite = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Function(x => (x[0] * x[0] - 1) / Math.Sqrt(2) + x[0], "He₁ + He₂ of x₁"), labelNoise: 0.01);
        var linear = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        foreach (var (data, name) in new[] { (linear, "linear teacher"), (hermite, "Hermite teacher") })
            foreach (var (activation, sw) in new[] { (Activation.Tanh, 0.25), (Activation.Tanh, 1.0), (Activation.Relu, 1.0), (Activation.Linear, 1.0) })
                foreach (var width in new[] { 64, 256 })
                    foreach (var p in new[] { 16, 64 })
                    {
                        output.WriteLine(name);
                        try { Compare(data, activation, width, p, 0.05, datasets: 4, weightVariance: sw); }
                        catch (InvalidOperationException e) { output.WriteLine($"  {activation} N = {width} P = {p}: {e.Message}"); }
                    }
    }
}
