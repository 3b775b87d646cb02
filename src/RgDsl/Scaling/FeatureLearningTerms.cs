using System.Globalization;
using RgDsl.Networks.Universality;
using RgDsl.Perturbations;

namespace RgDsl.Scaling;

public static partial class FeatureLearningScaling
{
    /// <summary>A binned mean counts as resolved when it exceeds this many standard errors (over training sets).</summary>
    private const double Resolved = 2;

    /// <summary>An interval clears 0 when its end is this many standard errors away from it.</summary>
    private const double Clearance = 2;

    /// <summary>Below this largest |binned mean| a term is zero (round-off of the saddle's residual, 1e-6 relative, and of the eigensolver).</summary>
    private const double Vanishing = 1e-7;

    /// <summary>
    /// One term: the mode fit at the larger size, its perturbation through <see cref="ScalingRules"/>, the drift with P
    /// folded into its classes, and the verdict within the errors.
    /// </summary>
    private static (PerturbationScaling?, FeatureLearningTerm) Term(string name, SizeMeasurement[] measured, Func<SizeMeasurement, List<BinValue>> bins,
        double alpha, double beta, IReadOnlyList<int> sizes, Func<Fit, Perturbation> perturbation, Func<Fit, double> powerCounting, string variable)
    {
        var inv = CultureInfo.InvariantCulture;
        var large = bins(measured[1]);
        if (large.Count == 0 || large.Max(b => Math.Abs(b.Mean)) < Vanishing)
            return (null, new FeatureLearningTerm(name, null, 0, null, null, null,
                string.Create(inv, $"|binned value| < {Vanishing:G1} in every mode group at P = {sizes[1]}: no such term (for linear φ the mean predictor sees the pure rescaling s̄K)"), Vanishes: true));
        var fit = TryFit(large);
        if (fit is null)
            return (null, new FeatureLearningTerm(name, null, double.NaN, null, null, null,
                string.Create(inv, $"over {large.Count} mode groups at P = {sizes[1]} fewer than three are resolved ({Resolved} s.e.) or the resolved ones change sign: no power law, no scaling interval")));
        var drift = Drift(bins(measured[0]), large, sizes[0], sizes[1]);
        var summary = NetworkScaling.Summary(perturbation(fit), alpha, beta);
        var y = powerCounting(fit);
        var yError = Math.Abs(powerCounting(fit with { Exponent = fit.Exponent + fit.ExponentError }) - y);
        var gamma = drift?.Value ?? 0;
        var classes = summary.Classes.Select(c => c with
        {
            KpExponent = c.KpExponent + gamma * (1 + alpha),
            PExponent = ScalingRules.PExponent(c.KpExponent + gamma * (1 + alpha), alpha),
        }).ToList();
        var (lo, hi, classification) = ScalingRules.Classify(classes.Select(c => -c.KpExponent!.Value));
        var error = Math.Sqrt(yError * yError + Math.Pow((1 + alpha) * (drift?.StandardError ?? double.PositiveInfinity), 2));
        Classification? verdict = drift is null ? null
            : lo - Clearance * error > 0 ? Classification.Relevant
            : hi + Clearance * error < 0 ? Classification.Irrelevant
            : null;
        var note = string.Create(inv,
            $"|value| ≈ {fit.Amplitude:G3}·{variable}^{fit.Exponent:0.###}±{fit.ExponentError:0.###} over {fit.Bins} of {large.Count} mode groups (at {fit.From:0.#}..{fit.To:0.#}) at P = {sizes[1]} (y = {y:0.###} at fixed coupling); ")
            + (drift is { } d
                ? string.Create(inv, $"the coupling drifts as P^{d.Value:0.###}±{d.StandardError:0.###} at fixed mode between P = {sizes[0]} and {sizes[1]}, which shifts the interval by {-gamma * (1 + alpha):0.###}")
                : "its drift with P is not resolved between the two sizes, so the verdict is open");
        var scaling = summary with { Interval = new ScalingInterval(lo, hi), Classification = classification, Classes = classes, Note = note };
        return (scaling, new FeatureLearningTerm(name, new ScalingInterval(lo, hi), error, drift?.Value, drift?.StandardError, verdict, note));
    }

    /// <summary>
    /// |mean| ≈ A k^e by weighted least squares over the resolved bins (|mean| ≥ <see cref="Resolved"/> s.e.; the others
    /// would carry almost no weight), when at least three are resolved and they share one sign.
    /// </summary>
    private static Fit? TryFit(List<BinValue> all)
    {
        var bins = all.Where(b => Math.Abs(b.Mean) >= Resolved * b.StandardError && b.Mean != 0).ToList();
        if (bins.Count < 3) return null;
        var sign = Math.Sign(bins[0].Mean);
        if (bins.Any(b => Math.Sign(b.Mean) != sign)) return null;
        var line = WeightedLogLog.Fit(bins.Select(b => b.At).ToList(), bins.Select(b => Math.Abs(b.Mean)).ToList(),
            bins.Select(b => b.StandardError / Math.Abs(b.Mean)).ToList());
        return new Fit(sign, line.Prefactor, line.Slope, line.StandardError, bins.Min(b => b.At), bins.Max(b => b.At), bins.Count);
    }

    /// <summary>
    /// The exponent γ of the coupling in P at fixed mode: ln(|m₂|/|m₁|)/ln(P₂/P₁) on the bins both sizes share (same sign,
    /// both resolved), averaged with weights 1/σ², its error inflated by √(χ²/(n − 1)) when the bins scatter more than their errors.
    /// </summary>
    private static Estimate? Drift(List<BinValue> small, List<BinValue> large, int p1, int p2)
    {
        var log = Math.Log((double)p2 / p1);
        var used = new bool[large.Count];
        var values = new List<(double Gamma, double Error)>();
        foreach (var b in small)
        {
            var j = Enumerable.Range(0, large.Count).FirstOrDefault(i => !used[i] && Math.Abs(large[i].At - b.At) < 1e-9 * b.At, -1);
            if (j < 0) continue;
            used[j] = true;
            var c = large[j];
            if (Math.Sign(b.Mean) != Math.Sign(c.Mean) || Math.Abs(b.Mean) < Resolved * b.StandardError || Math.Abs(c.Mean) < Resolved * c.StandardError) continue;
            values.Add((Math.Log(Math.Abs(c.Mean / b.Mean)) / log,
                Math.Sqrt(Math.Pow(b.StandardError / b.Mean, 2) + Math.Pow(c.StandardError / c.Mean, 2)) / log));
        }
        if (values.Count == 0) return null;
        var weights = values.Select(v => 1 / Math.Max(v.Error * v.Error, 1e-24)).ToArray();
        var mean = values.Select((v, i) => weights[i] * v.Gamma).Sum() / weights.Sum();
        var error = 1 / Math.Sqrt(weights.Sum());
        if (values.Count > 1)
        {
            var chi2 = values.Select((v, i) => weights[i] * Math.Pow(v.Gamma - mean, 2)).Sum() / (values.Count - 1);
            if (chi2 > 1) error *= Math.Sqrt(chi2);
        }
        return new Estimate(mean, error);
    }

    /// <summary>Yes when every present term is relevant within its errors, no when one is irrelevant, otherwise undecided.</summary>
    private static FeatureLearningVerdict Verdict(List<FeatureLearningTerm> terms, IReadOnlyList<int> sizes, double[] scales, Networks.Functions.ActivationFunction phi)
    {
        var present = terms.Where(t => !t.Vanishes).ToList();
        var scaleNote = string.Create(CultureInfo.InvariantCulture,
            $"the kernel scale s̄ = {scales[^1]:0.###} (marginal, y = 0) is integrated exactly by the saddle, so the fixed point is the GP with kernel s̄K");
        if (present.Count == 0)
            return new FeatureLearningVerdict(FixedPointFlow.Yes, scaleNote + $"; no feature-learning term survives ({phi.Name}: the adapted kernel is a pure rescaling for the mean predictor)", sizes, scales, terms);
        if (present.FirstOrDefault(t => t.Verdict == Classification.Irrelevant) is { } irrelevant)
            return new FeatureLearningVerdict(FixedPointFlow.No, scaleNote + $"; but {irrelevant.Name} is irrelevant (interval {irrelevant.Interval} ± {irrelevant.IntervalError.ToString("0.##", CultureInfo.InvariantCulture)}): its corrections grow with P", sizes, scales, terms);
        if (present.All(t => t.Verdict == Classification.Relevant))
            return new FeatureLearningVerdict(FixedPointFlow.Yes, scaleNote + "; every feature-learning term is relevant: its corrections die at large P", sizes, scales, terms);
        var open = present.Where(t => t.Verdict is null).Select(t => t.Interval is null ? $"{t.Name} has no scaling interval"
            : $"{t.Name}'s interval {t.Interval} ± {t.IntervalError.ToString("0.##", CultureInfo.InvariantCulture)} does not clear 0 by {Clearance} s.e.{(t.Drift is null ? " (drift unresolved)" : "")}");
        return new FeatureLearningVerdict(FixedPointFlow.Undecided, scaleNote + "; " + string.Join("; ", open), sizes, scales, terms);
    }
}
