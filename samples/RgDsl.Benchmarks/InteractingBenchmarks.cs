using BenchmarkDotNet.Attributes;
using RgDsl.Perturbations;
using RgDsl.Flow;

namespace RgDsl.Benchmarks;

/// <summary>A pair-local W = 1 coupling on 10⁶ power-law modes (issue 3's target: a ShellFlow or Hartree prediction under 1 s).</summary>
[RgModel(Modes = 1_000_000)]
public partial class MillionModeQuartic
{
    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
    [Ridge] public double Kappa => 1e-3;
    [Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-2;
}

[MemoryDiagnoser]
public class InteractingBenchmarks
{
    private MillionModeQuartic _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = new MillionModeQuartic();
        _model.Predict(1e3, Approximation.Hartree); // materialise the modes once
    }

    [Benchmark] public double FirstOrder() => _model.Predict(1e3, Approximation.FirstOrder).TestError;
    [Benchmark] public double Hartree() => _model.Predict(1e3, Approximation.Hartree).TestError;
    [Benchmark] public double ShellFlow() => _model.Predict(1e3, Approximation.ShellFlow).TestError;
}

/// <summary>HMC on 10⁴ modes with W = 1 (issue 3's target: at least 1,000 effective samples per second of the test error).</summary>
public static class HmcMeasurement
{
    public static void Run()
    {
        var model = new InteractingModel(GaussianModel.FromFunctions("hmc", 10_000, k => Math.Pow(k, -2.0), 1e-3, k => Math.Pow(k, -1.5)),
            [Perturbation.ConstantPairLocal("U", 1e-2)]);
        model.Sample(1e3, new SamplerOptions(Chains: 2, Samples: 200, Warmup: 50)); // JIT warm-up
        Console.WriteLine("HMC, 10,000 modes, W = 1, P = 1000: effective samples of the test error per second of wall time (2 cores)");
        for (var repeat = 0; repeat < 3; repeat++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = model.Sample(1e3, new SamplerOptions(Seed: 10 + repeat, Chains: 2, Samples: 4000, Warmup: 300));
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"  run {repeat + 1}: {result.EffectiveSampleSize:F0} effective of {2 * 4000} samples in {seconds:F2} s (warm-up included) = {result.EffectiveSampleSize / seconds:F0} ESS/s; acceptance {result.AcceptanceRate:F2}, step {result.StepSize:F2}"));
        }
    }
}
