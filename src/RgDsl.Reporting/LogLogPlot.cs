using System.Globalization;
using ScottPlot;

namespace RgDsl.Reporting;

/// <summary>One series of a log-log plot: a line, or points with optional ±1 standard-error bars.</summary>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? YError = null, bool Points = false, bool Dashed = false);

/// <summary>Log-log plots with decade ticks, a title, axis labels and a legend (ScottPlot, PNG).</summary>
public static class LogLogPlot
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen, Colors.FireBrick, Colors.Purple, Colors.SaddleBrown, Colors.DeepPink, Colors.Gray, Colors.Olive, Colors.Teal];

    /// <summary>Draws the series (non-positive values are left out) and saves a PNG.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<PlotSeries> series, int width = 900, int height = 600)
    {
        var plot = new Plot();
        var index = 0;
        foreach (var s in series)
        {
            var color = s.Points ? Colors.Black : Palette[index++ % Palette.Length];
            var keep = Enumerable.Range(0, s.X.Count).Where(i => s.X[i] > 0 && s.Y[i] > 0 && double.IsFinite(s.Y[i])).ToList();
            if (keep.Count == 0) continue;
            var xs = keep.Select(i => Math.Log10(s.X[i])).ToArray();
            var ys = keep.Select(i => Math.Log10(s.Y[i])).ToArray();
            if (s.Points)
            {
                if (s.YError is { } err)
                {
                    var bars = plot.Add.ErrorBar(xs, ys, keep.Select(i => Math.Log10(s.Y[i] + err[i]) - Math.Log10(s.Y[i])).ToArray());
                    bars.YErrorNegative = keep.Select(i => Math.Log10(s.Y[i]) - Math.Log10(Math.Max(s.Y[i] - err[i], s.Y[i] / 10))).ToArray();
                    bars.Color = color;
                }
                var markers = plot.Add.ScatterPoints(xs, ys);
                markers.Color = color;
                markers.MarkerSize = 8;
                markers.LegendText = s.Label;
            }
            else
            {
                var line = plot.Add.ScatterLine(xs, ys);
                line.Color = color;
                line.LineWidth = 2;
                if (s.Dashed) line.LinePattern = LinePattern.Dashed;
                line.LegendText = s.Label;
            }
        }
        Decorate(plot, title, xLabel, yLabel);
        plot.SavePng(path, width, height);
    }

    /// <summary>Title, axis labels, decade ticks on both (log10) axes, a light grid and the legend.</summary>
    internal static void Decorate(Plot plot, string title, string xLabel, string yLabel)
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
