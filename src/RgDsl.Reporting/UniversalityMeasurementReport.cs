using System.Globalization;
using System.Text;
using RgDsl.Networks.Universality;
using ScottPlot;

namespace RgDsl.Reporting;

/// <summary>
/// Writes a <see cref="UniversalityMeasurementResult"/> (THEORY §6.7): the table of δ(P) with errors, resolution and
/// chain diagnostics; the fitted rate against the predicted interval; the learning-curve exponents; and a plot of δ(P)
/// with ±1 s.e. bars, the predicted band (the interval's two slopes) and the fit. The plot is log-log only when every
/// point's error bar lies on one side of zero with one sign for all (then |δ| is δ up to that sign, which the axis
/// label says); otherwise δ is drawn signed on a linear axis against log₁₀ P, so no sign and no unresolved point is hidden.
/// Only formats what the record holds.
/// </summary>
public static class UniversalityMeasurementReport
{
    /// <summary>Writes {name}.md, {name}.csv and {name}.png into <paramref name="directory"/>; returns the Markdown file's path.</summary>
    /// <exception cref="ArgumentException">An empty <paramref name="name"/> or <paramref name="directory"/>.</exception>
    public static string Write(UniversalityMeasurementResult result, string directory, string name = "universality-measurement")
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        var logAxis = OneSided(result, out var sign);
        var png = name + ".png";
        if (logAxis) SaveLogLog(result, Path.Combine(directory, png), sign);
        else SaveSigned(result, Path.Combine(directory, png));
        var md = new StringBuilder();
        md.AppendLine($"# Universality measured: {result.Model}");
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"{result.Architecture}. δ(P) = ε_N/ε_ref − 1 with ε_ref {(result.Reference == ShiftReference.RenormalisedKernel ? "the GP with the renormalised kernel s*(P)·K (THEORY §6.7)" : "the NNGP (infinite width, s = 1)")}, paired on the same training and test sets; the network sampled exactly (collapsed HMC)."));
        md.AppendLine();
        md.AppendLine("**" + result.Verdict + "**");
        md.AppendLine();
        md.AppendLine("| P | training sets | ε_N | ε_ref | s* | δ | s.e. | \\|δ\\|/s.e. (needed) | max split-R̂ | min ESS | mixed | resolved | theory δ (treatment) | within 3 s.e. + 10% |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var csv = new StringBuilder("P,datasets,network_error,network_error_se,reference_error,reference_error_se,renormalised_scale,shift,shift_se,max_split_rhat,min_ess,mixed,resolved,theory_shift\n");
        foreach (var p in result.Points)
        {
            var t = result.Theory.FirstOrDefault(s => s.DatasetSize == p.DatasetSize);
            var theory = t is null ? "— | —" : string.Create(inv, $"{t.Shift:G4} ({t.Treatment}{(t.IsReliable ? "" : ", flagged")}) | {(t.Agrees switch { true => "yes", false => "**no**", null => "—" })}");
            md.AppendLine(string.Create(inv, $"| {p.DatasetSize:G6} | {p.Datasets} | {p.NetworkError} | {p.ReferenceError} | {p.RenormalisedScale:G4} | {p.Shift.Value:G4} | {p.Shift.StandardError:G3} | {p.Significance:F1} ({p.Threshold:G3}) | {p.MaxSplitRHat:F3} | {p.MinEffectiveSamples:F0} | {(p.Mixed ? "yes" : "**no**")} | {(p.Resolved ? "yes" : "no")} | {theory} |"));
            csv.Append(string.Create(inv, $"{p.DatasetSize:R},{p.Datasets},{p.NetworkError.Value:R},{p.NetworkError.StandardError:R},{p.ReferenceError.Value:R},{p.ReferenceError.StandardError:R},{p.RenormalisedScale:R},{p.Shift.Value:R},{p.Shift.StandardError:R},{p.MaxSplitRHat:R},{p.MinEffectiveSamples:R},{p.Mixed},{p.Resolved},{(t is null ? "" : t.Shift.ToString("R", inv))}\n"));
        }
        md.AppendLine();
        md.AppendLine($"![δ(P)]({png})");
        md.AppendLine();
        md.AppendLine(logAxis ? "Log-log axes: every error bar lies on one side of zero and all share one sign." : "Signed linear axis against log₁₀ P: some error bar crosses zero or δ changes sign, so |δ| on a log axis would hide it.");
        md.AppendLine();
        md.AppendLine("- Fitted rate of |δ|: " + (result.Rate?.ToString() ?? "none (not resolved, or δ changes sign)"));
        md.AppendLine(string.Create(inv, $"- The theory's δ within 3 s.e. + 10% of the measured one: {result.Theory.Count(t => t.Agrees == true)} of {result.Theory.Count(t => t.Agrees is not null)} mixed points"));
        md.AppendLine("- Predicted: " + (result.Predicted is { } q ? $"{q} — {q.Why}" : "none"));
        md.AppendLine("- Within 2 s.e. of the predicted interval: " + (result.RateAgrees switch { true => "yes", false => "**no**", null => "not compared" }));
        md.AppendLine("- Learning-curve exponent over the mixed points: network " + (result.NetworkExponent?.ToString() ?? "—") + "; reference GP " + (result.ReferenceExponent?.ToString() ?? "—")
            + "; difference from the paired ratio 1 + δ: " + (result.ExponentDifference?.ToString() ?? "—"));
        md.AppendLine(string.Create(inv, $"- Time: {result.WallTime.TotalSeconds:F1} s of a {result.TimeBudgetSeconds:G3} s budget (first round estimated at {result.EstimatedFirstRoundSeconds:G3} s)."));
        foreach (var w in result.Warnings) md.AppendLine("- Warning: " + w);
        File.WriteAllText(Path.Combine(directory, name + ".csv"), csv.ToString());
        var path = Path.Combine(directory, name + ".md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>Whether every measured point's ±1 s.e. bar lies on one side of zero, all with the same sign.</summary>
    private static bool OneSided(UniversalityMeasurementResult result, out int sign)
    {
        var measured = result.Points.Where(p => p.Datasets >= 2).ToList();
        sign = measured.Count > 0 ? Math.Sign(measured[0].Shift.Value) : 0;
        var s = sign;
        return s != 0 && measured.All(p => s * p.Shift.Value - p.Shift.StandardError > 0);
    }

    private static void SaveLogLog(UniversalityMeasurementResult result, string path, int sign)
    {
        var measured = result.Points.Where(p => p.Datasets >= 2).ToList();
        var series = new List<PlotSeries>
        {
            new("δ(P), ±1 s.e.", measured.Select(p => p.DatasetSize).ToArray(), measured.Select(p => Math.Abs(p.Shift.Value)).ToArray(), measured.Select(p => p.Shift.StandardError).ToArray(), Points: true),
        };
        if (result.Rate is { } r) series.Add(new PlotSeries($"fit {r}", measured.Select(p => p.DatasetSize).ToArray(), measured.Select(p => r.At(p.DatasetSize)).ToArray()));
        // The theory's δ where it has the measurement's sign (a log axis cannot show the others).
        var theory = result.Theory.Where(t => sign * t.Shift > 0).ToList();
        if (theory.Count >= 2) series.Add(new PlotSeries("theory δ(P)", theory.Select(t => t.DatasetSize).ToArray(), theory.Select(t => Math.Abs(t.Shift)).ToArray()));
        AddBand(series, result, Math.Abs);
        LogLogPlot.Save(path, $"{result.Model}: finite-width shift", "dataset size P", sign > 0 ? "δ = ε_N/ε_ref − 1 (all > 0)" : "−δ = 1 − ε_N/ε_ref (all δ < 0)", series);
    }

    private static void AddBand(List<PlotSeries> series, UniversalityMeasurementResult result, Func<double, double> map)
    {
        if (result.Predicted is not { } q || result.Band.Count == 0) return;
        var x = result.Band.Select(b => b.DatasetSize).ToArray();
        series.Add(new PlotSeries(string.Create(CultureInfo.InvariantCulture, $"predicted slope {q.Lo:0.###}"), x, result.Band.Select(b => map(b.Lower)).ToArray(), Dashed: true));
        series.Add(new PlotSeries(string.Create(CultureInfo.InvariantCulture, $"predicted slope {q.Hi:0.###}"), x, result.Band.Select(b => map(b.Upper)).ToArray(), Dashed: true));
    }

    /// <summary>δ signed on a linear axis against log₁₀ P, with a zero line; the band carries the sign of the resolved points' mean.</summary>
    private static void SaveSigned(UniversalityMeasurementResult result, string path)
    {
        var plot = new Plot();
        var measured = result.Points.Where(p => p.Datasets >= 2).ToList();
        plot.Add.HorizontalLine(0).Color = Colors.Gray;
        foreach (var (label, points, color) in new[] { ("resolved", measured.Where(p => p.Resolved).ToList(), Colors.Black), ("not resolved / not mixed", measured.Where(p => !p.Resolved).ToList(), Colors.FireBrick) })
        {
            if (points.Count == 0) continue;
            var xs = points.Select(p => Math.Log10(p.DatasetSize)).ToArray();
            var ys = points.Select(p => p.Shift.Value).ToArray();
            plot.Add.ErrorBar(xs, ys, points.Select(p => p.Shift.StandardError).ToArray()).Color = color;
            var markers = plot.Add.ScatterPoints(xs, ys);
            markers.Color = color;
            markers.MarkerSize = 8;
            markers.LegendText = "δ(P) ±1 s.e., " + label;
        }
        var resolved = measured.Where(p => p.Resolved).ToList();
        var sign = resolved.Count > 0 ? Math.Sign(resolved.Sum(p => p.Shift.Value)) : 1;
        var series = new List<PlotSeries>();
        AddBand(series, result, v => sign * v);
        foreach (var s in series)
        {
            var line = plot.Add.ScatterLine(s.X.Select(Math.Log10).ToArray(), s.Y.ToArray());
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = s.Label;
        }
        if (result.Theory.Count >= 2)
        {
            var theory = plot.Add.ScatterLine(result.Theory.Select(t => Math.Log10(t.DatasetSize)).ToArray(), result.Theory.Select(t => t.Shift).ToArray());
            theory.LegendText = "theory δ(P)";
        }
        plot.Title($"{result.Model}: finite-width shift (signed)");
        plot.XLabel("log₁₀ P");
        plot.YLabel("δ = ε_N/ε_ref − 1");
        plot.ShowLegend();
        plot.SavePng(path, 900, 600);
    }
}
