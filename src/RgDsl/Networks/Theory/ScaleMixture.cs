using System.Globalization;
using RgDsl.Gaussian;

namespace RgDsl.Networks.Theory;

/// <summary>The posterior of the kernel scale s at one dataset size, on the quadrature nodes used for the mixture.</summary>
/// <param name="Scales">The nodes s_i.</param>
/// <param name="Weights">Their posterior weights (summing to 1).</param>
/// <param name="Mode">The posterior mode of s (the saddle point of the one-dimensional integral).</param>
/// <param name="Mean">E[s | data].</param>
/// <param name="LogStandardDeviation">The posterior standard deviation of ln s.</param>
/// <param name="PriorLogStandardDeviation">The prior standard deviation of ln s, for comparison: the data narrow it.</param>
public sealed record ScalePosterior(IReadOnlyList<double> Scales, IReadOnlyList<double> Weights, double Mode, double Mean,
    double LogStandardDeviation, double PriorLogStandardDeviation);

/// <summary>The learning curve of the scale mixture at one dataset size (see <see cref="ScaleMixture"/>).</summary>
internal sealed record ScaleMixtureResult(
    double TestError, double TrainError, double Bias, double OverfittingFactor, double EffectiveRidge, double Threshold,
    ScalePosterior Posterior, double[] MeanLearnability, double[] PosteriorVariance, double[] NodeRidges);

/// <summary>
/// The kernel-scale mode integrated exactly (THEORY §6.3): p(f) = ∫ ds p(s) N(f; 0, sK), whose posterior over s is
/// p(s | y) ∝ p(s) N(y; 0, sK + κ/β). Averaged over training sets of size P, the log evidence is replaced by its
/// deterministic equivalent from the self-consistent theory (THEORY §2.2, with t the root at kernel sK):
/// E ln N(y; 0, sK + κI) = −½ [Σ_k y_k²(1 − L_k)/t + σ²/t] − ½ [Σ_k ln(1 + sλ_k/t) + P ln(Pt) − P + κ/t] + const,
/// where the first bracket is yᵀ(sK+κ)⁻¹y and the second the log-determinant (stationary in t at the root; its κ- and
/// s-derivatives are the traces 1/t and Σ_k L_k/s). The mean-field scaling multiplies the first bracket by β = N.
/// The posterior-mean predictor is the posterior average of the kernel-ridge predictors at sK; its test error
/// uses the cross-risk of two ridge predictors trained on the same data,
/// E(s, s′) = P/(P − Σ_k L_k L′_k) · (Σ_k (1 − L_k)(1 − L′_k) y_k² + σ²), which reduces to the self-consistent test error
/// at s = s′. The integral over ln s is done on a uniform grid covering the posterior mass.
/// </summary>
internal static class ScaleMixture
{
    /// <summary>Nodes of the coarse scan and of the final quadrature in ln s.</summary>
    internal const int ScanNodes = 241, QuadratureNodes = 81, MaxZooms = 6;
    /// <summary>The coarse scan covers at least |ln s| ≤ this.</summary>
    internal const double ScanHalfWidth = 8;
    /// <summary>The quadrature covers the region where the posterior density exceeds this fraction of its maximum.</summary>
    internal const double MassCut = 1e-14;

    public static ScaleMixtureResult Compute(ModeTable modes, KernelScalePrior prior, double datasetSize, double ridge, double noise, double likelihoodScale)
    {
        // A coarse scan over the prior's range, widened so that data pulling s far into the prior's tail are seen,
        // finds the region carrying the posterior; the quadrature then zooms in until the posterior is resolved.
        var (priorLo, priorHi) = prior.Range;
        var lo = Math.Min(priorLo, -ScanHalfWidth);
        var hi = Math.Max(priorHi, ScanHalfWidth);
        Node[] nodes = Scan(lo, hi, ScanNodes);
        double[] weights = [];
        for (var zoom = 0; zoom < MaxZooms; zoom++)
        {
            var best = nodes.Max(n => n.LogPosterior);
            if (double.IsNegativeInfinity(best))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"the self-consistent equation has no solution at any kernel scale for P = {datasetSize:R}, κ = {ridge:R}: {nodes[0].Error}"));
            var spacing = nodes[1].LogScale - nodes[0].LogScale;
            var kept = nodes.Where(n => n.LogPosterior - best > Math.Log(MassCut)).Select(n => n.LogScale).ToArray();
            var newLo = kept.Min() - spacing;
            var newHi = kept.Max() + spacing;
            var refined = Scan(newLo, newHi, QuadratureNodes);
            nodes = refined;
            weights = Normalised(nodes);
            // Resolved when the posterior spans enough nodes.
            var (mu, sd) = Moments(nodes, weights);
            if (sd > 6 * (nodes[1].LogScale - nodes[0].LogScale)) break;
        }
        var m = Array.IndexOf(weights, weights.Max());
        var mode = nodes[m].LogScale;
        // Refine the mode by a parabola through the best node and its neighbours.
        if (m > 0 && m < nodes.Length - 1)
        {
            double a = nodes[m - 1].LogPosterior, b = nodes[m].LogPosterior, c = nodes[m + 1].LogPosterior;
            var curvature = a - 2 * b + c;
            if (curvature < 0) mode += 0.5 * (a - c) / curvature * (nodes[1].LogScale - nodes[0].LogScale);
        }
        double meanS = 0, meanU = 0, secondU = 0;
        for (var i = 0; i < nodes.Length; i++)
        {
            meanS += weights[i] * Math.Exp(nodes[i].LogScale);
            meanU += weights[i] * nodes[i].LogScale;
            secondU += weights[i] * nodes[i].LogScale * nodes[i].LogScale;
        }

        // The mixture's test error: Σ_ij w_i w_j E(s_i, s_j); the train error likewise with the residual factors.
        var count = modes.Modes;
        var learn = new double[nodes.Length][];
        for (var i = 0; i < nodes.Length; i++)
        {
            var l = new double[count];
            var tp = nodes[i].ReducedRidge;
            for (var k = 0; k < count; k++) l[k] = modes.Lambda[k] / (modes.Lambda[k] + tp);
            learn[i] = l;
        }
        var unlearnable = noise + modes.TailPower;
        double test = 0, train = 0;
        var active = Enumerable.Range(0, nodes.Length).Where(i => weights[i] > 1e-12).ToArray();
        foreach (var i in active)
            foreach (var j in active)
            {
                if (j < i) continue;
                double overlap = 0, bias = 0;
                var li = learn[i];
                var lj = learn[j];
                for (var k = 0; k < count; k++)
                {
                    var n = modes.Multiplicity[k];
                    overlap += n * li[k] * lj[k];
                    bias += n * (1 - li[k]) * (1 - lj[k]) * modes.TargetPower[k];
                }
                var e = datasetSize / (datasetSize - overlap) * (bias + unlearnable);
                // Residuals of ridge predictors: r = κ(sK+κ)⁻¹y, so the train error carries κ/(P t) per side.
                var residual = ridge / (datasetSize * nodes[i].Ridge) * (ridge / (datasetSize * nodes[j].Ridge));
                var weight = (i == j ? 1 : 2) * weights[i] * weights[j];
                test += weight * e;
                train += weight * residual * e;
            }

        var meanLearn = new double[count];
        var variance = new double[count];
        var meanLearnSq = new double[count];
        foreach (var i in active)
            for (var k = 0; k < count; k++)
            {
                var s = Math.Exp(nodes[i].LogScale);
                meanLearn[k] += weights[i] * learn[i][k];
                meanLearnSq[k] += weights[i] * learn[i][k] * learn[i][k];
                // The posterior variance of f_k at scale s: sλ_k (1 − L_k) / β.
                variance[k] += weights[i] * s * modes.Lambda[k] * (1 - learn[i][k]) / likelihoodScale;
            }
        double mixtureBias = unlearnable - noise;
        for (var k = 0; k < count; k++)
        {
            mixtureBias += modes.Multiplicity[k] * (1 - meanLearn[k]) * (1 - meanLearn[k]) * modes.TargetPower[k];
            // Mixing predictors at different s adds their spread to the posterior variance of f_k.
            variance[k] += (meanLearnSq[k] - meanLearn[k] * meanLearn[k]) * modes.TargetPower[k];
        }
        var modeNode = nodes[Math.Clamp(m, 0, nodes.Length - 1)];
        var posterior = new ScalePosterior(nodes.Select(n => Math.Exp(n.LogScale)).ToArray(), weights, Math.Exp(mode), meanS,
            Math.Sqrt(Math.Max(0, secondU - meanU * meanU)), prior.StandardDeviationLog);
        var effectiveRidge = datasetSize * active.Sum(i => weights[i] * nodes[i].Ridge) / meanS;
        return new ScaleMixtureResult(test, train, mixtureBias, test / (mixtureBias + noise), effectiveRidge,
            modes.Spectrum.ThresholdIndex(modeNode.ReducedRidge), posterior, meanLearn, variance, nodes.Select(n => n.Ridge).ToArray());

        Node[] Scan(double from, double to, int points)
        {
            var result = new Node[points];
            RgDsl.Networks.Linear.ParallelLoop.For(0, points, i =>
            {
                var u = from + (to - from) * i / (points - 1);
                result[i] = Evaluate(u);
            });
            return result;
        }

        Node Evaluate(double logScale)
        {
            var s = Math.Exp(logScale);
            var logPrior = prior.LogDensity(logScale);
            // At kernel sK the root t = s·t′, where t′ solves the equation on K with ridge κ/s (+ the tail's trace).
            var reducedRidge = ridge / s + modes.TailTrace;
            if (!SelfConsistentRidge.TrySolve(modes.Spectrum, datasetSize, reducedRidge, out var tp, out var error))
                return new Node(logScale, double.NegativeInfinity, double.NaN, double.NaN) { Error = error };
            var t = s * tp;
            double signal = 0, logDet = 0;
            for (var k = 0; k < modes.Modes; k++)
            {
                var n = modes.Multiplicity[k];
                var l = modes.Lambda[k];
                signal += n * modes.TargetPower[k] * tp / (l + tp);
                logDet += n * Math.Log(1 + l / tp);
            }
            var quadratic = (signal + noise + modes.TailPower) / t;
            logDet += modes.TailTrace / tp + datasetSize * Math.Log(datasetSize * t) - datasetSize + ridge / t;
            return new Node(logScale, logPrior - 0.5 * likelihoodScale * quadratic - 0.5 * logDet, t, tp);
        }
    }

    private static double[] Normalised(Node[] nodes)
    {
        var top = nodes.Max(n => n.LogPosterior);
        var weights = nodes.Select(n => Math.Exp(n.LogPosterior - top)).ToArray();
        var total = weights.Sum();
        for (var i = 0; i < weights.Length; i++) weights[i] /= total;
        return weights;
    }

    private static (double Mean, double StandardDeviation) Moments(Node[] nodes, double[] weights)
    {
        double mean = 0, second = 0;
        for (var i = 0; i < nodes.Length; i++)
        {
            mean += weights[i] * nodes[i].LogScale;
            second += weights[i] * nodes[i].LogScale * nodes[i].LogScale;
        }
        return (mean, Math.Sqrt(Math.Max(0, second - mean * mean)));
    }

    private readonly record struct Node(double LogScale, double LogPosterior, double Ridge, double ReducedRidge)
    {
        public string? Error { get; init; }
    }

    /// <summary>
    /// The saddle point of the joint posterior of the scale factors (the kernel renormalisation of Li and Sompolinsky
    /// for deep linear networks): maximise Σ_i ln p(g_i) + ℓ(Π g_i^η_i), where ℓ is the deterministic-equivalent log
    /// evidence. For given ln s the factors' optimum satisfies (n_i/2)(1 − g_i) = μ η_i (a Lagrange condition), so the
    /// problem is one-dimensional in ln s. Returns the renormalised scale s*.
    /// </summary>
    public static double Saddle(ModeTable modes, KernelScalePrior prior, double datasetSize, double ridge, double noise, double likelihoodScale)
    {
        double Objective(double logScale) =>
            FactorOptimum(prior, logScale) + LogEvidence(modes, logScale, datasetSize, ridge, noise, likelihoodScale);

        // Golden-section search in ln s (the objective is unimodal in practice).
        var (a, b) = prior.Range;
        a = Math.Min(a, -ScanHalfWidth);
        b = Math.Max(b, ScanHalfWidth);
        const double Ratio = 0.6180339887498949;
        double x1 = b - Ratio * (b - a), x2 = a + Ratio * (b - a);
        double f1 = Objective(x1), f2 = Objective(x2);
        for (var iteration = 0; iteration < 200 && b - a > 1e-10; iteration++)
        {
            if (f1 < f2) { a = x1; x1 = x2; f1 = f2; x2 = a + Ratio * (b - a); f2 = Objective(x2); }
            else { b = x2; x2 = x1; f2 = f1; x1 = b - Ratio * (b - a); f1 = Objective(x1); }
        }
        return Math.Exp(0.5 * (a + b));
    }

    /// <summary>
    /// The deterministic-equivalent log evidence ℓ(ln s) of the GP with kernel s·K (up to a constant): −½β yᵀ(sK + κ)⁻¹y
    /// − ½ ln det(sK + κ), both averaged over training sets of size P (see the class summary); −∞ where the
    /// self-consistent equation has no root.
    /// </summary>
    internal static double LogEvidence(ModeTable modes, double logScale, double datasetSize, double ridge, double noise, double likelihoodScale)
    {
        var s = Math.Exp(logScale);
        var reducedRidge = ridge / s + modes.TailTrace;
        if (!SelfConsistentRidge.TrySolve(modes.Spectrum, datasetSize, reducedRidge, out var tp, out _)) return double.NegativeInfinity;
        var t = s * tp;
        double signal = 0, logDet = 0;
        for (var k = 0; k < modes.Modes; k++)
        {
            var l = modes.Lambda[k];
            signal += modes.Multiplicity[k] * modes.TargetPower[k] * tp / (l + tp);
            logDet += modes.Multiplicity[k] * Math.Log(1 + l / tp);
        }
        logDet += modes.TailTrace / tp + datasetSize * Math.Log(datasetSize * t) - datasetSize + ridge / t;
        return -0.5 * likelihoodScale * (signal + noise + modes.TailPower) / t - 0.5 * logDet;
    }

    /// <summary>max over factors with Σ η_i ln g_i = u of Σ_i ln p(g_i) (log-gamma densities of ln g_i).</summary>
    internal static double FactorOptimum(KernelScalePrior prior, double logScale)
    {
        var factors = prior.Factors;
        // (n_i/2)(1 − e^{v_i}) = μ η_i  ⇒  v_i = ln(1 − 2μη_i/n_i); find μ with Σ η_i v_i = u by bisection.
        double Total(double mu) => factors.Sum(f => f.Exponent * Math.Log(1 - 2 * mu * f.Exponent / f.DegreesOfFreedom));
        var muMax = factors.Min(f => f.DegreesOfFreedom / (2 * f.Exponent));
        // Total falls from +∞ (μ → −∞) to −∞ (μ → μ_max): bracket, then bisect.
        double lo = Math.Min(-1, -muMax), hi = muMax * (1 - 1e-15);
        while (Total(lo) < logScale && lo > -1e300) lo *= 2;
        for (var i = 0; i < 400 && hi - lo > 1e-15 * Math.Max(1, Math.Abs(lo)); i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Total(mid) > logScale) lo = mid; else hi = mid;
        }
        var muStar = 0.5 * (lo + hi);
        double sum = 0;
        foreach (var f in factors)
        {
            var v = Math.Log(1 - 2 * muStar * f.Exponent / f.DegreesOfFreedom);
            var h = f.DegreesOfFreedom / 2;
            sum += h * v - h * Math.Exp(v); // ln density of ln g up to constants
        }
        return sum;
    }
}
