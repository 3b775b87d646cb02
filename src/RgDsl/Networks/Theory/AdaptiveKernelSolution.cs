using MathNet.Numerics.LinearAlgebra;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The kernel-adaptation saddle on one training set (see <see cref="AdaptiveKernel"/>): the adapted kernel on the
/// training inputs, α = (K_ad + κI)⁻¹y, and the mean predictor K_ad(x*, X)α at new inputs.
/// </summary>
public sealed class AdaptiveKernelSolution
{
    private readonly Func<double[][], double[]> _predict;

    internal AdaptiveKernelSolution(AdaptiveKernelPhase phase, AdaptiveKernelMethod method, Vector<double> alpha, Matrix<double> kernel,
        Matrix<double> priorKernel, int iterations, double residual, double? tiltStrength, double effectiveSampleFraction,
        string? transition, IReadOnlyList<string> warnings, Func<double[][], double[]> predict)
    {
        Phase = phase; Method = method; Alpha = alpha.ToArray(); Iterations = iterations; Residual = residual;
        TiltStrength = tiltStrength; EffectiveSampleFraction = effectiveSampleFraction; Transition = transition; Warnings = warnings;
        Kernel = kernel.ToArray(); _predict = predict;
        // The overall scale of the adaptation: tr K_ad / tr K (s* for linear φ), and the directional part.
        Scale = kernel.Trace() / priorKernel.Trace();
        var directional = kernel - Scale * priorKernel;
        DirectionalChange = directional.FrobeniusNorm() / kernel.FrobeniusNorm();
    }

    /// <summary>Whether a normalisable saddle was found, a local (metastable) one, or the transition.</summary>
    public AdaptiveKernelPhase Phase { get; }
    /// <summary>How the tilted measure was integrated.</summary>
    public AdaptiveKernelMethod Method { get; }
    /// <summary>α = (K_ad + κI)⁻¹y at the saddle (for a transition: at the last normalisable iterate).</summary>
    public IReadOnlyList<double> Alpha { get; }
    /// <summary>K_ad on the training inputs (P×P).</summary>
    public double[,] Kernel { get; }
    /// <summary>Fixed-point iterations (for the Gaussian tilt: bisection steps of the scale equation).</summary>
    public int Iterations { get; }
    /// <summary>|α′ − α|/|α′| at the end (Gaussian tilt: |1 − 1/s − αᵀKα|).</summary>
    public double Residual { get; }
    /// <summary>
    /// G = σ_a² max_e (α·φ_∞(B e))² over unit directions e of the standardised weights (φ_∞ the asymptotic linear part):
    /// the measure is normalisable iff G &lt; 1. Exact for linear φ (G = αᵀKα = 1 − 1/s*); for ReLU the largest value
    /// found by a search (a lower bound); null for bounded φ (always normalisable) and for superlinear φ (never).
    /// </summary>
    public double? TiltStrength { get; }
    /// <summary>
    /// For superlinear φ (metastable saddle): the lowest barrier ΔU of one unit's potential
    /// U(w) = |w|²/2σ_w² − (σ_a²/2)(α·φ(Xw/√d))² between the prior's mode and the region where the tilt beats the prior
    /// (found by a search from several starts: an upper bound on the lowest pass); null for other φ.
    /// </summary>
    public double? BarrierHeight { get; internal init; }
    /// <summary>
    /// An upper bound on the tilt strength G (equal to <see cref="TiltStrength"/> where that is exact; for ReLU a bound by
    /// enumerating the sets of active units, so G ∈ [TiltStrength, TiltStrengthUpperBound]); null where G is.
    /// </summary>
    public double? TiltStrengthUpperBound { get; internal init; }
    /// <summary>The importance sampler's effective sample size over its sample count (1 for the Gaussian tilt).</summary>
    public double EffectiveSampleFraction { get; }
    /// <summary>tr K_ad / tr K₀: the kernel's overall renormalisation (for linear φ the mean predictor is exactly the GP's at s*K₀ with s* = 1/(1 − G), Rubin et al. 2025; K_ad itself is K₀ plus a rank-one term).</summary>
    public double Scale { get; }
    /// <summary>|K_ad − Scale·K₀|_F / |K_ad|_F: the directional part of the adaptation, the change of the kernel's shape, the learned feature (for linear φ a rank-one term along K₀α, invisible to the mean predictor).</summary>
    public double DirectionalChange { get; }
    /// <summary>For a <see cref="AdaptiveKernelPhase.FeatureLearningTransition"/>: where and why the saddle lost normalisability.</summary>
    public string? Transition { get; }
    /// <summary>Reasons not to trust this solution (too few effective samples, a metastable saddle); empty when none.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// The check of the importance draws against Langevin chains on the unit's tilted measure at the saddle's α (bounded
    /// or linearly growing φ; null for a superlinear φ or at a transition): when <see cref="TiltMassCheck.Missed"/>, the chains reach mass the draws do not
    /// hold, and the saddle is that of the measure near the prior's mode, not the N → ∞ saddle (a warning says so).
    /// </summary>
    public TiltMassCheck? MassCheck { get; internal init; }

    /// <summary>
    /// The particle population run where the Langevin check found mass the importance draws miss (bounded φ; null
    /// elsewhere). When it settled (<see cref="TiltPopulation.Settled"/>) this solution is its saddle
    /// (<see cref="AdaptiveKernelMethod.ParticlePopulation"/>) and <see cref="TiltPopulation.ImportanceAlpha"/> keeps the draws' α.
    /// </summary>
    public TiltPopulation? Population { get; internal init; }

    /// <summary>The settled population's last particles in the sampler's reduced coordinates (M×r; w/σ_w itself when d ≤ P).</summary>
    internal Matrix<double>? PopulationParticles { get; init; }

    /// <summary>The check not made because <see cref="AdaptiveKernelOptions.DeferMassCheck"/> asked the caller to make it (null otherwise).</summary>
    internal Func<TiltMassCheck?>? DeferredMassCheck { get; init; }

    /// <summary>
    /// Per hidden layer, tr of its adapted kernel over tr of its prior kernel (one hidden layer: <see cref="Scale"/>
    /// alone; two: the first layer's feature kernel, then the last's).
    /// </summary>
    public IReadOnlyList<double> LayerScales { get => _layerScales ?? [Scale]; internal init => _layerScales = value; }
    private readonly IReadOnlyList<double>? _layerScales;

    /// <summary>
    /// Γ = ∂Λ/∂C at the saddle (P×P; null for a φ with a kink, such as ReLU): how the log-weight of this layer's units
    /// changes with the covariance C of their pre-activations on the training inputs — what the layer below sees of this
    /// layer's adaptation (<see cref="AdaptiveKernel.TrySolveTwoLayers"/>).
    /// </summary>
    internal Matrix<double>? CovarianceResponse { get; init; }

    /// <summary>The mean predictor K_ad(x*, X)α at new inputs (test entries of K_ad from the same tilted measure).</summary>
    public double[] Predict(double[][] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return _predict(inputs);
    }
}

/// <summary>
/// The mean tilt exponent T of the unit's tilted measure ((σ_a²/2)(α·φ)² for one layer) under Langevin chains run on
/// the measure itself and under the importance draws' weights (see <see cref="AdaptiveKernelSolution.MassCheck"/>).
/// </summary>
/// <param name="ChainTilt">The mean of T over <see cref="Chains"/> chains (half started from the prior, half from the draws' heaviest samples).</param>
/// <param name="ChainError">Its standard error from the spread of the chains' means.</param>
/// <param name="SampledTilt">The draws' weighted mean of T.</param>
public sealed record TiltMassCheck(double ChainTilt, double ChainError, double SampledTilt)
{
    /// <summary>
    /// Whether the chains reach mass the draws miss: a chain escaped or found a direction where the measure is not
    /// normalisable, or their mean tilt exceeds the draws' by more than four standard errors plus
    /// <see cref="MissedFraction"/> of the draws' mean plus one (a unit of the exponent).
    /// </summary>
    public bool Missed => NotNormalisable || ChainTilt - SampledTilt > 4 * ChainError + MissedFraction * Math.Abs(SampledTilt) + 1;

    /// <summary>
    /// The chains show the measure is not normalisable: one escaped, or an ascent of the tilt strength
    /// G = σ_a² max_e (α·φ_∞(Be))² from their last states reached G ≥ 1 (<see cref="ChainTiltStrength"/>).
    /// </summary>
    public bool NotNormalisable => EscapedChains > 0 || ChainTiltStrength >= 1;

    /// <summary>Langevin chains run (16 up to rank 128, 8 above).</summary>
    public int Chains { get; init; }

    /// <summary>
    /// For φ growing linearly with one hidden layer: the largest tilt strength an ascent reached from the chains' last
    /// states (a lower bound on G, like <see cref="AdaptiveKernelSolution.TiltStrength"/>, which includes it); null elsewhere.
    /// </summary>
    public double? ChainTiltStrength { get; init; }

    /// <summary>The unit direction e (reduced coordinates u) where <see cref="ChainTiltStrength"/> was met.</summary>
    internal double[]? ChainTiltDirection { get; init; }

    /// <summary>The chains' last states in the reduced coordinates u (seeds for the tilt strength's search).</summary>
    internal IReadOnlyList<double[]> ChainEnds { get; init; } = [];

    /// <summary>
    /// Chains that left for infinity (φ growing linearly): the measure is not normalisable at this tilt, so the saddle
    /// is past the feature-learning transition whatever the draws showed (their means exclude these chains).
    /// </summary>
    public int EscapedChains { get; init; }

    /// <summary>The relative excess of the chains' mean tilt over the draws' allowed besides the noise (see <see cref="Missed"/>).</summary>
    public const double MissedFraction = 0.25;
}

/// <summary>
/// The saddle of a population of M Langevin particles on one unit's tilted measure with α = (K̂ + κI)⁻¹y following the
/// particles' own kernel K̂ (relaxed a fifth of the way every 5 sweeps), K̂ averaged after the burn-in: the self-consistent
/// saddle of the whole measure, wherever its mass lies, as far as the particles mix in the sweeps run. Run where the
/// Langevin check finds mass the importance draws miss (bounded φ).
/// </summary>
/// <param name="Particles">M (the importance samples' count).</param>
/// <param name="BurnIn">Sweeps before the kernel is averaged.</param>
/// <param name="Sweeps">Sweeps over which it is averaged.</param>
/// <param name="Residual">|α − ᾱ|/|α|: α from the averaged kernel against the running α's mean.</param>
/// <param name="Acceptance">The Langevin steps' acceptance after the burn-in.</param>
/// <param name="ImportanceAlpha">The importance draws' α (the saddle near the prior's mode).</param>
public sealed record TiltPopulation(int Particles, int BurnIn, int Sweeps, double Residual, double Acceptance, IReadOnlyList<double> ImportanceAlpha)
{
    /// <summary>Whether the population settled (<see cref="Residual"/> ≤ <see cref="Tolerance"/>): then it is the solution.</summary>
    public bool Settled => Residual <= Tolerance;

    /// <summary>
    /// The residual below which a population counts as settled. Settled populations measured: 3e-4 to 9e-4 (tanh,
    /// d = 8 and 16, P = 16–64, κ = 0.05, 4,096 particles); one started from a badly fitted draw (d = 16, P = 64): 0.34–0.84.
    /// </summary>
    public const double Tolerance = 0.02;
}
