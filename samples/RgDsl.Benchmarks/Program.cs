using BenchmarkDotNet.Running;

// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --hmc-ess      (HMC effective samples per second)
// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --network-ess  (network samplers: steps/s, ESS/s, Langevin bias) [--quick] [--steps-only]
if (args.Contains("--hmc-ess"))
{
    RgDsl.Benchmarks.HmcMeasurement.Run();
    return;
}
if (args.Contains("--network-ess"))
{
    RgDsl.Benchmarks.NetworkMeasurement.Run(quick: args.Contains("--quick"), throughputOnly: args.Contains("--steps-only"));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RgDsl.Benchmarks.PredictBenchmarks).Assembly).Run(args);
