// Shared with the source generator (linked into generators/RgDsl.Generators), which fits measured tables at compile
// time with it: keep it dependency-free and netstandard2.0-compatible.
using System;
using System.Collections.Generic;
using System.Linq;

namespace RgDsl;

/// <summary>A least-squares power-law fit ε ≈ C·P^Exponent over a range of dataset sizes.</summary>
/// <param name="Exponent">The fitted slope d ln ε / d ln P.</param>
/// <param name="StandardError">Its standard error from the residuals (0 for two points or an exact fit).</param>
/// <param name="Prefactor">C.</param>
/// <param name="From">Smallest P used.</param>
/// <param name="To">Largest P used.</param>
/// <param name="Points">Number of points used.</param>
public sealed record PowerLawFit(double Exponent, double StandardError, double Prefactor, double From, double To, int Points)
{
    /// <summary>Fits ln y = ln C + e ln x by least squares.</summary>
    public static PowerLawFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException("x and y must have the same length.");
        if (x.Count < 2) throw new ArgumentException($"a power-law fit needs at least 2 points; got {x.Count}.");
        var n = x.Count;
        double sx = 0, sy = 0;
        for (var i = 0; i < n; i++)
        {
            if (!(x[i] > 0) || !(y[i] > 0)) throw new ArgumentException(FormattableString.Invariant($"a power-law fit needs positive values; point {i} is ({x[i]:R}, {y[i]:R})."));
            sx += Math.Log(x[i]); sy += Math.Log(y[i]);
        }
        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = Math.Log(x[i]) - mx;
            sxx += dx * dx; sxy += dx * (Math.Log(y[i]) - my);
        }
        if (sxx == 0) throw new ArgumentException("a power-law fit needs at least two distinct x values.");
        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        double rss = 0;
        for (var i = 0; i < n; i++)
        {
            var r = Math.Log(y[i]) - intercept - slope * Math.Log(x[i]);
            rss += r * r;
        }
        var se = n > 2 ? Math.Sqrt(rss / (n - 2) / sxx) : 0;
        return new PowerLawFit(slope, se, Math.Exp(intercept), x.Min(), x.Max(), n);
    }
}
