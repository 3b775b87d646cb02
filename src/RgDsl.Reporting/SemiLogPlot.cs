using ScottPlot;

namespace RgDsl.Reporting;

/// <summary>
/// Plots of a signed quantity (a relative shift δ that may change sign) against a positive one: logarithmic x axis,
/// linear y axis with the zero line drawn, so that a sign change shows as a crossing and never as a false dip of |δ|.
/// </summary>
public static class SemiLogPlot
{
    /// <summary>Draws the series (points with x ≤ 0 or a non-finite y are left out) and saves a PNG.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<PlotSeries> series, int width = 1100, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Black.WithOpacity(0.5);
        zero.LineWidth = 1;
        var index = 0;
        foreach (var s in series)
        {
            var color = s.Colour is { } c ? LogLogPlot.Palette[c % LogLogPlot.Palette.Length] : s.Points ? Colors.Black : LogLogPlot.Palette[index++ % LogLogPlot.Palette.Length];
            var keep = Enumerable.Range(0, s.X.Count).Where(i => s.X[i] > 0 && double.IsFinite(s.Y[i])).ToList();
            if (keep.Count == 0) continue;
            var xs = keep.Select(i => Math.Log10(s.X[i])).ToArray();
            var ys = keep.Select(i => s.Y[i]).ToArray();
            if (s.Points)
            {
                if (s.YError is { } err)
                {
                    var bars = plot.Add.ErrorBar(xs, ys, keep.Select(i => err[i]).ToArray());
                    bars.Color = color;
                }
                var markers = plot.Add.ScatterPoints(xs, ys);
                markers.Color = color;
                markers.MarkerSize = 8;
                markers.MarkerShape = LogLogPlot.Shape(s);
                markers.LegendText = s.Label;
            }
            else
            {
                LogLogPlot.AddLine(plot, xs, ys, color, s);
            }
        }
        LogLogPlot.Decorate(plot, title, xLabel, yLabel, logY: false);
        plot.SavePng(path, width, height);
    }
}
