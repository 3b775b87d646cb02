using BenchmarkDotNet.Attributes;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using RgDsl.Networks.Sampling;

namespace RgDsl.Benchmarks;

/// <summary>
/// Issue 15's Langevin target, one step per operation (the Allocated column must read "-": zero bytes per step): a
/// full-batch step on all weights at N = 256, d = 64, P = 1000 (target ≥ 200 steps/s, i.e. ≤ 5 ms), with the matrix
/// products on one thread or shared by two.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class LangevinStepBenchmarks : IDisposable
{
    private WorkerTeam _team = null!;
    private LangevinChain _langevin = null!;

    [Params(Activation.Erf, Activation.Relu)]
    public Activation Activation { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _team = new WorkerTeam(Threads);
        var (train, test) = NetworkProblems.Teacher(64, 1000, 200);
        var wide = new NetworkArchitecture(64, 1, 256, Activation);
        // BurnIn 2: the dense readout mass is fixed at step 1; 40 samples are kept during set-up, none after.
        _langevin = new LangevinChain(new WeightLayout(wide), 0.05, train, test,
            new LangevinOptions(1e-4, BurnIn: 2, Samples: 40, Thinning: 1, Preconditioner: LangevinPreconditioner.DenseReadout), 1, _team);
        for (var i = 0; i < 50; i++) _langevin.Step();
    }

    [GlobalCleanup]
    public void Dispose() => _team.Dispose();

    /// <summary>One full-batch Langevin step, N = 256, d = 64, P = 1000.</summary>
    [Benchmark]
    public void LangevinStep() => _langevin.Step();
}

/// <summary>
/// The collapsed sampler's costs at N = 128, d = 64, P = 500 on one core (the sampler runs one chain per core): the
/// gradient of the collapsed posterior and one HMC proposal. Its target (≥ 10 effective samples of the test error per
/// second) is measured by the measurement mode (--network-ess).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CollapsedHmcBenchmarks : IDisposable
{
    private CollapsedCosts _costs = null!;

    [Params(Activation.Erf, Activation.Relu)]
    public Activation Activation { get; set; }

    [GlobalSetup]
    public void Setup() => _costs = new CollapsedCosts(new NetworkArchitecture(64, 1, 128, Activation), 500, 500, step: 0.15, iterations: 45, prior: false);

    [GlobalCleanup]
    public void Dispose() => _costs.Dispose();

    /// <summary>U_data and its gradient for the collapsed posterior.</summary>
    [Benchmark]
    public double CollapsedGradient() => _costs.Gradient();

    /// <summary>One collapsed-HMC proposal (about 8 gradients at step 0.15, trajectory ≤ π/2).</summary>
    [Benchmark]
    public void CollapsedHmcProposal() => _costs.Proposal();
}

/// <summary>
/// Issue 20's deep sampler target (collapsed HMC over L = 3 hidden layers, erf, N = 256, P = 1,024, d = 32, κ = 0.05:
/// at least 1 effective sample of the test error per second on 2 cores) by its costs on one core (the sampler runs
/// one chain per core): the gradient of the collapsed posterior over all three hidden layers, and one HMC proposal.
/// The effective samples per proposal come from the measurement mode (<c>--deep-hmc-ess</c>, which also prints
/// ESS/s directly); ESS/s on two chains = 2 × (ESS per kept proposal) / (this proposal's time), the warm-up aside.
/// Run: <c>dotnet run -c Release --project samples/RgDsl.Benchmarks -- --filter '*DeepCollapsedHmc*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class DeepCollapsedHmcBenchmarks : IDisposable
{
    private CollapsedCosts _costs = null!;

    // The step the measurement mode's warm-up adapts to is about 0.1 here; the chain starts with it and keeps it.
    [GlobalSetup]
    public void Setup() => _costs = new CollapsedCosts(new NetworkArchitecture(32, 3, 256, Activation.Erf), 1024, 200, step: 0.1, iterations: 5);

    [GlobalCleanup]
    public void Dispose() => _costs.Dispose();

    /// <summary>U_data and its gradient over the three hidden layers' weights.</summary>
    [Benchmark]
    public double DeepCollapsedGradient() => _costs.Gradient();

    /// <summary>One collapsed-HMC proposal (a trajectory of leapfrog steps and the Metropolis test).</summary>
    [Benchmark]
    public void DeepCollapsedHmcProposal() => _costs.Proposal();
}

/// <summary>
/// A collapsed posterior and an HMC chain on one core for a teacher problem (<see cref="NetworkProblems.Teacher"/>,
/// κ = 0.05): the state the collapsed sampler's benchmarks time.
/// </summary>
internal sealed class CollapsedCosts : IDisposable
{
    private readonly WorkerTeam _team = new(1);
    private readonly CollapsedPosterior _collapsed;
    private readonly CollapsedHmcChain _hmc;
    private readonly double[] _x, _gradient;

    /// <param name="step">The chain's fixed step (no warm-up).</param>
    /// <param name="iterations">Proposals made before timing.</param>
    /// <param name="prior">The point the gradient is timed at: a prior draw (true) or uniform in [−½, ½] per weight.</param>
    public CollapsedCosts(NetworkArchitecture architecture, int trainCount, int testCount, double step, int iterations, bool prior = true)
    {
        var (train, test) = NetworkProblems.Teacher(architecture.InputDimension, trainCount, testCount);
        var layout = new WeightLayout(architecture);
        _collapsed = new CollapsedPosterior(layout, 0.05, train, test, new MatrixProduct(_team));
        var random = new Random(1);
        _x = Enumerable.Range(0, layout.HiddenCount).Select(_ => prior ? StandardNormal.Sample(random) : random.NextDouble() - 0.5).ToArray();
        _gradient = new double[_x.Length];
        _hmc = new CollapsedHmcChain(layout, 0.05, train, test, new CollapsedHmcOptions(Warmup: 0, Samples: 40, InitialStepSize: step), 2, _team);
        for (var i = 0; i < iterations; i++) _hmc.Iterate();
    }

    public double Gradient() => _collapsed.Evaluate(_x, _gradient);

    public void Proposal() => _hmc.Iterate();

    public void Dispose() => _team.Dispose();
}
