using RgDsl.Sweeps.Demo;
using RgDsl.Sweeps.Cli;

// A program that hosts sweeps: every verb of the sweep command line (plan, run, status, merge, list) works on the
// sweeps passed here. For example, from the repository root:
//   dotnet run -c Release --project samples/RgDsl.Sweeps.Demo -- run --sweep sampling --local --parallel 2
//   dotnet run -c Release --project samples/RgDsl.Sweeps.Demo -- merge --sweep sampling
return SweepCommand.Run(args, DemoSweeps.Sampling(), DemoSweeps.Curves());
