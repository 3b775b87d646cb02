using System.Diagnostics;
using RgDsl.Networks;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using RgDsl.Networks.Sampling;

namespace RgDsl.Benchmarks;

/// <summary>
/// Issue 15's speed targets and the samplers' efficiency, measured on this machine (2 cores):
/// Langevin full-batch steps per second at N = 256, d = 64, P = 1000; collapsed-HMC effective samples of the test
/// error per second at N = 128, d = 64, P = 500; both samplers' ESS/s on that same problem; and the discretisation
/// bias of unadjusted Langevin against the exact collapsed sampler, halving η.
/// </summary>
public static class NetworkMeasurement
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    public static void Run(bool quick, bool throughputOnly = false)
    {
        LangevinThroughput();
        if (throughputOnly) return;
        CollapsedEss(quick);
        DiscretisationBias(quick);
    }

    private static void LangevinThroughput()
    {
        Console.WriteLine("Langevin throughput: 1 hidden layer, N = 256, d = 64, P = 1000, one chain on all cores");
        var (train, test) = NetworkProblems.Teacher(64, 1000, 200);
        var first = true;
        foreach (var activation in new[] { Activation.Erf, Activation.Erf, Activation.Relu, Activation.Tanh })
        {
            var architecture = new NetworkArchitecture(64, 1, 256, activation);
            using var team = new WorkerTeam(Environment.ProcessorCount);
            var chain = new LangevinChain(new WeightLayout(architecture), 0.05, train, test,
                new LangevinOptions(1e-4, BurnIn: 2, Samples: 40, Thinning: 1_000_000, Preconditioner: LangevinPreconditioner.DenseReadout), 1, team);
            for (var i = 0; i < 100; i++) chain.Step(); // JIT, dense preconditioner fixed at step 1
            const int steps = 1000;
            var clock = Stopwatch.StartNew();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < steps; i++) chain.Step();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var seconds = clock.Elapsed.TotalSeconds;
            if (first) { first = false; continue; } // the first run only compiles (tiered JIT)
            Console.WriteLine(F($"  {activation,-6}: {steps / seconds,6:F0} steps/s ({seconds / steps * 1e3:F2} ms per step), {allocated} bytes allocated in {steps} steps"));
        }
    }

    /// <summary>
    /// Issue 20's deep target: collapsed HMC over L = 3 hidden layers (erf) at N = 256, P = 1,024, d = 32, κ = 0.05,
    /// 2 chains on 2 cores; target ≥ 1 ESS/s of the test error. Prints ESS/s, gradients per second and leapfrog steps
    /// per trajectory (<c>--deep-hmc-ess [--quick]</c>; quick: 20 warm-up and 40 kept iterations, for the cost per
    /// iteration more than the ESS).
    /// </summary>
    /// <param name="samples">Kept iterations per chain (default 200; warm-up 100): the warm-up is a fixed cost, so a longer run counts it less.</param>
    public static void DeepCollapsedEss(bool quick, int samples = 200)
    {
        Console.WriteLine("Collapsed HMC, erf, 3 hidden layers, N = 256, d = 32, P = 1024, κ = 0.05, 200 test points, 2 chains on 2 cores");
        var (train, test) = NetworkProblems.Teacher(32, 1024, 200);
        var architecture = new NetworkArchitecture(32, 3, 256, Activation.Erf);
        NetworkSampler.CollapsedHmc(architecture, 0.05, train.Take(32), test, new CollapsedHmcOptions(Warmup: 5, Samples: 40)); // JIT
        var options = quick ? new CollapsedHmcOptions(Warmup: 20, Samples: 40) : new CollapsedHmcOptions(Warmup: 100, Samples: samples);
        var hmc = NetworkSampler.CollapsedHmc(architecture, 0.05, train, test, options, seed: 3);
        var iterations = (double)hmc.Chains * (options.Warmup + options.Samples);
        Console.WriteLine(F($"  {options.Warmup} warm-up + {options.Samples} kept iterations per chain: {hmc.EffectiveSampleSize:F0} effective samples in {hmc.WallTime.TotalSeconds:F0} s (warm-up included) = {hmc.EffectiveSamplesPerSecond:F3} ESS/s (target ≥ 1)"));
        Console.WriteLine(F($"  {hmc.GradientEvaluations} gradients = {hmc.GradientEvaluations / hmc.WallTime.TotalSeconds:F1} per second on 2 chains; {hmc.GradientEvaluations / iterations:F1} leapfrog steps per trajectory; acceptance {hmc.AcceptanceRate:F2}, step {hmc.StepSize:F4}; split-R̂ {hmc.SplitRHat:F3}"));
        Console.WriteLine($"    {hmc}");
    }

    private static void CollapsedEss(bool quick)
    {
        Console.WriteLine();
        Console.WriteLine("Both samplers on one problem: erf, 1 hidden layer, N = 128, d = 64, P = 500, κ = 0.05, 500 test points, 2 chains on 2 cores");
        var (train, test) = NetworkProblems.Teacher(64, 500, 500);
        var architecture = new NetworkArchitecture(64, 1, 128, Activation.Erf);
        // JIT warm-up on a small run.
        NetworkSampler.CollapsedHmc(architecture, 0.05, train.Take(50), test, new CollapsedHmcOptions(Warmup: 10, Samples: 40));
        var hmc = NetworkSampler.CollapsedHmc(architecture, 0.05, train, test, new CollapsedHmcOptions(Warmup: 150, Samples: quick ? 200 : 600), seed: 3);
        Console.WriteLine(F($"  collapsed HMC: {hmc.EffectiveSampleSize:F0} effective samples in {hmc.WallTime.TotalSeconds:F1} s (warm-up included) = {hmc.EffectiveSamplesPerSecond:F1} ESS/s; {hmc.GradientEvaluations} gradients; acceptance {hmc.AcceptanceRate:F2}, step {hmc.StepSize:F3}"));
        Console.WriteLine($"    {hmc}");
        // Langevin as a practitioner runs it: the largest step that does not diverge on a short probe, halved;
        // burn-in of 50 and sampling of 100 time units (the prior's relaxation time is 1).
        double LargestStableStep(LangevinPreconditioner preconditioner)
        {
            foreach (var candidate in new[] { 1.6e-2, 8e-3, 4e-3, 2e-3, 1e-3, 5e-4, 2.5e-4, 1.25e-4, 6.25e-5 })
                if (NetworkSampler.TryLangevin(architecture, 0.05, train, test,
                        new LangevinOptions(candidate, BurnIn: 400, Samples: 40, Thinning: 5, Preconditioner: preconditioner), 99, out _))
                    return candidate;
            return double.NaN;
        }
        var stablePrior = LargestStableStep(LangevinPreconditioner.PriorVariance);
        var stableDense = LargestStableStep(LangevinPreconditioner.DenseReadout);
        Console.WriteLine(F($"  Langevin: largest stable step on a 600-step probe (powers of 2): η = {stablePrior} with the prior-variance mass, η = {stableDense} with the dense readout mass"));
        var eta = stableDense / 2;
        var time = quick ? 20.0 : 100.0;
        var thinning = (int)Math.Round(time / 400 / eta);
        var langevinOptions = new LangevinOptions(eta, BurnIn: (int)(time / 2 / eta), Samples: 400, Thinning: Math.Max(1, thinning), Preconditioner: LangevinPreconditioner.DenseReadout);
        var langevin = NetworkSampler.Langevin(architecture, 0.05, train, test, langevinOptions, seed: 4);
        Console.WriteLine(F($"  Langevin (η = {eta}, dense readout mass, {langevinOptions.StepsPerChain} steps per chain): {langevin.EffectiveSampleSize:F0} effective samples in {langevin.WallTime.TotalSeconds:F1} s (burn-in included) = {langevin.EffectiveSamplesPerSecond:F2} ESS/s; {langevin.GradientEvaluations} gradients"));
        Console.WriteLine($"    {langevin}");
        Console.WriteLine(F($"  collapsed HMC is {hmc.EffectiveSamplesPerSecond / Math.Max(langevin.EffectiveSamplesPerSecond, 1e-12):F0}× faster in ESS/s; test errors differ by {(langevin.TestError.Value - hmc.TestError.Value) / Math.Sqrt(Math.Pow(langevin.TestError.StandardError, 2) + Math.Pow(hmc.TestError.StandardError, 2)):F1} combined s.e."));
    }

    private static void DiscretisationBias(bool quick)
    {
        Console.WriteLine();
        Console.WriteLine("Discretisation bias of unadjusted Langevin: erf, N = 16, d = 8, P = 32, κ = 0.05; equal integration time per η; exact reference: collapsed HMC");
        var (train, test) = NetworkProblems.Teacher(8, 32, 100, seed: 2);
        var architecture = new NetworkArchitecture(8, 1, 16, Activation.Erf);
        var exact = NetworkSampler.CollapsedHmc(architecture, 0.05, train, test, new CollapsedHmcOptions(Warmup: 300, Samples: quick ? 2000 : 6000, Chains: 2), seed: 1);
        Console.WriteLine(F($"  {"sampler",-24} {"test error",-22} {"train error",-22} {"|a|²/N",-22} ESS"));
        Console.WriteLine(F($"  {"collapsed HMC (exact)",-24} {exact.TestError,-22} {exact.TrainError,-22} {exact.KernelScale,-22} {exact.EffectiveSampleSize:F0}"));
        var time = quick ? 200.0 : 800.0; // integration time per chain after burn-in
        foreach (var eta in new[] { 4e-3, 2e-3, 1e-3, 5e-4 })
        {
            var thinning = (int)Math.Round(0.1 / eta);
            var samples = (int)(time / (thinning * eta));
            var options = new LangevinOptions(eta, BurnIn: (int)(20 / eta), Samples: samples, Thinning: thinning, Chains: 2, Preconditioner: LangevinPreconditioner.DenseReadout);
            if (!NetworkSampler.TryLangevin(architecture, 0.05, train, test, options, 7, out var r))
            {
                Console.WriteLine(F($"  ULA η = {eta,-18:G3} diverged"));
                continue;
            }
            Console.WriteLine(F($"  {"ULA η = " + eta.ToString("G3", System.Globalization.CultureInfo.InvariantCulture),-24} {r.TestError,-22} {r.TrainError,-22} {r.KernelScale,-22} {r.EffectiveSampleSize:F0}{(r.IsReliable ? "" : "  (" + string.Join("; ", r.Warnings) + ")")}"));
        }
    }
}
