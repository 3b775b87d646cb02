using RgDsl.Statistics;

namespace RgDsl.Networks.Sampling;

/// <summary>
/// The estimators shared by both samplers. With B_j(x*) the batch means (20 equal batches per chain, trailing samples
/// that do not fill a batch dropped) and f̄ their mean:
/// ε = mean_x* (f̄ − y*)² − mean_x* Var(f̄), Var(f̄) = Σ_j (B_j − f̄)²/(n_b(n_b − 1)) (the Monte Carlo bias of squaring a
/// noisy mean); its standard error from the batch means of the linearised statistic z_j = 2·mean_x*(f̄ − y*)(B_j − f̄);
/// the effective sample size from the same statistic per sample, by Geyer's initial monotone sequence per chain.
/// </summary>
internal static class PosteriorEstimates
{
    public const int BatchesPerChain = 20;
    public const int MinimumSamples = 2 * BatchesPerChain;

    public static NetworkSampleResult Combine(NetworkSamplerKind kind, ChainRecord[] chains, double[] testTargets, TimeSpan wallTime, List<string> warnings)
    {
        var t = testTargets.Length;
        var samples = chains[0].Count;
        var batchSize = samples / BatchesPerChain;
        var used = batchSize * BatchesPerChain;
        var batches = chains.Length * BatchesPerChain;

        // Batch means of the predictions, train error and kernel scale.
        var batchPrediction = new double[batches * t];
        var batchTrain = new double[batches];
        var batchScale = new double[batches];
        for (var c = 0; c < chains.Length; c++)
            for (var b = 0; b < BatchesPerChain; b++)
            {
                var j = c * BatchesPerChain + b;
                var row = batchPrediction.AsSpan(j * t, t);
                for (var s = b * batchSize; s < (b + 1) * batchSize; s++)
                {
                    var sample = chains[c].Predictions.AsSpan(s * t, t);
                    for (var i = 0; i < t; i++) row[i] += sample[i];
                    batchTrain[j] += chains[c].TrainErrors[s];
                    batchScale[j] += chains[c].KernelScales[s];
                }
                for (var i = 0; i < t; i++) row[i] /= batchSize;
                batchTrain[j] /= batchSize;
                batchScale[j] /= batchSize;
            }

        var mean = new double[t];
        for (var j = 0; j < batches; j++)
            for (var i = 0; i < t; i++) mean[i] += batchPrediction[j * t + i] / batches;
        var meanVariance = new double[t]; // Var(f̄(x*))
        var z = new double[batches];
        for (var j = 0; j < batches; j++)
            for (var i = 0; i < t; i++)
            {
                var d = batchPrediction[j * t + i] - mean[i];
                meanVariance[i] += d * d / ((double)(batches - 1) * batches);
                z[j] += 2 * (mean[i] - testTargets[i]) * d / t;
            }
        double raw = 0, bias = 0;
        for (var i = 0; i < t; i++) { raw += (mean[i] - testTargets[i]) * (mean[i] - testTargets[i]) / t; bias += meanVariance[i] / t; }
        var testError = new Estimate(raw - bias, Math.Sqrt(SumOfSquares(z) / ((double)(batches - 1) * batches)));

        // Per-sample linearised statistic: ESS per chain and split-R̂ over chain halves.
        double ess = 0;
        var traces = new double[chains.Length][];
        for (var c = 0; c < chains.Length; c++)
        {
            var trace = new double[used];
            for (var s = 0; s < used; s++)
            {
                var sample = chains[c].Predictions.AsSpan(s * t, t);
                double v = 0;
                for (var i = 0; i < t; i++) v += 2 * (mean[i] - testTargets[i]) * (sample[i] - mean[i]) / t;
                trace[s] = v;
            }
            traces[c] = trace;
            ess += EffectiveSampleSize.Geyer(trace);
        }
        var rHat = SplitRHat(traces);

        var accepted = chains.Sum(ch => ch.Accepted);
        var proposals = chains.Sum(ch => ch.Proposals);
        var acceptance = proposals == 0 ? 1 : (double)accepted / proposals;
        if (!ChainConvergence.IsMixed(rHat)) warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the chains disagree (split-R̂ = {rHat:F3} ≥ {ChainConvergence.MaxSplitRHat}): not mixed; run longer or warm up longer"));
        if (ess < 100) warnings.Add($"only {ess:F0} effective samples of the test error (fewer than 100)");
        if (ess < 2 * batches) warnings.Add($"the {batches} batches are shorter than the autocorrelation time (ESS {ess:F0}): standard errors are underestimated");
        if (acceptance < 0.2) warnings.Add($"acceptance rate {acceptance:F2} is below 0.2");
        var truncated = chains.Sum(ch => ch.TruncatedTrajectories);
        if (truncated > 0.05 * proposals) warnings.Add($"{truncated} of {proposals} trajectories were cut at the step limit (step size collapsed?)");

        var standardErrors = meanVariance.Select(Math.Sqrt).ToArray();
        return new NetworkSampleResult(
            kind,
            Array.AsReadOnly(mean),
            Array.AsReadOnly(standardErrors),
            testError,
            bias,
            ess,
            MeanWithError(batchTrain),
            MeanWithError(batchScale),
            acceptance,
            chains.Average(ch => ch.StepSize),
            chains.Sum(ch => ch.GradientEvaluations),
            wallTime,
            chains.Length,
            samples,
            rHat,
            warnings.AsReadOnly());
    }

    private static double SumOfSquares(double[] values) => values.Sum(v => v * v);

    private static Estimate MeanWithError(double[] batchMeans)
    {
        var (mean, error) = MeanError.Of(batchMeans);
        return new Estimate(mean, error);
    }

    /// <summary>Split-R̂ (Gelman et al.): every chain cut in halves, between- against within-half variance.</summary>
    internal static double SplitRHat(double[][] traces)
    {
        var halves = new List<double[]>();
        foreach (var trace in traces)
        {
            var h = trace.Length / 2;
            halves.Add(trace[..h]);
            halves.Add(trace[h..(2 * h)]);
        }
        var n = halves[0].Length;
        if (n < 2) return double.NaN;
        var means = halves.Select(x => x.Average()).ToArray();
        var within = halves.Select((x, k) => x.Sum(v => (v - means[k]) * (v - means[k])) / (n - 1)).Average();
        var grand = means.Average();
        var between = n * means.Sum(m => (m - grand) * (m - grand)) / (means.Length - 1);
        if (!(within > 0)) return 1;
        var pooled = (n - 1.0) / n * within + between / n;
        return Math.Sqrt(pooled / within);
    }
}
