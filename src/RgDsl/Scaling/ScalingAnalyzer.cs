using RgDsl.Diagrams;
using RgDsl.Perturbations;
using RgDsl.Spectra;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Scaling;

/// <summary>
/// The scaling analysis at run time (THEORY.md §4), behind <see cref="InteractingModel.Scaling"/>,
/// <see cref="InteractingModel.PredictScaling"/> and <see cref="GaussianModel.Scaling"/>. Predictions: the exponents of
/// <see cref="ScalingRules"/> at the instance's α and β (fitted from the spectrum and target, <see cref="SpectrumFit"/>)
/// for weights with a monomial expansion. Measurements, for every weight: each diagram class's first-order correction
/// δε/ε, computed exactly on the model's modes at a ladder of P (k_P from MinThreshold to MaxThreshold), and the slope
/// of ln|δε/ε| against ln P fitted by least squares with its standard error. Logarithmic classes are fitted after
/// dividing out the logarithm the analysis predicts.
/// </summary>
internal static class ScalingAnalyzer
{
    /// <summary>
    /// The smallest fitted decay exponent 1 + α of λ_k the analysis takes: P exponents are k_P exponents divided by
    /// 1 + α, infinite for a flat spectrum.
    /// </summary>
    internal const double MinimumDecayExponent = 0.01;

    /// <summary>The ladder needs k_P,max above this multiple of k_P,min to fit a slope.</summary>
    private const double MinimumLadderSpan = 1.5;
    /// <summary>The ladder's smallest threshold: below it k_P is not yet a continuous variable.</summary>
    private const double SmallestThreshold = 2;

    public static ScalingReport Analyze(InteractingModel model, ScalingOptions? options = null) => Analyze(model, options, null);

    /// <summary>
    /// Like <see cref="Analyze(InteractingModel, ScalingOptions?)"/>, with the ladder and the closed-form sums on
    /// <paramref name="rank"/>, a power law of higher rank than an interacting model may have (up to 10¹⁰ modes): for
    /// checking how a fitted exponent approaches its prediction far past the crossover.
    /// </summary>
    internal static ScalingReport Analyze(InteractingModel model, ScalingOptions? options, PowerLawSpectrum? rank)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ScalingOptions();
        if (options.Points < 3) throw new ArgumentOutOfRangeException(nameof(options), options.Points, "ScalingOptions.Points must be at least 3.");
        if (options.MeasuredOrder is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(options), options.MeasuredOrder, "ScalingOptions.MeasuredOrder must be 1 or 2.");
        if (!(options.CutoffRatio > 1) || !(options.LadderSpan > MinimumLadderSpan))
            throw new ArgumentOutOfRangeException(nameof(options), FormattableString.Invariant($"ScalingOptions.CutoffRatio must exceed 1 and LadderSpan {MinimumLadderSpan}; got {options.CutoffRatio:R} and {options.LadderSpan:R}."));
        var spectrum = (ISpectrum?)rank ?? model.Gaussian.Spectrum;
        var modes = spectrum.Modes;
        var (kMin, kMax, caveat) = Ladder(model.Name, modes, options);
        var ridge = model.Gaussian.Ridge;
        var (alpha, beta) = FitExponents(spectrum, (long)Math.Round(kMin), (long)Math.Round(kMax));

        var thresholds = Enumerable.Range(0, options.Points).Select(i => kMin * Math.Pow(kMax / kMin, (double)i / (options.Points - 1))).ToArray();
        var sizes = thresholds.Select(k => ridge / EigenvalueAt(spectrum, k)).ToArray();
        // Every test-error diagram's correction at each P (all diagrams at once): in closed form on a power-law spectrum
        // with monomial weights, otherwise summed over the materialised modes of one field theory per P.
        // The G_k diagrams too, to the same order (their keys differ from the test error's).
        var corrections = sizes.Select(p => spectrum is PowerLawSpectrum law && model.Perturbations.All(x => x.Terms is not null)
            ? ClosedFormCorrections(model, law, p, options.MeasuredOrder)
            : Materialised(model.FieldTheory(p), options.MeasuredOrder)).ToArray();

        DiagramClassScaling Measured(DiagramClassScaling scaling, DiagramClassRule c)
        {
            var values = corrections.Select(x => Math.Abs(c.Diagrams.Sum(d => x[d.Key]))).ToArray();
            if (!values.All(v => v > 0 && double.IsFinite(v))) return scaling with { FitFrom = sizes[0], FitTo = sizes[^1] };
            var fit = PowerLawFit.Fit(sizes, values.Select((v, i) => v / LogFactor(c.Rule, thresholds[i], modes)).ToList());
            return scaling with { FittedPExponent = fit.Exponent, FittedStandardError = fit.StandardError, FitFrom = sizes[0], FitTo = sizes[^1] };
        }
        return Report(model, alpha, beta, options.MeasuredOrder, Measured, caveat);
    }

    /// <summary>A model needs at least this many modes for the adapted ladder: k_P from 2 over a factor 4, 10 times below M.</summary>
    public const long MinimumModes = (long)(SmallestThreshold * AdaptedLadderSpan * AdaptedCutoffRatio);
    private const double AdaptedLadderSpan = 4;
    private const double AdaptedCutoffRatio = 10;

    /// <summary>
    /// The thresholds k_P of the ladder. Explicit thresholds are taken as given. The default (k_P,max = M/CutoffRatio
    /// over a span LadderSpan) needs M ≥ 2·LadderSpan·CutoffRatio (12,000 modes by default); below, it adapts: first
    /// the span shrinks towards 4, then the cutoff ratio towards 10, from k_P,min = 2; the report then carries a
    /// caveat, since the largest thresholds sit closer to the cutoff than the defaults allow.
    /// </summary>
    internal static (double Min, double Max, string? Caveat) Ladder(string name, long modes, ScalingOptions options)
    {
        var explicitThresholds = options.MinThreshold is not null || options.MaxThreshold is not null;
        var kMax = options.MaxThreshold ?? modes / options.CutoffRatio;
        var kMin = options.MinThreshold ?? kMax / options.LadderSpan;
        if (kMin >= SmallestThreshold && kMax > kMin * MinimumLadderSpan && kMax <= modes) return (kMin, kMax, null);
        if (!explicitThresholds && modes >= MinimumModes)
        {
            var span = Math.Max(AdaptedLadderSpan, Math.Min(options.LadderSpan, modes / (SmallestThreshold * options.CutoffRatio)));
            var ratio = Math.Max(AdaptedCutoffRatio, Math.Min(options.CutoffRatio, modes / (SmallestThreshold * span)));
            kMin = SmallestThreshold;
            kMax = Math.Min(kMin * span, modes / ratio);
            return (kMin, kMax, FormattableString.Invariant(
                $"ladder adapted to M = {modes:N0} modes: k_P from {kMin:G3} to {kMax:G3} (span {kMax / kMin:G3} instead of {options.LadderSpan:G3}, M/k_P,max = {modes / kMax:G3} instead of {options.CutoffRatio:G3}); the largest thresholds sit closer to the cutoff than the defaults allow, so cutoff effects may bias the fitted exponents"));
        }
        throw new ArgumentException(FormattableString.Invariant(
            $"{name}: the scaling ladder needs 2 ≤ k_P,min, k_P,max > {MinimumLadderSpan}·k_P,min and k_P,max ≤ M; got k_P from {kMin:G4} to {kMax:G4} with M = {modes}. ")
            + FormattableString.Invariant($"The default ladder needs M ≥ {SmallestThreshold * options.LadderSpan * options.CutoffRatio:N0} modes and adapts down to M = {MinimumModes}; with explicit thresholds, choose them inside 2..M, or use PredictScaling() (no fits) for smaller models."));
    }

    /// <summary>
    /// Every test-error diagram's relative correction δε/ε₀ (ε₀ without label noise) to <paramref name="order"/> on a
    /// power-law spectrum, from the closed-form power sums (<see cref="PowerLawModeSums"/>): no modes are materialised.
    /// </summary>
    internal static Dictionary<string, double> ClosedFormCorrections(InteractingModel model, PowerLawSpectrum spectrum, double datasetSize, int order)
    {
        var perturbations = model.Perturbations;
        var diagrams = new ModelDiagrams(perturbations.Select(p => p.VertexPattern).ToList(), perturbations.Select(p => p.Name).ToList());
        var evaluator = new DiagramEvaluator(perturbations, new PowerLawModeSums(spectrum, datasetSize, model.Gaussian.Ridge));
        var error = evaluator.GaussianError;
        var variance = evaluator.GaussianVariance;
        var result = diagrams.AllTestError(order).ToDictionary(d => d.Key, d => evaluator.Projected(d) / error);
        for (var o = 1; o <= order; o++)
            foreach (var d in diagrams.AllConnected(DiagramObservable.Variance, o)) result[d.Key] = evaluator.Projected(d) / variance;
        return result;
    }

    private static Dictionary<string, double> Materialised(FieldTheory theory, int order)
    {
        var result = theory.DiagramCorrections(order).ToDictionary(x => x.Diagram.Key, x => x.Correction);
        foreach (var (d, correction) in theory.VarianceCorrections(order)) result[d.Key] = correction;
        return result;
    }

    /// <summary>The predicted classes only (no fits), for models with too few modes for a ladder; α and β fitted from the spectrum.</summary>
    public static ScalingReport Predicted(InteractingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (alpha, beta) = FitExponents(model.Gaussian.Spectrum);
        return Report(model, alpha, beta, 0, (scaling, _) => scaling);
    }

    /// <summary>
    /// The report of every perturbation from the shared <see cref="ScalingAnalysisRules"/> (the analysis the generator
    /// runs too) at the fitted α and β: its first-order classes (predicted where its weight has monomials, and measured
    /// up to <paramref name="measuredOrder"/>), its G_k classes, and the second-order classes of its own square and of its
    /// products with the perturbations after it (predicted where both weights have monomials).
    /// </summary>
    private static ScalingReport Report(InteractingModel model, double alpha, double beta, int measuredOrder, Func<DiagramClassScaling, DiagramClassRule, DiagramClassScaling> measure, string? caveat = null)
    {
        var perturbations = model.Perturbations;
        var analyses = ScalingAnalysisRules.Analyse(perturbations.Select(p => p.VertexPattern).ToList(), perturbations.Select(p => p.Name).ToList(),
            perturbations.Select(MonomialsOf).ToList(), LinearForm.Of(alpha), LinearForm.Of(beta), NoParameters);

        List<DiagramClassScaling> Describe(IEnumerable<DiagramClassRule> classes, bool predicted) => classes.Select(c =>
        {
            var kp = predicted ? c.Rule.KpExponent.Evaluate(NoParameters) : (double?)null;
            var scaling = new DiagramClassScaling(c.Rule.Class, c.Rule.FreeSums, kp, ScalingRules.PExponent(kp, alpha), predicted ? c.Rule.Regime : null,
                predicted ? c.Rule.CutoffExponent.Evaluate(NoParameters) : null, predicted ? ScalingAnalysisRules.ReportedConditions(c) : [],
                Diagram: c.Diagrams[0].Name, Order: c.Order, Partner: c.Order == 2 ? perturbations[c.Second].Name : null, DiagramCount: c.Diagrams.Count);
            return c.Order <= measuredOrder ? measure(scaling, c) : scaling;
        }).ToList();

        var result = new List<PerturbationScaling>();
        for (var i = 0; i < perturbations.Count; i++)
        {
            var (p, analysis) = (perturbations[i], analyses[i]);
            var classes = Describe(analysis.First, analysis.Analysed);
            result.Add(analysis.Analysed
                ? new PerturbationScaling(p.Name, p.Legs, analysis.PowerCounting!.Constant, null, new ScalingInterval(analysis.Lo, analysis.Hi), analysis.Classification,
                    classes, analysis.CutoffSensitive, analysis.Logarithmic, null, Describe(analysis.Second, true), p.Pattern,
                    Describe(analysis.Variance, true), Describe(analysis.VarianceSecond, true))
                : new PerturbationScaling(p.Name, p.Legs, null, null, null, null, classes, false, false,
                    measuredOrder > 0 ? "weight without a monomial expansion: fitted exponents only" : "weight without a monomial expansion", null, p.Pattern));
        }
        return new ScalingReport(alpha, beta, result, Ridgeless: model.Gaussian.Ridge == 0, Noise: model.Gaussian.Noise, Caveat: caveat);
    }

    /// <summary>A Gaussian model has no perturbations: the report carries α and β fitted from its spectrum and target.</summary>
    public static ScalingReport AnalyzeGaussian(GaussianModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (FitRange(model.Spectrum) is null)
            throw new ArgumentException($"{model.Name}: too few modes ({model.Spectrum.Modes}) to fit spectral exponents; at least {SpectrumFit.MinimumModes} are needed.");
        var (alpha, beta) = FitExponents(model.Spectrum);
        return new ScalingReport(alpha, beta, [], Ridgeless: model.Ridge == 0, Noise: model.Noise);
    }

    /// <summary>A perturbation's classes with monomial expansions in its weights, <see cref="ScalingRules"/> at the given α and β.</summary>
    internal static List<ClassRule>? Predict(Perturbation p, double alpha, double beta) =>
        MonomialsOf(p) is { } terms
            ? DiagramRules.FirstOrderClasses(new ModelDiagrams([p.VertexPattern], [p.Name]), [p.VertexPattern], [terms], 0, LinearForm.Of(alpha), LinearForm.Of(beta), _ => double.NaN)
                .Select(c => c.Rule).ToList()
            : null;

    /// <summary>The run-time forms are constants (α, β and the monomials' exponents are numbers): no parameter has a value.</summary>
    private static double NoParameters(string _) => double.NaN;

    /// <summary>Exponent tuples (one per index) of the weight's monomials, or null without an expansion.</summary>
    private static IReadOnlyList<LinearForm[]>? MonomialsOf(Perturbation p) =>
        p.Terms?.Select(t => t.Exponents.Select(LinearForm.Of).ToArray()).ToList();

    /// <summary>The logarithms a class's sums carry on their borders: ln(M/k_P) or ln k_P each.</summary>
    private static double LogFactor(ClassRule rule, double threshold, long modes) =>
        rule.Logs.Aggregate(1.0, (product, cutoffRatio) => product * (cutoffRatio ? Math.Log(modes / threshold) : Math.Log(threshold)));

    private static double EigenvalueAt(ISpectrum spectrum, double k)
    {
        // Log-linear interpolation between integer modes, so that the ladder is smooth in k_P.
        var lo = (long)Math.Floor(k);
        var f = k - lo;
        return Math.Exp((1 - f) * Math.Log(spectrum.Eigenvalue(lo)) + f * Math.Log(spectrum.Eigenvalue(lo + 1)));
    }

    /// <summary>The measured modes of a spectrum: a table continued by a power-law tail is fitted on the table.</summary>
    internal static (int From, int To)? FitRange(ISpectrum spectrum) =>
        SpectrumFit.DefaultRange(spectrum is TailedSpectrum tailed ? tailed.TableModes : spectrum.Modes);

    /// <summary>α and β fitted over the default range of <see cref="SpectrumFit"/> (k = 10..min(M/4, 1000)).</summary>
    internal static (double Alpha, double Beta) FitExponents(ISpectrum spectrum)
    {
        var (from, to) = FitRange(spectrum) ?? throw new ArgumentException($"too few modes ({spectrum.Modes}) to fit spectral exponents; at least {SpectrumFit.MinimumModes} are needed.");
        return FitExponents(spectrum, from, to);
    }

    /// <summary>
    /// α and β from log-binned fits of λ_k and y_k² over modes from..to (<see cref="SpectrumFit.LogBinned(Func{long, double}, long, long)"/>);
    /// refused when the target power vanishes on the range (β undefined).
    /// </summary>
    /// <exception cref="ArgumentException">The fitted decay exponent 1 + α is below <see cref="MinimumDecayExponent"/>, or the target power vanishes.</exception>
    internal static (double Alpha, double Beta) FitExponents(ISpectrum spectrum, long from, long to)
    {
        var alpha = SpectrumFit.LogBinned(spectrum.Eigenvalue, from, to) is { } a ? SpectrumFit.DecayExponent(a.Exponent)
            : throw new ArgumentException(FormattableString.Invariant($"the spectrum cannot be fitted over modes {from}..{to}."));
        if (!(1 + alpha >= MinimumDecayExponent))
            throw new ArgumentException(FormattableString.Invariant(
                $"the spectrum barely decays over modes {from}..{to}: λ_k ∝ k^−(1 + α) with fitted 1 + α = {1 + alpha:G4}; the scaling analysis needs 1 + α ≥ {MinimumDecayExponent} (k_P ∝ P^(1/(1 + α)) sweeps all modes within a factor M^(1 + α) of P, so P exponents are meaningless below it)."),
                nameof(spectrum));
        var beta = SpectrumFit.LogBinned(spectrum.TargetPower, from, to) is { } b ? SpectrumFit.DecayExponent(b.Exponent)
            : throw new ArgumentException(FormattableString.Invariant(
                $"the target power y_k² vanishes over modes {from}..{to}, so its exponent β (y_k² ∝ k^−(1 + β)) is undefined and the scaling analysis has no learning-curve exponent; give the model a target that is nonzero on these modes."),
                nameof(spectrum));
        return (alpha, beta);
    }
}
