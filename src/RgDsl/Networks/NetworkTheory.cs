using System.Globalization;
using RgDsl.Data;
using RgDsl.Networks.Data;
using RgDsl.Networks.Theory;
using RgDsl.Spectra;

namespace RgDsl.Networks;

/// <summary>Options of the finite-width theory.</summary>
/// <param name="PoolSize">Inputs drawn from the data distribution as the measure on which the kernel is decomposed (not used for a linear network on Gaussian data with a linear teacher, whose spectrum is exact).</param>
/// <param name="PoolSeed">Seed of the pool.</param>
/// <param name="PowerLawTail">Continue the measured spectrum beyond the pool by its fitted power law (when both fitted exponents are positive).</param>
/// <param name="ShapeNeurons">Random units drawn to estimate the fourth cumulant of one unit's features in the kernel's eigenbasis (the derived perturbations and their scaling).</param>
/// <param name="ShapeModes">The number of leading modes in which those derived perturbations are kept.</param>
/// <param name="ShapeSeed">Seed of the random units and training sets of the shape correction.</param>
/// <param name="ShapeDatasets">Training sets over which the first-order shape correction is averaged.</param>
/// <param name="ShapeUnits">Random units per training set that estimate the unit's fourth cumulant in the shape correction.</param>
/// <param name="ShapeTestPoints">Test points per training set in the shape correction.</param>
/// <param name="FirstOrderLimit">|δ| of a first-order correction above which the result is flagged as outside first order.</param>
/// <param name="LevelCheckMaxSize">P up to which Predict checks the deterministic level against GP regression averaged over training sets (<see cref="FiniteSizeLevelCheck"/>; 0 turns it off).</param>
/// <param name="LevelCheckDatasets">Training sets of that check.</param>
/// <param name="LevelCheckTestPoints">Test points per training set of that check (its cost is LevelCheckDatasets·(P + this)² kernel entries: with a numerical kernel such as tanh at P = 23, 200 test points took 26 s and 50 take about a tenth of it; the average over training sets, not the test points, sets its error).</param>
/// <param name="RenormalisationLimit">P/N above which the layer renormalisation of ReLU networks is flagged: checked against sampled networks at P/N = 0.5 and 4, and failing at P/N = 16 (N = 16, P = 256, d = 16: −0.44 ± 0.04 measured against +0.42; the narrow network learns features there).</param>
/// <param name="ProportionalLimit">P/N above which the proportional treatment replaces first order (<see cref="NetworkTreatment"/>): sampled networks agree with first order at P ≤ N/4 (ReLU N = 512, P = 128; erf N = 256, P = 64) and not at P = N/2 (ReLU N = 256: 0.021 ± 0.008 against 0.064).</param>
/// <param name="AdaptiveDatasets">Mean-field (one hidden layer, or two with a smooth φ): training sets over which the adaptive-kernel saddle is averaged.</param>
/// <param name="AdaptiveTestPoints">Test points per training set of the adaptive-kernel saddle.</param>
/// <param name="AdaptiveUnits">Importance samples of one unit in the adaptive-kernel saddle (non-linear φ).</param>
/// <param name="AdaptiveSeed">Seed of the training sets (set i: seed + 7919 i, as <see cref="NetworkExperiments"/>) and of the units.</param>
/// <param name="ShapeLowerDraws">Depth ≥ 2: lower networks (of width <see cref="LowerLayerShape.ReferenceWidth"/>) drawn per training set for the kernel's O(1/N) mean shift (<see cref="LowerLayerShape"/>; the lower layers' shape fluctuations take ShapeUnits random units per layer). The mean shift's part was about 1% of the fluctuations' for erf and tanh and 6% for ReLU at L = 3 (d = 16, P = N/4), below their Monte-Carlo error, so a few draws serve.</param>
/// <param name="ShapeLowerLayers">Depth ≥ 2: add the lower layers' first-order shape fluctuations (true), leave them out (false), or decide by activation (null: erf, tanh and declared φ yes, ReLU no — <see cref="LowerLayerShape.AppliesTo"/> says why).</param>
/// <param name="AdaptiveWorkBudget">Operations the adaptive-kernel saddle may take (estimated before it starts: training sets × about 30 draws × Units·P·(P + min(P, d)); two hidden layers: training sets × about 35 layer iterations × 30 draws × Units·2P²; and the Langevin checks); past it Predict gives the scale mixture with a warning. What is left goes to the particle populations a bounded φ may need (AdaptiveKernelOptions.PopulationWorkBudget, shared over the sets). The default, 3e11, is a minute or two on 2 cores.</param>
public sealed record NetworkTheoryOptions(int PoolSize = 1200, int PoolSeed = 20_251_129, bool PowerLawTail = true,
    int ShapeNeurons = 20_000, int ShapeModes = 300, int ShapeSeed = 4_242, double FirstOrderLimit = 0.1,
    int ShapeDatasets = 8, int ShapeUnits = 8_000, int ShapeTestPoints = 400, double ProportionalLimit = 0.25,
    int LevelCheckMaxSize = 64, int LevelCheckDatasets = 128, int LevelCheckTestPoints = 50, double RenormalisationLimit = 4,
    int AdaptiveDatasets = 6, int AdaptiveTestPoints = 400, int AdaptiveUnits = 4096, int AdaptiveSeed = 1, double AdaptiveWorkBudget = 3e11,
    int ShapeLowerDraws = 16, bool? ShapeLowerLayers = null)
{
    public static NetworkTheoryOptions Default { get; } = new();

    /// <summary>
    /// The longest first-order shape correction accepted: one whose a-priori estimate (operation counts at 10⁹ a second
    /// per core) exceeds it is refused before it starts, with the largest P that fits. Two hours by default.
    /// </summary>
    public TimeSpan TimeBudget { get; init; } = NetworkExperimentOptions.DefaultTimeBudget;
}

/// <summary>
/// The theory of a finite-width network (THEORY §6): the NNGP kernel's spectrum on the data, the overall kernel scale
/// integrated exactly (a one-dimensional mixture of GPs), and the remaining shape fluctuations of the last hidden
/// layer at first order. The width-independent parts (spectrum, cumulants) are computed once and shared by
/// <see cref="WithWidth"/>.
/// </summary>
public sealed class NetworkTheory
{
    // The width-independent parts (the spectrum measured on a pool, cumulants) are built on first use, so that a bad
    // argument to Predict or Sample is refused at once instead of after the seconds the spectrum takes.
    private readonly Lazy<SharedParts> _lazyShared;
    private readonly Lazy<KernelScalePrior> _scalePrior;
    private SharedParts Shared => _lazyShared.Value;

    /// <exception cref="ArgumentException">Bad ridge or options, or data whose dimension differs from the network's input.</exception>
    public NetworkTheory(NetworkArchitecture architecture, NetworkData data, double ridge, NetworkTheoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        Validation.NetworkArguments.Ridge(ridge);
        if (data.Dimension != architecture.InputDimension)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the data have d = {data.Dimension} inputs; the network expects {architecture.InputDimension}."), nameof(data));
        options ??= NetworkTheoryOptions.Default;
        Validation.NetworkArguments.CheckTheoryOptions(options, architecture, data);
        Architecture = architecture;
        Data = data;
        Options = options;
        Kernel = new NngpKernel(architecture);
        _lazyShared = new Lazy<SharedParts>(() => new SharedParts(architecture, data, options, Kernel));
        Ridge = ridge;
        _scalePrior = new Lazy<KernelScalePrior>(() => KernelScalePrior.ForNetwork(architecture, Shared.LayerExponents));
    }

    private NetworkTheory(NetworkTheory other, NetworkArchitecture architecture)
    {
        Architecture = architecture; _lazyShared = other._lazyShared; Ridge = other.Ridge;
        Data = other.Data; Options = other.Options; Kernel = other.Kernel;
        _scalePrior = new Lazy<KernelScalePrior>(() => KernelScalePrior.ForNetwork(architecture, Shared.LayerExponents));
    }

    public NetworkArchitecture Architecture { get; }
    public NetworkData Data { get; }
    public NetworkTheoryOptions Options { get; }
    /// <summary>κ: the likelihood variance (standard scaling; mean-field divides it by N).</summary>
    public double Ridge { get; }
    /// <summary>The prior of the overall kernel scale s.</summary>
    public KernelScalePrior ScalePrior => _scalePrior.Value;
    /// <summary>The NNGP kernel.</summary>
    public NngpKernel Kernel { get; }
    /// <summary>The kernel's spectrum with the target's powers on the data measure.</summary>
    public ISpectrum Spectrum => Shared.Spectrum;
    /// <summary>How the spectrum was obtained.</summary>
    public string SpectrumSource => Shared.SpectrumSource;
    /// <summary>The fourth cumulant of one last-layer unit's features in the leading modes (null for linear networks, whose units are Gaussian); estimated on first use.</summary>
    public ShapeCumulants? ShapeCumulants => Shared.Cumulants;
    /// <summary>The infinite-width limit: the GP with the NNGP kernel (the same mean predictor for both scalings).</summary>
    public GaussianModel GaussianProcess => Shared.GaussianProcess(Ridge);

    /// <summary>The same theory at another width (the spectrum and cumulants are shared, not recomputed).</summary>
    public NetworkTheory WithWidth(int width) => new(this, Architecture with { Width = width > 0 ? width : throw new ArgumentOutOfRangeException(nameof(width), width, "the width N must be at least 1.") });

    /// <summary>
    /// Every part of the prediction at dataset size P. The treatment of the finite width is chosen by regime and named
    /// in <see cref="NetworkPrediction.Treatment"/>: linear networks the exact scale mixture; P ≤ <see cref="NetworkTheoryOptions.ProportionalLimit"/>·N
    /// the scale mixture plus every layer's first-order shape term; beyond it one renormalised scale per layer
    /// (<see cref="LayerRenormalisation"/>) with the scale integrated around it, plus the first-order shape term only for
    /// erf and tanh (flagged there).
    /// </summary>
    /// <exception cref="ArgumentException">P not positive and finite, beyond the data, or a shape correction whose memory estimate exceeds what the process may use (checked first).</exception>
    public NetworkPrediction Predict(double datasetSize)
    {
        Validation.NetworkArguments.CheckPredict(this, datasetSize);
        if (datasetSize > Data.Capacity)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, string.Create(CultureInfo.InvariantCulture, $"P = {datasetSize:G6} exceeds the {Data.Capacity} points of {Data.Description}."));
        var noise = Data.LabelNoise;
        var beta = Architecture.LikelihoodScale;
        var modes = Shared.Modes(Ridge / datasetSize);
        var gp = GaussianProcess.Predict(datasetSize, Approximation.Gaussian);
        var proportional = Architecture.Activation != Activation.Linear && datasetSize > Options.ProportionalLimit * Architecture.Width;
        // The layer scales: where the proportional treatment uses them, and for homogeneous activations (linear, ReLU:
        // cheap, their kernel map is a product) as the saddle point; erf/tanh below N/4 keep the scale mixture's saddle
        // (their map runs the NNGP recursion over a pool at every bisection step: seconds for a deep tanh network).
        string? layerProblem = null;
        var layers = (proportional || Shared.LayerMap.IsHomogeneous) && LayerRenormalisation.TrySolve(Shared.LayerMap, Architecture.Width,
            u => ScaleMixture.LogEvidence(modes, u, datasetSize, Ridge, noise, beta), out var solvedLayers, out layerProblem) ? solvedLayers : null;
        // In the proportional regime the scale's prior is linearised around the renormalised layer scales, not around 1
        // (the same for linear and ReLU networks, whose exponents are 1 everywhere).
        var prior = layers is not null && proportional && !Shared.LayerMap.IsHomogeneous && Architecture.Depth > 1
            ? KernelScalePrior.ForNetwork(Architecture, layers.Exponents.Take(Architecture.Depth - 1).ToArray())
            : ScalePrior;
        var mixture = ScaleMixture.Compute(modes, prior, datasetSize, Ridge, noise, beta);
        // Without the layer scales (their bisection stalled at its round-off floor), the saddle is the scale mixture's own.
        var saddle = layers?.KernelScale ?? ScaleMixture.Saddle(modes, prior, datasetSize, Ridge, noise, beta);
        var atSaddle = new GaussianModel(GaussianProcess.Name, modes.Spectrum, Ridge / saddle + modes.TailTrace, noise + modes.TailPower)
            .Predict(datasetSize, Approximation.Gaussian);
        var mixturePoint = gp with
        {
            TestError = mixture.TestError, TrainError = mixture.TrainError, Bias = mixture.Bias, Variance = mixture.TestError - mixture.Bias,
            OverfittingFactor = mixture.OverfittingFactor, EffectiveRidge = mixture.EffectiveRidge, LearnabilityThreshold = mixture.Threshold,
            Approximation = Approximation.ScaleMixture,
        };
        // The saddle point's numbers are those of the GP at kernel s*K: ridge κ/s* in units of K.
        var saddlePoint = atSaddle with
        {
            EffectiveRidge = atSaddle.EffectiveRidge * saddle,
            TrainError = atSaddle.TrainError,
            Approximation = Approximation.KernelRenormalisation,
        };
        var warnings = new List<string>();
        if (Shared.PoolWarning(datasetSize) is { } poolWarning) warnings.Add(poolWarning);
        if (layerProblem is not null)
            warnings.Add("the layer renormalisation failed (" + layerProblem + "); the saddle point is the scale mixture's and the proportional treatment is not applied");

        // The shape fluctuations at first order, at the posterior mean of the scale (none for linear networks: their
        // units' features are Gaussian, so the scale mixture is the whole prior; none for ReLU in the proportional regime;
        // none for mean-field networks with one hidden layer, or two with a smooth φ, whose kernel adapts at O(1) and is
        // given by the saddle below).
        // A linear network with two hidden layers keeps the exact product-of-Gammas mixture, of which the saddle is the N → ∞ limit.
        var adapts = Architecture.Parameterisation == Parameterisation.MeanField && AdaptiveKernel.Applies(Architecture)
            && !(Architecture.Depth > 1 && Architecture.Activation == Activation.Linear);
        var treatment = adapts ? NetworkTreatment.AdaptiveKernel
            : Architecture.Activation == Activation.Linear ? NetworkTreatment.ExactScaleMixture
            : !proportional || layers is null ? NetworkTreatment.FirstOrderShape
            : Shared.LayerMap.IsHomogeneous && Architecture.Depth == 1 ? NetworkTreatment.LayerRenormalisation
            : NetworkTreatment.LayerRenormalisationWithFirstOrderShape;
        ShapeCorrection? shape = null;
        var point = mixturePoint with { Approximation = treatment == NetworkTreatment.LayerRenormalisation ? Approximation.ScaleMixture : Approximation.FiniteWidth };
        if (treatment is NetworkTreatment.FirstOrderShape or NetworkTreatment.LayerRenormalisationWithFirstOrderShape)
        {
            // The lower layers' scale parts already in the mixture are those of its prior's factors (all but the readout).
            var exponents = prior.Factors.Skip(1).Select(f => f.Exponent).ToArray();
            shape = Shared.Shape(Architecture, Ridge, mixture.Posterior.Mean, checked((int)Math.Round(datasetSize))).At(Architecture.Width, exponents);
            var delta = shape.RelativeCorrection;
            point = point with
            {
                TestError = mixture.TestError * (1 + delta), TrainError = mixture.TrainError * (1 + delta), Bias = mixture.Bias * (1 + delta),
                Variance = mixture.TestError * (1 + delta) - mixture.Bias * (1 + delta), NonGaussianCorrection = delta,
            };
        }
        warnings.AddRange(TreatmentWarnings(treatment, datasetSize, shape));
        var (truncated, linearScale, truncatedProblem) = TruncatedExpansion(modes, gp, shape, datasetSize);
        // Mean-field, one hidden layer or two: the kernel adapts at O(1) (THEORY §6.5); the adapted-kernel saddle is the prediction.
        AdaptiveKernelPrediction? adaptive = null;
        LearningCurvePoint? adaptivePoint = null;
        if (adapts)
        {
            // The saddle does not depend on N, so every width shares it; the warning past the measured P/N is the width's
            // own, and a superlinear φ's barrier warning compares with ln N, so such a network keeps its saddle per width.
            var width = Architecture.Function.Growth == Functions.ActivationGrowth.Superlinear ? Architecture.Width : 0;
            var (solved, solvedPoint, added) = Shared.Adaptive.GetOrAdd((datasetSize, Ridge, width), _ =>
            {
                var list = new List<string>();
                var (a, ap) = AdaptiveKernelTheory.Predict(Architecture, Data, Ridge, datasetSize, Options, gp, list);
                return (a, ap, list);
            });
            (adaptive, adaptivePoint) = (solved, solvedPoint);
            warnings.AddRange(added);
            if (adaptivePoint is not null && AdaptiveKernelTheory.RangeWarning(Architecture, datasetSize) is { } range) warnings.Add(range);
            if (adaptivePoint is not null) point = adaptivePoint;
        }
        return new NetworkPrediction(datasetSize, Architecture, point, gp, mixturePoint, saddlePoint, saddle, mixture.Posterior,
            mixture.MeanLearnability, mixture.PosteriorVariance, warnings)
        {
            Shape = shape, TruncatedExpansion = truncated, LinearScaleCorrection = linearScale, TruncatedExpansionProblem = truncatedProblem,
            Treatment = treatment, Layers = layers, Level = LevelCheck(datasetSize, gp.TestError),
            AdaptiveKernel = adaptive, AdaptiveKernelPoint = adaptivePoint,
        };
    }

    /// <summary>
    /// The width from which every layer's first-order shape term is trusted for erf and tanh at depth ≥ 2: measured at
    /// P = N/4 against 48 sampled training sets, it agrees at N = 128 (L = 2, 3) and over-predicts at N = 64.
    /// </summary>
    internal const int LowerLayerWidth = 128;

    /// <summary>The finite-size check of the level, where it is cheap and needed (P ≤ <see cref="NetworkTheoryOptions.LevelCheckMaxSize"/>); else null.</summary>
    private FiniteSizeLevel? LevelCheck(double datasetSize, double deterministicError)
    {
        var p = (int)Math.Round(datasetSize);
        var testPoints = (int)Math.Min(Options.LevelCheckTestPoints, Data.Capacity - (long)p);
        if (Options.LevelCheckDatasets < 2 || p > Options.LevelCheckMaxSize || p != datasetSize || testPoints < 10) return null;
        // The check depends on the kernel, the data, κ and P only: every width shares it.
        return Shared.Levels.GetOrAdd((p, Ridge), _ =>
            FiniteSizeLevelCheck.Run(Kernel, Data, Ridge, p, deterministicError, Options.LevelCheckDatasets, testPoints, Options.ShapeSeed + 31));
    }

    /// <summary>Why the chosen treatment may not be trusted here, with the thresholds and where they were measured.</summary>
    private List<string> TreatmentWarnings(NetworkTreatment treatment, double datasetSize, ShapeCorrection? shape)
    {
        var warnings = new List<string>();
        var ratio = datasetSize / Architecture.Width;
        if (shape is not null && Math.Abs(shape.RelativeCorrection) > Options.FirstOrderLimit)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"the first-order shape correction δ = {shape.RelativeCorrection:0.###} exceeds {Options.FirstOrderLimit:0.###} in size: outside the range of first order"));
        if (treatment == NetworkTreatment.LayerRenormalisationWithFirstOrderShape && Architecture.Depth == 1)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"P/N = {ratio:0.##} > {Options.ProportionalLimit:0.##} with {Architecture.Activation} units: the layer renormalisation leaves their shape fluctuations out and the first-order shape term kept on top over-predicts the shift there (sampled erf networks, d = 16, κ = 0.05: N = 128, P = 64: −0.051 ± 0.008 against −0.088, of which −0.008 from the scale; N = 32, P = 64: −0.19 ± 0.01 against −0.32, −0.02 from the scale; N = 64, P = 64: −0.10 ± 0.02 against −0.18, −0.014 from the scale; tanh N = P = 64: −0.11 ± 0.02 against −0.18, −0.04 from the scale — the shape part measured is 0.50–0.55 of first order in all four)"));
        if (treatment == NetworkTreatment.LayerRenormalisationWithFirstOrderShape && Architecture.Depth > 1)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"P/N = {ratio:0.##} > {Options.ProportionalLimit:0.##} at depth {Architecture.Depth}: the layer renormalisation with the first-order shape terms on top (every layer's for erf and tanh, the last layer's for ReLU) over-predicts the shift there (sampled, d = 16, κ = 0.05, N = P = 64, L = 2, 6 training sets: erf −0.133 ± 0.014 against −0.194, −0.067 with the last layer's term alone; ReLU −0.41 ± 0.03 against −0.46, −0.28 from the scales alone)"));
        if (treatment is NetworkTreatment.LayerRenormalisation or NetworkTreatment.LayerRenormalisationWithFirstOrderShape && ratio > Options.RenormalisationLimit)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"P/N = {ratio:0.##} > {Options.RenormalisationLimit:0.##}: beyond the range where the layer renormalisation was checked against sampled networks; at P/N = 16 (ReLU N = 16, P = 256, d = 16) the network beats its GP by 44% (shift −0.44 ± 0.04) where the renormalisation predicts +0.42 and first order +1.46 — a narrow network learns features there"));
        if (Architecture.Parameterisation == Parameterisation.MeanField && !AdaptiveKernel.Applies(Architecture) && Architecture.Activation != Activation.Linear)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"mean-field scaling at depth {Architecture.Depth} with {Architecture.Function.Name}: the hidden units move by O(1) and the kernel-adaptation saddle is implemented for one hidden layer, and for two with a φ that has a continuous derivative and grows at most linearly; the first-order shape term is O(1) here and cannot be trusted"));
        if (Architecture.Depth > 1 && shape?.LowerLayers is not null && Architecture.Width < LowerLayerWidth)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"depth {Architecture.Depth} at N = {Architecture.Width} < {LowerLayerWidth}: every layer's shape fluctuations enter at first order (the lower layers' part δ = {shape.LowerLayers:0.###} ± {shape.LowerLayersError:0.###}); at N = 64, P = 16 (d = 16, κ = 0.05, 48 sampled training sets) they over-predict the shift by 0.01–0.03 (erf L = 3: −0.078 against −0.052 ± 0.007, tanh L = 3: −0.131 against −0.096 ± 0.008), where at N = 128, P = 32 erf and tanh at L = 2 and 3 agree"));
        if (Architecture.Depth > 2 && shape is not null && shape.LowerLayers is null)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Architecture.Function.Name} units at depth {Architecture.Depth}: the lower layers' shape fluctuations are left out (only the last layer's enter at first order); for ReLU, added at first order they over-predict the shift (d = 16, κ = 0.05, P = N/4, 48 sampled training sets: L = 3, N = 128: −0.376 ± 0.012 sampled, −0.386 without them, −0.518 with them) — an exact treatment of a ReLU layer's norm fluctuations is not implemented"));
        return warnings;
    }

    /// <summary>
    /// The truncated 1/N expansion (THEORY §6.3): the scale mixture linearised in 1/N (its slope from a very wide
    /// network), plus the shape correction; valid only while both terms are small.
    /// </summary>
    private (LearningCurvePoint Point, double LinearScale, string? Problem) TruncatedExpansion(ModeTable modes, LearningCurvePoint gp, ShapeCorrection? shape, double datasetSize)
    {
        const double Wide = 100_000;
        var wide = ScaleMixture.Compute(modes, KernelScalePrior.ForNetwork(Architecture with { Width = (int)Wide }, Shared.LayerExponents), datasetSize, Ridge, Data.LabelNoise, Architecture.LikelihoodScale);
        var linearScale = NetworkPrediction.Relative(wide.TestError, gp.TestError) * Wide / Architecture.Width;
        var shapeDelta = shape?.RelativeCorrection ?? 0;
        var truncated = gp with
        {
            TestError = gp.TestError * (1 + linearScale) * (1 + shapeDelta),
            Bias = gp.Bias * (1 + linearScale) * (1 + shapeDelta),
            Variance = (gp.TestError - gp.Bias) * (1 + linearScale) * (1 + shapeDelta),
            TrainError = gp.TrainError * (1 + linearScale) * (1 + shapeDelta),
            NonGaussianCorrection = (1 + linearScale) * (1 + shapeDelta) - 1,
            Approximation = Approximation.FirstOrder,
        };
        string? problem = Math.Abs(linearScale) > Options.FirstOrderLimit || Math.Abs(shapeDelta) > Options.FirstOrderLimit
            ? string.Create(CultureInfo.InvariantCulture,
                $"the truncated 1/N expansion is outside its range: its kernel-scale term is {linearScale:0.###} and its shape term {shapeDelta:0.###} (both must be small; the quartic −v/(N λ_k λ_q) needs N much larger than the number of modes the data resolve)")
            : null;
        return (truncated, linearScale, problem);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Architecture}; κ = {Ridge:G4}; {Data.Description}; spectrum: {SpectrumSource}");

    /// <summary>What does not depend on the width or the ridge: kernel, spectrum, cumulants.</summary>
    private sealed class SharedParts
    {
        private readonly object _lock = new();
        private ModeTable? _modes;
        private double _modesCut = double.PositiveInfinity;

        public SharedParts(NetworkArchitecture architecture, NetworkData data, NetworkTheoryOptions options, NngpKernel kernel)
        {
            Data = data; Options = options;
            Kernel = kernel;
            (Spectrum, SpectrumSource, PoolSize, var pool, var empirical) = BuildSpectrum(architecture, data, options, Kernel);
            if (architecture.Activation != Activation.Linear)
            {
                // A non-linear network's spectrum is always measured on a pool; its cumulants come from the same pool.
                _cumulants = new Lazy<ShapeCumulants>(() => ShapeCumulants.Estimate(Kernel, pool!, empirical!, options.ShapeModes, options.ShapeNeurons, options.ShapeSeed));
            }
            LayerExponents = architecture.Depth == 1 || (architecture.Function.BuiltIn is { } builtIn && Activations.IsPositivelyHomogeneous(builtIn))
                ? null
                : LayerScaleExponents(architecture, data, options);
            LayerMap = new LayerKernelMap(architecture, architecture.Function.BuiltIn is { } homogeneous && Activations.IsPositivelyHomogeneous(homogeneous)
                ? []
                : data.Pool(Math.Min(options.PoolSize, 200), options.PoolSeed).Inputs.Select(x => RgDsl.Data.LinearKernel.Dot(x, x) / architecture.InputDimension).ToArray());
        }

        public NetworkData Data { get; }
        public NetworkTheoryOptions Options { get; }
        public NngpKernel Kernel { get; }
        public ISpectrum Spectrum { get; }
        public string SpectrumSource { get; }
        /// <summary>The pool size, or null when the spectrum is exact.</summary>
        public int? PoolSize { get; }
        public IReadOnlyList<double>? LayerExponents { get; }
        /// <summary>How the output kernel's scale depends on the per-layer scales (the width does not enter).</summary>
        public LayerKernelMap LayerMap { get; }

        /// <summary>The unit's fourth cumulant in the leading modes (null for linear networks, whose units are Gaussian).</summary>
        public ShapeCumulants? Cumulants => _cumulants?.Value;
        private readonly Lazy<ShapeCumulants>? _cumulants;

        public GaussianModel GaussianProcess(double ridge) => new("NNGP limit", Spectrum, ridge, Data.LabelNoise);

        /// <summary>The modes as arrays, materialised far enough for an effective ridge per sample down to <paramref name="ridgePerSample"/>/100.</summary>
        public ModeTable Modes(double ridgePerSample)
        {
            lock (_lock)
            {
                var cut = ridgePerSample / 100;
                if (_modes is null || cut < _modesCut)
                {
                    _modes = ModeTable.From(Spectrum, cut);
                    _modesCut = cut;
                }
                return _modes;
            }
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<(int P, double Beta, double Ridge, long Scale), ShapeEstimate> _shapes = new();

        /// <summary>
        /// The adaptive-kernel saddle per (P, κ) with the warnings it added: the saddle and its learning-curve point do not
        /// depend on the width, so every width of a mean-field network shares them (Width is 0 there; a superlinear φ, whose
        /// barrier warning compares with ln N, keys by its width).
        /// </summary>
        public System.Collections.Concurrent.ConcurrentDictionary<(double P, double Ridge, int Width),
            (AdaptiveKernelPrediction? Prediction, LearningCurvePoint? Point, List<string> Warnings)> Adaptive { get; } = new();

        /// <summary>The finite-size checks of the level, per (P, κ).</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<(int P, double Ridge), FiniteSizeLevel> Levels { get; } = new();

        /// <summary>
        /// The shape correction is linear in c = 3/(N+2) (last layer) and 1/N (lower layers) once the prior scale s/β and
        /// the noise κ/β are fixed, so one estimate (per P, β, κ and ln s to within 5%) serves every width: its
        /// per-training-set pieces are kept and <see cref="ShapeEstimate.At"/> makes the correction at a width.
        /// </summary>
        public ShapeEstimate Shape(NetworkArchitecture architecture, double ridge, double scale, int datasetSize)
        {
            var key = (datasetSize, architecture.LikelihoodScale, ridge, (long)Math.Round(Math.Log(scale) / ShapeScaleResolution));
            return _shapes.GetOrAdd(key, k =>
            {
                var quantised = Math.Exp(k.Scale * ShapeScaleResolution);
                return ShapeFirstOrder.Estimate(architecture, Kernel, Data, ridge, quantised, datasetSize,
                    Options.ShapeDatasets, Options.ShapeUnits, Options.ShapeTestPoints, Options.ShapeSeed, Options.ShapeLowerDraws,
                    LowerLayerShape.IsAdded(architecture, Options));
            });
        }

        /// <summary>
        /// Kernel scales within this in ln s share a shape estimate: the shape correction changes with s by a few percent
        /// over it, below its Monte-Carlo error.
        /// </summary>
        private const double ShapeScaleResolution = 0.05;

        public string? PoolWarning(double datasetSize) =>
            PoolSize is { } n && datasetSize > n / 4.0
                ? string.Create(CultureInfo.InvariantCulture, $"P = {datasetSize:G4} exceeds a quarter of the {n}-input pool that measures the spectrum: the modes beyond the pool come from the fitted tail")
                : null;

        private static (ISpectrum, string, int?, LabeledSample?, EmpiricalSpectrum?) BuildSpectrum(NetworkArchitecture architecture, NetworkData data, NetworkTheoryOptions options, NngpKernel kernel)
        {
            // A linear network on Gaussian inputs with a linear teacher: λ_j = σ_a² σ_w^(2L) Σ_jj/d and y_j² = c_j², exactly.
            if (architecture.Activation == Activation.Linear && data is PowerLawGaussianData { Teacher: LinearTeacher teacher } gaussian)
            {
                var scale = architecture.ReadoutVariance * Math.Pow(architecture.WeightVariance, architecture.Depth) / architecture.InputDimension;
                var lambda = gaussian.Variances.Select(v => scale * v).ToArray();
                return (new TableSpectrum(lambda, teacher.DirectionPowers.ToArray(), null, "exact linear-network spectrum"), "exact (linear network, Gaussian inputs, linear teacher)", null, null, null);
            }
            var pool = data.Pool(options.PoolSize, options.PoolSeed);
            var matrix = kernel.Matrix(pool.Inputs);
            // Variances near the ends of double precision overflow the kernel (σ_a² = 1e300, say): refuse, never an eigensolver crash.
            foreach (var entry in matrix)
                if (!double.IsFinite(entry))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"the NNGP kernel of {architecture} on {data.Description} is {entry:R} in double precision: scale σ_w², σ_a² and the inputs to moderate values."), nameof(architecture));
            var empirical = EmpiricalSpectrum.Compute(matrix, pool.Targets, kernel.Description + " on " + data.Description);
            var source = string.Create(CultureInfo.InvariantCulture, $"measured on a pool of {pool.Count} inputs ({empirical.Eigenvalues.Count} modes)");
            // The tail continues the fitted power laws (the project's one fit rule and range, SpectrumFit).
            if (options.PowerLawTail && empirical.DefaultFitRange is var (from, to))
            {
                var alpha = SpectrumFit.DecayExponent(empirical.FitSpectrum(from, to).Exponent);
                var beta = SpectrumFit.DecayExponent(empirical.FitTarget(from, to).Exponent);
                if (alpha > 0 && beta > 0)
                    return (empirical.ToSpectrum(alpha, beta), source + string.Create(CultureInfo.InvariantCulture, $" + power-law tail (α = {alpha:0.###}, β = {beta:0.###})"), pool.Count, pool, empirical);
                source += string.Create(CultureInfo.InvariantCulture, $"; no tail (fitted α = {alpha:0.###}, β = {beta:0.###} not both positive)");
            }
            return (empirical.ToSpectrum(), source, pool.Count, pool, empirical);
        }

        /// <summary>
        /// η_l for a non-homogeneous activation: how the output kernel's trace on the pool responds to a rescaling of
        /// layer l's preactivation covariance (d ln tr K / d ln σ_w,l², by a symmetric difference).
        /// </summary>
        private static double[] LayerScaleExponents(NetworkArchitecture architecture, NetworkData data, NetworkTheoryOptions options)
        {
            var pool = data.Pool(Math.Min(options.PoolSize, 200), options.PoolSeed);
            var exponents = new double[architecture.Depth - 1];
            for (var l = 2; l <= architecture.Depth; l++)
            {
                double Trace(double factor) => pool.Inputs.Sum(x => ScaledKernel(architecture, x, l, factor));
                const double h = 1e-4;
                exponents[l - 2] = (Math.Log(Trace(1 + h)) - Math.Log(Trace(1 - h))) / (Math.Log(1 + h) - Math.Log(1 - h));
            }
            return exponents;
        }

        /// <summary>K(x, x) with layer <paramref name="layer"/>'s preactivation variance multiplied by <paramref name="factor"/>.</summary>
        private static double ScaledKernel(NetworkArchitecture a, double[] x, int layer, double factor)
        {
            var q = a.WeightVariance * RgDsl.Data.LinearKernel.Dot(x, x) / a.InputDimension;
            for (var l = 2; l <= a.Depth; l++)
                q = a.WeightVariance * Kernels.DualActivation.SecondMoment(a.Function, q) * (l == layer ? factor : 1);
            return a.ReadoutVariance * Kernels.DualActivation.SecondMoment(a.Function, q);
        }
    }
}

/// <summary>The finite-width theory at one dataset size (see <see cref="NetworkTheory.Predict"/>).</summary>
/// <param name="DatasetSize">P.</param>
/// <param name="Architecture">The network (its width N).</param>
/// <param name="Point">The prediction: the kernel scale integrated exactly (and the shape fluctuations at first order where computed).</param>
/// <param name="GaussianProcess">The infinite-width limit.</param>
/// <param name="ScaleMixture">The kernel scale integrated exactly, shape fluctuations left out.</param>
/// <param name="SaddlePoint">The kernel renormalisation: the GP at the posterior saddle s* (Li–Sompolinsky for deep linear networks).</param>
/// <param name="RenormalisedScale">s*.</param>
/// <param name="Scale">The posterior of s.</param>
/// <param name="MeanLearnability">Per mode k: f̄_k / y_k of the posterior-mean predictor.</param>
/// <param name="PosteriorVariance">Per mode k: the posterior variance of f_k.</param>
/// <param name="Warnings">Why parts of this result may not be trusted; empty when none applies.</param>
public sealed record NetworkPrediction(double DatasetSize, NetworkArchitecture Architecture, LearningCurvePoint Point, LearningCurvePoint GaussianProcess,
    LearningCurvePoint ScaleMixture, LearningCurvePoint SaddlePoint, double RenormalisedScale, ScalePosterior Scale,
    IReadOnlyList<double> MeanLearnability, IReadOnlyList<double> PosteriorVariance, IReadOnlyList<string> Warnings)
{
    /// <summary>Point.TestError / GaussianProcess.TestError − 1: the predicted relative finite-width shift (0 when both errors vanish).</summary>
    public double RelativeShift => Relative(Point.TestError, GaussianProcess.TestError);

    /// <summary>
    /// value / reference − 1, and 0 when the two are equal: an error the GP already brings to zero (a teacher its modes
    /// hold, no label noise, a kernel scale that dwarfs the ridge) has nothing to shift, where the quotient is 0/0.
    /// </summary>
    internal static double Relative(double value, double reference) => value == reference ? 0 : value / reference - 1;
    /// <summary>Whether no warning applies.</summary>
    public bool IsReliable => Warnings.Count == 0;
    /// <summary>The first-order shape correction (null for linear networks, whose prior is exactly the scale mixture).</summary>
    public ShapeCorrection? Shape { get; init; }
    /// <summary>
    /// The truncated 1/N expansion: the kernel scale's effect linearised in 1/N (what a quartic −v/(N λ_k λ_q) gives at
    /// first order) times the shape correction. Only valid for N much larger than the number of modes the data resolve;
    /// shown next to the exact treatment to show where it fails.
    /// </summary>
    public LearningCurvePoint? TruncatedExpansion { get; init; }
    /// <summary>The relative change of the test error from the kernel scale at first order in 1/N.</summary>
    public double LinearScaleCorrection { get; init; }
    /// <summary>Why <see cref="TruncatedExpansion"/> cannot be trusted (its terms are not small), or null.</summary>
    public string? TruncatedExpansionProblem { get; init; }
    /// <summary>Which treatment of the finite width <see cref="Point"/> used (chosen by the regime: P/N and the activation).</summary>
    public NetworkTreatment Treatment { get; init; }
    /// <summary>
    /// The renormalised kernel scale of every layer (<see cref="LayerRenormalisation"/>); its <see cref="LayerScales.KernelScale"/>
    /// is <see cref="RenormalisedScale"/>.
    /// </summary>
    public LayerScales? Layers { get; init; }
    /// <summary>
    /// The finite-size check of the level (null where it did not run, P above <see cref="NetworkTheoryOptions.LevelCheckMaxSize"/>):
    /// the GP averaged over drawn training sets against the deterministic equivalent; its <see cref="FiniteSizeLevel.Problem"/>
    /// flags a level off beyond 3 s.e. + 2%, and <see cref="FiniteSizeLevel.Correct"/> moves a predicted error to the average.
    /// It is kept out of <see cref="Warnings"/>: it concerns the comparison with small experiments, not the finite-width theory.
    /// </summary>
    public FiniteSizeLevel? Level { get; init; }
    /// <summary>Mean-field, one hidden layer or two (<see cref="Theory.AdaptiveKernel.Applies"/>): the kernel-adaptation saddle averaged over training sets (null otherwise).</summary>
    public AdaptiveKernelPrediction? AdaptiveKernel { get; init; }
    /// <summary>
    /// The adapted-kernel learning-curve point (<see cref="Approximation.AdaptiveKernel"/>); for the mean-field networks
    /// the saddle applies to it is also <see cref="Point"/>, while <see cref="GaussianProcess"/> (NNGP) and
    /// <see cref="ScaleMixture"/> (the kernel scale alone) stay beside it.
    /// </summary>
    public LearningCurvePoint? AdaptiveKernelPoint { get; init; }
}
