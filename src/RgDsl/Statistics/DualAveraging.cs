namespace RgDsl.Statistics;

/// <summary>
/// Step-size adaptation of HMC by dual averaging (Hoffman and Gelman 2014, Algorithm 5), shared by the field-theory
/// <see cref="Perturbations.Sampling.HmcSampler"/> and the network <see cref="Networks.Sampling.CollapsedHmcChain"/>.
/// During warm-up each proposal's acceptance probability drives ln ε towards the target acceptance; afterwards the
/// chain uses the averaged ln ε̄. Both are kept within [<c>minimumStep</c>, <c>maximumStep</c>].
/// </summary>
internal sealed class DualAveraging
{
    /// <summary>The algorithm's constants γ, t₀ and κ (Hoffman and Gelman 2014, §3.2.1).</summary>
    public const double Gamma = 0.05, T0 = 10, Kappa = 0.75;

    private readonly double _mu, _targetAcceptance, _minimumStep, _maximumStep, _logMinimum, _logMaximum;
    private double _hBar;
    private int _updates;

    /// <summary>
    /// Starts at <paramref name="initialStep"/> (used clamped into the range) and shrinks towards μ = ln(10 ε₀), as the
    /// paper does. <paramref name="minimumStep"/> may be 0 (no floor).
    /// </summary>
    public DualAveraging(double initialStep, double targetAcceptance, double minimumStep, double maximumStep)
    {
        if (!(initialStep > 0) || !double.IsFinite(initialStep))
            throw new ArgumentOutOfRangeException(nameof(initialStep), initialStep, "the initial step must be positive and finite.");
        if (!(targetAcceptance > 0 && targetAcceptance < 1))
            throw new ArgumentOutOfRangeException(nameof(targetAcceptance), targetAcceptance, "the target acceptance must lie in (0, 1).");
        if (!(minimumStep >= 0 && minimumStep <= maximumStep) || !double.IsFinite(maximumStep))
            throw new ArgumentOutOfRangeException(nameof(minimumStep), minimumStep, $"the step range must satisfy 0 ≤ minimum ≤ maximum (maximum {maximumStep}) < ∞.");
        _mu = Math.Log(10 * initialStep);
        _targetAcceptance = targetAcceptance;
        _minimumStep = minimumStep;
        _maximumStep = maximumStep;
        _logMinimum = Math.Log(minimumStep);
        _logMaximum = Math.Log(maximumStep);
        LogStep = Math.Log(initialStep);
        AveragedLogStep = LogStep;
    }

    /// <summary>ln ε, the step of the warm-up.</summary>
    public double LogStep { get; private set; }

    /// <summary>ln ε̄, the averaged step used after warm-up (ln ε until the first update).</summary>
    public double AveragedLogStep { get; private set; }

    /// <summary>The step to use now: ε during warm-up, ε̄ after it, within the range.</summary>
    public double Step(bool warmingUp) => Math.Clamp(Math.Exp(warmingUp ? LogStep : AveragedLogStep), _minimumStep, _maximumStep);

    /// <summary>The adapted step ε̄ (the reported step size).</summary>
    public double AdaptedStep => Step(false);

    /// <summary>One warm-up update from the log acceptance probability of the last proposal (−∞ for a divergence).</summary>
    public void Update(double logAccept)
    {
        var m = ++_updates;
        _hBar = (1 - 1.0 / (m + T0)) * _hBar + (_targetAcceptance - Math.Exp(logAccept)) / (m + T0);
        LogStep = Math.Clamp(_mu - Math.Sqrt(m) / Gamma * _hBar, _logMinimum, _logMaximum);
        var weight = Math.Pow(m, -Kappa);
        AveragedLogStep = weight * LogStep + (1 - weight) * AveragedLogStep;
    }
}
