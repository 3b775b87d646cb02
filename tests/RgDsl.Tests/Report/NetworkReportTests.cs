using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Reporting;

namespace RgDsl.Tests.Report;

/// <summary>A network declared in the test assembly, so that <see cref="NetworkReport.FindNetworks"/> has something to find.</summary>
[RgNetwork(Depth = 1, Activation = Activation.Linear)]
[GaussianInputs(Dimension = 8, Exponent = 0.5)]
[LinearTeacher(Exponent = 0.5, Power = 2)]
public partial class ReportProbeNetwork
{
    [Width] public int Width { get; init; } = 16;
    [Ridge] public double Kappa => 0.05;
}

public class NetworkReportTests
{
    [Fact]
    public void Network_report_counts_agreeing_missed_unmixed_and_flagged_points_and_links_its_theory()
    {
        var data = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 4));
        var model = new NetworkModel("lin", new NetworkArchitecture(16, 1, 64, Activation.Linear), data, 0.05);
        var predicted = model.PredictNetwork(16).RelativeShift;
        var other = model.PredictNetwork(32).RelativeShift;
        var small = model.PredictNetwork(8).RelativeShift;
        var none = Array.Empty<string>();
        // Measurements made up around the theory's own prediction: this test is about the report's bookkeeping.
        NetworkMeasurement Point(double size, double shift, params string[] warnings) =>
            new(64, size, new Estimate(0.1, 0.001), new Estimate(0.1, 0.001), new Estimate(shift, 0.001), 500, warnings);
        var family = new NetworkFamily("lin", "Linear", "A linear network.", model, [64], [8, 16, 32, 64],
        [
            Point(8, small, none),                                   // agrees
            Point(16, predicted + 0.002, none),                      // within 3 s.e. + 10%
            Point(32, other + 0.5, none),                            // off
            Point(64, predicted, "training set 0: split-R̂ 1.3"),     // the chains did not mix: not compared
            Point(64, small) with { Width = 128, SplitRHat = 1.25, MinEffectiveSamples = 80 },   // R̂ too high, no warning text: not compared either
        ]);
        var dir = Path.Combine(Path.GetTempPath(), "rgdsl-netreport-" + Guid.NewGuid().ToString("N"));
        try
        {
            var summary = Assert.Single(NetworkReport.Write([family], dir));
            Assert.Equal((3, 2, 2, 0), (summary.Compared, summary.Agree, summary.Unmixed, summary.Flagged));
            Assert.Contains("at 2 of 3 mixed sampled points where the theory raised no warning", NetworkReport.Describe(summary));
            Assert.Contains("2 sampled point(s) not compared: the chains did not mix", NetworkReport.Describe(summary));
            var report = File.ReadAllText(Path.Combine(dir, "lin", "report.md"));
            Assert.Contains("| **no** |", report);
            // The learning-curve exponent of the network against the GP's, over the mixed points only.
            Assert.Contains("Learning-curve exponent at N = 64 over P = 8..32", report);
            Assert.True(File.Exists(Path.Combine(dir, "lin", "learning-curves.png")));
            // A header of '#' lines naming the parameters and every column, the column names, one row per point.
            var csv = File.ReadAllLines(Path.Combine(dir, "lin", "shift.csv"));
            var header = csv.TakeWhile(l => l.StartsWith('#')).ToList();
            Assert.Contains("κ = 0.05", header[0]);
            var columns = csv[header.Count].Split(',');
            Assert.All(columns, c => Assert.Contains(header, h => h.Contains(c + ":", StringComparison.Ordinal) || h.Contains(c + ",", StringComparison.Ordinal) || h.Contains(" " + c + " ", StringComparison.Ordinal)));
            Assert.Equal(5, csv.Length - header.Count - 1);
            NetworkReportConsistency.Check(dir);
            // Without the main job's copies one level up, the report writes its own theory documents and links them.
            var index = File.ReadAllText(Path.Combine(dir, "report.md"));
            Assert.Contains("[THEORY §6](THEORY.md)", index);
            Assert.Contains("[NETWORKS.md](NETWORKS.md)", index);
            Assert.True(File.Exists(Path.Combine(dir, "NETWORKS.md")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Declared_networks_of_an_assembly_get_a_report_with_their_sampled_points()
    {
        var options = new NetworkExperimentOptions(Datasets: 2, TestPoints: 100, Seed: 2, CollapsedHmc: new CollapsedHmcOptions(Warmup: 40, Samples: 40));
        var family = Assert.Single(NetworkReport.FindNetworks(typeof(ReportProbeNetwork).Assembly, [8, 16], options));
        Assert.Equal(nameof(ReportProbeNetwork), family.Name);
        Assert.Equal([16, 64], family.Widths);
        Assert.Equal([8.0, 16.0], family.Measured.Select(m => m.DatasetSize));
        Assert.All(family.Measured, m => Assert.True(m.TestError.Value > 0 && m.TestError.StandardError > 0));
        var dir = Path.Combine(Path.GetTempPath(), "rgdsl-netfind-" + Guid.NewGuid().ToString("N"));
        try
        {
            var summary = Assert.Single(NetworkReport.Write([family], dir));
            Assert.Equal(2, summary.Compared + summary.Unmixed + summary.Flagged);
            Assert.Contains("depth 1", File.ReadAllText(Path.Combine(dir, nameof(ReportProbeNetwork), "report.md")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
        Assert.Throws<ArgumentException>(() => NetworkReport.FindNetworks(typeof(ReportProbeNetwork).Assembly, [0.5]));
    }
}
