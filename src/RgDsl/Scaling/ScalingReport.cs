using System.Globalization;
using System.Text;
using RgDsl.Scaling;

namespace RgDsl;

/// <summary>The scaling interval [Lo, Hi] of decay exponents γ (δε/ε ∝ k_P^−γ) over a perturbation's diagram classes.</summary>
public sealed record ScalingInterval(double Lo, double Hi)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Lo:0.###}, {Hi:0.###}]");
}

/// <summary>
/// One diagram class of a perturbation's correction to the test error: δε/ε ∝ k_P^KpExponent ∝ P^PExponent (at fixed
/// κ, k_P ∝ (P/κ)^(1/(1+α))), times M^CutoffExponent when cutoff-dominated, per unit of the coupling (first order) or of
/// the product of two couplings (second order). At first order a class is one diagram (a topology); at second order
/// it gathers the diagrams of a pair of vertices with the same power counting (DiagramCount of them, named after the
/// first). Diagram is the diagram's formula, e.g. "W(k,q) G_k f̄_k G_q": a sum over every index but the external
/// mode k of S₀ moments G and f̄; Order is 1 or 2; Partner, at second order, the other vertex's perturbation (the
/// perturbation itself for its own square). Formulas are set by the compile-time analysis; fitted values by the
/// run-time one.
/// </summary>
public sealed record DiagramClassScaling(
    DiagramClass Class,
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
    double? FitTo = null,
    string? Diagram = null,
    int Order = 1,
    string? Partner = null,
    int DiagramCount = 1)
{
    /// <summary>
    /// A second-order class as the generator emits it into CompileTimeScaling: no conditions and no fit, one short call
    /// per class because a model with a few vertices has many of them.
    /// </summary>
    /// <param name="kpExponent">The exponent of k_P.</param>
    /// <param name="pExponent">The exponent of P.</param>
    /// <param name="dominance">Where the class's sums are dominated.</param>
    /// <param name="cutoffExponent">The exponent of M when cutoff-dominated.</param>
    /// <param name="kpFormula">The exponent of k_P as a formula in the parameters.</param>
    /// <param name="pFormula">The exponent of P as a formula in the parameters.</param>
    /// <param name="diagram">The formula of the class's first diagram.</param>
    /// <param name="partner">The other vertex's perturbation.</param>
    /// <param name="diagramCount">How many diagrams the class gathers.</param>
    /// <param name="freeSums">n_δ of the class's first diagram.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static DiagramClassScaling SecondOrderClass(double kpExponent, double pExponent, SumDominance dominance, double cutoffExponent,
        string kpFormula, string pFormula, string diagram, string partner, int diagramCount, int freeSums) =>
        new(DiagramClass.Other, freeSums, kpExponent, pExponent, dominance, cutoffExponent, [], kpFormula, pFormula,
            Diagram: diagram, Order: 2, Partner: partner, DiagramCount: diagramCount);

    /// <summary>
    /// The second-order classes the generator emits into CompileTimeScaling, from their compact text form (one string
    /// literal per perturbation: hundreds of <see cref="SecondOrderClass"/> calls cost the compiler seconds per project).
    /// Decoded at the first access to the list, then kept.
    /// </summary>
    /// <param name="table">The text the generator wrote (the format of the internal <c>SecondOrderTable</c>).</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)] // generated code calls it; user code need not
    public static IReadOnlyList<DiagramClassScaling> SecondOrderClasses(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new DeferredList<DiagramClassScaling>(() => SecondOrderTable.Decode(table).Select(r => SecondOrderClass(r.Kp, r.P, r.Dominance, r.Cutoff,
            r.KpFormula, r.PFormula, r.Diagram, r.Partner, r.DiagramCount, r.FreeSums)).ToArray());
    }

    /// <summary>The class's readable name: "fluctuation tadpole", "cross contraction", … for the four kinds, otherwise its diagram's formula.</summary>
    public string Name => Class != DiagramClass.Other ? Class.DisplayName()
        : (Diagram ?? Class.DisplayName()) + (DiagramCount > 1 ? $" (+{DiagramCount - 1} more)" : "");
}

/// <summary>
/// The scaling of one declared perturbation: power counting y = m(2+α)/2 + ω − s (the smallest over the weight's
/// monomials; null if the weight could not be analysed), its formula, the interval and classification over its
/// first-order classes, the classes, and whether any class is cutoff-dominated or logarithmic; the second-order classes
/// of its own square and of its products with the perturbations declared after it; its vertex pattern; and the
/// first-order classes of the posterior variance G_k (<paramref name="VarianceClasses"/>: δ(Σ_k n_k G_k)/Σ_k n_k G⁰_k ∝
/// k_P^KpExponent, the G_k diagrams each named by its formula; the same power counting, with Σ G⁰ = t Σ L ∝ k_P^−α in
/// place of the test error); and the second-order G_k classes (<paramref name="VarianceSecondOrder"/>: those of its own
/// square and of its products with the perturbations declared after it, grouped like <paramref name="SecondOrder"/>).
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
    string? Note = null,
    IReadOnlyList<DiagramClassScaling>? SecondOrder = null,
    string? Pattern = null,
    IReadOnlyList<DiagramClassScaling>? VarianceClasses = null,
    IReadOnlyList<DiagramClassScaling>? VarianceSecondOrder = null)
{
    /// <summary>
    /// The classes of the train error: those of the test error (<see cref="Classes"/>, <see cref="SecondOrder"/>), with
    /// their exponents, because the field theory gives the train error the test error's relative correction
    /// (train error = train error of the GP × (1 + δ), <see cref="LearningCurvePoint.NonGaussianCorrection"/>).
    /// </summary>
    public IReadOnlyList<DiagramClassScaling> TrainErrorClasses => Classes;


    /// <summary>"U (PairLocal): y = 4, interval [3, 4], Relevant".</summary>
    public override string ToString() =>
        $"{Name} ({(Legs == Legs.Pattern ? $"\"{Pattern}\"" : Legs.ToString())}): " + (Classification is null ? Note ?? "not analysed"
            : string.Create(CultureInfo.InvariantCulture, $"y = {Exponent:0.###}, interval {Interval}, {Classification}{(CutoffSensitive ? ", cutoff-sensitive" : "")}"));
}

/// <summary>
/// The scaling analysis of a model at given spectral and target exponents α and β; <paramref name="Ridgeless"/> says
/// whether the model's ridge is 0 and <paramref name="Noise"/> is its label-noise variance σ² (NaN when the generator
/// could not read it as a constant), which together decide the regime and the learning-curve exponent (THEORY.md §2.3).
/// <paramref name="Caveat"/> says why the fitted exponents deserve less trust, when they do (a ladder adapted to a small M).
/// <paramref name="AlphaFormula"/> and <paramref name="BetaFormula"/> are set by the compile-time analysis only, whose
/// exponents are exact (formulas at the declared defaults); a report without them rests on fitted α and β, and
/// <see cref="ScalingExpectations.Check"/> allows it the fit's uncertainty.
/// </summary>
public sealed record ScalingReport(
    double Alpha,
    double Beta,
    IReadOnlyList<PerturbationScaling> Perturbations,
    string? AlphaFormula = null,
    string? BetaFormula = null,
    bool Ridgeless = false,
    double Noise = 0,
    string? Caveat = null)
{
    /// <summary>
    /// Mean-field networks of depth 1: the RG view of feature learning — the adapted kernel's scale, the feature-learning
    /// terms and whether the network flows to the GP-like fixed point (THEORY §6.7); null otherwise.
    /// </summary>
    public FeatureLearningVerdict? FeatureLearning { get; init; }

    /// <summary>True when every perturbation is relevant: learning curves approach the GP's at large P.</summary>
    public bool GaussianProcessUniversal => ScalingRules.IsGaussianProcessUniversal(Perturbations.Select(p => p.Classification));

    /// <summary>The regime as P → ∞ (<see cref="LearningCurveLaw.Asymptotic"/>); null when the noise is not known.</summary>
    public LearningCurveRegime? Regime => double.IsNaN(Noise) ? null : LearningCurveLaw.Asymptotic(Ridgeless, Noise > 0);

    /// <summary>
    /// The predicted asymptotic exponent of the test error in P (<see cref="LearningCurveLaw"/>):
    /// −min(β, 2(1+α))/(1+α) at a fixed ridge, −min(β, 2(1+α)) ridgeless, 0 with label noise (ε floors at E₀σ²);
    /// NaN when the noise is not known.
    /// </summary>
    public double LearningCurveExponent => Regime is { } regime ? LearningCurveLaw.Exponent(Alpha, Beta, regime) : double.NaN;

    /// <summary>The union of the perturbations' intervals (null without perturbations or when one was not analysed).</summary>
    public ScalingInterval? Interval => Combined()?.Interval;

    /// <summary>The classification of <see cref="Interval"/>: how the model as a whole behaves at large P.</summary>
    public Classification? Classification => Combined()?.Classification;

    private (ScalingInterval Interval, Classification Classification)? Combined()
    {
        if (Perturbations.Count == 0 || Perturbations.Any(p => p.Interval is null)) return null;
        var (lo, hi, classification) = ScalingRules.Classify(Perturbations.SelectMany(p => new[] { p.Interval!.Lo, p.Interval.Hi }));
        return (new ScalingInterval(lo, hi), classification);
    }

    /// <summary>
    /// "α = 1, β = 0.5, ridge-dominated: ε ∝ P^-0.25; U (PairLocal): …; GP-universal", then the table of the classes
    /// (<see cref="ToTable"/>) when there are perturbations.
    /// </summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var head = string.Create(inv, $"α = {Alpha:0.###}, β = {Beta:0.###}, ")
            + (Regime is { } regime ? string.Create(inv, $"{LearningCurveLaw.Name(regime)}: ε ∝ P^{LearningCurveExponent:0.###}") : "label noise unknown: no learning-curve exponent");
        if (Caveat is not null) head += " (" + Caveat + ")";
        if (FeatureLearning is not null) head += Environment.NewLine + FeatureLearning + Environment.NewLine;
        if (Perturbations.Count == 0) return head + "; Gaussian (no perturbations)";
        return head + "; " + string.Join("; ", Perturbations) + (Classification is { } c ? $"; model {c}, {(GaussianProcessUniversal ? "GP-universal" : "not GP-universal")}" : "")
            + Environment.NewLine + ToTable();
    }

    /// <summary>A plain-text table: one row per diagram class.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(string.Create(inv, $"α = {Alpha:0.###}{(AlphaFormula is null ? "" : $" ({AlphaFormula})")}, β = {Beta:0.###}{(BetaFormula is null ? "" : $" ({BetaFormula})")}; δε/ε ∝ k_P^e = P^(e/(1+α))"));
        sb.AppendLine($"{"perturbation",-22} {"y",8} {"interval",16} {"class",-14} {"diagram class",-28} {"k_P exp",9} {"P exp",8} {"fitted P exp",16} {"dominated by",-12}");
        foreach (var p in Perturbations)
        {
            var rows = p.Classes.Count == 0
                ? [("(not analysed)", "", "", "", "")]
                : p.Classes.Select(c => (c.Name, Fmt(c.KpExponent), Fmt(c.PExponent),
                    c.FittedPExponent is { } f ? string.Create(inv, $"{f:0.000}±{c.FittedStandardError ?? 0:0.000}") : "", c.Dominance?.ToString() ?? "")).ToList();
            var first = true;
            foreach (var (name, kp, pExponent, fitted, dominance) in rows)
            {
                sb.AppendLine(string.Create(inv,
                    $"{(first ? p.Name : ""),-22} {(first && p.Exponent is { } y ? y.ToString("0.###", inv) : ""),8} {(first ? p.Interval?.ToString() ?? "" : ""),16} {(first ? p.Classification?.ToString() ?? "" : ""),-14} {name,-28} {kp,9} {pExponent,8} {fitted,16} {dominance,-12}"));
                first = false;
            }
            foreach (var c in p.VarianceClasses ?? [])
                sb.AppendLine(string.Create(inv,
                    $"{"",-22} {"",8} {"",16} {"G_k",-14} {Shorten(c.Name),-28} {Fmt(c.KpExponent),9} {Fmt(c.PExponent),8} {(c.FittedPExponent is { } f ? string.Create(inv, $"{f:0.000}±{c.FittedStandardError ?? 0:0.000}") : ""),16} {c.Dominance?.ToString() ?? "",-12}"));
            foreach (var c in p.SecondOrder ?? []) SecondOrderRow("2nd", c);
            foreach (var c in p.VarianceSecondOrder ?? []) SecondOrderRow("G_k 2nd", c);

            void SecondOrderRow(string label, DiagramClassScaling c) =>
                sb.AppendLine(string.Create(inv,
                    $"{"",-22} {"",8} {"",16} {label + (c.Partner is { } partner && partner != p.Name ? " ×" + partner : ""),-14} {Shorten(c.Name),-28} {Fmt(c.KpExponent),9} {Fmt(c.PExponent),8} {(c.FittedPExponent is { } f ? string.Create(inv, $"{f:0.000}±{c.FittedStandardError ?? 0:0.000}") : ""),16} {c.Dominance?.ToString() ?? "",-12}"));
        }
        return sb.ToString();

        static string Shorten(string name) => name.Length <= 28 ? name : name.Substring(0, 27) + "…";

        static string Fmt(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "";
    }
}
