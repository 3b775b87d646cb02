using System.Globalization;
using ScottPlot;

namespace RgDsl.Reporting;

/// <summary>One series of a plot: a line, or points with optional ±1 standard-error bars.</summary>
/// <param name="Label">The legend entry.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates.</param>
/// <param name="YError">±1 standard error of each ordinate, or null.</param>
/// <param name="Points">Markers instead of a line.</param>
/// <param name="Dashed">A dashed line.</param>
/// <param name="Colour">The palette index (series with the same index share their colour: a theory line and the points it predicts); null: the next free one (black for points).</param>
/// <param name="Hollow">Open markers (points that are shown but not counted, e.g. chains that did not mix).</param>
/// <param name="Marker">The marker's shape (to tell two kinds of points of one colour apart).</param>
/// <param name="Magnitude">
/// <paramref name="Y"/> is signed and the log-log plot shows |Y|, marking the sign: a line is dotted where Y &lt; 0 and
/// every sign change gets a × (a dip of |Y| there is a crossing of zero, not a small value); negative points are open
/// downward triangles. Ignored by <see cref="SemiLogPlot"/>, which shows the sign itself.
/// </param>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? YError = null, bool Points = false, bool Dashed = false,
    int? Colour = null, bool Hollow = false, PlotMarker Marker = PlotMarker.Circle, bool Magnitude = false);

/// <summary>The shape of a point series' markers.</summary>
public enum PlotMarker
{
    /// <summary>A circle.</summary>
    Circle,
    /// <summary>A square.</summary>
    Square,
    /// <summary>A triangle.</summary>
    Triangle,
}

/// <summary>Log-log plots with at least two labelled ticks per axis, a title, axis labels and a legend beside the data (ScottPlot, PNG).</summary>
public static class LogLogPlot
{
    internal static readonly Color[] Palette = [Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen, Colors.FireBrick, Colors.Purple, Colors.SaddleBrown, Colors.DeepPink, Colors.Gray, Colors.Olive, Colors.Teal];

    /// <summary>Draws the series (non-positive values are left out), with optional dotted vertical markers (an x value and its label, e.g. the crossover of two regimes), and saves a PNG.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<PlotSeries> series, int width = 1100, int height = 600, IReadOnlyList<(double X, string Label)>? verticals = null)
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
        var signChangeLegend = false;
        foreach (var s in series)
        {
            var color = s.Colour is { } c ? Palette[c % Palette.Length] : s.Points ? Colors.Black : Palette[index++ % Palette.Length];
            if (s.Magnitude)
            {
                signChangeLegend |= DrawMagnitude(plot, s, color, !signChangeLegend);
                continue;
            }
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
                markers.MarkerShape = Shape(s);
                // A bar shorter than a marker (about 1% of a decade-scale axis) is hidden behind it: say so.
                var hidden = s.YError is { } e && keep.All(i => Math.Log10(1 + e[i] / s.Y[i]) < 0.01 * Math.Max(1, ys.Max() - ys.Min()));
                markers.LegendText = s.Label + (hidden ? " (±1 s.e. smaller than the markers)" : "");
            }
            else
            {
                AddLine(plot, xs, ys, color, s);
            }
        }
        Decorate(plot, title, xLabel, yLabel);
        plot.SavePng(path, width, height);
    }

    /// <summary>|Y| of a signed series, its sign marked (see <see cref="PlotSeries.Magnitude"/>); returns whether it drew a sign change.</summary>
    private static bool DrawMagnitude(Plot plot, PlotSeries s, Color color, bool legendForSignChange)
    {
        var keep = Enumerable.Range(0, s.X.Count).Where(i => s.X[i] > 0 && s.Y[i] != 0 && double.IsFinite(s.Y[i])).ToList();
        if (keep.Count == 0) return false;
        double X(int i) => Math.Log10(s.X[i]);
        double Y(int i) => Math.Log10(Math.Abs(s.Y[i]));
        if (s.Points)
        {
            foreach (var negative in new[] { false, true })
            {
                var chosen = keep.Where(i => s.Y[i] < 0 == negative).ToList();
                if (chosen.Count == 0) continue;
                var markers = plot.Add.ScatterPoints(chosen.Select(X).ToArray(), chosen.Select(Y).ToArray());
                markers.Color = color;
                markers.MarkerSize = 8;
                markers.MarkerShape = negative ? MarkerShape.OpenTriangleDown : Shape(s);
                markers.LegendText = s.Label + (negative ? " (negative; |value| shown)" : "");
            }
            return false;
        }
        bool labelledPositive = false, labelledNegative = false, crossed = false;
        var start = 0;
        for (var k = 1; k <= keep.Count; k++)
        {
            if (k < keep.Count && s.Y[keep[k]] < 0 == s.Y[keep[start]] < 0) continue;
            var run = keep.GetRange(start, k - start);
            var negative = s.Y[run[0]] < 0;
            var line = plot.Add.ScatterLine(run.Select(X).ToArray(), run.Select(Y).ToArray());
            line.Color = color;
            line.LineWidth = 2;
            line.LinePattern = negative ? LinePattern.Dotted : s.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            if (!negative && !labelledPositive) { line.LegendText = s.Label; labelledPositive = true; }
            if (negative && !labelledNegative) { line.LegendText = s.Label + " (dotted: negative, |value| shown)"; labelledNegative = true; }
            if (k < keep.Count)
            {
                // The sign changes between keep[k-1] and keep[k]: a cross between them, at the smaller |Y|.
                var mark = plot.Add.Marker((X(keep[k - 1]) + X(keep[k])) / 2, Math.Min(Y(keep[k - 1]), Y(keep[k])));
                mark.Color = color;
                mark.Shape = MarkerShape.Eks;
                mark.Size = 12;
                if (legendForSignChange && !crossed) mark.LegendText = "× sign change (|value| passes through 0)";
                crossed = true;
            }
            start = k;
        }
        return crossed;
    }

    /// <summary>The ScottPlot marker of a series: its shape, open when <see cref="PlotSeries.Hollow"/>.</summary>
    internal static MarkerShape Shape(PlotSeries s) => (s.Marker, s.Hollow) switch
    {
        (PlotMarker.Square, false) => MarkerShape.FilledSquare,
        (PlotMarker.Square, true) => MarkerShape.OpenSquare,
        (PlotMarker.Triangle, false) => MarkerShape.FilledTriangleUp,
        (PlotMarker.Triangle, true) => MarkerShape.OpenTriangleUp,
        (_, false) => MarkerShape.FilledCircle,
        (_, true) => MarkerShape.OpenCircle,
    };

    /// <summary>Title, axis labels, log ticks on both (log10) axes (at least two labelled), a light grid and the legend beside the data.</summary>
    /// <summary>A theory series as a line in its colour, dashed where asked, with its legend entry.</summary>
    internal static void AddLine(Plot plot, double[] xs, double[] ys, Color color, PlotSeries s)
    {
        var line = plot.Add.ScatterLine(xs, ys);
        line.Color = color;
        line.LineWidth = 2;
        if (s.Dashed) line.LinePattern = LinePattern.Dashed;
        line.LegendText = s.Label;
    }

    internal static void Decorate(Plot plot, string title, string xLabel, string yLabel, bool logY = true)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.Bottom.TickGenerator = LogTicks(limits.Left, limits.Right);
        if (logY) plot.Axes.Left.TickGenerator = LogTicks(limits.Bottom, limits.Top);
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>
    /// Ticks of a log10 axis from <paramref name="lo"/> to <paramref name="hi"/> (in decades): labelled decades, and when
    /// fewer than two decades fall inside, labelled 2× and 5× multiples too (then every multiple), so that every axis has
    /// at least two labelled ticks; unlabelled ticks at the other multiples.
    /// </summary>
    internal static ScottPlot.TickGenerators.NumericManual LogTicks(double lo, double hi)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, label) in LogTickLabels(lo, hi))
            if (label is null) ticks.AddMinor(position);
            else ticks.AddMajor(position, label);
        return ticks;
    }

    /// <summary>
    /// The ticks of a log10 axis spanning <paramref name="lo"/>..<paramref name="hi"/> decades: (log10 of the value, its
    /// label or null for an unlabelled tick). At least two are labelled on any span: decades, else 1-2-5 multiples, else
    /// every multiple, else evenly spaced values.
    /// </summary>
    public static IReadOnlyList<(double Position, string? Label)> LogTickLabels(double lo, double hi)
    {
        if (!(hi > lo) || !double.IsFinite(lo) || !double.IsFinite(hi) || hi - lo > 400) return [];
        var candidates = new List<(double Position, int Mantissa, int Decade)>();
        for (var decade = (int)Math.Floor(lo) - 1; decade <= (int)Math.Ceiling(hi); decade++)
            for (var m = 1; m <= 9; m++)
            {
                var position = decade + Math.Log10(m);
                if (position >= lo && position <= hi) candidates.Add((position, m, decade));
            }
        if (candidates.Count < 2) return NarrowTicks(lo, hi);
        int[][] levels = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];
        var labelled = levels.Select(l => candidates.Where(c => l.Contains(c.Mantissa)).ToList()).First(l => l.Count >= 2);
        // Decades alone are labelled as powers of ten; among multiples, every label near 1 is a plain number (0.1, 0.2, 0.5).
        var decadesOnly = labelled.All(c => c.Mantissa == 1);
        return candidates.Select(c => (c.Position, labelled.Contains(c) ? Label(c.Mantissa, c.Decade, decadesOnly) : null)).ToList();

        static string? Label(int mantissa, int decade, bool decadesOnly) =>
            mantissa == 1 && (decadesOnly || decade is < -3 or > 3) ? PowerOfTen(decade)
            : decade is >= -3 and <= 3 ? (mantissa * Math.Pow(10, decade)).ToString("0.###", CultureInfo.InvariantCulture)
            : mantissa.ToString(CultureInfo.InvariantCulture) + "×" + PowerOfTen(decade);
    }

    /// <summary>An axis narrower than two multiples of a decade: evenly spaced values (steps of 1, 2 or 5 × 10ⁿ), at least two, all labelled.</summary>
    private static IReadOnlyList<(double Position, string? Label)> NarrowTicks(double lo, double hi)
    {
        double from = Math.Pow(10, lo), to = Math.Pow(10, hi);
        var step = Math.Pow(10, Math.Floor(Math.Log10(to - from)));
        foreach (var factor in new[] { 1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01 })
        {
            var s = step * factor;
            var values = new List<double>();
            for (var k = Math.Ceiling(from / s); k * s <= to && values.Count < 20; k++) values.Add(k * s);
            if (values.Count >= 2)
                return values.Select(v => (Math.Log10(v), (string?)v.ToString("G6", CultureInfo.InvariantCulture))).ToList();
        }
        return [];
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
