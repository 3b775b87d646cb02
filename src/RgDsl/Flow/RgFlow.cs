using System.Text;

namespace RgDsl;

/// <summary>Options of <see cref="GaussianModel.Flow"/> and <see cref="InteractingModel.Flow"/>.</summary>
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
    public Flow.ShellFlowResult? Couplings { get; init; }

    /// <summary>Interacting models: the prediction from the end point of the shell flow.</summary>
    public LearningCurvePoint? EndPoint { get; init; }

    /// <summary>"RgFlow at P = 100: κ = 0.001 runs to κ_eff = P·t = 0.0123; the hard flow stops at Λ* = 58 …".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"RgFlow at P = {DatasetSize:G6}: κ = {BareRidge:G4} runs from Λ₀ = {StartScale:G4} to κ_eff = P·t = {SelfConsistentEffectiveRidge:G4} (soft flow); the hard flow stops at Λ* = {StoppingScale:G6} with κ_Λ* = {StoppingRidge:G4} against k_P = {SelfConsistent.LearnabilityThreshold:G4}; {Points.Count} recorded points")
        + (Couplings is null ? "" : Couplings.Moments is null ? $"; coupling flow unstable: {Couplings.Instability}"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; coupling flow over {Couplings.Vertices?.Count ?? Couplings.Points.Count} points, end-point δ = {EndPoint?.NonGaussianCorrection:G3}"));

    /// <summary>What each column of <see cref="ToCsv"/> holds (for a comment header above it).</summary>
    public const string CsvColumnDefinitions =
        "scale: the cutoff Λ (modes above it integrated out); rg_time: ℓ = ln(Λ₀/Λ); hard_ridge: κ_Λ of the hard flow; soft_ridge: κ of the soft flow at the same ℓ.";

    /// <summary>CSV of the recorded points, numbers in invariant round-trip format (columns: <see cref="CsvColumnDefinitions"/>).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("scale,rg_time,hard_ridge,soft_ridge\n");
        foreach (var p in Points)
            sb.Append(LearningCurve.R(p.Scale)).Append(',').Append(LearningCurve.R(p.RgTime)).Append(',')
              .Append(LearningCurve.R(p.HardRidge)).Append(',').Append(LearningCurve.R(p.SoftRidge)).Append('\n');
        return sb.ToString();
    }

    public string ToJson() => LearningCurve.Json(w =>
    {
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
    });
}
