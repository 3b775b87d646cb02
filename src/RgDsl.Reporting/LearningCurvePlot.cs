using System.Globalization;
using ScottPlot;

namespace RgDsl.Reporting;

/// <summary>PNG plots of learning curves and flows (ScottPlot), log-log with decade ticks.</summary>
public static class LearningCurvePlot
{
    /// <summary>
    /// Theory line (test error against P) plus simulation points with ±1 standard-error bars, on log-log axes.
    /// Points whose error bar would reach zero are drawn with a bar down to a tenth of the mean.
    /// </summary>
    public static void SavePng(string path, LearningCurve curve, IReadOnlyList<SimulationResult>? simulation = null, int width = 1100, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var series = new List<PlotSeries>
        {
            new("theory: self-consistent Gaussian (eigenlearning)", curve.Points.Select(p => p.DatasetSize).ToList(), curve.Points.Select(p => p.TestError).ToList()),
        };
        if (simulation is { Count: > 0 })
            series.Add(new PlotSeries($"kernel ridge regression ({simulation[0].Seeds} seeds, ±1 s.e.)", simulation.Select(s => s.DatasetSize).ToList(),
                simulation.Select(s => s.TestError).ToList(), simulation.Select(s => s.TestErrorStandardError).ToList(), Points: true));
        LogLogPlot.Save(path, $"Learning curve: {curve.ModelName}", "dataset size P", "test error ε (MSE)", series, width, height);
    }

    /// <summary>The running ridges κ_Λ (hard and soft) against Λ, log-log.</summary>
    public static void SaveFlowPng(string path, RgFlow flow, string modelName, int width = 1100, int height = 600)
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
        LogLogPlot.Decorate(plot, string.Create(CultureInfo.InvariantCulture, $"Gaussian ridge flow: {modelName}, P = {RgReport.Round(flow.DatasetSize)}"), "modes kept Λ", "running ridge κ_Λ");
        plot.SavePng(path, width, height);
    }

    /// <summary>
    /// The relative non-Gaussian correction δ = ε/ε_GP − 1 against P (log-log): a theory line and HMC points with
    /// ±1 standard-error bars, signed on a linear axis (logarithmic in P).
    /// </summary>
    public static void SaveCorrectionPng(string path, string modelName, IReadOnlyList<double> datasetSizes, IReadOnlyList<double> correction,
        IReadOnlyList<(double DatasetSize, double Value, double StandardError)> samples, int width = 1100, int height = 600) =>
        SemiLogPlot.Save(path, $"Non-Gaussian correction: {modelName}", "dataset size P", "relative correction δ = ε/ε_GP − 1",
        [
            new PlotSeries("Hartree (perturbation theory)", datasetSizes, correction),
            new PlotSeries("Hamiltonian Monte Carlo (±1 s.e.)", samples.Select(s => s.DatasetSize).ToList(), samples.Select(s => s.Value).ToList(),
                samples.Select(s => s.StandardError).ToList(), Points: true),
        ], width, height);
}
