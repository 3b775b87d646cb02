using BenchmarkDotNet.Running;

// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(RgDsl.Benchmarks.PredictBenchmarks).Assembly).Run(args);
