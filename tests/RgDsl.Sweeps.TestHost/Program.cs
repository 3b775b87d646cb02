using RgDsl.Sweeps.TestHost;

return RgDsl.Sweeps.SweepCommand.Run(args, TestSweeps.All());
