using System.Diagnostics;
using RgDsl.Networks;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using RgDsl.Networks.Sampling;

namespace RgDsl.Benchmarks;

internal static class NetworkProfile
{
    private static void Time(string name, Action a, int reps = 200)
    {
        for (var i = 0; i < 20; i++) a();
        var c = Stopwatch.StartNew();
        for (var i = 0; i < reps; i++) a();
        Console.WriteLine($"{name,-30} {c.Elapsed.TotalMilliseconds / reps:F3} ms");
    }

    public static void Run()
    {
        var (train, test) = NetworkProblems.Teacher(64, 1000, 200);
        var h = new double[256000]; var d = new double[256000]; var v = new double[256000];
        var r = new Random(1); for (var i = 0; i < h.Length; i++) h[i] = 2 * r.NextDouble() - 1;
        foreach (var act in new[] { Activation.Erf, Activation.Relu, Activation.Tanh })
            Time($"activation {act}", () => VectorActivations.Apply(act, h, v, d));
        Time("exp", () => System.Numerics.Tensors.TensorPrimitives.Exp(h, d));
        Time("erf given exp", () => ErrorFunction.Erf(h, d, v));
        foreach (var threads in new[] { 1, 2 })
        {
            using var team = new WorkerTeam(threads);
            var architecture = new NetworkArchitecture(64, 1, 256, Activation.Erf);
            var layout = new WeightLayout(architecture);
            var post = new FullPosterior(layout, 0.05, train, test, new MatrixProduct(team));
            var prop = new BatchPropagation(layout, 1000, new MatrixProduct(team));
            var theta = new double[layout.TotalCount]; for (var i = 0; i < theta.Length; i++) theta[i] = r.NextDouble() - 0.5;
            var g = new double[theta.Length];
            Time($"[{threads}] full evaluate", () => post.Evaluate(theta, g));
            Time($"[{threads}] forward", () => prop.Forward(theta, 1, train.InputArray));
            Time($"[{threads}] backward", () => prop.Backward(theta, 1, train.InputArray, g));
            var gen = new NormalGenerator(1, theta.Length);
            Time($"normals {theta.Length}", () => gen.Fill(g));
        }
    }
}
