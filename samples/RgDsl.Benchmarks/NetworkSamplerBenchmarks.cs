using BenchmarkDotNet.Attributes;
using RgDsl.Networks;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using RgDsl.Networks.Sampling;

namespace RgDsl.Benchmarks;

/// <summary>
/// Issue 15's speed targets, one operation each (the Allocated column must read "-", i.e. zero bytes per step):
/// a full-batch Langevin step on all weights at N = 256, d = 64, P = 1000, one chain on all cores (target ≥ 200 steps/s,
/// i.e. ≤ 5 ms), and the collapsed posterior's gradient and one collapsed-HMC proposal at N = 128, d = 64, P = 500 on one
/// core (the sampler runs one chain per core). ESS/s comes from the measurement mode (--network-ess).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class NetworkSamplerBenchmarks : IDisposable
{
    private WorkerTeam _langevinTeam = null!, _hmcTeam = null!;
    private LangevinChain _langevin = null!;
    private CollapsedPosterior _collapsed = null!;
    private CollapsedHmcChain _hmc = null!;
    private double[] _x = null!, _gradient = null!;

    [Params(Activation.Erf, Activation.Relu)]
    public Activation Activation { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _langevinTeam = new WorkerTeam(Environment.ProcessorCount);
        var (train, test) = NetworkProblems.Teacher(64, 1000, 200);
        var wide = new NetworkArchitecture(64, 1, 256, Activation);
        // BurnIn 2: the dense readout mass is fixed at step 1; 40 samples are kept during set-up, none after.
        _langevin = new LangevinChain(new WeightLayout(wide), 0.05, train, test, new LangevinOptions(1e-4, BurnIn: 2, Samples: 40, Thinning: 1, Preconditioner: LangevinPreconditioner.DenseReadout), 1, _langevinTeam);
        for (var i = 0; i < 50; i++) _langevin.Step();

        _hmcTeam = new WorkerTeam(1);
        var (hmcTrain, hmcTest) = NetworkProblems.Teacher(64, 500, 500);
        var narrow = new NetworkArchitecture(64, 1, 128, Activation);
        var layout = new WeightLayout(narrow);
        _collapsed = new CollapsedPosterior(layout, 0.05, hmcTrain, hmcTest, new MatrixProduct(_hmcTeam));
        var random = new Random(1);
        _x = Enumerable.Range(0, layout.HiddenCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        _gradient = new double[_x.Length];
        _hmc = new CollapsedHmcChain(layout, 0.05, hmcTrain, hmcTest, new CollapsedHmcOptions(Warmup: 0, Samples: 40, InitialStepSize: 0.12), 2, _hmcTeam);
        for (var i = 0; i < 45; i++) _hmc.Iterate();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _langevinTeam.Dispose();
        _hmcTeam.Dispose();
    }

    /// <summary>One full-batch Langevin step, N = 256, d = 64, P = 1000, all cores.</summary>
    [Benchmark]
    public void LangevinStep() => _langevin.Step();

    /// <summary>U_data and its gradient for the collapsed posterior, N = 128, d = 64, P = 500, one core.</summary>
    [Benchmark]
    public double CollapsedGradient() => _collapsed.Evaluate(_x, _gradient);

    /// <summary>One collapsed-HMC proposal (≈ 10 gradients at step 0.12, trajectory ≤ π/2), one core.</summary>
    [Benchmark]
    public void CollapsedHmcProposal() => _hmc.Iterate();
}
