using RgDsl.Perturbations;
using RgDsl.Scaling;

namespace RgDsl;

/// <summary>Options of the numeric scaling analysis.</summary>
/// <param name="Points">Dataset sizes in the ladder (log-spaced in k_P).</param>
/// <param name="MinThreshold">Smallest learnability threshold k_P of the ladder (default MaxThreshold/20: a little over a
/// decade, high enough that infrared-dominated classes, whose corrections fall like k_P^−β, have converged).</param>
/// <param name="MaxThreshold">Largest k_P (default M/300, so that the cutoff stays far above the threshold).</param>
public sealed record ScalingOptions(int Points = 7, double? MinThreshold = null, double? MaxThreshold = null);

/// <summary>
/// The scaling analysis at run time (THEORY.md §4). Predictions: the exponents of <see cref="ScalingRules"/> at the
/// instance's α and β (fitted from the spectrum and target over the ladder's modes) for weights with a monomial
/// expansion. Measurements, for every weight: each diagram class's first-order correction δε/ε, computed exactly on
/// the model's modes at a ladder of P (k_P from MinThreshold to MaxThreshold), and the slope of ln|δε/ε| against
/// ln P fitted by least squares with its standard error. Logarithmic classes are fitted after dividing out the
/// logarithm the analysis predicts.
/// </summary>
public static class ScalingAnalyzer
{
    public static ScalingReport Analyze(InteractingModel model, ScalingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ScalingOptions();
        if (options.Points < 3) throw new ArgumentOutOfRangeException(nameof(options), options.Points, "ScalingOptions.Points must be at least 3.");
        var modes = model.Gaussian.Spectrum.Modes;
        var kMax = options.MaxThreshold ?? modes / 300.0;
        var kMin = options.MinThreshold ?? kMax / 20;
        if (!(kMax > kMin * 1.5) || kMin < 2)
            throw new ArgumentException(FormattableString.Invariant($"{model.Name}: the scaling ladder needs 2 ≤ k_P,min < k_P,max ≤ M; got k_P from {kMin:G4} to {kMax:G4} with M = {modes}. Use more modes (about 300× the largest threshold) or set ScalingOptions."));
        var spectrum = model.Gaussian.Spectrum;
        var ridge = model.Gaussian.Ridge;
        var (alpha, beta) = FitExponents(spectrum, kMin, kMax);
        double Value(string _) => double.NaN;

        var thresholds = Enumerable.Range(0, options.Points).Select(i => kMin * Math.Pow(kMax / kMin, (double)i / (options.Points - 1))).ToArray();
        var sizes = thresholds.Select(k => ridge / EigenvalueAt(spectrum, k)).ToArray();
        // Class corrections at each P (one field theory per P, all perturbations and classes at once).
        var corrections = sizes.Select(p => model.FieldTheory(p).ClassCorrections()).ToArray();

        var result = new List<PerturbationScaling>();
        foreach (var perturbation in model.Perturbations)
        {
            var predicted = Predict(perturbation, alpha, beta);
            var names = corrections[0][perturbation.Name].Keys.ToList();
            var classes = new List<DiagramClassScaling>();
            foreach (var name in names)
            {
                var rule = predicted?.FirstOrDefault(c => c.Name == name);
                var values = corrections.Select(c => Math.Abs(c[perturbation.Name][name])).ToArray();
                double? fitted = null, error = null;
                if (values.All(v => v > 0 && double.IsFinite(v)))
                {
                    var ys = values.Select((v, i) => v / LogFactor(rule, thresholds[i], modes)).ToList();
                    var fit = PowerLawFit.Fit(sizes, ys);
                    fitted = fit.Exponent;
                    error = fit.StandardError;
                }
                var kp = rule?.KpExponent.Evaluate(Value);
                classes.Add(new DiagramClassScaling(name, rule?.FreeSums ?? 0, kp, kp / (1 + alpha), rule is null ? null : (SumDominance)rule.Regime,
                    rule?.CutoffExponent.Evaluate(Value), rule?.Conditions ?? Array.Empty<string>(),
                    FittedPExponent: fitted, FittedStandardError: error, FitFrom: sizes[0], FitTo: sizes[^1]));
            }
            if (predicted is null)
            {
                result.Add(new PerturbationScaling(perturbation.Name, perturbation.Legs, null, null, null, null, classes, false, false,
                    "weight without a monomial expansion: fitted exponents only"));
                continue;
            }
            var y = PowerCountingOf(perturbation, alpha).Min();
            var (interval, classification) = ScalingReport.Classify(classes.Select(c => c.KpExponent!.Value));
            result.Add(new PerturbationScaling(perturbation.Name, perturbation.Legs, y, null, interval, classification, classes,
                classes.Any(c => c.Dominance == SumDominance.Cutoff), classes.Any(c => c.Dominance == SumDominance.Logarithmic)));
        }
        return new ScalingReport(alpha, beta, result);
    }

    /// <summary>The predicted classes only (no fits), for models with too few modes for a ladder; α and β fitted from the spectrum.</summary>
    public static ScalingReport Predicted(InteractingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (alpha, beta) = FitExponents(model.Gaussian.Spectrum);
        double Value(string _) => double.NaN;
        var result = new List<PerturbationScaling>();
        foreach (var p in model.Perturbations)
        {
            var rules = Predict(p, alpha, beta);
            if (rules is null)
            {
                result.Add(new PerturbationScaling(p.Name, p.Legs, null, null, null, null, [], false, false, "weight without a monomial expansion"));
                continue;
            }
            var classes = rules.Select(r => new DiagramClassScaling(r.Name, r.FreeSums, r.KpExponent.Evaluate(Value), r.KpExponent.Evaluate(Value) / (1 + alpha),
                (SumDominance)r.Regime, r.CutoffExponent.Evaluate(Value), r.Conditions)).ToList();
            var (interval, classification) = ScalingReport.Classify(classes.Select(c => c.KpExponent!.Value));
            result.Add(new PerturbationScaling(p.Name, p.Legs, PowerCounting(p, alpha), null, interval, classification, classes,
                classes.Any(c => c.Dominance == SumDominance.Cutoff), classes.Any(c => c.Dominance == SumDominance.Logarithmic)));
        }
        return new ScalingReport(alpha, beta, result);
    }

    /// <summary>A Gaussian model has no perturbations: the report carries α and β fitted from its spectrum and target.</summary>
    public static ScalingReport AnalyzeGaussian(GaussianModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var kMax = Math.Min(1000.0, model.Spectrum.Modes / 2.0);
        if (kMax < 20) throw new ArgumentException($"{model.Name}: too few modes ({model.Spectrum.Modes}) to fit spectral exponents.");
        var (alpha, beta) = FitExponents(model.Spectrum, 10, kMax);
        return new ScalingReport(alpha, beta, []);
    }

    /// <summary>The classes predicted for a perturbation with a monomial expansion (the largest exponent over its monomials per class).</summary>
    internal static List<ClassRule>? Predict(Perturbation p, double alpha, double beta)
    {
        var terms = MonomialsOf(p);
        if (terms is null) return null;
        double Value(string _) => double.NaN;
        var byName = new Dictionary<string, ClassRule>();
        var order = new List<string>();
        foreach (var term in terms)
            foreach (var rule in ScalingRules.Classes(p.Legs.ToString(), term.Select(LinearForm.Of).ToArray(), LinearForm.Of(alpha), LinearForm.Of(beta), Value))
            {
                if (!byName.TryGetValue(rule.Name, out var best)) { order.Add(rule.Name); byName[rule.Name] = rule; }
                else if (rule.KpExponent.Evaluate(Value) > best.KpExponent.Evaluate(Value)) byName[rule.Name] = rule;
            }
        return order.Select(n => byName[n]).ToList();
    }

    /// <summary>Exponent tuples of the weight's monomials (for one-leg weights: only constants k^0 are analysable at run time).</summary>
    private static List<double[]>? MonomialsOf(Perturbation p) => p.Legs switch
    {
        Legs.PairLocal or Legs.PairLocal6 when p.Monomials is { } m => m.Select(t => new[] { t.P, t.R, t.U }).ToList(),
        Legs.Quadratic or Legs.ModeLocal when p.Monomials is { } m => m.Select(t => new[] { t.P, 0.0, 0.0 }).ToList(),
        _ => null,
    };

    /// <summary>The power-counting exponent y of a perturbation (smallest over its monomials), or null without monomials.</summary>
    public static double? PowerCounting(Perturbation p, double alpha) => MonomialsOf(p) is null ? null : PowerCountingOf(p, alpha).Min();

    private static IEnumerable<double> PowerCountingOf(Perturbation p, double alpha)
    {
        var (fields, sums) = ScalingRules.Shape(p.Legs.ToString());
        return MonomialsOf(p)!.Select(e => ScalingRules.PowerCounting(fields, sums, LinearForm.Of(e.Sum()), LinearForm.Of(alpha)).Constant);
    }

    private static double LogFactor(ClassRule? rule, double threshold, long modes) =>
        rule?.Regime == SumRegime.Logarithmic
            ? rule.Conditions.Any(c => c.Contains("log M/k_P")) ? Math.Log(modes / threshold) : Math.Log(threshold)
            : 1;

    private static double EigenvalueAt(Spectra.ISpectrum spectrum, double k)
    {
        // Log-linear interpolation between integer modes, so that the ladder is smooth in k_P.
        var lo = (long)Math.Floor(k);
        var f = k - lo;
        return Math.Exp((1 - f) * Math.Log(spectrum.Eigenvalue(lo)) + f * Math.Log(spectrum.Eigenvalue(lo + 1)));
    }

    /// <summary>α and β fitted over modes 10..min(1000, M/2) (at least 10..20): the default range of the reports.</summary>
    internal static (double Alpha, double Beta) FitExponents(Spectra.ISpectrum spectrum) =>
        FitExponents(spectrum, 10, Math.Max(20, Math.Min(1000, spectrum.Modes / 2.0)));

    /// <summary>α and β from log-log fits of λ_k and y_k² over the ladder's modes.</summary>
    internal static (double Alpha, double Beta) FitExponents(Spectra.ISpectrum spectrum, double kMin, double kMax)
    {
        var ks = Enumerable.Range(0, 20).Select(i => Math.Round(kMin * Math.Pow(kMax / kMin, i / 19.0))).Distinct().ToList();
        var alpha = -PowerLawFit.Fit(ks, ks.Select(k => spectrum.Eigenvalue((long)k)).ToList()).Exponent - 1;
        var targets = ks.Select(k => spectrum.TargetPower((long)k)).ToList();
        var beta = targets.All(v => v > 0) ? -PowerLawFit.Fit(ks, targets).Exponent - 1 : double.PositiveInfinity;
        return (alpha, beta);
    }
}
