using RgDsl.Networks;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using RgDsl.Networks.Sampling;

namespace RgDsl.Benchmarks;

internal static class NetworkProfile
{
    public static void Run()
    {
        var random = new Random(1);
        var a = new NetworkArchitecture(3, 1, 4, Activation.Linear);
        NetworkDataset Data(int p) => new(Enumerable.Range(0, p * 3).Select(_ => random.NextDouble()).ToArray(), Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray(), 3);
        var train = Data(8); var test = Data(10);
        var layout = new WeightLayout(a);
        var post = new FullPosterior(layout, 0.1, train, test, new MatrixProduct(WorkerTeam.Single()));
        var theta = Enumerable.Range(0, layout.TotalCount).Select(_ => random.NextDouble()).ToArray();
        var g = new double[theta.Length];
        var gen = new NormalGenerator(1, theta.Length);
        for (var i = 0; i < 10000; i++) post.Evaluate(theta, g);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100000; i++) post.Evaluate(theta, g);
        Console.WriteLine($"evaluate {clock.Elapsed.TotalMilliseconds * 10:F2} µs");
        for (var rep = 0; rep < 3; rep++) {
        clock.Restart();
        for (var i = 0; i < 100000; i++) gen.Fill(g);
        Console.WriteLine($"normals {clock.Elapsed.TotalMilliseconds * 10:F2} ns");
        }
        var gsmall = new double[16]; var gen3 = new NormalGenerator(1, 16);
        clock.Restart();
        for (var i = 0; i < 100000; i++) gen3.Fill(gsmall);
        Console.WriteLine($"normals fresh {clock.Elapsed.TotalMilliseconds * 10:F2} ns");
        var pred = new double[10];
        clock.Restart();
        for (var i = 0; i < 100000; i++) post.PredictTest(theta, pred);
        Console.WriteLine($"predict {clock.Elapsed.TotalMilliseconds * 10:F2} µs");
        for (var rep = 0; rep < 3; rep++) {
        clock.Restart();
        var options = new LangevinOptions(0.002, BurnIn: 1000, Samples: 100, Thinning: 100, Chains: 1, MaxDegreeOfParallelism: 1);
        var r = NetworkSampler.Langevin(a, 0.1, train, test, options);
        Console.WriteLine($"chain {clock.Elapsed.TotalMilliseconds * 1000 / options.StepsPerChain:F2} µs/step");
        }
    }
}
