using RgDsl.Sweeps.TestHost;

return RgDsl.Sweeps.Cli.SweepCommand.Run(args, TestSweeps.All());
