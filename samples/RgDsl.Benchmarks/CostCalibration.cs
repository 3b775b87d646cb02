using System.Diagnostics;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Validation;

namespace RgDsl.Benchmarks;

/// <summary>
/// Issue 21's time estimates against the clock: runs <see cref="NetworkExperiments.Run"/> on a grid of activations,
/// widths, depths, sizes, test-set sizes and both samplers, and prints each run's a-priori estimate
/// (<see cref="NetworkCost.ExperimentSeconds"/>, the number <c>NetworkExperimentOptions.TimeBudget</c> is checked against),
/// the measured wall time and their ratio. The estimate is meant to err high: the last line gives the smallest
/// estimate/measured ratio, which must stay above 1 on this machine (2 cores, Release).
/// </summary>
public static class CostCalibration
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    private static readonly ActivationFunction[] Activations =
    [
        ActivationFunction.Of(Activation.Linear), ActivationFunction.Of(Activation.Relu), ActivationFunction.Of(Activation.Erf),
        ActivationFunction.Of(Activation.Tanh), ActivationFunction.Polynomial("cubic", 0, 1, 0, 0.1),
        new ActivationFunction("softsign", z => z / (1 + Math.Abs(z))),
    ];

    // (d, depth, N, P, test points)
    private static readonly (int D, int Depth, int N, int P, int T)[] Shapes =
    [
        (1, 1, 3, 14, 200_000), (8, 1, 64, 64, 500), (16, 2, 128, 128, 2_000), (32, 1, 16, 256, 20_000), (4, 3, 256, 32, 500),
        (64, 1, 512, 16, 100), (2, 2, 8, 512, 1_000),
    ];

    /// <param name="only">Activation names to run (all when empty).</param>
    private const int HmcWarmup = 40, HmcSamples = 40;

    public static void Run(IReadOnlyCollection<string> only)
    {
        Console.WriteLine("a-priori time estimate (NetworkCost.ExperimentSeconds) against the clock, NetworkExperiments.Run, 2 training sets");
        Console.WriteLine("activation  sampler        d  L     N     P        T   estimate s  measured s  estimate/measured  HMC steps/trajectory");
        var worst = double.PositiveInfinity;
        var worstLine = "";
        foreach (var phi in Activations.Where(a => only.Count == 0 || only.Contains(a.Name, StringComparer.OrdinalIgnoreCase)))
            foreach (var s in Shapes)
                foreach (var sampler in new[] { NetworkSamplerKind.CollapsedHmc, NetworkSamplerKind.Langevin })
                {
                    var (line, ratio) = Measure(phi, s, sampler);
                    Console.WriteLine(line);
                    if (ratio < worst) (worst, worstLine) = (ratio, line);
                }
        Console.WriteLine(F($"smallest estimate/measured: {worst:F2} ({worstLine.Trim()})"));
    }

    private static (string Line, double Ratio) Measure(ActivationFunction phi, (int D, int Depth, int N, int P, int T) s, NetworkSamplerKind sampler)
    {
        var architecture = new NetworkArchitecture(s.D, s.Depth, s.N, phi);
        var data = NetworkData.PowerLawGaussian(s.D, 0.5, Teacher.Linear(1.5, 1), 0.01);
        const double ridge = 0.1;
        var langevin = new LangevinOptions(NetworkExperiments.DefaultLangevin(architecture, ridge, s.P).StepSize / 8, BurnIn: 100, Samples: 40, Thinning: 5, Chains: 2,
            Preconditioner: LangevinPreconditioner.DenseReadout);
        var options = new NetworkExperimentOptions(2, s.T, 3, new CollapsedHmcOptions(Warmup: HmcWarmup, Samples: HmcSamples, Chains: 2), langevin);
        var estimate = NetworkCost.ExperimentSeconds(architecture, s.P, options, sampler, sampler == NetworkSamplerKind.Langevin ? langevin : null);
        try { NetworkExperiments.Run(architecture, data, ridge, Math.Min(s.P, 8), sampler, options with { TestPoints = 10 }); } catch (InvalidOperationException) { } // JIT
        var clock = Stopwatch.StartNew();
        NetworkExperiment run;
        try { run = NetworkExperiments.Run(architecture, data, ridge, s.P, sampler, options); }
        catch (InvalidOperationException e) when (sampler == NetworkSamplerKind.Langevin)
        {
            // A diverged chain stops early: its time says nothing about the estimate.
            return (F($"{phi.Name,-10}  {sampler,-12} {s.D,3} {s.Depth,2} {s.N,5} {s.P,5} {s.T,8}  diverged: {e.Message[..40]}…"), double.PositiveInfinity);
        }
        var measured = clock.Elapsed.TotalSeconds;
        var ratio = estimate / measured;
        // HMC's leapfrog steps per trajectory, against NetworkCost.StepsPerTrajectory (Langevin takes one gradient a step).
        var steps = sampler == NetworkSamplerKind.CollapsedHmc
            ? F($"{run.Runs.Average(r => r.GradientEvaluations / (double)(r.Chains * (HmcWarmup + HmcSamples))),6:F1} (assumed {NetworkCost.StepsPerTrajectory(s.P, options.CollapsedHmc!):F1})")
            : "";
        return (F($"{phi.Name,-10}  {sampler,-12} {s.D,3} {s.Depth,2} {s.N,5} {s.P,5} {s.T,8}  {estimate,10:G3}  {measured,10:G3}  {ratio,8:F2}  {steps}"), ratio);
    }
}
