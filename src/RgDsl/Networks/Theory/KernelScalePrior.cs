using System.Globalization;
using MathNet.Numerics;

namespace RgDsl.Networks.Theory;

/// <summary>
/// One factor of the kernel scale: g ~ Gamma(shape n/2, scale 2/n) (mean 1, variance 2/n), entering ln s with
/// exponent η (THEORY §6.2–§6.3).
/// </summary>
/// <param name="DegreesOfFreedom">n: the width of the layer whose squared weight norm the factor is.</param>
/// <param name="Exponent">η: how the kernel of the network scales with this factor (1 for the readout and for layers under a positively homogeneous activation).</param>
/// <param name="Origin">Where the factor comes from, for reports.</param>
public sealed record ScaleFactor(double DegreesOfFreedom, double Exponent, string Origin);

/// <summary>
/// The prior of the overall kernel scale s of a finite-width network: ln s = Σ_i η_i ln g_i with independent
/// g_i ~ Gamma(n_i/2, 2/n_i). For a network with L hidden layers of width N the readout gives one factor
/// (s = |a|²/(N σ_a²): given the readout, the output of a layer of Gaussian features is a GP with kernel s·K), and
/// each of the L−1 hidden-to-hidden layers another one. For deep linear networks this is exact: the prior over
/// functions is exactly this mixture of GPs. For non-linear layers it is the scale part of the layer's kernel
/// fluctuation; its shape part is treated perturbatively (<see cref="ShapeFirstOrder"/>).
/// </summary>
/// <remarks>
/// One factor has a closed-form density. Several are convolved numerically on a uniform grid over the range where each
/// factor's density is within e^−60 of its maximum; beyond e^−40 of the maximum the log-density is continued by its
/// exact exponential rate (the maximum of Σ ln p(g_i) at fixed ln s), so that data which pull s far into the prior's tail
/// (the mean-field scaling does) still see a finite, correctly sloped prior.
/// </remarks>
public sealed class KernelScalePrior
{
    private const int GridPoints = 8193;
    /// <summary>Each factor is tabulated where its log-density is within this of its maximum (beyond: negligible mass).</summary>
    private const double TableDepth = 60;
    /// <summary>The exponential-rate continuation takes over where the convolved log-density falls this far below its maximum.</summary>
    private const double MatchDepth = 40;
    private readonly double _lo, _step;
    private readonly double[]? _logDensity;
    private readonly double _rateAtLo, _rateAtHi;
    private readonly int _first, _last;

    public KernelScalePrior(IReadOnlyList<ScaleFactor> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Count == 0) throw new ArgumentException("the kernel scale needs at least one factor.", nameof(factors));
        foreach (var f in factors)
        {
            if (!double.IsFinite(f.DegreesOfFreedom) || f.DegreesOfFreedom <= 0)
                throw new ArgumentOutOfRangeException(nameof(factors), f.DegreesOfFreedom, "a scale factor's degrees of freedom (a layer width) must be positive.");
            if (!double.IsFinite(f.Exponent) || f.Exponent <= 0)
                throw new ArgumentOutOfRangeException(nameof(factors), f.Exponent, "a scale factor's exponent must be positive and finite.");
        }
        Factors = factors.ToArray();
        double lo = 0, hi = 0;
        foreach (var f in Factors)
        {
            var (a, b) = FactorRange(f);
            lo += a; hi += b;
        }
        _lo = lo;
        _step = (hi - lo) / (GridPoints - 1);
        if (Factors.Count > 1)
        {
            _logDensity = Convolve();
            // The continuation beyond the tabulated range is matched where the table is still well inside double range.
            var peak = _logDensity.Max();
            _first = Array.FindIndex(_logDensity, v => v > peak - MatchDepth);
            _last = Array.FindLastIndex(_logDensity, v => v > peak - MatchDepth);
            _rateAtLo = _logDensity[_first] - FactorOptimumRelative(_lo + _first * _step);
            _rateAtHi = _logDensity[_last] - FactorOptimumRelative(_lo + _last * _step);
        }
        // Moments of ln s on the grid.
        double mass = 0, mean = 0, second = 0;
        for (var i = 0; i < GridPoints; i++)
        {
            var u = _lo + i * _step;
            var p = Math.Exp(LogDensity(u));
            mass += p; mean += p * u; second += p * u * u;
        }
        MeanLog = mean / mass;
        StandardDeviationLog = Math.Sqrt(Math.Max(0, second / mass - MeanLog * MeanLog));
    }

    /// <summary>The prior of a network's kernel scale: the readout and every hidden-to-hidden layer (THEORY §6.2).</summary>
    /// <param name="architecture">The network.</param>
    /// <param name="layerExponents">η of the hidden-to-hidden layers 2..L (null: 1 each, exact for linear and ReLU).</param>
    public static KernelScalePrior ForNetwork(NetworkArchitecture architecture, IReadOnlyList<double>? layerExponents = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var factors = new List<ScaleFactor> { new(architecture.Width, 1, "readout |a|²/(Nσ_a²)") };
        for (var l = 2; l <= architecture.Depth; l++)
            factors.Add(new ScaleFactor(architecture.Width, layerExponents?[l - 2] ?? 1, string.Create(CultureInfo.InvariantCulture, $"layer {l} weights")));
        return new KernelScalePrior(factors);
    }

    public IReadOnlyList<ScaleFactor> Factors { get; }
    /// <summary>E[ln s].</summary>
    public double MeanLog { get; }
    /// <summary>The standard deviation of ln s.</summary>
    public double StandardDeviationLog { get; }
    /// <summary>The range of ln s where the prior carries all but a negligible (about e^−60) part of its mass.</summary>
    public (double Lo, double Hi) Range => (_lo, _lo + (GridPoints - 1) * _step);

    /// <summary>ln of the density of u = ln s (finite everywhere).</summary>
    public double LogDensity(double logScale)
    {
        if (double.IsNaN(logScale)) throw new ArgumentException("ln s is NaN.", nameof(logScale));
        if (_logDensity is null) return FactorLogDensity(Factors[0], logScale);
        var x = (logScale - _lo) / _step;
        if (x < _first) return _rateAtLo + FactorOptimumRelative(logScale);
        if (x > _last) return _rateAtHi + FactorOptimumRelative(logScale);
        var i = Math.Min((int)x, _last - 1);
        var f = x - i;
        return (1 - f) * _logDensity[i] + f * _logDensity[i + 1];
    }

    /// <summary>ln density of η ln g for one factor, at u.</summary>
    internal static double FactorLogDensity(ScaleFactor f, double u)
    {
        var h = f.DegreesOfFreedom / 2;
        var v = u / f.Exponent;
        return h * Math.Log(h) - SpecialFunctions.GammaLn(h) + h * v - h * Math.Exp(v) - Math.Log(f.Exponent);
    }

    /// <summary>The range of η ln g where the factor's log-density is within <see cref="TableDepth"/> of its maximum (at v = 0).</summary>
    private static (double Lo, double Hi) FactorRange(ScaleFactor f)
    {
        var h = f.DegreesOfFreedom / 2;
        // h(v − e^v + 1) = −TableDepth on each side of v = 0.
        double Drop(double v) => h * (v - Math.Exp(v) + 1) + TableDepth;
        double Solve(double inside, double outside)
        {
            for (var i = 0; i < 200; i++)
            {
                var mid = 0.5 * (inside + outside);
                if (Drop(mid) > 0) inside = mid; else outside = mid;
            }
            return 0.5 * (inside + outside);
        }
        var lo = -1.0;
        while (Drop(lo) > 0) lo *= 2;
        var hi = 1.0;
        while (Drop(hi) > 0) hi *= 2;
        return (f.Exponent * Solve(0, lo), f.Exponent * Solve(0, hi));
    }

    /// <summary>max over the factors with Σ η_i ln g_i = u of Σ_i h_i(v_i − e^(v_i)) (the exponential rate of the density).</summary>
    private double FactorOptimumRelative(double logScale) => ScaleMixture.FactorOptimum(this, logScale);

    private double[] Convolve()
    {
        // Each factor's density on its own grid with the common step, scaled to a maximum of 1; convolved in turn.
        double[] Density(ScaleFactor f, out double start)
        {
            var (a, b) = FactorRange(f);
            var count = (int)Math.Ceiling((b - a) / _step) + 1;
            start = a;
            var peak = FactorLogDensity(f, 0);
            var d = new double[count];
            for (var i = 0; i < count; i++) d[i] = Math.Exp(FactorLogDensity(f, a + i * _step) - peak);
            return d;
        }
        var logScale = Factors.Sum(f => FactorLogDensity(f, 0));
        var density = Density(Factors[0], out var lo);
        for (var n = 1; n < Factors.Count; n++)
        {
            var next = Density(Factors[n], out var loN);
            var conv = new double[density.Length + next.Length - 1];
            RgDsl.Networks.Linear.ParallelLoop.For(0, conv.Length, k =>
            {
                double sum = 0;
                var from = Math.Max(0, k - next.Length + 1);
                var to = Math.Min(density.Length - 1, k);
                for (var i = from; i <= to; i++) sum += density[i] * next[k - i];
                conv[k] = sum * _step;
            });
            density = conv;
            lo += loN;
        }
        var result = new double[GridPoints];
        double mass = 0;
        for (var i = 0; i < GridPoints; i++)
        {
            var x = (_lo + i * _step - lo) / _step;
            var k = (int)Math.Floor(x);
            var v = k >= 0 && k + 1 < density.Length ? density[k] + (x - k) * (density[k + 1] - density[k]) : 0;
            result[i] = v > 0 ? Math.Log(v) + logScale : double.NegativeInfinity;
            mass += v;
        }
        // The discrete convolution loses a little mass at the grid ends; restore the normalisation.
        var correction = Math.Log(mass * _step) + logScale;
        for (var i = 0; i < GridPoints; i++) result[i] -= correction;
        return result;
    }

    public override string ToString() => string.Join(" · ", Factors.Select(f => string.Create(CultureInfo.InvariantCulture,
        $"{(f.Exponent == 1 ? "" : "(")}Gamma({f.DegreesOfFreedom:G4}/2){(f.Exponent == 1 ? "" : $")^{f.Exponent:G4}")} [{f.Origin}]")));
}
