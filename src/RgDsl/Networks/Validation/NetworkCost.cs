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
    /// Gradient evaluations per HMC proposal assumed a priori at P = 25 and below: the trajectory π/2 at a step of about
    /// 0.1–0.2 of the prior's unit scale (the adapted steps of the sampler tests). The posterior narrows as P grows and the
    /// adapted step with it: <see cref="StepsPerTrajectory"/> takes 2√P above (measured up to 44 at P = 512 by
    /// <c>RgDsl.Benchmarks --cost-calibration</c>), capped by the options' limit.
    /// </summary>
    public const int TypicalStepsPerTrajectory = 10;

    /// <summary>Operations of a training set's fixed costs (threads, buffers, the first touch of its arrays): about 20 ms.</summary>
    private const double PerTrainingSet = 2e7;

    /// <summary>Leapfrog steps per HMC trajectory assumed a priori at P (see <see cref="TypicalStepsPerTrajectory"/>).</summary>
    public static double StepsPerTrajectory(double p, CollapsedHmcOptions hmc) =>
        Math.Min(Math.Max(TypicalStepsPerTrajectory, 2 * Math.Sqrt(p)), hmc.MaxStepsPerTrajectory);

    /// <summary>
    /// Operations of one evaluation of φ and φ′ (a built-in's closed form; a declared φ is a delegate of unknown cost,
    /// counted as a few transcendental calls).
    /// </summary>
    internal static double ActivationOperations(NetworkArchitecture a) => a.Function.BuiltIn switch
    {
        Activation.Linear => 1,
        Activation.Relu => 2,
        Activation.Erf or Activation.Tanh => 25,
        _ => 60,
    };

    /// <summary>One forward and backward pass of the hidden layers over P inputs, φ and φ′ included.</summary>
    private static double Propagation(NetworkArchitecture a, double p) =>
        p * (4 * (a.Width * (double)a.InputDimension + (a.Depth - 1) * (double)a.Width * a.Width) + 2 * a.Depth * a.Width * ActivationOperations(a));

    /// <summary>
    /// The test predictions of one kept sample: the forward pass over T points, the readout and the running moments of
    /// every prediction.
    /// </summary>
    private static double TestPredictions(NetworkArchitecture a, double testPoints) =>
        testPoints * (2 * (a.Width * (double)a.InputDimension + (a.Depth - 1) * (double)a.Width * a.Width)
            + a.Depth * a.Width * ActivationOperations(a) + 2 * a.Width + 100);

    /// <summary>Drawing one training set and its test set (T + P Gaussian inputs of dimension d, the teacher and the label noise), and the training set's fixed costs.</summary>
    public static double Data(NetworkArchitecture a, double p, double testPoints) => (p + testPoints) * (40.0 * a.InputDimension + 40) + PerTrainingSet;

    /// <summary>
    /// Operations of collapsed HMC (<see cref="NetworkSampler.CollapsedHmc"/>) on one training set of P points with T test
    /// points: per gradient the propagation, the Gram matrix of the smaller side and its Cholesky; per kept sample the
    /// test predictions.
    /// </summary>
    public static double CollapsedHmc(NetworkArchitecture a, double p, double testPoints, CollapsedHmcOptions hmc)
    {
        var steps = StepsPerTrajectory(p, hmc);
        var gradients = (double)hmc.Chains * (hmc.Warmup + (double)hmc.Samples) * steps;
        var m = Math.Min(a.Width, p);
        var perGradient = Propagation(a, p) + 2 * p * a.Width * m + m * m * m / 3;
        return gradients * perGradient + (double)hmc.Chains * hmc.Samples * TestPredictions(a, testPoints);
    }

    /// <summary>
    /// Operations of Langevin training (<see cref="NetworkSampler.Langevin"/>) on one training set: per step the
    /// propagation and the readout's gradient (its dense preconditioner N²), per kept sample the test predictions.
    /// </summary>
    public static double Langevin(NetworkArchitecture a, double p, double testPoints, LangevinOptions langevin) =>
        (double)langevin.Chains * (langevin.StepsPerChain * (Propagation(a, p) + 2.0 * a.Width * a.Width)
            + (double)langevin.Samples * TestPredictions(a, testPoints));

    /// <summary>
    /// The GP limit on one training set (kernel ridge regression): the NNGP kernel on the P training points and between
    /// them and the T test points, the P × P Cholesky and the predictions. A kernel entry costs the input dot product and
    /// the activation's dual per layer; tanh and declared φ also a per-point, per-layer setup (Hermite coefficients by
    /// quadrature) and Mehler's series per entry, completed near |ρ| = 1 (every entry at d = 1).
    /// </summary>
    public static double GaussianProcess(NetworkArchitecture a, double p, double testPoints)
    {
        var (setup, entry) = a.Function.BuiltIn switch
        {
            Activation.Linear => (10.0, 2.0),
            Activation.Relu or Activation.Erf => (50.0, 60.0),
            _ when a.Function.IsDeclaredPolynomial => (2_000.0, 100.0),
            _ => (60_000.0, 1_500.0),
        };
        var entries = p * p / 2 + testPoints * p;
        return p * p * p / 3 + entries * (2.0 * a.InputDimension + a.Depth * entry) + (p + testPoints) * a.Depth * setup + 2 * testPoints * p;
    }

    /// <summary>Seconds of an experiment (<see cref="NetworkExperiments.Run"/>): every training set's data, sampler run (its chains on parallel cores) and GP limit.</summary>
    public static double ExperimentSeconds(NetworkArchitecture a, double p, NetworkExperimentOptions options, NetworkSamplerKind sampler, LangevinOptions? langevin)
    {
        var t = (double)options.TestPoints;
        var hmc = options.CollapsedHmc ?? new CollapsedHmcOptions();
        var (operations, chains, threads) = sampler == NetworkSamplerKind.CollapsedHmc
            ? (CollapsedHmc(a, p, t, hmc), hmc.Chains, hmc.MaxDegreeOfParallelism)
            : (Langevin(a, p, t, langevin!), langevin!.Chains, langevin.MaxDegreeOfParallelism);
        var cores = Math.Min(chains, threads ?? Environment.ProcessorCount);
        // The data and the GP limit run on the calling thread; its kernel matrices on every core, counted as one.
        return options.Datasets * (TimeBudget.Seconds(operations, cores) + TimeBudget.Seconds(Data(a, p, t) + GaussianProcess(a, p, t)));
    }
}
