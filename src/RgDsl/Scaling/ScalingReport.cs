using System.Globalization;
using System.Text;

namespace RgDsl;

/// <summary>How a perturbation behaves at large data (THEORY.md §4.3), from its scaling interval [γ_lo, γ_hi].</summary>
public enum Classification
{
    /// <summary>γ_lo &gt; 0: every correction dies at large P; the GP governs the large-data limit (GP universality).</summary>
    Relevant,
    /// <summary>γ_hi &lt; 0: corrections grow with P; GP universality is lost.</summary>
    Irrelevant,
    /// <summary>The interval contains 0 but is not {0}: some observables approach the GP, others do not.</summary>
    ObservableDependent,
    /// <summary>The interval is {0}: logarithmic corrections.</summary>
    Marginal,
}

/// <summary>What dominates the mode sums of a diagram class (THEORY.md §4.4).</summary>
public enum SumDominance
{
    /// <summary>Sums dominated by modes near the learnability threshold k_P: power counting holds.</summary>
    Threshold,
    /// <summary>Sums dominated by the first modes (q ≈ 1).</summary>
    Infrared,
    /// <summary>Sums dominated by the UV cutoff M: the correction scales with M (non-universal).</summary>
    Cutoff,
    /// <summary>On a border between regimes: a logarithm multiplies the power.</summary>
    Logarithmic,
}

/// <summary>The scaling interval [Lo, Hi] of decay exponents γ (δε/ε ∝ k_P^−γ) over a perturbation's diagram classes.</summary>
public sealed record ScalingInterval(double Lo, double Hi)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Lo:0.###}, {Hi:0.###}]");
}

/// <summary>
/// One diagram class of a perturbation's first-order correction to the test error: δε/ε ∝ k_P^KpExponent ∝
/// P^PExponent (at fixed κ, k_P ∝ (P/κ)^(1/(1+α))), times M^CutoffExponent when cutoff-dominated. Formulas are set by
/// the compile-time analysis; fitted values by the run-time one.
/// </summary>
public sealed record DiagramClassScaling(
    string Name,
    int FreeSums,
    double? KpExponent,
    double? PExponent,
    SumDominance? Dominance,
    double? CutoffExponent,
    IReadOnlyList<string> Conditions,
    string? KpFormula = null,
    string? PFormula = null,
    double? FittedPExponent = null,
    double? FittedStandardError = null,
    double? FitFrom = null,
    double? FitTo = null);

/// <summary>
/// The scaling of one declared perturbation: power counting y = m(2+α)/2 + ω − s (the smallest over the weight's
/// monomials; null if the weight could not be analysed), its formula, the interval and classification, the classes,
/// and whether any class is cutoff-dominated or logarithmic.
/// </summary>
public sealed record PerturbationScaling(
    string Name,
    Legs Legs,
    double? Exponent,
    string? ExponentFormula,
    ScalingInterval? Interval,
    Classification? Classification,
    IReadOnlyList<DiagramClassScaling> Classes,
    bool CutoffSensitive,
    bool Logarithmic,
    string? Note = null);

/// <summary>The scaling analysis of a model at given spectral and target exponents.</summary>
public sealed record ScalingReport(double Alpha, double Beta, IReadOnlyList<PerturbationScaling> Perturbations, string? AlphaFormula = null, string? BetaFormula = null)
{
    /// <summary>True when every perturbation is relevant: learning curves approach the GP's at large P.</summary>
    public bool GaussianProcessUniversal => Perturbations.All(p => p.Classification == RgDsl.Classification.Relevant);

    /// <summary>The predicted asymptotic exponent of the test error in P at fixed ridge: −min(β, 2(1+α))/(1+α).</summary>
    public double LearningCurveExponent => -Math.Min(Beta, 2 * (1 + Alpha)) / (1 + Alpha);

    /// <summary>A plain-text table: one row per diagram class.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(string.Create(inv, $"α = {Alpha:0.###}{(AlphaFormula is null ? "" : $" ({AlphaFormula})")}, β = {Beta:0.###}{(BetaFormula is null ? "" : $" ({BetaFormula})")}; δε/ε ∝ k_P^e = P^(e/(1+α))"));
        sb.AppendLine($"{"perturbation",-22} {"y",8} {"interval",16} {"class",-14} {"diagram class",-28} {"k_P exp",9} {"P exp",8} {"fitted P exp",16} {"dominated by",-12}");
        foreach (var p in Perturbations)
        {
            var first = true;
            foreach (var c in p.Classes.Count == 0 ? new DiagramClassScaling[] { new("(not analysed)", 0, null, null, null, null, Array.Empty<string>()) } : p.Classes)
            {
                var fitted = c.FittedPExponent is { } f ? string.Create(inv, $"{f:0.000}±{c.FittedStandardError ?? 0:0.000}") : "";
                sb.AppendLine(string.Create(inv,
                    $"{(first ? p.Name : ""),-22} {(first && p.Exponent is { } y ? y.ToString("0.###", inv) : ""),8} {(first ? p.Interval?.ToString() ?? "" : ""),16} {(first ? p.Classification?.ToString() ?? "" : ""),-14} {c.Name,-28} {Fmt(c.KpExponent),9} {Fmt(c.PExponent),8} {fitted,16} {c.Dominance?.ToString() ?? "",-12}"));
                first = false;
            }
        }
        return sb.ToString();

        static string Fmt(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>Combines class exponents into the interval and classification of THEORY.md §4.3.</summary>
    internal static (ScalingInterval Interval, Classification Classification) Classify(IEnumerable<double> kpExponents)
    {
        var gammas = kpExponents.Select(e => -e).ToList();
        var interval = new ScalingInterval(gammas.Min(), gammas.Max());
        const double zero = 1e-9;
        var classification = Math.Abs(interval.Lo) < zero && Math.Abs(interval.Hi) < zero ? RgDsl.Classification.Marginal
            : interval.Lo > zero ? RgDsl.Classification.Relevant
            : interval.Hi < -zero ? RgDsl.Classification.Irrelevant
            : RgDsl.Classification.ObservableDependent;
        return (interval, classification);
    }
}
