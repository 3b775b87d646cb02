using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RgDsl;

/// <summary>Predicted learning-curve points with local exponents, fits and export.</summary>
public sealed class LearningCurve
{
    public LearningCurve(string modelName, IReadOnlyList<LearningCurvePoint> points, IReadOnlyList<double> localExponents)
    {
        if (points.Count != localExponents.Count) throw new ArgumentException("one local exponent per point is needed.");
        ModelName = modelName;
        Points = points;
        LocalExponents = localExponents;
    }

    /// <summary>
    /// Predicts each P and the local exponent d ln ε/d ln P by a symmetric step of 1e-3 in ln P (one-sided where
    /// the smaller P is not allowed, e.g. ridgeless near P = M).
    /// </summary>
    /// <exception cref="ArgumentException">No sizes, or sizes that are not finite, positive and strictly increasing.</exception>
    internal static LearningCurve Build(string name, Func<double, LearningCurvePoint> predict, Func<double, bool> canPredict, double[] datasetSizes, long modes = RgModel.Infinite)
    {
        CheckSizes(datasetSizes);
        const double h = 1e-3;
        var points = new List<LearningCurvePoint>();
        var slopes = new List<double>();
        foreach (var p in datasetSizes)
        {
            var point = predict(p);
            points.Add(point);
            var up = predict(p * Math.Exp(h)).TestError;
            slopes.Add(canPredict(p * Math.Exp(-h))
                ? Slope(predict(p * Math.Exp(-h)).TestError, up, 2 * h)
                : Slope(point.TestError, up, h));
        }
        return new LearningCurve(name, points, slopes) { Modes = modes };
    }

    // ln(b/a)/step; an error that underflows to 0 (a target far below double precision) is flat, not NaN. The logarithms
    // are taken apart: b / ε overflowed to ∞ when a underflowed to 0 and b did not.
    private static double Slope(double a, double b, double step) =>
        a == b ? 0 : (Math.Log(Math.Max(b, double.Epsilon)) - Math.Log(Math.Max(a, double.Epsilon))) / step;

    /// <summary>A curve is a function of P: sizes must be finite, positive and strictly increasing (no repeats).</summary>
    private static void CheckSizes(double[] datasetSizes)
    {
        ArgumentNullException.ThrowIfNull(datasetSizes);
        if (datasetSizes.Length == 0) throw new ArgumentException("give at least one dataset size.", nameof(datasetSizes));
        for (var i = 0; i < datasetSizes.Length; i++)
        {
            var p = datasetSizes[i];
            if (!double.IsFinite(p) || p <= 0)
                throw new ArgumentException(FormattableString.Invariant($"dataset sizes must be positive and finite; datasetSizes[{i}] = {p:R}."), nameof(datasetSizes));
            if (i > 0 && !(p > datasetSizes[i - 1]))
                throw new ArgumentException(FormattableString.Invariant(
                    $"dataset sizes must be strictly increasing (a learning curve has one point per P, in order); datasetSizes[{i}] = {p:R} {(p == datasetSizes[i - 1] ? "repeats" : "comes after")} datasetSizes[{i - 1}] = {datasetSizes[i - 1]:R}. Sort them and remove repeats."), nameof(datasetSizes));
        }
    }

    /// <summary>The rank M of the model the curve belongs to (<see cref="RgModel.Infinite"/> when infinite or unknown).</summary>
    public long Modes { get; init; } = RgModel.Infinite;

    public string ModelName { get; }
    public IReadOnlyList<LearningCurvePoint> Points { get; }

    /// <summary>d ln ε / d ln P at each point (symmetric difference with step 1e-3 in ln P, error O(1e-6)).</summary>
    public IReadOnlyList<double> LocalExponents { get; }

    /// <summary>Fits the test error over points with from ≤ P ≤ to.</summary>
    public PowerLawFit FitExponent(double from = 0, double to = double.PositiveInfinity)
    {
        var selected = Points.Where(p => p.DatasetSize >= from && p.DatasetSize <= to).ToList();
        if (selected.Count < 2)
            throw new ArgumentException(FormattableString.Invariant($"fewer than two points with {from:R} ≤ P ≤ {to:R}."));
        return PowerLawFit.Fit(selected.Select(p => p.DatasetSize).ToList(), selected.Select(p => p.TestError).ToList());
    }

    /// <summary>
    /// Compares the exponent <paramref name="fit"/> found over part of this curve with the asymptotic one that
    /// <paramref name="prediction"/> implies (<see cref="ScalingReport.LearningCurveExponent"/>), and names what makes
    /// them differ over that range: the regime (the share of κ in κ_eff, of E₀σ² in ε), the cutoff M (k_P against M),
    /// or a slow approach (the local exponents). Markdown, one paragraph.
    /// </summary>
    public string ExplainExponent(PowerLawFit fit, ScalingReport? prediction) => Scaling.ExponentExplanation.Explain(this, fit, prediction);

    /// <summary>"LearningCurve Name: 8 points, P = 10..1000, ε = 0.5..0.01, local exponents -0.4..-0.5".</summary>
    public override string ToString()
    {
        if (Points.Count == 0) return $"LearningCurve {ModelName}: no points";
        return string.Create(CultureInfo.InvariantCulture,
            $"LearningCurve {ModelName}: {Points.Count} point(s), P = {Points[0].DatasetSize:G4}..{Points[^1].DatasetSize:G4}, ε = {Points[0].TestError:G4}..{Points[^1].TestError:G4}, local exponents {LocalExponents[0]:0.###}..{LocalExponents[^1]:0.###}");
    }

    private static readonly string[] Columns =
        ["P", "test_error", "train_error", "bias", "variance", "overfitting_factor", "effective_ridge", "learnability_threshold", "local_exponent", "approximation"];

    /// <summary>What each column of <see cref="ToCsv"/> holds (for a comment header above it).</summary>
    public const string CsvColumnDefinitions =
        "P: dataset size; test_error, train_error: expected test and train MSE (test includes the label noise σ²); bias: error of the dataset-averaged predictor; " +
        "variance: test_error − bias; overfitting_factor: E₀ = P/(P − Σ n_k L_k²); effective_ridge: κ_eff = P·t; learnability_threshold: k_P; " +
        "local_exponent: −d ln ε/d ln P; approximation: the treatment of the point.";

    /// <summary>CSV with a header row, numbers in invariant round-trip format (columns: <see cref="CsvColumnDefinitions"/>).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', Columns));
        for (var i = 0; i < Points.Count; i++)
        {
            var p = Points[i];
            sb.AppendLine(string.Join(',',
                R(p.DatasetSize), R(p.TestError), R(p.TrainError), R(p.Bias), R(p.Variance), R(p.OverfittingFactor),
                R(p.EffectiveRidge), R(p.LearnabilityThreshold), R(LocalExponents[i]), p.Approximation.ToString()));
        }
        return sb.ToString();
    }

    /// <summary>JSON: {"model": …, "points": [{…}, …]}.</summary>
    public string ToJson() => Json(w =>
    {
        w.WriteString("model", ModelName);
        w.WriteStartArray("points");
        for (var i = 0; i < Points.Count; i++)
        {
            var p = Points[i];
            w.WriteStartObject();
            w.WriteNumber("P", p.DatasetSize);
            w.WriteNumber("test_error", p.TestError);
            w.WriteNumber("train_error", p.TrainError);
            w.WriteNumber("bias", p.Bias);
            w.WriteNumber("variance", p.Variance);
            w.WriteNumber("overfitting_factor", p.OverfittingFactor);
            w.WriteNumber("effective_ridge", p.EffectiveRidge);
            w.WriteNumber("learnability_threshold", p.LearnabilityThreshold);
            w.WriteNumber("local_exponent", LocalExponents[i]);
            w.WriteString("approximation", p.Approximation.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    internal static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One indented JSON object whose members <paramref name="members"/> writes (the exports of curves and flows).</summary>
    internal static string Json(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
