using System.Globalization;
using ScottPlot;

namespace RgDsl;

/// <summary>PNG plots of learning curves and flows (ScottPlot), log-log with decade ticks.</summary>
public static class LearningCurvePlot
{
    /// <summary>
    /// Theory line (test error against P) plus simulation points with ±1 standard-error bars, on log-log axes.
    /// Points whose error bar would reach zero are drawn with a bar down to a tenth of the mean.
    /// </summary>
    public static void SavePng(string path, LearningCurve curve, IReadOnlyList<SimulationResult>? simulation = null, int width = 900, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var plot = new Plot();
        var xs = curve.Points.Select(p => Math.Log10(p.DatasetSize)).ToArray();
        var ys = curve.Points.Select(p => Math.Log10(p.TestError)).ToArray();
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = "theory: self-consistent Gaussian (eigenlearning)";
        line.LineWidth = 2;
        if (simulation is { Count: > 0 })
        {
            var sx = simulation.Select(s => Math.Log10(s.DatasetSize)).ToArray();
            var sy = simulation.Select(s => Math.Log10(s.TestError)).ToArray();
            var up = simulation.Select(s => Math.Log10(s.TestError + s.TestErrorStandardError) - Math.Log10(s.TestError)).ToArray();
            var down = simulation.Select(s => Math.Log10(s.TestError) - Math.Log10(Math.Max(s.TestError - s.TestErrorStandardError, s.TestError / 10))).ToArray();
            var bars = plot.Add.ErrorBar(sx, sy, up);
            bars.YErrorNegative = down;
            bars.Color = Colors.Black;
            var markers = plot.Add.ScatterPoints(sx, sy);
            markers.LegendText = $"kernel ridge regression ({simulation[0].Seeds} seeds, ±1 s.e.)";
            markers.MarkerSize = 8;
            markers.Color = Colors.Black;
        }
        Decorate(plot, $"Learning curve: {curve.ModelName}", "dataset size P", "test error ε (MSE)");
        plot.SavePng(path, width, height);
    }

    /// <summary>The running ridges κ_Λ (hard and soft) against Λ, log-log.</summary>
    public static void SaveFlowPng(string path, RgFlow flow, string modelName, int width = 900, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var plot = new Plot();
        var xs = flow.Points.Select(p => Math.Log10(p.Scale)).ToArray();
        var hard = plot.Add.ScatterLine(xs, flow.Points.Select(p => Math.Log10(p.HardRidge)).ToArray());
        hard.LegendText = "hard: κ + Σ_{k>Λ} λ_k";
        var soft = plot.Add.ScatterLine(xs, flow.Points.Select(p => Math.Log10(p.SoftRidge)).ToArray());
        soft.LegendText = "soft: κ + Σ_{k>Λ} λ_k t/(λ_k+t)";
        var target = plot.Add.HorizontalLine(Math.Log10(flow.SelfConsistentEffectiveRidge));
        target.LegendText = "self-consistent κ_eff = P t";
        target.LinePattern = LinePattern.Dashed;
        Decorate(plot, string.Create(CultureInfo.InvariantCulture, $"Gaussian ridge flow: {modelName}, P = {flow.DatasetSize:G6}"), "modes kept Λ", "running ridge κ_Λ");
        plot.SavePng(path, width, height);
    }

    /// <summary>
    /// The relative non-Gaussian correction δ = ε/ε_GP − 1 against P (log-log): a theory line and HMC points with
    /// ±1 standard-error bars (points whose δ is not positive are left out of the log plot).
    /// </summary>
    public static void SaveCorrectionPng(string path, string modelName, IReadOnlyList<double> datasetSizes, IReadOnlyList<double> correction,
        IReadOnlyList<(double DatasetSize, double Value, double StandardError)> samples, int width = 900, int height = 600)
    {
        var plot = new Plot();
        var keep = datasetSizes.Zip(correction).Where(t => t.Second > 0).ToList();
        var line = plot.Add.ScatterLine(keep.Select(t => Math.Log10(t.First)).ToArray(), keep.Select(t => Math.Log10(t.Second)).ToArray());
        line.LegendText = "Hartree (perturbation theory)";
        line.LineWidth = 2;
        var shown = samples.Where(s => s.Value > 0).ToList();
        if (shown.Count > 0)
        {
            var sx = shown.Select(s => Math.Log10(s.DatasetSize)).ToArray();
            var sy = shown.Select(s => Math.Log10(s.Value)).ToArray();
            var bars = plot.Add.ErrorBar(sx, sy, shown.Select(s => Math.Log10(s.Value + s.StandardError) - Math.Log10(s.Value)).ToArray());
            bars.YErrorNegative = shown.Select(s => Math.Log10(s.Value) - Math.Log10(Math.Max(s.Value - s.StandardError, s.Value / 10))).ToArray();
            bars.Color = Colors.Black;
            var markers = plot.Add.ScatterPoints(sx, sy);
            markers.Color = Colors.Black;
            markers.MarkerSize = 8;
            markers.LegendText = "Hamiltonian Monte Carlo (±1 s.e.)";
        }
        Decorate(plot, $"Non-Gaussian correction: {modelName}", "dataset size P", "relative correction δ = ε/ε_GP − 1");
        plot.SavePng(path, width, height);
    }

    private static void Decorate(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        foreach (var axis in new[] { (IAxis)plot.Axes.Bottom, plot.Axes.Left })
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = value => "1e" + value.ToString("0", CultureInfo.InvariantCulture),
            };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.ShowLegend(Alignment.UpperRight);
    }
}
