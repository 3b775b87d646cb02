using System.Text;
using System.Text.Json;
using RgDsl.Gaussian;
using RgDsl.Spectra;

namespace RgDsl;

/// <summary>Options of <see cref="GaussianRidgeFlow"/>.</summary>
/// <param name="PointsPerDecade">Resolution of the recorded flow in Λ.</param>
/// <param name="StartScale">Λ₀ where the flow starts; default M, or 10⁴·max(k_P, 1) for infinite rank.</param>
/// <param name="ShellWidth">Interacting models: dℓ of the shells of the one-loop shell flow; 0 removes one mode per shell.</param>
/// <param name="StopScale">Interacting models: Λ where the shell flow stops (0 runs it to the end).</param>
public sealed record FlowOptions(int PointsPerDecade = 10, double? StartScale = null, double ShellWidth = 0, long StopScale = 0);

/// <summary>One recorded point of the Gaussian Wilsonian flow: modes above Λ have been integrated out.</summary>
/// <param name="Scale">Λ (the number of modes kept).</param>
/// <param name="RgTime">ℓ = ln(Λ₀/Λ).</param>
/// <param name="HardRidge">κ_Λ = κ + Σ_{k&gt;Λ} n_k λ_k (THEORY.md §3.1).</param>
/// <param name="SoftRidge">κ_Λ = κ + Σ_{k&gt;Λ} n_k λ_k t/(λ_k + t) with the self-consistent t.</param>
public sealed record RgFlowPoint(double Scale, double RgTime, double HardRidge, double SoftRidge);

/// <summary>The running ridge of the Gaussian Wilsonian RG (THEORY.md §3.1) and its end points.</summary>
public sealed class RgFlow
{
    internal RgFlow(double datasetSize, double ridge, double startScale, IReadOnlyList<RgFlowPoint> points,
        double stoppingScale, double stoppingRidge, double hardStopTestError, double selfConsistentRidge, double softEndRidge,
        LearningCurvePoint selfConsistent)
    {
        DatasetSize = datasetSize; BareRidge = ridge; StartScale = startScale; Points = points;
        StoppingScale = stoppingScale; StoppingRidge = stoppingRidge; HardStopTestError = hardStopTestError;
        SelfConsistentEffectiveRidge = selfConsistentRidge; SoftEndRidge = softEndRidge; SelfConsistent = selfConsistent;
    }

    /// <summary>A copy, so that interacting models can add their couplings.</summary>
    internal RgFlow(RgFlow other) : this(other.DatasetSize, other.BareRidge, other.StartScale, other.Points, other.StoppingScale,
        other.StoppingRidge, other.HardStopTestError, other.SelfConsistentEffectiveRidge, other.SoftEndRidge, other.SelfConsistent) { }

    public double DatasetSize { get; }
    /// <summary>κ.</summary>
    public double BareRidge { get; }
    /// <summary>Λ₀.</summary>
    public double StartScale { get; }
    /// <summary>The running ridges from Λ₀ down to Λ = 1.</summary>
    public IReadOnlyList<RgFlowPoint> Points { get; }
    /// <summary>Hard flow: the first Λ (from above) with λ_Λ ≥ κ_Λ/P; 0 if not even mode 1 is learnable.</summary>
    public double StoppingScale { get; }
    /// <summary>Hard flow: κ_Λ at the stopping scale.</summary>
    public double StoppingRidge { get; }
    /// <summary>Hard flow: EK test error of the kept modes with ridge κ_Λ*, plus the target power of the removed modes and σ².</summary>
    public double HardStopTestError { get; }
    /// <summary>P·t of the self-consistent solution (THEORY.md §2.2).</summary>
    public double SelfConsistentEffectiveRidge { get; }
    /// <summary>Soft flow run to Λ = 0: κ + t Σ_k n_k L_k, which equals P·t at the self-consistent t.</summary>
    public double SoftEndRidge { get; }
    /// <summary>The self-consistent Gaussian prediction at this P.</summary>
    public LearningCurvePoint SelfConsistent { get; }

    /// <summary>Interacting models: the running couplings of the one-loop shell flow (null for Gaussian models).</summary>
    public Perturbations.ShellFlowResult? Couplings { get; init; }

    /// <summary>Interacting models: the prediction from the end point of the shell flow.</summary>
    public LearningCurvePoint? EndPoint { get; init; }

    public string ToCsv()
    {
        var sb = new StringBuilder("scale,rg_time,hard_ridge,soft_ridge\n");
        foreach (var p in Points)
            sb.Append(LearningCurve.R(p.Scale)).Append(',').Append(LearningCurve.R(p.RgTime)).Append(',')
              .Append(LearningCurve.R(p.HardRidge)).Append(',').Append(LearningCurve.R(p.SoftRidge)).Append('\n');
        return sb.ToString();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("P", DatasetSize);
            w.WriteNumber("bare_ridge", BareRidge);
            w.WriteNumber("start_scale", StartScale);
            w.WriteNumber("stopping_scale", StoppingScale);
            w.WriteNumber("stopping_ridge", StoppingRidge);
            w.WriteNumber("hard_stop_test_error", HardStopTestError);
            w.WriteNumber("self_consistent_effective_ridge", SelfConsistentEffectiveRidge);
            w.WriteNumber("soft_end_ridge", SoftEndRidge);
            w.WriteStartArray("points");
            foreach (var p in Points)
            {
                w.WriteStartObject();
                w.WriteNumber("scale", p.Scale); w.WriteNumber("rg_time", p.RgTime);
                w.WriteNumber("hard_ridge", p.HardRidge); w.WriteNumber("soft_ridge", p.SoftRidge);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>
/// The Gaussian Wilsonian RG in mode space (THEORY.md §3.1): integrating out modes above Λ adds their prior variance
/// to the ridge. The hard version stops at the first Λ with λ_Λ ≥ κ_Λ/P and treats the rest in EK; the soft version
/// weights mode k by t/(λ_k + t) and ends, at Λ = 0, exactly at the self-consistent κ_eff = P·t.
/// </summary>
public static class GaussianRidgeFlow
{
    public static RgFlow Run(ISpectrum spectrum, double datasetSize, double ridge, double noise, FlowOptions? options = null)
    {
        options ??= new FlowOptions();
        if (options.PointsPerDecade < 1) throw new ArgumentOutOfRangeException(nameof(options), options.PointsPerDecade, "FlowOptions.PointsPerDecade must be at least 1.");
        var selfConsistent = GaussianPredictor.Predict(spectrum, datasetSize, ridge, noise, Approximation.Gaussian);
        var t = selfConsistent.EffectiveRidgePerSample;
        var startScale = options.StartScale ?? (spectrum.Modes == RgModel.Infinite ? 1e4 * Math.Max(1, Math.Ceiling(selfConsistent.LearnabilityThreshold)) : spectrum.Modes);
        if (!(startScale >= 1) || (spectrum.Modes != RgModel.Infinite && startScale > spectrum.Modes))
            throw new ArgumentOutOfRangeException(nameof(options), startScale, "FlowOptions.StartScale must lie in 1..M.");
        var top = (long)Math.Floor(startScale);

        double Hard(long scale) => ridge + spectrum.EigenvalueSum(scale + 1);
        double Soft(long scale) => ridge + t * spectrum.Sums(t, scale + 1).Learnability;

        var points = new List<RgFlowPoint>();
        var scales = LogGrid(top, options.PointsPerDecade);
        foreach (var scale in scales)
            points.Add(new RgFlowPoint(scale, Math.Log((double)top / scale), Hard(scale), Soft(scale)));

        // Hard stop: first Λ from above with P λ_Λ ≥ κ_Λ; located on the grid, then by bisection between grid points.
        double Gap(long scale) => datasetSize * spectrum.Eigenvalue(scale) - Hard(scale);
        long stop = 0;
        for (var i = 0; i < scales.Count; i++)
        {
            if (Gap(scales[i]) < 0) continue;
            if (i == 0) { stop = scales[0]; break; }
            long learned = scales[i], unlearned = scales[i - 1];
            while (unlearned - learned > 1)
            {
                var mid = learned + (unlearned - learned) / 2;
                if (Gap(mid) >= 0) learned = mid; else unlearned = mid;
            }
            stop = learned;
            break;
        }
        var stopRidge = stop == 0 ? Hard(0) : Hard(stop);
        var removedPower = spectrum.TargetPowerSum(stop + 1);
        var keptBias = stop == 0 ? 0 : spectrum.Sums(stopRidge / datasetSize, 1, stop).Bias;
        var softEnd = ridge + t * spectrum.Sums(t).Learnability;
        return new RgFlow(datasetSize, ridge, top, points, stop, stopRidge, keptBias + removedPower + noise,
            selfConsistent.EffectiveRidge, softEnd, selfConsistent);
    }

    /// <summary>Distinct integer scales from top down to 1, about pointsPerDecade per decade.</summary>
    internal static List<long> LogGrid(long top, int pointsPerDecade)
    {
        var result = new List<long>();
        var decades = Math.Log10(top);
        var count = (int)Math.Ceiling(decades * pointsPerDecade);
        for (var i = 0; i <= count; i++)
        {
            var scale = (long)Math.Round(Math.Pow(10, decades * (1 - (double)i / Math.Max(count, 1))));
            scale = Math.Clamp(scale, 1, top);
            if (result.Count == 0 || scale < result[^1]) result.Add(scale);
        }
        if (result[^1] != 1) result.Add(1);
        return result;
    }
}
