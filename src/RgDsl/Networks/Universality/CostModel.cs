using RgDsl.Networks.Validation;

namespace RgDsl.Networks.Universality;

/// <summary>
/// A-priori cost of sampling one training set with collapsed HMC (<see cref="NetworkSampler.CollapsedHmc"/>) and
/// fitting the reference GP on it. Used only to refuse a first round that cannot fit the budget; later rounds use
/// the measured time per training set.
/// </summary>
internal static class CostModel
{
    /// <summary>Seconds to sample one training set of size P and fit the reference on it (the counts of <see cref="NetworkCost"/> at the options' assumed rate).</summary>
    public static double Seconds(NetworkArchitecture a, double p, UniversalityOptions options)
    {
        var hmc = options.Sampler ?? new CollapsedHmcOptions();
        var cores = Math.Max(1, Math.Min(hmc.Chains, hmc.MaxDegreeOfParallelism ?? Environment.ProcessorCount));
        return NetworkCost.CollapsedHmc(a, p, options.TestPoints, hmc) / (options.AssumedFlopsPerSecond * cores)
            + (NetworkCost.Data(a, p, options.TestPoints) + NetworkCost.GaussianProcess(a, p, options.TestPoints)) / options.AssumedFlopsPerSecond;
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
