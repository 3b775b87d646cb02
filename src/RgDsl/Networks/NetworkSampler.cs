using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using RgDsl.Networks.Sampling;
using RgDsl.Validity;

namespace RgDsl.Networks;

/// <summary>
/// Samples the Bayesian posterior of a finite-width network (THEORY §6) and estimates its posterior-mean predictor
/// and test error. Two samplers, with the same estimators (<see cref="NetworkSampleResult"/>):
/// <list type="bullet">
/// <item><see cref="Langevin"/>: Langevin dynamics on all weights, θ ← θ − ηM∇U + √(2ηM)ξ, the way practitioners
/// train Bayesian networks (full-batch gradients; optionally Metropolis-adjusted).</item>
/// <item><see cref="CollapsedHmc"/>: exact HMC on the hidden weights with the readout integrated analytically; test
/// predictions Rao–Blackwellised over the readout.</item>
/// </list>
/// <para>
/// Discretisation bias of unadjusted Langevin: with a fixed step η the chain's stationary law is not the posterior
/// but a perturbation of it of order η (for the Euler–Maruyama scheme the bias of any smooth expectation is
/// c₁η + O(η²), Talay and Tubaro 1990). It is largest in the stiffest directions, where the discrete update
/// over-disperses the weights by a factor 1/(1 − ηλ/2) for curvature λ (exact for a Gaussian). Halving η halves the
/// bias; the difference between runs at η and η/2 estimates it (Richardson: 2·r(η/2) − r(η) removes it to first
/// order). <see cref="LangevinOptions.MetropolisAdjusted"/> removes it entirely.
/// </para>
/// Chains run in parallel with seeds seed, seed + 1, …; a run is reproducible for a seed, whatever the number of
/// threads (the matrix products split rows and columns, never the sums).
/// </summary>
public static class NetworkSampler
{
    /// <summary>Langevin dynamics on all weights (see <see cref="NetworkSampler"/>).</summary>
    /// <param name="architecture">The network.</param>
    /// <param name="ridge">κ &gt; 0, the likelihood variance (the mean-field scaling divides it by N, <see cref="NetworkArchitecture.LikelihoodScale"/>).</param>
    /// <param name="train">Training inputs and targets (d must match the architecture).</param>
    /// <param name="test">Test inputs and targets at which the predictor and the test error are estimated.</param>
    /// <param name="options">Step size, burn-in, samples, thinning, chains, preconditioner.</param>
    /// <param name="seed">Seed of chain 0.</param>
    /// <param name="cancellationToken">Stops the run (OperationCanceledException).</param>
    /// <exception cref="ArgumentException">A bad argument (named), e.g. κ ≤ 0, η ≤ 0, mismatched input dimension.</exception>
    /// <exception cref="InvalidOperationException">The dynamics diverged (U became non-finite or exploded); the message names the step size.</exception>
    public static NetworkSampleResult Langevin(NetworkArchitecture architecture, double ridge, NetworkDataset train, NetworkDataset test,
        LangevinOptions options, int seed = 1, CancellationToken cancellationToken = default)
    {
        ValidateProblem(architecture, ridge, train, test);
        Check(options);
        CheckMemory(architecture, train, test, NetworkSamplerKind.Langevin, options.Chains, options.Samples);
        var layout = new WeightLayout(architecture);
        return Run(NetworkSamplerKind.Langevin, options.Chains, options.MaxDegreeOfParallelism, nameof(LangevinOptions), test,
            (c, team, token) => LangevinChain.Run(layout, ridge, train, test, options, seed + c, team, token), [], cancellationToken);
    }

    /// <summary>As <see cref="Langevin"/>, but returns false instead of throwing when the dynamics diverge.</summary>
    public static bool TryLangevin(NetworkArchitecture architecture, double ridge, NetworkDataset train, NetworkDataset test,
        LangevinOptions options, int seed, [NotNullWhen(true)] out NetworkSampleResult? result, CancellationToken cancellationToken = default)
    {
        try
        {
            result = Langevin(architecture, ridge, train, test, options, seed, cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            result = null;
            return false;
        }
    }

    /// <summary>
    /// Exact posterior sampling with the readout integrated analytically (THEORY §6.2): split HMC on the hidden
    /// weights under p(W | y) ∝ p(W)·N(y; 0, cΦΦᵀ + νI), c = σ_a²/N^γ, ν = κ/β (Woodbury, O(PN² + N³ + PNd) per
    /// gradient, or O(P²N + P³ + PNd) when N &gt; P); test predictions are the readout-posterior means
    /// f̄(x*) = φ(x*)·m_a/N^(γ/2).
    /// </summary>
    /// <param name="architecture">The network.</param>
    /// <param name="ridge">κ &gt; 0, the likelihood variance.</param>
    /// <param name="train">Training inputs and targets.</param>
    /// <param name="test">Test inputs and targets.</param>
    /// <param name="options">Warm-up, samples, chains, trajectory length, target acceptance, limits.</param>
    /// <param name="seed">Seed of chain 0.</param>
    /// <param name="cancellationToken">Stops the run (OperationCanceledException).</param>
    /// <exception cref="ArgumentException">A bad argument (named).</exception>
    public static NetworkSampleResult CollapsedHmc(NetworkArchitecture architecture, double ridge, NetworkDataset train, NetworkDataset test,
        CollapsedHmcOptions options, int seed = 1, CancellationToken cancellationToken = default)
    {
        ValidateProblem(architecture, ridge, train, test);
        Check(options);
        CheckMemory(architecture, train, test, NetworkSamplerKind.CollapsedHmc, options.Chains, options.Samples);
        var layout = new WeightLayout(architecture);
        var warnings = new List<string>();
        var side = (double)Math.Min(architecture.Width, train.Count);
        if (side * side * 8 > 2e9) warnings.Add("the min(N, P)² work matrices exceed 2 GB each");
        return Run(NetworkSamplerKind.CollapsedHmc, options.Chains, options.MaxDegreeOfParallelism, nameof(CollapsedHmcOptions), test,
            (c, team, token) => CollapsedHmcChain.Run(layout, ridge, train, test, options, seed + c, team, token), warnings, cancellationToken);
    }

    /// <summary>Checks Langevin options (each bad value named with its allowed range).</summary>
    internal static void Check(LangevinOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.StepSize > 0) || !double.IsFinite(options.StepSize)) throw new ArgumentOutOfRangeException(nameof(options), options.StepSize, "LangevinOptions.StepSize (η) must be positive and finite.");
        if (options.BurnIn < 0) throw new ArgumentOutOfRangeException(nameof(options), options.BurnIn, "LangevinOptions.BurnIn must be non-negative.");
        if (options.Samples < PosteriorEstimates.MinimumSamples) throw new ArgumentOutOfRangeException(nameof(options), options.Samples, $"LangevinOptions.Samples must be at least {PosteriorEstimates.MinimumSamples} (20 batches of 2).");
        if (options.Thinning < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Thinning, "LangevinOptions.Thinning must be at least 1.");
        if (!Enum.IsDefined(options.Preconditioner)) throw new ArgumentOutOfRangeException(nameof(options), options.Preconditioner, "unknown LangevinOptions.Preconditioner.");
        CheckThreads(options.Chains, options.MaxDegreeOfParallelism, nameof(LangevinOptions));
    }

    /// <summary>Checks collapsed-HMC options (each bad value named with its allowed range).</summary>
    internal static void Check(CollapsedHmcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Warmup < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Warmup, "CollapsedHmcOptions.Warmup must be non-negative.");
        if (options.Samples < PosteriorEstimates.MinimumSamples) throw new ArgumentOutOfRangeException(nameof(options), options.Samples, $"CollapsedHmcOptions.Samples must be at least {PosteriorEstimates.MinimumSamples} (20 batches of 2).");
        if (!(options.TrajectoryLength > 0) || !double.IsFinite(options.TrajectoryLength)) throw new ArgumentOutOfRangeException(nameof(options), options.TrajectoryLength, "CollapsedHmcOptions.TrajectoryLength must be positive and finite.");
        if (!(options.TargetAcceptance is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.TargetAcceptance, "CollapsedHmcOptions.TargetAcceptance must lie in (0, 1).");
        if (!(options.InitialStepSize > 0) || !double.IsFinite(options.InitialStepSize)) throw new ArgumentOutOfRangeException(nameof(options), options.InitialStepSize, "CollapsedHmcOptions.InitialStepSize must be positive and finite.");
        if (options.MaxStepsPerTrajectory < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxStepsPerTrajectory, "CollapsedHmcOptions.MaxStepsPerTrajectory must be at least 1.");
        CheckThreads(options.Chains, options.MaxDegreeOfParallelism, nameof(CollapsedHmcOptions));
    }

    /// <summary>The most chains one run takes (each keeps every sample's predictions).</summary>
    public const int MaxChains = 1_024;

    private static void CheckThreads(int chains, int? maxDegree, string optionsName)
    {
        if (chains is < 1 or > MaxChains) throw new ArgumentOutOfRangeException("options", chains, $"{optionsName}.Chains must lie in 1..{MaxChains}.");
        if (maxDegree is < 1) throw new ArgumentOutOfRangeException("options", maxDegree, $"{optionsName}.MaxDegreeOfParallelism must be at least 1 (or null for all cores).");
    }

    private static void CheckMemory(NetworkArchitecture architecture, NetworkDataset train, NetworkDataset test, NetworkSamplerKind kind, int chains, int samples)
    {
        // The sampler alone: the experiment's GP comparison and data are not part of this call (datasets 0, no P × P kernel).
        var bytes = Validation.NetworkMemory.Experiment(architecture, train.Count, test.Count, 0, kind, chains, samples) - 8.0 * (3.0 * train.Count * train.Count + (double)test.Count * train.Count);
        MemoryBudget.Check(bytes, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{kind} of a width-{architecture.Width} depth-{architecture.Depth} network on P = {train.Count} with {test.Count} test points ({chains} chains of {samples} samples)"),
            "options", "lower the number of chains, samples or test points, or the width.");
    }

    private static void ValidateProblem(NetworkArchitecture architecture, double ridge, NetworkDataset train, NetworkDataset test)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (!(ridge > 0) || !double.IsFinite(ridge)) throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "the ridge κ (likelihood variance) must be positive and finite.");
        if (train.InputDimension != architecture.InputDimension)
            throw new ArgumentException($"the training inputs have dimension {train.InputDimension}, the architecture expects d = {architecture.InputDimension}.", nameof(train));
        if (test.InputDimension != architecture.InputDimension)
            throw new ArgumentException($"the test inputs have dimension {test.InputDimension}, the architecture expects d = {architecture.InputDimension}.", nameof(test));
    }

    /// <summary>
    /// Runs the chains: min(chains, cores) side by side, each with a team of cores/concurrent threads for its matrix
    /// products (so a single chain uses every core, and many chains use one core each).
    /// </summary>
    private static NetworkSampleResult Run(NetworkSamplerKind kind, int chains, int? maxDegree, string optionsName, NetworkDataset test,
        Func<int, WorkerTeam, CancellationToken, ChainRecord> chain, List<string> warnings, CancellationToken cancellationToken)
    {
        if (chains < 1) throw new ArgumentOutOfRangeException("options", chains, $"{optionsName}.Chains must be at least 1.");
        var cores = maxDegree ?? Environment.ProcessorCount;
        if (cores < 1) throw new ArgumentOutOfRangeException("options", cores, $"{optionsName}.MaxDegreeOfParallelism must be at least 1.");
        var concurrent = Math.Min(chains, cores);
        var threadsPerChain = Math.Max(1, cores / concurrent);
        var records = new ChainRecord[chains];
        var clock = Stopwatch.StartNew();
        // A chain that fails (diverges) cancels the others, so the error is reported at once.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;
        try
        {
            Parallel.For(0, chains, new ParallelOptions { MaxDegreeOfParallelism = concurrent }, c =>
            {
                try
                {
                    using var team = new WorkerTeam(threadsPerChain);
                    records[c] = chain(c, team, stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    stop.Cancel();
                }
            });
        }
        catch (Exception) when (failure is not null)
        {
            // Another chain's cancellation after the failure: the failure is what to report.
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
        var wall = clock.Elapsed;
        return PosteriorEstimates.Combine(kind, records, test.TargetArray, wall, warnings);
    }
}
