using System.Globalization;

namespace RgDsl;

/// <summary>Whether a mean-field network flows to the GP-like fixed point at large P (THEORY §6.7).</summary>
public enum FixedPointFlow
{
    /// <summary>Every feature-learning term is relevant within its errors: its corrections die at large P.</summary>
    Yes,
    /// <summary>Some feature-learning term is irrelevant within its errors: its corrections grow with P.</summary>
    No,
    /// <summary>Some term's interval contains 0 within its errors, or could not be measured.</summary>
    Undecided,
}

/// <summary>
/// One feature-learning term of a mean-field network (the derived quadratic term of the adapted kernel's direction, or
/// the derived quartic coupling of the units' fluctuations around the saddle): its scaling interval with the coupling's
/// measured drift with P folded in, the error of the interval's ends, and the verdict within those errors.
/// </summary>
/// <param name="Name">The term, as in <see cref="ScalingReport.Perturbations"/>.</param>
/// <param name="Interval">[γ_lo, γ_hi] of δε/ε ∝ k_P^−γ, the drift included; null when the term has no power law.</param>
/// <param name="IntervalError">The standard error of the interval's ends (from the mode fit and the drift).</param>
/// <param name="Drift">The measured exponent of the coupling's amplitude in P at fixed mode (two sizes), with its error.</param>
/// <param name="DriftError">The drift's standard error.</param>
/// <param name="Verdict">Relevant / Irrelevant only when the interval clears 0 by two standard errors; null otherwise.</param>
/// <param name="Note">What was measured, over which modes and sizes.</param>
/// <param name="Vanishes">The term is zero within round-off (linear φ: the adapted kernel is a pure rescaling for the mean predictor).</param>
public sealed record FeatureLearningTerm(string Name, ScalingInterval? Interval, double IntervalError, double? Drift, double? DriftError,
    Classification? Verdict, string Note, bool Vanishes = false)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {(Vanishes ? "vanishes" : Interval is null ? "no scaling interval" : $"interval {Interval} ± {IntervalError:0.##}, {Verdict?.ToString() ?? "undecided"}")} ({Note})");
}

/// <summary>
/// The RG view of feature learning (THEORY §6.5–§6.7) for a mean-field network: the adapted kernel's overall scale
/// (marginal, integrated exactly by the saddle, so the fixed point is the GP with the renormalised kernel s̄K), the
/// feature-learning terms with their intervals, and whether the network flows to the GP-like fixed point.
/// </summary>
/// <param name="Flow">Yes, no or undecided.</param>
/// <param name="Reason">Why.</param>
/// <param name="Sizes">The dataset sizes at which the saddle was measured.</param>
/// <param name="Scales">The predictor-equivalent kernel scale s̄ at each size (mean over training sets).</param>
/// <param name="Terms">The feature-learning terms.</param>
public sealed record FeatureLearningVerdict(FixedPointFlow Flow, string Reason, IReadOnlyList<int> Sizes, IReadOnlyList<double> Scales,
    IReadOnlyList<FeatureLearningTerm> Terms)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"feature learning (P = {string.Join(", ", Sizes)}{(Scales.Count == 0 ? "" : "; kernel scale s̄ = " + string.Join(", ", Scales.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture))))}): flows to the GP-like fixed point: {Flow.ToString().ToLowerInvariant()} — {Reason}")
        + string.Concat(Terms.Select(t => Environment.NewLine + "  " + t));
}
