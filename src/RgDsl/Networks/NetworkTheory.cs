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
/// <param name="ProportionalLimit">P/N above which the first-order shape correction is flagged (the proportional regime).</param>
/// <param name="AdaptiveDatasets">Mean-field, one hidden layer: training sets over which the adaptive-kernel saddle is averaged.</param>
/// <param name="AdaptiveTestPoints">Test points per training set of the adaptive-kernel saddle.</param>
/// <param name="AdaptiveUnits">Importance samples of one unit in the adaptive-kernel saddle (non-linear φ).</param>
/// <param name="AdaptiveSeed">Seed of the training sets (set i: seed + 7919 i, as <see cref="NetworkExperiments"/>) and of the units.</param>
public sealed record NetworkTheoryOptions(int PoolSize = 1200, int PoolSeed = 20_251_129, bool PowerLawTail = true,
    int ShapeNeurons = 20_000, int ShapeModes = 300, int ShapeSeed = 4_242, double FirstOrderLimit = 0.1,
    int ShapeDatasets = 8, int ShapeUnits = 8_000, int ShapeTestPoints = 400, double ProportionalLimit = 0.25,
    int AdaptiveDatasets = 6, int AdaptiveTestPoints = 400, int AdaptiveUnits = 4096, int AdaptiveSeed = 1)
{
    public static NetworkTheoryOptions Default { get; } = new();
}

/// <summary>
/// The theory of a finite-width network (THEORY §6): the NNGP kernel's spectrum on the data, the overall kernel scale
/// integrated exactly (a one-dimensional mixture of GPs), and the remaining shape fluctuations of the last hidden
/// layer at first order. The width-independent parts (spectrum, cumulants) are computed once and shared by
/// <see cref="WithWidth"/>.
/// </summary>
public sealed class NetworkTheory
{
    private readonly SharedParts _shared;

    /// <exception cref="ArgumentException">Bad ridge, or data whose dimension differs from the network's input.</exception>
    public NetworkTheory(NetworkArchitecture architecture, NetworkData data, double ridge, NetworkTheoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        if (!double.IsFinite(ridge) || ridge <= 0)
            throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "the ridge κ (the likelihood variance) must be positive and finite.");
        if (data.Dimension != architecture.InputDimension)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the data have d = {data.Dimension} inputs; the network expects {architecture.InputDimension}."), nameof(data));
        Architecture = architecture;
        _shared = new SharedParts(architecture, data, options ?? NetworkTheoryOptions.Default);
        Ridge = ridge;
        ScalePrior = KernelScalePrior.ForNetwork(architecture, _shared.LayerExponents);
    }

    private NetworkTheory(NetworkTheory other, NetworkArchitecture architecture)
    {
        Architecture = architecture; _shared = other._shared; Ridge = other.Ridge;
        ScalePrior = KernelScalePrior.ForNetwork(architecture, _shared.LayerExponents);
    }

    public NetworkArchitecture Architecture { get; }
    public NetworkData Data => _shared.Data;
    public NetworkTheoryOptions Options => _shared.Options;
    /// <summary>κ: the likelihood variance (standard scaling; mean-field divides it by N).</summary>
    public double Ridge { get; }
    /// <summary>The prior of the overall kernel scale s.</summary>
    public KernelScalePrior ScalePrior { get; }
    /// <summary>The NNGP kernel.</summary>
    public NngpKernel Kernel => _shared.Kernel;
    /// <summary>The kernel's spectrum with the target's powers on the data measure.</summary>
    public ISpectrum Spectrum => _shared.Spectrum;
    /// <summary>How the spectrum was obtained.</summary>
    public string SpectrumSource => _shared.SpectrumSource;
    /// <summary>The fourth cumulant of one last-layer unit's features in the leading modes (null for linear networks, whose units are Gaussian); estimated on first use.</summary>
    public ShapeCumulants? ShapeCumulants => _shared.Cumulants;
    /// <summary>The infinite-width limit: the GP with the NNGP kernel (the same mean predictor for both scalings).</summary>
    public GaussianModel GaussianProcess => _shared.GaussianProcess(Ridge);

    /// <summary>The same theory at another width (the spectrum and cumulants are shared, not recomputed).</summary>
    public NetworkTheory WithWidth(int width) => new(this, Architecture with { Width = width > 0 ? width : throw new ArgumentOutOfRangeException(nameof(width), width, "the width N must be at least 1.") });

    /// <summary>Every part of the prediction at dataset size P.</summary>
    public NetworkPrediction Predict(double datasetSize)
    {
        if (!double.IsFinite(datasetSize) || datasetSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, "the dataset size P must be positive and finite.");
        var noise = Data.LabelNoise;
        var beta = Architecture.LikelihoodScale;
        var modes = _shared.Modes(Ridge / datasetSize);
        var gp = GaussianProcess.Predict(datasetSize, Approximation.Gaussian);
        var mixture = ScaleMixture.Compute(modes, ScalePrior, datasetSize, Ridge, noise, beta);
        var saddle = ScaleMixture.Saddle(modes, ScalePrior, datasetSize, Ridge, noise, beta);
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
        if (_shared.PoolWarning(datasetSize) is { } poolWarning) warnings.Add(poolWarning);

        // The shape fluctuations at first order, at the posterior mean of the scale (none for linear networks: their
        // units' features are Gaussian, so the scale mixture is the whole prior; none for mean-field networks with one
        // hidden layer, whose kernel adapts at O(1) and is given by the saddle below instead).
        ShapeCorrection? shape = null;
        var point = mixturePoint with { Approximation = Approximation.FiniteWidth };
        var adapts = Architecture.Parameterisation == Parameterisation.MeanField && Architecture.Depth == 1;
        if (Architecture.Activation != Activation.Linear && !adapts)
        {
            shape = _shared.Shape(Architecture, Ridge, mixture.Posterior.Mean, checked((int)Math.Round(datasetSize)));
            var delta = shape.RelativeCorrection;
            point = point with
            {
                TestError = mixture.TestError * (1 + delta), TrainError = mixture.TrainError * (1 + delta), Bias = mixture.Bias * (1 + delta),
                Variance = mixture.TestError * (1 + delta) - mixture.Bias * (1 + delta), NonGaussianCorrection = delta,
            };
            if (Math.Abs(delta) > Options.FirstOrderLimit)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the first-order shape correction δ = {delta:0.###} exceeds {Options.FirstOrderLimit:0.###} in size: outside the range of first order"));
            if (datasetSize > Options.ProportionalLimit * Architecture.Width)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"P/N = {datasetSize / Architecture.Width:0.##} > {Options.ProportionalLimit:0.##}: towards the proportional regime P ~ N, where the shape fluctuations act beyond first order (sampled networks agree with first order at P ≤ N/4 but at P = N/2 shift less than it predicts, ReLU N = 256: 0.021 ± 0.008 against 0.064, erf N = 128: −0.051 ± 0.008 against −0.088)"));
            if (Architecture.Parameterisation == Parameterisation.MeanField && Architecture.Depth > 1)
                warnings.Add("mean-field scaling with depth > 1: the hidden units move by O(1) and the kernel-adaptation saddle is implemented for one hidden layer only; the first-order shape term is O(1) here and cannot be trusted");
            if (Architecture.Depth > 1)
                warnings.Add("depth > 1 with a non-linear activation: the shape fluctuations of the lower layers are left out" +
                    (_shared.LayerExponents is null ? "" : " and their scale enters through linearised exponents"));
        }
        // The truncated 1/N expansion (THEORY §6.3): the scale mixture linearised in 1/N (its slope from a very wide
        // network), plus the shape correction; valid only while both terms are small.
        const double Wide = 100_000;
        var wide = ScaleMixture.Compute(modes, KernelScalePrior.ForNetwork(Architecture with { Width = (int)Wide }, _shared.LayerExponents), datasetSize, Ridge, noise, beta);
        var linearScale = (wide.TestError - gp.TestError) * Wide / Architecture.Width / gp.TestError;
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
        string? truncatedProblem = Math.Abs(linearScale) > Options.FirstOrderLimit || Math.Abs(shapeDelta) > Options.FirstOrderLimit
            ? string.Create(CultureInfo.InvariantCulture,
                $"the truncated 1/N expansion is outside its range: its kernel-scale term is {linearScale:0.###} and its shape term {shapeDelta:0.###} (both must be small; the quartic −v/(N λ_k λ_q) needs N much larger than the number of modes the data resolve)")
            : null;
        // Mean-field, one hidden layer: the kernel adapts at O(1) (THEORY §6.5); the adapted-kernel saddle is the prediction.
        AdaptiveKernelPrediction? adaptive = null;
        LearningCurvePoint? adaptivePoint = null;
        if (adapts)
        {
            (adaptive, adaptivePoint) = AdaptiveKernelTheory.Predict(Architecture, Data, Ridge, datasetSize, Options, gp, warnings);
            if (adaptivePoint is not null) point = adaptivePoint;
        }
        return new NetworkPrediction(datasetSize, Architecture, point, gp, mixturePoint, saddlePoint, saddle, mixture.Posterior,
            mixture.MeanLearnability, mixture.PosteriorVariance, warnings)
        {
            Shape = shape, TruncatedExpansion = truncated, LinearScaleCorrection = linearScale, TruncatedExpansionProblem = truncatedProblem,
            AdaptiveKernel = adaptive, AdaptiveKernelPoint = adaptivePoint,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Architecture}; κ = {Ridge:G4}; {Data.Description}; spectrum: {SpectrumSource}");

    /// <summary>What does not depend on the width or the ridge: kernel, spectrum, cumulants.</summary>
    private sealed class SharedParts
    {
        private readonly object _lock = new();
        private ModeTable? _modes;
        private double _modesCut = double.PositiveInfinity;

        public SharedParts(NetworkArchitecture architecture, NetworkData data, NetworkTheoryOptions options)
        {
            Data = data; Options = options;
            Kernel = new NngpKernel(architecture);
            if (options.PoolSize < 50) throw new ArgumentOutOfRangeException(nameof(options), options.PoolSize, "the pool needs at least 50 inputs.");
            (Spectrum, SpectrumSource, PoolSize, var pool, var empirical) = BuildSpectrum(architecture, data, options, Kernel);
            if (architecture.Activation != Activation.Linear)
            {
                // A non-linear network's spectrum is always measured on a pool; its cumulants come from the same pool.
                _cumulants = new Lazy<ShapeCumulants>(() => ShapeCumulants.Estimate(Kernel, pool!, empirical!, options.ShapeModes, options.ShapeNeurons, options.ShapeSeed));
            }
            LayerExponents = architecture.Depth == 1 || Activations.IsPositivelyHomogeneous(architecture.Activation)
                ? null
                : LayerScaleExponents(architecture, data, options);
        }

        public NetworkData Data { get; }
        public NetworkTheoryOptions Options { get; }
        public NngpKernel Kernel { get; }
        public ISpectrum Spectrum { get; }
        public string SpectrumSource { get; }
        /// <summary>The pool size, or null when the spectrum is exact.</summary>
        public int? PoolSize { get; }
        public IReadOnlyList<double>? LayerExponents { get; }

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

        private readonly System.Collections.Concurrent.ConcurrentDictionary<(int P, double Beta, double Ridge, long Scale), ShapeCorrection> _shapes = new();

        /// <summary>
        /// The shape correction is linear in c = 3/(N+2) once the prior scale s/β and the noise κ/β are fixed, so one
        /// estimate (per P, β, κ and ln s to within 5%) serves every width: it is kept per unit c and rescaled.
        /// </summary>
        public ShapeCorrection Shape(NetworkArchitecture architecture, double ridge, double scale, int datasetSize)
        {
            var key = (datasetSize, architecture.LikelihoodScale, ridge, (long)Math.Round(Math.Log(scale) / ShapeScaleResolution));
            var perUnit = _shapes.GetOrAdd(key, k =>
            {
                var quantised = Math.Exp(k.Scale * ShapeScaleResolution);
                return ShapeFirstOrder.Estimate(architecture, Kernel, Data, ridge, quantised, datasetSize,
                    Options.ShapeDatasets, Options.ShapeUnits, Options.ShapeTestPoints, Options.ShapeSeed, c: 1);
            });
            var c = 3.0 / (architecture.Width + 2);
            return perUnit with { RelativeCorrection = c * perUnit.RelativeCorrection, StandardError = c * perUnit.StandardError };
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
            var empirical = EmpiricalSpectrum.Compute(matrix, pool.Targets, kernel.Description + " on " + data.Description);
            var source = string.Create(CultureInfo.InvariantCulture, $"measured on a pool of {pool.Count} inputs ({empirical.Eigenvalues.Count} modes)");
            // The tail continues the fitted power laws (the project's one fit rule and range, SpectrumFit).
            if (options.PowerLawTail && empirical.DefaultFitRange is var (from, to))
            {
                var alpha = -empirical.FitSpectrum(from, to).Exponent - 1;
                var beta = -empirical.FitTarget(from, to).Exponent - 1;
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
                q = a.WeightVariance * Kernels.DualActivation.SecondMoment(a.Activation, q) * (l == layer ? factor : 1);
            return a.ReadoutVariance * Kernels.DualActivation.SecondMoment(a.Activation, q);
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
    /// <summary>Point.TestError / GaussianProcess.TestError − 1: the predicted relative finite-width shift.</summary>
    public double RelativeShift => Point.TestError / GaussianProcess.TestError - 1;
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
    /// <summary>Mean-field, one hidden layer: the kernel-adaptation saddle averaged over training sets (null otherwise).</summary>
    public AdaptiveKernelPrediction? AdaptiveKernel { get; init; }
    /// <summary>
    /// The adapted-kernel learning-curve point (<see cref="Approximation.AdaptiveKernel"/>); for mean-field networks with
    /// one hidden layer it is also <see cref="Point"/>, while <see cref="GaussianProcess"/> (NNGP) and
    /// <see cref="ScaleMixture"/> (the kernel scale alone) stay beside it.
    /// </summary>
    public LearningCurvePoint? AdaptiveKernelPoint { get; init; }
}
