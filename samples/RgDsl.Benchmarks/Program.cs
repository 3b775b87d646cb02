using BenchmarkDotNet.Running;

// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --hmc-ess      (HMC effective samples per second)
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --network-ess  (network samplers: steps/s, ESS/s, Langevin bias) [--quick] [--steps-only]
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --deep-hmc-ess [--quick] [--samples N] (collapsed HMC, L = 3, N = 256, P = 1024, d = 32: ESS/s; N kept iterations per chain after 100 of warm-up, default 200)
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --diagrams     (generator on 50 models × 3 vertices; SecondOrder on 10⁶ modes)
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --custom-vertex (the worked custom vertex of docs/DSL.md)
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --mathnet-native (does MathNet's native provider load here?)
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --saddle-scaling [P …] (adaptive-kernel saddle on MNIST, d = 784: seconds per P and the cost exponent)
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --incremental  (generator rerun after an unrelated edit vs a warm full run)
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --cost-calibration [activation …] (network experiments: a-priori time estimate against the clock)
if (args.Contains("--mathnet-native"))
{
    Console.WriteLine($"OpenBLAS: {MathNet.Numerics.Control.TryUseNativeOpenBLAS()}, MKL: {MathNet.Numerics.Control.TryUseNativeMKL()}, provider: {MathNet.Numerics.Providers.LinearAlgebra.LinearAlgebraControl.Provider}");
    return;
}
if (args.Contains("--custom-vertex"))
{
    RgDsl.Benchmarks.CustomVertexExample.Run();
    return;
}
if (args.Contains("--incremental"))
{
    var profile = Array.IndexOf(args, "--profile-reruns");
    RgDsl.Benchmarks.IncrementalMeasurement.Run(profileReruns: profile >= 0 ? int.Parse(args[profile + 1], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return;
}
if (args.Contains("--diagrams"))
{
    RgDsl.Benchmarks.DiagramMeasurement.Run();
    return;
}
if (args.Contains("--saddle-scaling"))
{
    var sizes = args.SkipWhile(a => a != "--saddle-scaling").Skip(1).TakeWhile(a => !a.StartsWith('-')).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    RgDsl.Benchmarks.SaddleProblem.Run(sizes.Count > 0 ? sizes : [256, 512, 1024]);
    return;
}
if (args.Contains("--cost-calibration"))
{
    RgDsl.Benchmarks.CostCalibration.Run(args.SkipWhile(a => a != "--cost-calibration").Skip(1).TakeWhile(a => !a.StartsWith('-')).ToList());
    return;
}
if (args.Contains("--hmc-ess"))
{
    RgDsl.Benchmarks.HmcMeasurement.Run();
    return;
}
if (args.Contains("--deep-hmc-ess"))
{
    var kept = Array.IndexOf(args, "--samples");
    RgDsl.Benchmarks.NetworkMeasurement.DeepCollapsedEss(quick: args.Contains("--quick"), samples: kept >= 0 ? int.Parse(args[kept + 1], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}
if (args.Contains("--network-ess"))
{
    RgDsl.Benchmarks.NetworkMeasurement.Run(quick: args.Contains("--quick"), throughputOnly: args.Contains("--steps-only"));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RgDsl.Benchmarks.PredictBenchmarks).Assembly).Run(args);
