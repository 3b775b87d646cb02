namespace RgDsl.Networks.Theory;

/// <summary>How the tilted measure of one unit is integrated (see <see cref="AdaptiveKernel"/>).</summary>
public enum AdaptiveKernelMethod
{
    /// <summary>The Gaussian closed form for linear φ, importance sampling otherwise.</summary>
    Auto,
    /// <summary>Linear φ only: the tilt is Gaussian, a rank-one change of the weights' covariance; exact.</summary>
    GaussianTilt,
    /// <summary>
    /// Self-normalised importance sampling of the unit's weights from an adapted Gaussian proposal (any φ). Requested
    /// explicitly, the draws alone: no <see cref="ParticlePopulation"/> where they miss mass (Auto settles one).
    /// </summary>
    ImportanceSampling,
    /// <summary>
    /// Set by the solver, not chosen: where Langevin chains on the unit's measure reach mass the importance draws miss (a
    /// bounded φ at a strong tilt), the saddle of a population of Langevin particles whose α follows their own kernel
    /// (<see cref="AdaptiveKernelSolution.Population"/>).
    /// </summary>
    ParticlePopulation,
}

/// <summary>What the saddle found (see <see cref="AdaptiveKernel"/>).</summary>
public enum AdaptiveKernelPhase
{
    /// <summary>A normalisable tilted measure solves the saddle: the adapted kernel.</summary>
    Adapted,
    /// <summary>
    /// φ grows faster than linearly (e.g. z + εz³), so the tilted measure is not normalisable for any α ≠ 0: the tilt
    /// beats the prior beyond a barrier of the unit potential U = |w|²/2σ_w² − (σ_a²/2)(α·φ)². The solution is the measure
    /// restricted to the basin of the prior's mode (the resummation of the expansion in the non-linearity), with its
    /// lowest barrier ΔU in <see cref="AdaptiveKernelSolution.BarrierHeight"/>; what it leaves out is of order e^(−ΔU) per
    /// unit, so with N units it describes the network only while N e^(−ΔU) ≪ 1.
    /// </summary>
    Metastable,
    /// <summary>
    /// No normalisable solution: the tilt overwhelms the prior along some direction of the weights before the
    /// iteration reaches a fixed point — the feature-learning phase transition. The numbers are those of the last
    /// normalisable iterate and are not a prediction.
    /// </summary>
    FeatureLearningTransition,
}

/// <summary>Options of the kernel-adaptation saddle (<see cref="AdaptiveKernel"/>).</summary>
/// <param name="Units">Importance samples of one unit's weights (antithetic pairs; even, at least 64).</param>
/// <param name="Seed">Seed of the common random numbers (fixed through the iteration, so the map α → α′ is deterministic).</param>
/// <param name="Tolerance">Converged when |α′ − α|/|α′| is below this (α′ = (K_ad(α) + κI)⁻¹y).</param>
/// <param name="MaxIterations">Newton iterations before giving up (a clear error with the residual).</param>
/// <param name="Damping">The first trial step of each Newton iteration, in (0, 1] (1: the full Newton step).</param>
/// <param name="MinimumDamping">The step is halved while the tilted measure would not be normalisable (or the action does not decrease); below this a step blocked by normalisability is reported as the transition.</param>
/// <param name="NormalisabilityMargin">A tilt strength G = σ_a² max_e (α·φ_∞(Be))² above 1 − this counts as not normalisable.</param>
/// <param name="AdaptationTolerance">The importance proposal is re-fitted to the tilted measure each iteration until the residual falls below this, then frozen (so the final iterations are deterministic).</param>
/// <param name="Method">How the tilted measure is integrated.</param>
/// <param name="MaxDraws">Draws of the Units importance samples (each costs Units·P·(P + min(P, d)) operations) before the
/// saddle gives up with the iteration count and the residual: a bound on the work of a saddle that converges slowly (a
/// converging saddle takes 5–12 Newton iterations of a few draws each in the tests).</param>
public sealed record AdaptiveKernelOptions(int Units = 4096, int Seed = 1, double Tolerance = 1e-6, int MaxIterations = 400,
    double Damping = 1, double MinimumDamping = 1e-4, double NormalisabilityMargin = 1e-3, double AdaptationTolerance = 1e-2,
    AdaptiveKernelMethod Method = AdaptiveKernelMethod.Auto, int MaxDraws = 200)
{
    public static AdaptiveKernelOptions Default { get; } = new();

    /// <summary>
    /// Leave the Langevin check of the draws (<see cref="AdaptiveKernelSolution.MassCheck"/>) to the caller, through
    /// <see cref="AdaptiveKernelSolution.DeferredMassCheck"/>: the two-layer saddle solves its second layer at every layer
    /// iteration and checks only the last.
    /// </summary>
    internal bool DeferMassCheck { get; init; }

    /// <summary>
    /// Sweeps of the particle population before and while its kernel is averaged (<see cref="AdaptiveKernel.PopulationBurnIn"/>,
    /// <see cref="AdaptiveKernel.PopulationSweeps"/>; the work estimates count those); shorter only to test a population that does not settle.
    /// </summary>
    internal (int BurnIn, int Sweeps) PopulationLength { get; init; } = (AdaptiveKernel.PopulationBurnIn, AdaptiveKernel.PopulationSweeps);

    /// <summary>
    /// Operations the particle population may take (a population runs only where the Langevin check finds mass the
    /// draws miss, for a bounded φ; its work, 2,000 sweeps of M·P·(1.2(2r + 1) + P/5), is estimated before it starts):
    /// past it the population is not run, the draws' saddle stays, and the missed-mass warning says why. The default,
    /// 10¹², is about two minutes on 2 cores at the rate measured (tanh, d = 16, P = 256, 4,096 particles: 1.9·10¹¹
    /// estimated, 26 s); <c>Predict</c> passes what its <see cref="RgDsl.Networks.NetworkTheoryOptions.AdaptiveWorkBudget"/>
    /// leaves after the draws and the check.
    /// </summary>
    public double PopulationWorkBudget { get; init; } = 1e12;

    /// <summary>The population's length and budget where the solver may settle one; null for the draws alone.</summary>
    internal (int BurnIn, int Sweeps, double Budget)? Population =>
        Method == AdaptiveKernelMethod.ImportanceSampling ? null : (PopulationLength.BurnIn, PopulationLength.Sweeps, PopulationWorkBudget);

    internal void Validate()
    {
        if (Units < 64 || Units % 2 != 0) throw new ArgumentOutOfRangeException(nameof(Units), Units, "AdaptiveKernelOptions.Units must be even and at least 64.");
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "AdaptiveKernelOptions.Tolerance must be positive and finite.");
        if (MaxDraws < 2) throw new ArgumentOutOfRangeException(nameof(MaxDraws), MaxDraws, "AdaptiveKernelOptions.MaxDraws must be at least 2.");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "AdaptiveKernelOptions.MaxIterations must be at least 1.");
        if (!(Damping is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Damping), Damping, "AdaptiveKernelOptions.Damping must lie in (0, 1].");
        if (!(MinimumDamping > 0 && MinimumDamping <= Damping)) throw new ArgumentOutOfRangeException(nameof(MinimumDamping), MinimumDamping, "AdaptiveKernelOptions.MinimumDamping must lie in (0, Damping].");
        if (!(NormalisabilityMargin is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(NormalisabilityMargin), NormalisabilityMargin, "AdaptiveKernelOptions.NormalisabilityMargin must lie in (0, 1).");
        if (!(AdaptationTolerance > 0) || !double.IsFinite(AdaptationTolerance)) throw new ArgumentOutOfRangeException(nameof(AdaptationTolerance), AdaptationTolerance, "AdaptiveKernelOptions.AdaptationTolerance must be positive and finite.");
        if (!(PopulationWorkBudget >= 0)) throw new ArgumentOutOfRangeException(nameof(PopulationWorkBudget), PopulationWorkBudget, "AdaptiveKernelOptions.PopulationWorkBudget must be a number of operations, zero or more.");
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "unknown AdaptiveKernelMethod.");
        if (Method == AdaptiveKernelMethod.ParticlePopulation)
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "AdaptiveKernelMethod.ParticlePopulation is set by the solver where the importance draws miss mass; request Auto (ImportanceSampling keeps the draws alone).");
    }
}
