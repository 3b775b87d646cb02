namespace RgDsl.Networks.Universality;

/// <summary>
/// A-priori cost of sampling one training set with collapsed HMC (<see cref="NetworkSampler.CollapsedHmc"/>) and
/// fitting the reference GP on it. Used only to refuse a first round that cannot fit the budget; later rounds use
/// the measured time per training set.
/// </summary>
internal static class CostModel
{
    /// <summary>
    /// Gradient evaluations per HMC proposal assumed a priori: the trajectory π/2 at a step of about 0.1–0.2 of the
    /// prior's unit scale (the adapted steps of the sampler tests), capped by the options' limit.
    /// </summary>
    public const int TypicalStepsPerTrajectory = 10;

    /// <summary>Seconds to sample one training set of size P and fit the reference on it.</summary>
    public static double Seconds(NetworkArchitecture a, double p, UniversalityOptions options)
    {
        var hmc = options.Sampler ?? new CollapsedHmcOptions();
        var steps = Math.Min(TypicalStepsPerTrajectory, hmc.MaxStepsPerTrajectory);
        var gradients = (double)hmc.Chains * (hmc.Warmup + hmc.Samples) * steps;
        double n = a.Width, d = a.InputDimension, t = options.TestPoints;
        var m = Math.Min(n, p);
        // Forward and backward through the layers, the Gram matrix of the smaller side (ΦᵀΦ or ΦΦᵀ) and its Cholesky; the test predictions per kept sample.
        var perGradient = 4 * p * (n * d + (a.Depth - 1) * n * n) + 2 * p * n * m + m * m * m / 3;
        var sampling = gradients * perGradient + (double)hmc.Chains * hmc.Samples * t * (n * d + (a.Depth - 1) * n * n) * 2;
        var reference = p * p * p / 3 + 2 * t * p * d + 2 * (p * p + t * p) * d;
        var cores = Math.Max(1, Math.Min(hmc.Chains, hmc.MaxDegreeOfParallelism ?? Environment.ProcessorCount));
        return sampling / (options.AssumedFlopsPerSecond * cores) + reference / options.AssumedFlopsPerSecond;
    }

    /// <summary>Peak bytes of one training set: every chain's kept test predictions, the concurrent chains' work arrays, and the reference's kernel matrices.</summary>
    public static double Bytes(NetworkArchitecture a, double p, UniversalityOptions options)
    {
        var hmc = options.Sampler ?? new CollapsedHmcOptions();
        double n = a.Width, d = a.InputDimension, t = options.TestPoints;
        var m = Math.Min(n, p);
        var kept = (double)hmc.Chains * hmc.Samples * t;
        var concurrent = Math.Max(1, Math.Min(hmc.Chains, hmc.MaxDegreeOfParallelism ?? Environment.ProcessorCount));
        var work = concurrent * ((p + t) * n * (a.Depth + 2) + 4 * m * m + 2 * (n * d + (a.Depth - 1) * n * n));
        var reference = 2 * p * p + t * p + (p + t) * d;
        return 8 * (kept + work + reference);
    }
}
