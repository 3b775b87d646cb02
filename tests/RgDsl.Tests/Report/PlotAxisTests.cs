using System.Globalization;
using RgDsl.Reporting;

namespace RgDsl.Tests.Report;

public class PlotAxisTests
{
    /// <summary>The value a tick label names: "0.2", "10", "10⁻³", "2×10⁻⁵".</summary>
    private static double Value(string label)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        double Power(string p) => Math.Pow(10, p.Length == 2 ? 1 : int.Parse(string.Concat(p[2..].Select(c => c == '⁻' ? '-' : (char)('0' + superscripts.IndexOf(c)))), CultureInfo.InvariantCulture));
        var times = label.IndexOf('×');
        if (times >= 0) return double.Parse(label[..times], CultureInfo.InvariantCulture) * Power(label[(times + 1)..]);
        return label.StartsWith("10", StringComparison.Ordinal) && label.Length > 2 && label[2] is '⁻' or (>= '⁰' and <= '⁹') or '¹' or '²' or '³'
            ? Power(label) : double.Parse(label, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0.12, 0.23)]      // less than a decade around 0.2 (the MNIST y-axis had one label)
    [InlineData(13, 40)]          // the ReLU shift-against-P axis had one label
    [InlineData(63, 112)]         // one decade inside
    [InlineData(5e-5, 6.3e-5)]    // a narrow window far from 1
    [InlineData(0.1, 1000)]       // several decades: decades only
    [InlineData(1.9, 2.1)]        // one multiple of a decade inside: evenly spaced values instead
    [InlineData(2.001, 2.004)]    // none inside
    public void Every_log_axis_has_at_least_two_labelled_ticks_that_name_their_positions(double from, double to)
    {
        var (lo, hi) = (Math.Log10(from), Math.Log10(to));
        var ticks = LogLogPlot.LogTickLabels(lo, hi);
        var labelled = ticks.Where(t => t.Label is not null).ToList();
        Assert.True(labelled.Count >= 2, $"{labelled.Count} labelled ticks on {from}..{to}");
        Assert.All(ticks, t => Assert.InRange(t.Position, lo - 1e-12, hi + 1e-12));
        foreach (var (position, label) in labelled)
            Assert.Equal(Math.Pow(10, position), Value(label!), Math.Pow(10, position) * 1e-5);
        if (hi - lo >= 2) Assert.All(labelled, t => Assert.Equal(Math.Round(t.Position), t.Position, 1e-12));
    }
}
