using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Theory;

namespace RgDsl.Benchmarks;

/// <summary>
/// Issue 19's speed target: the kernel-adaptation saddle (<see cref="AdaptiveKernel.TrySolve"/>, ReLU, σ_w² = σ_a² = 1,
/// the default 4,096 importance samples) at P = 1,024 on MNIST inputs (d = 784, centred and scaled to
/// |x|²/d = 1, digit parity ±1 as the label, as the main job prepares them) in at most 20 s on 2 cores, and at P = 256
/// and 512 for the growth of its cost with P; at κ = 0.5 (there every P ≥ 256 is a feature-learning transition: the time
/// to that verdict) and at κ = 256 (an adapted saddle at P = 1,024). MNIST is read from the main job's cache (RGDSL_MNIST, default
/// ~/.local/share/rgdsl/mnist/package); without it the inputs are Gaussian with an MNIST-like power-law covariance
/// (Σ_jj ∝ j^−1.3, d = 784) and a linear teacher, and the setup says so on the console.
/// Run: <c>dotnet run -c Release --project samples/RgDsl.Benchmarks -- --filter '*AdaptiveKernelSaddle*'</c>.
/// One saddle takes seconds, so each P is timed over three runs (no warm-up beyond the JIT's first call; <see cref="SaddleConfig"/>).
/// </summary>
[Config(typeof(SaddleConfig))]
public class AdaptiveKernelSaddleBenchmarks
{
    private double[][] _inputs = null!;
    private double[] _labels = null!;

    [Params(256, 512, 1024)]
    public int P { get; set; }

    [ParamsSource(nameof(Ridges))]
    public double Ridge { get; set; } = SaddleProblem.Ridges[0];

    /// <summary>The ridges of <see cref="SaddleProblem.Ridges"/>, for BenchmarkDotNet.</summary>
    public static IEnumerable<double> Ridges => SaddleProblem.Ridges;

    /// <summary>Where the inputs came from (printed at setup).</summary>
    public static string Source { get; private set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        (_inputs, _labels, Source) = SaddleProblem.Load(P);
        Console.WriteLine($"// saddle inputs: {Source}; P = {P}, d = {_inputs[0].Length}, κ = {Ridge.ToString(CultureInfo.InvariantCulture)}; load average {SaddleProblem.LoadAverage()}");
    }

    /// <summary>What the last <see cref="Saddle"/> found: its phase (an adapted saddle, or the feature-learning transition) and its effective sample fraction.</summary>
    public static string LastOutcome { get; private set; } = "";

    /// <summary>
    /// One saddle from α = 0 to its answer: an adapted saddle or the feature-learning transition (a failure throws, so
    /// it is not timed as a success; the phase is printed by --saddle-scaling, since the time to a transition is not the
    /// time to a converged saddle).
    /// </summary>
    [Benchmark]
    public int Saddle()
    {
        if (!AdaptiveKernel.TrySolve(ActivationFunction.Of(Activation.Relu), 1, 1, Ridge, _inputs, _labels, null, out var solution, out var error))
            throw new InvalidOperationException(error);
        LastOutcome = string.Create(CultureInfo.InvariantCulture, $"{solution.Phase}, effective sample fraction {solution.EffectiveSampleFraction:P1}");
        return solution.Iterations;
    }
}

/// <summary>
/// The saddle's one job: in process, monitoring (each invocation timed once), no warm-up, three iterations. As a config
/// rather than <c>[SimpleJob]</c> with <c>[InProcess]</c>, which are two jobs — the second a default job that ran 99
/// iterations of the first case.
/// </summary>
internal sealed class SaddleConfig : ManualConfig
{
    public SaddleConfig() =>
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(3)
            .WithToolchain(InProcessEmitToolchain.Instance).WithId("SaddleInProcess"));
}

/// <summary>The inputs of the saddle benchmark: MNIST parity if the cache is there, else MNIST-like Gaussian inputs.</summary>
internal static class SaddleProblem
{
    /// <summary>The ridges the saddle is timed at: one past the feature-learning transition, one with an adapted saddle.</summary>
    public static readonly double[] Ridges = [0.5, 256];
    public const int Dimension = 784;

    public static (double[][] Inputs, double[] Labels, string Source) Load(int p)
    {
        var root = Environment.GetEnvironmentVariable("RGDSL_MNIST")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "rgdsl", "mnist", "package");
        if (File.Exists(Path.Combine(root, "src", "digits", "9.json")))
            return Mnist(root, p);
        var data = NetworkData.PowerLawGaussian(Dimension, 0.3, Teacher.Linear(0.3));
        var (train, _) = data.Split(p, 1, 11);
        return (train.Inputs, train.Labels, $"MNIST cache absent ({root}): Gaussian inputs, Σ_jj ∝ j^-1.3, linear teacher");
    }

    /// <summary>The first P/10 images of each digit, centred and scaled to |x|²/d = 1, labels +1 even / −1 odd.</summary>
    private static (double[][], double[], string) Mnist(string root, int p)
    {
        var perDigit = (p + 9) / 10;
        var inputs = new List<double[]>();
        var labels = new List<double>();
        for (var digit = 0; digit <= 9; digit++)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "src", "digits", $"{digit}.json")));
            var pixels = document.RootElement.GetProperty("data").EnumerateArray().Take(perDigit * Dimension).Select(e => e.GetDouble()).ToArray();
            for (var i = 0; i < perDigit; i++)
            {
                inputs.Add(pixels.AsSpan(i * Dimension, Dimension).ToArray());
                labels.Add(digit % 2 == 0 ? 1 : -1);
            }
        }
        // Interleave the digits, then keep P.
        var order = Enumerable.Range(0, inputs.Count).OrderBy(i => (i % perDigit, i / perDigit)).Take(p).ToArray();
        var x = order.Select(i => inputs[i]).ToArray();
        var mean = new double[Dimension];
        foreach (var row in x)
            for (var j = 0; j < Dimension; j++) mean[j] += row[j] / x.Length;
        var scaled = x.Select(row =>
        {
            var centred = row.Select((v, j) => v - mean[j]).ToArray();
            var norm = Math.Sqrt(centred.Sum(v => v * v) / Dimension);
            return centred.Select(v => v / norm).ToArray();
        }).ToArray();
        return (scaled, order.Select(i => labels[i]).ToArray(), $"MNIST ({root}), {perDigit} images per digit, digit parity");
    }

    public static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Trim(); }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    /// <summary>The measured cost exponent of ln t against ln P from (P, seconds) pairs, printed by --saddle-scaling.</summary>
    public static double Exponent(IReadOnlyList<(int P, double Seconds)> runs)
    {
        var x = runs.Select(r => Math.Log(r.P)).ToArray();
        var y = runs.Select(r => Math.Log(r.Seconds)).ToArray();
        double mx = x.Average(), my = y.Average();
        return x.Zip(y).Sum(t => (t.First - mx) * (t.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
    }

    /// <summary>
    /// A plain timing of the same saddle (one run per P, after a JIT warm-up at P = 64) with the fitted exponent of
    /// the cost in P: <c>dotnet run -c Release --project samples/RgDsl.Benchmarks -- --saddle-scaling [P …]</c>.
    /// </summary>
    public static void Run(IReadOnlyList<int> sizes)
    {
        var bench = new AdaptiveKernelSaddleBenchmarks { P = 64 };
        bench.Setup();
        bench.Saddle();
        foreach (var ridge in Ridges)
        {
            var runs = new List<(int P, double Seconds)>();
            foreach (var p in sizes)
            {
                bench = new AdaptiveKernelSaddleBenchmarks { P = p, Ridge = ridge };
                bench.Setup();
                var process = System.Diagnostics.Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var iterations = bench.Saddle();
                process.Refresh();
                var used = (process.TotalProcessorTime - cpu).TotalSeconds;
                runs.Add((p, used));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"κ = {ridge}, P = {p}: wall {watch.Elapsed.TotalSeconds:F2} s, CPU {used:F2} s (all threads), {iterations} Newton iterations, {AdaptiveKernelSaddleBenchmarks.LastOutcome}; load average {LoadAverage()}"));
            }
            // On a shared machine the wall time measures the other jobs too: the exponent is fitted to the process's CPU time.
            if (runs.Count >= 2)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"κ = {ridge}: CPU cost ∝ P^{Exponent(runs):F2} over P = {runs[0].P}..{runs[^1].P}"));
        }
    }
}
