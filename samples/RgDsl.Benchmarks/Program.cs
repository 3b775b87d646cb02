using BenchmarkDotNet.Running;

// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --hmc-ess      (HMC effective samples per second)
if (args.Contains("--hmc-ess"))
{
    RgDsl.Benchmarks.HmcMeasurement.Run();
    return;
}
if (args.Contains("--gemm"))
{
    RgDsl.Benchmarks.NetworkLinearAlgebraBenchmarks.Measure();
    return;
}
if (args.Contains("--net-profile"))
{
    RgDsl.Benchmarks.NetworkProfile.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RgDsl.Benchmarks.PredictBenchmarks).Assembly).Run(args);
