using RgDsl.Validity;

namespace RgDsl.Networks.Validation;

/// <summary>
/// A-priori floating-point operation counts of the network calls whose time grows with their arguments, for
/// <see cref="TimeBudget"/> (and the universality measurement's first round). Each counts the dominant products of
/// the code it names; like <see cref="NetworkMemory"/> they are meant to err high, not low.
/// </summary>
internal static class NetworkCost
{
    /// <summary>
    /// Gradient evaluations per HMC proposal assumed a priori: the trajectory π/2 at a step of about 0.1–0.2 of the
    /// prior's unit scale (the adapted steps of the sampler tests), capped by the options' limit.
    /// </summary>
    public const int TypicalStepsPerTrajectory = 10;

    /// <summary>One forward and backward pass of the hidden layers over P inputs.</summary>
    private static double Propagation(NetworkArchitecture a, double p) =>
        4 * p * (a.Width * (double)a.InputDimension + (a.Depth - 1) * (double)a.Width * a.Width);

    /// <summary>
    /// Operations of collapsed HMC (<see cref="NetworkSampler.CollapsedHmc"/>) on one training set of P points with T test
    /// points: per gradient the propagation, the Gram matrix of the smaller side and its Cholesky; per kept sample the
    /// test predictions.
    /// </summary>
    public static double CollapsedHmc(NetworkArchitecture a, double p, double testPoints, CollapsedHmcOptions hmc)
    {
        var steps = Math.Min(TypicalStepsPerTrajectory, hmc.MaxStepsPerTrajectory);
        var gradients = (double)hmc.Chains * (hmc.Warmup + (double)hmc.Samples) * steps;
        var m = Math.Min(a.Width, p);
        var perGradient = Propagation(a, p) + 2 * p * a.Width * m + m * m * m / 3;
        return gradients * perGradient + (double)hmc.Chains * hmc.Samples * Propagation(a, testPoints) / 2;
    }

    /// <summary>
    /// Operations of Langevin training (<see cref="NetworkSampler.Langevin"/>) on one training set: per step the
    /// propagation and the readout's gradient (its dense preconditioner N²), per kept sample the test predictions.
    /// </summary>
    public static double Langevin(NetworkArchitecture a, double p, double testPoints, LangevinOptions langevin) =>
        (double)langevin.Chains * (langevin.StepsPerChain * (Propagation(a, p) + 2.0 * a.Width * a.Width)
            + (double)langevin.Samples * Propagation(a, testPoints) / 2);

    /// <summary>The GP limit on one training set (kernel ridge regression): the P × P kernel, its Cholesky, the test kernel and predictions.</summary>
    public static double GaussianProcess(double p, double testPoints, double dimension) =>
        p * p * p / 3 + 2 * testPoints * p * dimension + 2 * (p * p + testPoints * p) * dimension;

    /// <summary>Seconds of an experiment (<see cref="NetworkExperiments.Run"/>): every training set's sampler run (its chains on parallel cores) and GP limit.</summary>
    public static double ExperimentSeconds(NetworkArchitecture a, double p, NetworkExperimentOptions options, NetworkSamplerKind sampler, LangevinOptions? langevin)
    {
        var t = (double)options.TestPoints;
        var hmc = options.CollapsedHmc ?? new CollapsedHmcOptions();
        var (operations, chains, threads) = sampler == NetworkSamplerKind.CollapsedHmc
            ? (CollapsedHmc(a, p, t, hmc), hmc.Chains, hmc.MaxDegreeOfParallelism)
            : (Langevin(a, p, t, langevin!), langevin!.Chains, langevin.MaxDegreeOfParallelism);
        var cores = Math.Min(chains, threads ?? Environment.ProcessorCount);
        return options.Datasets * (TimeBudget.Seconds(operations, cores) + TimeBudget.Seconds(GaussianProcess(p, t, a.InputDimension)));
    }
}
