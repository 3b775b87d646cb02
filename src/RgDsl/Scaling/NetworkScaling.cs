using System.Globalization;
using RgDsl.Perturbations;
using RgDsl.Networks;
using RgDsl.Networks.Theory;
using RgDsl.Spectra;

namespace RgDsl.Scaling;

/// <summary>
/// The finite-width corrections of a network as perturbations of the GP, with their scaling intervals (THEORY §4,
/// §6.3), derived from the architecture rather than written by hand:
/// <list type="bullet">
/// <item>the kernel scale: as a truncated quartic it is the pair-local weight −(v/N)/(λ_k λ_q) with v = 2 per Gamma
/// factor — cutoff-dominated (∝ M/N), which is why the theory integrates it exactly instead;</item>
/// <item>the shape fluctuations: the pair-local part of one unit's fourth cumulant, W(k, q) = −(c/2) κ_kkqq/(λ_k λ_q),
/// and its mode-local part w(k) = −(c/6) κ_kkkk/λ_k², with c = 3/(N+2); κ_kkqq and κ_kkkk are fitted by power laws
/// A (kq)^u and B k^v over the leading modes, which makes the weights monomials for the project's power-counting rules
/// (<see cref="ScalingRules"/>).</item>
/// </list>
/// The exponents α and β are fitted from the NNGP spectrum on the data with the project's one fit rule.
/// </summary>
internal static class NetworkScaling
{
    /// <summary>
    /// The derived perturbations and their intervals; for a mean-field network of depth 1 also the feature-learning
    /// terms of the adaptive-kernel saddle and the verdict on the flow to the GP-like fixed point (<see cref="FeatureLearningScaling"/>).
    /// </summary>
    public static ScalingReport Analyse(NetworkTheory theory, FeatureLearningOptions? featureLearningOptions = null)
    {
        var spectrum = theory.Spectrum;
        var (alpha, beta) = ScalingAnalyzer.FitExponents(spectrum);
        var s = 1 + alpha;
        var width = theory.Architecture.Width;
        var factors = theory.ScalePrior.Factors.Count;
        var result = new List<PerturbationScaling>();
        var scale = Perturbation.PairLocal("kernel scale (as a truncated quartic)", (k, q) => 0,
            [new Monomial(-2.0 * factors / width, s, s)]);
        result.Add(Summary(scale, alpha, beta) with
        {
            Note = string.Create(CultureInfo.InvariantCulture,
                $"integrated exactly by the theory ({factors} Gamma factor(s) of {width} degrees of freedom); as a truncated quartic −(2/N)/(λ_k λ_q) its fluctuation tadpole is cutoff-dominated (∝ M/N), which is why the expansion fails for N below the number of modes the data resolve"),
        });
        if (theory.ShapeCumulants is { } cumulants)
        {
            var c = 3.0 / (width + 2);
            var pair = FitPairLocal(cumulants);
            var diagonal = FitModeLocal(cumulants);
            if (pair is { } p)
                result.Add(Summary(Perturbation.PairLocal("shape, pair-local", (k, q) => 0, [new Monomial(-c / 2 * p.Amplitude, s + p.Exponent, s + p.Exponent)]), alpha, beta) with
                {
                    Note = string.Create(CultureInfo.InvariantCulture,
                        $"κ_kkqq ≈ {p.Amplitude:G3}·(kq)^{p.Exponent:0.###} over modes {p.From}..{p.To} ({cumulants.Units} random units); W(k,q) = −(3/(N+2))/2 · κ_kkqq/(λ_k λ_q)"),
                });
            else
                result.Add(new PerturbationScaling("shape, pair-local", Legs.PairLocal, null, null, null, null, [], false, false,
                    "κ_kkqq changes sign or has no power law over the leading modes: no scaling interval"));
            if (diagonal is { } m)
                result.Add(Summary(Perturbation.ModeLocal("shape, mode-local", k => 0, [new Monomial(-c / 6 * m.Amplitude, 2 * s + m.Exponent)]), alpha, beta) with
                {
                    Note = string.Create(CultureInfo.InvariantCulture, $"κ_kkkk ≈ {m.Amplitude:G3}·k^{m.Exponent:0.###} over modes {m.From}..{m.To}; w(k) = −(3/(N+2))/6 · κ_kkkk/λ_k²"),
                });
        }
        FeatureLearningVerdict? featureLearning = null;
        if (theory.Architecture.Parameterisation == Parameterisation.MeanField && theory.Architecture.Depth == 1)
        {
            // The report is still given when the saddle cannot be measured (over the work budget, a transition, no
            // convergence, sizes beyond the data): the verdict is then undecided and says why.
            try
            {
                var (terms, verdict) = FeatureLearningScaling.Analyse(theory, alpha, beta, featureLearningOptions);
                result.AddRange(terms);
                featureLearning = verdict;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                var sizes = (featureLearningOptions ?? FeatureLearningOptions.Default).SizesOrDefault;
                featureLearning = new FeatureLearningVerdict(FixedPointFlow.Undecided, "the adaptive-kernel saddle could not be measured: " + e.Message, sizes, [], []);
            }
        }
        return new ScalingReport(alpha, beta, result, Ridgeless: false) { FeatureLearning = featureLearning };
    }

    /// <summary>A perturbation with monomial weights through <see cref="ScalingRules"/> at α, β: its classes, interval and classification.</summary>
    internal static PerturbationScaling Summary(Perturbation p, double alpha, double beta)
    {
        var rules = ScalingAnalyzer.Predict(p, alpha, beta)!;
        double Value(string _) => double.NaN;
        var classes = rules.Select(r => new DiagramClassScaling(r.Class, r.FreeSums, r.KpExponent.Evaluate(Value), ScalingRules.PExponent(r.KpExponent.Evaluate(Value), alpha),
            r.Regime, r.CutoffExponent.Evaluate(Value), r.Conditions)).ToList();
        var (lo, hi, classification) = ScalingRules.Classify(classes.Select(c => -c.KpExponent!.Value));
        var y = ScalingRules.PowerCounting(p.Legs, p.Monomials!.Select(t => new[] { LinearForm.Of(t.P), LinearForm.Of(t.R), LinearForm.Of(t.U) }), LinearForm.Of(alpha), Value).Constant;
        return new PerturbationScaling(p.Name, p.Legs, y, null, new ScalingInterval(lo, hi), classification, classes,
            classes.Any(c => c.Dominance == SumDominance.Cutoff), classes.Any(c => c.Dominance == SumDominance.Logarithmic));
    }

    internal sealed record PowerLaw(double Amplitude, double Exponent, int From, int To);

    /// <summary>κ_kkqq (k ≠ q) ≈ A (kq)^u: log-binned in k and q, fitted on the bins' means when they share one sign.</summary>
    private static PowerLaw? FitPairLocal(ShapeCumulants cumulants)
    {
        var (from, to) = (3, cumulants.Modes);
        var edges = Edges(from, to);
        var bins = new List<(double At, double Mean)>();
        for (var a = 0; a < edges.Count - 1; a++)
            for (var b = 0; b < edges.Count - 1; b++)
            {
                double sum = 0, logs = 0;
                var n = 0;
                for (var k = edges[a]; k < edges[a + 1]; k++)
                    for (var q = edges[b]; q < edges[b + 1]; q++)
                        if (k != q) { sum += cumulants.PairLocal(k, q); logs += Math.Log((double)k * q); n++; }
                if (n > 0) bins.Add((Math.Exp(logs / n), sum / n));
            }
        return FitOneSign(bins, from, to);
    }

    /// <summary>κ_kkkk ≈ B k^v over log bins.</summary>
    private static PowerLaw? FitModeLocal(ShapeCumulants cumulants)
    {
        var (from, to) = (3, cumulants.Modes);
        var edges = Edges(from, to);
        var bins = new List<(double At, double Mean)>();
        for (var a = 0; a < edges.Count - 1; a++)
        {
            double sum = 0, logs = 0;
            for (var k = edges[a]; k < edges[a + 1]; k++) { sum += cumulants.PairLocal(k, k); logs += Math.Log(k); }
            var n = edges[a + 1] - edges[a];
            bins.Add((Math.Exp(logs / n), sum / n));
        }
        return FitOneSign(bins, from, to);
    }

    /// <summary>A power law through binned means of one sign (null if a bin is zero, the sign changes, or fewer than 3 bins).</summary>
    private static PowerLaw? FitOneSign(List<(double At, double Mean)> bins, int from, int to)
    {
        if (bins.Count < 3 || bins.Any(b => b.Mean == 0)) return null;
        var sign = Math.Sign(bins[0].Mean);
        if (bins.Any(b => Math.Sign(b.Mean) != sign)) return null;
        var fit = PowerLawFit.Fit(bins.Select(b => b.At).ToList(), bins.Select(b => Math.Abs(b.Mean)).ToList());
        return new PowerLaw(sign * fit.Prefactor, fit.Exponent, from, to);
    }

    /// <summary>Log-bin edges from..to of ratio <see cref="SpectrumFit.BinRatio"/>, the project's one bin ratio for mode fits.</summary>
    private static List<int> Edges(int from, int to)
    {
        var edges = new List<int> { from };
        while (edges[^1] < to) edges.Add(Math.Min(to + 1, Math.Max(edges[^1] + 1, (int)Math.Ceiling(edges[^1] * SpectrumFit.BinRatio))));
        return edges;
    }
}
