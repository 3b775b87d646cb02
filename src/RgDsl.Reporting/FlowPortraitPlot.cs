using System.Globalization;
using RgDsl.Perturbations;
using ScottPlot;
using RgDsl.Flow;

namespace RgDsl.Reporting;

/// <summary>The PNG of a <see cref="FlowPortrait"/> (ScottPlot).</summary>
public static class FlowPortraitPlot
{
    /// <summary>The trajectories (blue: stable, red: run away), their starting points, and the separatrix marks.</summary>
    public static void SavePng(this FlowPortrait portrait, string path, string modelName, int width = 1100, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        var plot = new Plot();
        bool stableLegend = false, unstableLegend = false;
        foreach (var t in portrait.Trajectories)
        {
            var line = plot.Add.ScatterLine(t.R.ToArray(), t.U.ToArray());
            line.Color = t.Stable ? Colors.SteelBlue : Colors.FireBrick;
            line.LineWidth = 1.5f;
            if (t.Stable && !stableLegend) { line.LegendText = "stays stable"; stableLegend = true; }
            if (!t.Stable && !unstableLegend) { line.LegendText = "runs away (a mode's inverse variance reaches 0)"; unstableLegend = true; }
            var start = plot.Add.Marker(t.R0, t.U0);
            start.Color = line.Color;
            start.Size = 6;
        }
        if (portrait.Separatrix.Count > 0)
        {
            var marks = plot.Add.ScatterPoints(portrait.Separatrix.Select(s => s.R0).ToArray(), portrait.Separatrix.Select(s => s.U0).ToArray());
            marks.Color = Colors.Black;
            marks.MarkerShape = MarkerShape.Cross;
            marks.MarkerSize = 10;
            marks.LegendText = "separatrix between starting points";
        }
        // Runaway trajectories leave for infinity in finite ℓ: show the window of starting couplings with a margin.
        var dr = 0.5 * (portrait.RRange.Max - portrait.RRange.Min);
        var du = 0.5 * (portrait.URange.Max - portrait.URange.Min);
        plot.Axes.SetLimits(portrait.RRange.Min - dr, portrait.RRange.Max + dr, portrait.URange.Min - du, portrait.URange.Max + du);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"(r, U) flow portrait: {modelName}, P = {RgReport.Round(portrait.DatasetSize)}"));
        plot.XLabel("mass coupling r (added to 1/G_k)");
        plot.YLabel("quartic coupling U of (U/4)(Σ f²)²");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, width, height);
    }
}
