using System.Globalization;

namespace RgDsl.Networks.Universality;

/// <summary>The finite-width shift measured at one dataset size.</summary>
/// <param name="DatasetSize">P.</param>
/// <param name="Datasets">Training sets sampled.</param>
/// <param name="NetworkError">The network's test error (exact posterior sampling), mean over training sets with its standard error.</param>
/// <param name="ReferenceError">The reference GP's test error on the same training and test sets.</param>
/// <param name="Shift">δ = Σε_N/Σε_ref − 1 (paired on the same data) with its delta-method standard error over training sets.</param>
/// <param name="RenormalisedScale">s*(P), the kernel scale of the reference (1 for the NNGP reference).</param>
/// <param name="Mixed">Whether every chain at this P mixed (split-R̂ ≤ <see cref="NetworkExperiments.MaxSplitRHat"/>, ESS ≥ <see cref="NetworkExperiments.MinEffectiveSamples"/>).</param>
/// <param name="Resolved">Mixed and |δ| ≥ <paramref name="Threshold"/> standard errors.</param>
/// <param name="MaxSplitRHat">The largest split-R̂ over the training sets.</param>
/// <param name="MinEffectiveSamples">The smallest ESS of the test error over the training sets.</param>
/// <param name="WallTime">Time spent sampling this P.</param>
/// <param name="Threshold">
/// The |δ|/s.e. a resolved point needs with this many training sets: the required significance (3) carried over to a
/// Student-t with Datasets − 1 degrees of freedom, because the s.e. is itself estimated from those sets.
/// </param>
public sealed record UniversalityPoint(double DatasetSize, int Datasets, Estimate NetworkError, Estimate ReferenceError, Estimate Shift,
    double RenormalisedScale, bool Mixed, bool Resolved, double MaxSplitRHat, double MinEffectiveSamples, TimeSpan WallTime, double Threshold)
{
    /// <summary>|δ| / s.e.: how many standard errors resolve the shift (0 when δ = 0; infinity for an exact zero error).</summary>
    public double Significance => Shift.Value == 0 ? 0 : Math.Abs(Shift.Value) / Shift.StandardError;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"P = {DatasetSize:G6}: δ = {Shift} ({Significance:F1} s.e.) over {Datasets} training sets{(Mixed ? "" : $", NOT MIXED (largest split-R̂ {MaxSplitRHat:F3}, smallest ESS {MinEffectiveSamples:F0})")}{(Resolved ? "" : $", not resolved (needs {Threshold:G3} s.e.)")}");
}

/// <summary>The theory's δ at one P, against the same reference as the measurement (<see cref="NetworkModel.PredictNetwork"/>).</summary>
/// <param name="DatasetSize">P.</param>
/// <param name="Shift">The predicted δ: the prediction over the GP with the renormalised kernel s*·K (or over the NNGP).</param>
/// <param name="Treatment">The treatment the prediction used.</param>
/// <param name="IsReliable">Whether the prediction carries no warning.</param>
/// <param name="Agrees">Whether it lies within 3 s.e. + 10% of the measured δ; null where the chains did not mix or nothing was measured.</param>
public sealed record TheoryShift(double DatasetSize, double Shift, Theory.NetworkTreatment Treatment, bool IsReliable, bool? Agrees);

/// <summary>A weighted log-log fit y ∝ P^Slope.</summary>
/// <param name="Slope">The fitted exponent.</param>
/// <param name="StandardError">Its standard error (from the points' errors, inflated by √(χ²/dof) when the scatter exceeds them).</param>
/// <param name="Prefactor">y at P = 1 on the fitted line.</param>
/// <param name="From">The smallest P fitted.</param>
/// <param name="To">The largest P fitted.</param>
/// <param name="Points">Points fitted.</param>
public sealed record LogLogFit(double Slope, double StandardError, double Prefactor, double From, double To, int Points)
{
    /// <summary>The fitted line at P.</summary>
    public double At(double datasetSize) => Prefactor * Math.Pow(datasetSize, Slope);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"P^{Slope:0.###} ± {StandardError:0.###} over P = {From:G4}..{To:G4} ({Points} points)");
}

/// <summary>The predicted rate of |δ(P)|: the P exponents of the first-order classes of the leading derived coupling.</summary>
/// <param name="Coupling">The derived coupling's name (<see cref="PerturbationScaling.Name"/>).</param>
/// <param name="Lo">The fastest decay: the smallest P exponent of its classes.</param>
/// <param name="Hi">The slowest decay: the largest P exponent (the one that dominates at large P).</param>
/// <param name="Why">Why this coupling leads.</param>
public sealed record PredictedRate(string Coupling, double Lo, double Hi, string Why)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Coupling}: P^[{Lo:0.###}, {Hi:0.###}]");
}

/// <summary>The predicted band drawn through the measurement: the interval's two slopes through the fit's centre.</summary>
/// <param name="DatasetSize">P.</param>
/// <param name="Lower">|δ| on the slope of <see cref="PredictedRate.Lo"/>.</param>
/// <param name="Upper">|δ| on the slope of <see cref="PredictedRate.Hi"/>.</param>
public sealed record BandPoint(double DatasetSize, double Lower, double Upper);

/// <summary>
/// Universality measured on sampled networks (THEORY §6.7): δ(P) at each P with its error, whether it is resolved at
/// ≥ 3 values of P spanning ≥ one decade, its fitted rate against the predicted interval, and the learning-curve
/// exponents of the network and of the reference GP over the same window.
/// </summary>
/// <param name="Model">The network's name.</param>
/// <param name="Architecture">The network.</param>
/// <param name="Reference">The GP δ is measured against.</param>
/// <param name="Points">One per P of the grid, in increasing P.</param>
/// <param name="IsResolved">δ resolved at ≥ 3 P spanning ≥ one decade.</param>
/// <param name="Rate">The weighted log-log fit of |δ| over the resolved points; null when not resolved or δ changes sign.</param>
/// <param name="Predicted">The leading derived coupling's rate; null when the scaling analysis gives none.</param>
/// <param name="RateAgrees">Whether the fitted rate lies within 2 of its s.e. of the predicted interval; null without both.</param>
/// <param name="NetworkExponent">The network's learning-curve exponent over the mixed points.</param>
/// <param name="ReferenceExponent">The reference GP's over the same points.</param>
/// <param name="ExponentDifference">Their difference from the paired ratio: the slope of ln(1 + δ).</param>
/// <param name="Band">The predicted band through the fit (or through the resolved points' weighted centre); empty without a prediction.</param>
/// <param name="Verdict">One sentence: what was measured and whether it supports universality, or why it could not be resolved.</param>
/// <param name="Warnings">Unmixed chains, budget exhaustion, sign changes.</param>
/// <param name="TimeBudgetSeconds">The budget.</param>
/// <param name="EstimatedFirstRoundSeconds">The a-priori estimate of the first round.</param>
/// <param name="WallTime">Time used.</param>
public sealed record UniversalityMeasurementResult(string Model, NetworkArchitecture Architecture, ShiftReference Reference,
    IReadOnlyList<UniversalityPoint> Points, bool IsResolved, LogLogFit? Rate, PredictedRate? Predicted, bool? RateAgrees,
    LogLogFit? NetworkExponent, LogLogFit? ReferenceExponent, LogLogFit? ExponentDifference, IReadOnlyList<BandPoint> Band,
    string Verdict, IReadOnlyList<string> Warnings, double TimeBudgetSeconds, double EstimatedFirstRoundSeconds, TimeSpan WallTime)
{
    /// <summary>The theory's δ at every P of the grid (empty when the prediction failed; the warnings say why).</summary>
    public IReadOnlyList<TheoryShift> Theory { get; init; } = [];

    public override string ToString() => $"{Model} ({Architecture}): {Verdict}";
}
