using System.Globalization;
using ScottPlot;

namespace RgDsl.Reporting;

/// <summary>One series of a log-log plot: a line, or points with optional ±1 standard-error bars.</summary>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? YError = null, bool Points = false, bool Dashed = false);

/// <summary>Log-log plots with decade ticks, a title, axis labels and a legend (ScottPlot, PNG).</summary>
public static class LogLogPlot
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen, Colors.FireBrick, Colors.Purple, Colors.SaddleBrown, Colors.DeepPink, Colors.Gray, Colors.Olive, Colors.Teal];

    /// <summary>Draws the series (non-positive values are left out), with optional dotted vertical markers (an x value and its label, e.g. the crossover of two regimes), and saves a PNG.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<PlotSeries> series, int width = 900, int height = 600, IReadOnlyList<(double X, string Label)>? verticals = null)
    {
        var plot = new Plot();
        foreach (var (x, label) in verticals ?? [])
        {
            if (!(x > 0)) continue;
            var line = plot.Add.VerticalLine(Math.Log10(x));
            line.LinePattern = LinePattern.Dotted;
            line.Color = Colors.Black.WithOpacity(0.6);
            line.LegendText = label;
        }
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
                // A bar shorter than a marker (about 1% of a decade-scale axis) is hidden behind it: say so.
                var hidden = s.YError is { } e && keep.All(i => Math.Log10(1 + e[i] / s.Y[i]) < 0.01 * Math.Max(1, ys.Max() - ys.Min()));
                markers.LegendText = s.Label + (hidden ? " (±1 s.e. smaller than the markers)" : "");
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
                LabelFormatter = PowerOfTen,
            };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.ShowLegend(Alignment.UpperRight);
    }

    /// <summary>A decade label as a power of ten: 0 → "1", 1 → "10", 3 → "10³", −2 → "10⁻²".</summary>
    internal static string PowerOfTen(double exponent)
    {
        var n = (int)Math.Round(exponent);
        if (n == 0) return "1";
        if (n == 1) return "10";
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var text = Math.Abs(n).ToString(CultureInfo.InvariantCulture);
        return "10" + (n < 0 ? "⁻" : "") + string.Concat(text.Select(c => digits[c - '0']));
    }
}
