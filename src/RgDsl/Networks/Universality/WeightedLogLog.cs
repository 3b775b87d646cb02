namespace RgDsl.Networks.Universality;

/// <summary>Weighted least squares of ln y on ln P (weights 1/σ², σ the relative error of y).</summary>
internal static class WeightedLogLog
{
    /// <summary>
    /// The fit, with the slope's standard error 1/√Σw(x − x̄)², inflated by √(χ²/(n − 2)) when the scatter exceeds the
    /// errors (n &gt; 2). A point without error counts as very precise (σ ≥ 1e-12), never infinitely so.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 points, non-positive values, or a single distinct P.</exception>
    public static LogLogFit Fit(IReadOnlyList<double> sizes, IReadOnlyList<double> values, IReadOnlyList<double> relativeErrors)
    {
        var n = sizes.Count;
        if (n < 2 || values.Count != n || relativeErrors.Count != n) throw new ArgumentException("a weighted log-log fit needs at least 2 points and one value and error per point.", nameof(values));
        if (sizes.Any(p => !(p > 0)) || values.Any(v => !(v > 0) || !double.IsFinite(v))) throw new ArgumentException("a log-log fit needs positive, finite P and values.", nameof(values));
        var x = sizes.Select(p => Math.Log(p)).ToArray();
        var y = values.Select(v => Math.Log(v)).ToArray();
        var w = relativeErrors.Select(s => 1 / Math.Max(double.IsFinite(s) ? s * s : double.MaxValue, 1e-24)).ToArray();
        double sw = w.Sum(), mx = 0, my = 0;
        for (var i = 0; i < n; i++) { mx += w[i] * x[i] / sw; my += w[i] * y[i] / sw; }
        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++) { sxx += w[i] * (x[i] - mx) * (x[i] - mx); sxy += w[i] * (x[i] - mx) * (y[i] - my); }
        if (!(sxx > 0)) throw new ArgumentException("a log-log fit needs at least two distinct P.", nameof(sizes));
        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        double chi2 = 0;
        for (var i = 0; i < n; i++) chi2 += w[i] * Math.Pow(y[i] - intercept - slope * x[i], 2);
        var se = 1 / Math.Sqrt(sxx);
        if (n > 2 && chi2 / (n - 2) > 1) se *= Math.Sqrt(chi2 / (n - 2));
        return new LogLogFit(slope, se, Math.Exp(intercept), sizes.Min(), sizes.Max(), n);
    }
}
