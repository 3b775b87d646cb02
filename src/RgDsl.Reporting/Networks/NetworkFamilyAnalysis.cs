using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearRegression;
using RgDsl.Networks;

namespace RgDsl.Reporting.Networks;

/// <summary>What the comparison of one sampled point with the theory concluded.</summary>
public enum ShiftVerdict
{
    /// <summary>The chains mixed, the theory raised no warning, and predicted and measured shift agree within the allowance.</summary>
    Agrees,
    /// <summary>The chains mixed, the theory raised no warning, and the prediction misses.</summary>
    Disagrees,
    /// <summary>The chains mixed; the theory warned (beyond first order, proportional regime, mean-field P/N beyond the measured range…) and still agrees.</summary>
    FlaggedAgrees,
    /// <summary>The chains mixed; the theory warned and misses: the failure it warned of.</summary>
    FlaggedOff,
    /// <summary>The chains did not mix (split-R̂ too high or too few effective samples): the point is not compared at all.</summary>
    NotMixed,
}

/// <summary>One sampled point against the theory at the same width and P.</summary>
/// <param name="Measured">The sampled network.</param>
/// <param name="Prediction">The theory at its width and P.</param>
/// <param name="CombinedError">√(s.e.(measured δ)² + s.e.(theory)²): the theory's s.e. is the shape term's, or the adaptive-kernel saddle's over its training sets.</param>
/// <param name="Allowance">The allowed |predicted − measured|: 3 combined s.e. + 10% of |measured δ|.</param>
/// <param name="Verdict">Agreement, or why the point is not counted.</param>
public sealed record ShiftComparison(NetworkMeasurement Measured, NetworkPrediction Prediction, double CombinedError, double Allowance, ShiftVerdict Verdict)
{
    /// <summary>Whether the chains mixed (only then is the point compared).</summary>
    public bool Mixed => Verdict != ShiftVerdict.NotMixed;
    /// <summary>The part of the predicted shift from the kernel scale alone: ε_mixture/ε_GP − 1.</summary>
    public double ScalePart => Prediction.ScaleMixture.TestError / Prediction.GaussianProcess.TestError - 1;
    /// <summary>|predicted − measured δ|.</summary>
    public double Difference => Math.Abs(Prediction.RelativeShift - Measured.RelativeShift.Value);
    /// <summary>Whether the measured shift is resolved (more than 2 s.e. from zero).</summary>
    public bool Resolved => Math.Abs(Measured.RelativeShift.Value) > 2 * Measured.RelativeShift.StandardError;
}

/// <summary>The exact posterior of a linear network at one (N, P) against the theory.</summary>
/// <param name="Width">N.</param>
/// <param name="Exact">The exact scale mixture, averaged over training sets.</param>
/// <param name="Prediction">The theory.</param>
/// <param name="Agrees">Within 3 s.e. + 5% of the exact test error.</param>
public sealed record ExactComparison(int Width, LinearMixtureAverage Exact, NetworkPrediction Prediction, bool Agrees);

/// <summary>The shift against N at one P: the theory on a ladder of widths, the sampled points, and slopes fitted over the points that count.</summary>
/// <param name="DatasetSize">P.</param>
/// <param name="Ladder">Widths of the theory curve.</param>
/// <param name="Predicted">The predicted (signed) shift at each ladder width.</param>
/// <param name="Points">The sampled points at this P, by width.</param>
/// <param name="Fitted">Points the slope is fitted over: mixed, first order applies, shift resolved.</param>
/// <param name="Measured">|δ| ∝ N^e over <paramref name="Fitted"/> (null with fewer than 3).</param>
/// <param name="Theory">The theory's |δ| over the same widths (null with fewer than 3).</param>
public sealed record WidthScaling(double DatasetSize, IReadOnlyList<double> Ladder, IReadOnlyList<double> Predicted, IReadOnlyList<ShiftComparison> Points,
    IReadOnlyList<ShiftComparison> Fitted, PowerLawFit? Measured, PowerLawFit? Theory);

/// <summary>The shift against P at one width.</summary>
/// <param name="Width">N.</param>
/// <param name="Sizes">Sizes of the theory curve.</param>
/// <param name="Predicted">The predicted (signed) shift at each size.</param>
/// <param name="Points">The sampled points at this width, by P.</param>
/// <param name="Fitted">Points the slope is fitted over: mixed and resolved.</param>
/// <param name="Measured">|δ| ∝ P^e over <paramref name="Fitted"/> (null with fewer than 3).</param>
/// <param name="Theory">The theory over the same sizes (null with fewer than 3).</param>
public sealed record SizeScaling(int Width, IReadOnlyList<double> Sizes, IReadOnlyList<double> Predicted, IReadOnlyList<ShiftComparison> Points,
    IReadOnlyList<ShiftComparison> Fitted, PowerLawFit? Measured, PowerLawFit? Theory);

/// <summary>The local learning-curve exponent of the network against the GP's on the same data (mixed points only).</summary>
/// <param name="Width">N.</param>
/// <param name="Network">ε_N ∝ P^e, measured.</param>
/// <param name="GaussianProcess">ε_GP ∝ P^e on the same training sets.</param>
/// <param name="TheoryNetwork">The theory's network over the same window.</param>
/// <param name="TheoryGaussianProcess">The theory's GP over the same window.</param>
/// <param name="Difference">The exponent difference from the paired ratio 1 + δ (weighted by the errors of δ).</param>
/// <param name="DifferenceError">Its standard error.</param>
public sealed record ExponentComparison(int Width, PowerLawFit Network, PowerLawFit GaussianProcess, PowerLawFit TheoryNetwork, PowerLawFit TheoryGaussianProcess,
    double Difference, double DifferenceError)
{
    /// <summary>The allowance on the difference: 3 s.e. + 0.02.</summary>
    public const double AllowedDifference = 0.02;
    /// <summary>Whether the two exponents are the same within 3 s.e. + 0.02 (GP universality).</summary>
    public bool Same => Math.Abs(Difference) <= 3 * DifferenceError + AllowedDifference;
}

/// <summary>
/// Mean-field networks with one hidden layer (<see cref="RgDsl.Networks.Theory.NetworkTreatment.AdaptiveKernel"/>): the
/// adaptive-kernel saddle on the family's sizes. The saddle does not depend on N (the units' tilted measure and the
/// adapted kernel are O(1) objects), so one curve serves every width; the sampled networks at several widths show how
/// fast the network approaches it.
/// </summary>
/// <param name="Sizes">P.</param>
/// <param name="GaussianProcess">The NNGP test error (the infinite-width limit of the standard scaling, not of this one).</param>
/// <param name="Adapted">The adapted-kernel test error.</param>
/// <param name="Predicted">ε_ad/ε_NNGP − 1, the predicted δ.</param>
/// <param name="PredictedError">Its standard error over the saddle's own training sets.</param>
/// <param name="ScaleOnly">ε_mixture/ε_NNGP − 1: the kernel scale alone integrated exactly (no change of the kernel's shape), at the family model's width.</param>
public sealed record AdaptedKernelCurve(IReadOnlyList<double> Sizes, IReadOnlyList<double> GaussianProcess, IReadOnlyList<double> Adapted,
    IReadOnlyList<double> Predicted, IReadOnlyList<double> PredictedError, IReadOnlyList<double> ScaleOnly);

/// <summary>
/// Everything the network report concludes about one family, computed here so that the writer only formats it: the
/// exact posterior against the theory, every sampled point against the theory (a point whose chains did not mix is
/// never compared), the counts, and the fitted slopes (over mixed points only).
/// </summary>
public sealed record NetworkFamilyAnalysis(NetworkFamily Family, IReadOnlyDictionary<int, NetworkModel> Models, IReadOnlyList<ExactComparison> Exact,
    IReadOnlyList<ShiftComparison> Shifts, WidthScaling? ByWidth, SizeScaling? BySize, ExponentComparison? Exponents)
{
    /// <summary>The adaptive-kernel curve (mean-field networks with one hidden layer), or null.</summary>
    public AdaptedKernelCurve? Adapted { get; init; }

    /// <summary>Points compared: mixed and the theory raised no warning.</summary>
    public int Compared => Shifts.Count(s => s.Verdict is ShiftVerdict.Agrees or ShiftVerdict.Disagrees);
    /// <summary>Of those, points that agree.</summary>
    public int Agree => Shifts.Count(s => s.Verdict == ShiftVerdict.Agrees);
    /// <summary>Mixed points the theory flags.</summary>
    public int Flagged => Shifts.Count(s => s.Verdict is ShiftVerdict.FlaggedAgrees or ShiftVerdict.FlaggedOff);
    /// <summary>Of those, points the prediction misses.</summary>
    public int FlaggedOff => Shifts.Count(s => s.Verdict == ShiftVerdict.FlaggedOff);
    /// <summary>Points whose chains did not mix (not compared).</summary>
    public int Unmixed => Shifts.Count(s => s.Verdict == ShiftVerdict.NotMixed);

    /// <summary>Compares the family's measured and exact points with the theory at their widths.</summary>
    public static NetworkFamilyAnalysis Analyse(NetworkFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var models = family.Widths.Concat(family.Measured.Select(m => m.Width)).Concat(family.Exact?.Select(e => e.Width) ?? []).Distinct().Order()
            .ToDictionary(w => w, w => w == family.Model.Architecture.Width ? family.Model : family.Model.WithWidth(w));
        var exact = (family.Exact ?? []).OrderBy(e => e.Width).ThenBy(e => e.Result.DatasetSize).Select(e =>
        {
            var prediction = models[e.Width].PredictNetwork(e.Result.DatasetSize);
            var ok = Math.Abs(e.Result.TestError - prediction.Point.TestError)
                <= NetworkReport.AllowedStandardErrors * e.Result.StandardError + NetworkReport.AllowedRelativeError * e.Result.TestError;
            return new ExactComparison(e.Width, e.Result, prediction, ok);
        }).ToList();
        var shifts = family.Measured.OrderBy(m => m.Width).ThenBy(m => m.DatasetSize).Select(m => Compare(m, models[m.Width].PredictNetwork(m.DatasetSize))).ToList();
        // Mean-field families: no 1/N law to fit against N, and one δ(P) curve for every width (AdaptedCurve) instead of one per width.
        var adaptive = IsAdaptive(family);
        return new NetworkFamilyAnalysis(family, models, exact, shifts, adaptive ? null : ByWidthScaling(family, shifts), adaptive ? null : BySizeScaling(family, models, shifts),
            ExponentsAt(models, shifts)) { Adapted = AdaptedCurve(family) };
    }

    /// <summary>Whether the family's theory is the adaptive-kernel saddle (mean-field, one hidden layer).</summary>
    public static bool IsAdaptive(NetworkFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return family.Model.Architecture is { Parameterisation: Parameterisation.MeanField, Depth: 1 };
    }

    /// <summary>The saddle on the family's sizes, from the declared width's model (the saddle does not depend on N).</summary>
    private static AdaptedKernelCurve? AdaptedCurve(NetworkFamily family)
    {
        if (!IsAdaptive(family)) return null;
        var predictions = family.Sizes.Select(family.Model.PredictNetwork).ToList();
        return new AdaptedKernelCurve(family.Sizes, predictions.Select(p => p.GaussianProcess.TestError).ToArray(), predictions.Select(p => p.Point.TestError).ToArray(),
            predictions.Select(p => p.RelativeShift).ToArray(), predictions.Select(p => p.AdaptiveKernel?.RelativeShift.StandardError ?? 0).ToArray(),
            predictions.Select(p => p.ScaleMixture.TestError / p.GaussianProcess.TestError - 1).ToArray());
    }

    /// <summary>One sampled point against its prediction: an unmixed point is <see cref="ShiftVerdict.NotMixed"/> whatever the numbers say.</summary>
    public static ShiftComparison Compare(NetworkMeasurement measured, NetworkPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(prediction);
        // The theory's own Monte-Carlo error: the shape term's, or the adaptive-kernel saddle's spread over its training sets
        // (drawn independently of the sampled network's, so the two errors add in quadrature).
        var theoryError = prediction.Shape?.StandardError ?? prediction.AdaptiveKernel?.RelativeShift.StandardError ?? 0;
        var error = Math.Sqrt(measured.RelativeShift.StandardError * measured.RelativeShift.StandardError + theoryError * theoryError);
        var allowance = NetworkReport.AllowedStandardErrors * error + NetworkReport.AllowedRelativeShift * Math.Abs(measured.RelativeShift.Value);
        var ok = Math.Abs(prediction.RelativeShift - measured.RelativeShift.Value) <= allowance;
        var verdict = !measured.Mixed ? ShiftVerdict.NotMixed
            : prediction.IsReliable ? (ok ? ShiftVerdict.Agrees : ShiftVerdict.Disagrees)
            : ok ? ShiftVerdict.FlaggedAgrees : ShiftVerdict.FlaggedOff;
        return new ShiftComparison(measured, prediction, error, allowance, verdict);
    }

    /// <summary>Against N at the P measured at most widths (at least 2).</summary>
    private static WidthScaling? ByWidthScaling(NetworkFamily family, IReadOnlyList<ShiftComparison> shifts)
    {
        if (shifts.Count == 0) return null;
        var byP = shifts.GroupBy(s => s.Measured.DatasetSize).OrderByDescending(g => g.Select(s => s.Measured.Width).Distinct().Count()).First();
        var widths = byP.Select(s => s.Measured.Width).Distinct().Order().ToArray();
        if (widths.Length < 2) return null;
        var p = byP.Key;
        var ladder = Ladder(widths[0], widths[^1]);
        var predicted = ladder.Select(w => family.Model.WithWidth((int)w).PredictNetwork(p).RelativeShift).ToArray();
        var points = byP.OrderBy(s => s.Measured.Width).ToList();
        var fitted = points.Where(s => s.Mixed && s.Prediction.IsReliable && s.Resolved).ToList();
        var (measured, theory) = Fits(fitted, s => s.Measured.Width);
        return new WidthScaling(p, ladder, predicted, points, fitted, measured, theory);
    }

    /// <summary>Against P at the width measured at most sizes (at least 2).</summary>
    private static SizeScaling? BySizeScaling(NetworkFamily family, IReadOnlyDictionary<int, NetworkModel> models, IReadOnlyList<ShiftComparison> shifts)
    {
        if (shifts.Count == 0) return null;
        var byWidth = shifts.GroupBy(s => s.Measured.Width).OrderByDescending(g => g.Count()).First();
        if (byWidth.Count() < 2) return null;
        var points = byWidth.OrderBy(s => s.Measured.DatasetSize).ToList();
        var sizes = family.Sizes.Concat(points.Select(s => s.Measured.DatasetSize))
            .Where(s => s >= points[0].Measured.DatasetSize && s <= points[^1].Measured.DatasetSize).Distinct().Order().ToArray();
        var predicted = sizes.Select(s => models[byWidth.Key].PredictNetwork(s).RelativeShift).ToArray();
        var fitted = points.Where(s => s.Mixed && s.Resolved).ToList();
        var (measured, theory) = Fits(fitted, s => s.Measured.DatasetSize);
        return new SizeScaling(byWidth.Key, sizes, predicted, points, fitted, measured, theory);
    }

    private static (PowerLawFit?, PowerLawFit?) Fits(IReadOnlyList<ShiftComparison> fitted, Func<ShiftComparison, double> x)
    {
        if (fitted.Count < 3 || fitted.Select(x).Distinct().Count() < 2 || fitted.Any(s => s.Prediction.RelativeShift == 0)) return (null, null);
        var xs = fitted.Select(x).ToList();
        return (PowerLawFit.Fit(xs, fitted.Select(s => Math.Abs(s.Measured.RelativeShift.Value)).ToList()),
            PowerLawFit.Fit(xs, fitted.Select(s => Math.Abs(s.Prediction.RelativeShift)).ToList()));
    }

    /// <summary>The local learning-curve exponents at the width measured at most sizes, over its mixed points (at least 3).</summary>
    private static ExponentComparison? ExponentsAt(IReadOnlyDictionary<int, NetworkModel> models, IReadOnlyList<ShiftComparison> shifts)
    {
        if (shifts.Count == 0) return null;
        var byWidth = shifts.GroupBy(s => s.Measured.Width).OrderByDescending(g => g.Count()).First();
        var mixed = byWidth.Where(s => s.Mixed).OrderBy(s => s.Measured.DatasetSize).Select(s => s.Measured).ToList();
        if (mixed.Count < 3 || mixed.Select(m => m.DatasetSize).Distinct().Count() < 2) return null;
        var sizes = mixed.Select(m => m.DatasetSize).ToList();
        var model = models[byWidth.Key];
        // The difference from the paired ratio ε_N/ε_GP = 1 + δ (the two share their data, so their noise mostly
        // cancels), weighted by the measured errors of δ.
        var (difference, error) = WeightedSlope(sizes.Select(x => Math.Log(x)).ToArray(), mixed.Select(m => Math.Log(1 + m.RelativeShift.Value)).ToArray(),
            mixed.Select(m => m.RelativeShift.StandardError / (1 + m.RelativeShift.Value)).ToArray());
        return new ExponentComparison(byWidth.Key, PowerLawFit.Fit(sizes, mixed.Select(m => m.TestError.Value).ToList()),
            PowerLawFit.Fit(sizes, mixed.Select(m => m.GaussianProcessError.Value).ToList()),
            PowerLawFit.Fit(sizes, sizes.Select(x => model.PredictNetwork(x).Point.TestError).ToList()),
            PowerLawFit.Fit(sizes, sizes.Select(x => model.PredictNetwork(x).GaussianProcess.TestError).ToList()), difference, error);
    }

    /// <summary>The slope of y against x by weighted least squares (weights 1/σ²), with its standard error.</summary>
    internal static (double Slope, double StandardError) WeightedSlope(double[] x, double[] y, double[] sigma)
    {
        // MathNet's weighted least squares; with known σ the covariance of the coefficients is (XᵀWX)⁻¹.
        var design = Matrix<double>.Build.Dense(x.Length, 2, (i, j) => j == 0 ? 1 : x[i]);
        var weights = Matrix<double>.Build.Diagonal(sigma.Select(Weight).ToArray());
        var coefficients = WeightedRegression.Weighted(design, Vector<double>.Build.Dense(y), weights);
        return (coefficients[1], Math.Sqrt(design.TransposeThisAndMultiply(weights * design).Inverse()[1, 1]));

        // A point reported without error counts as very precise, not as infinitely so (which would give NaN).
        static double Weight(double sigma) => 1 / Math.Max(sigma * sigma, 1e-24);
    }

    /// <summary>Four log-spaced widths from lo to hi (each a prediction with a shape correction).</summary>
    private static double[] Ladder(double lo, double hi)
    {
        const int n = 4;
        return Enumerable.Range(0, n).Select(i => Math.Round(lo * Math.Pow(hi / lo, i / (n - 1.0)))).Distinct().ToArray();
    }
}
