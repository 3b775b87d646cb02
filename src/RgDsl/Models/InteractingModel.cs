using System.Globalization;
using System.Text;
using RgDsl.Perturbations;
using RgDsl.Scaling;
using RgDsl.Spectra;
using RgDsl.Flow;
using RgDsl.Perturbations.Exact;
using RgDsl.Perturbations.Sampling;
using RgDsl.Perturbations.Solvers;

namespace RgDsl;

/// <summary>
/// A model with non-Gaussian perturbations (THEORY.md §3.2–§3.3): the Gaussian backbone plus interaction terms on a
/// finite number of modes. Predictions combine the self-consistent Gaussian learning curve with the relative change
/// that the perturbations cause in the equivalent-kernel field theory: TestError = ε_SC · (1 + δ) with
/// δ = FieldTheoryError / GaussianFieldTheoryError − 1.
/// </summary>
public sealed class InteractingModel : IRgModel
{
    /// <summary>The largest rank whose modes are materialised for the field theory.</summary>
    public const long MaxModes = 20_000_000;

    private readonly Lazy<(double[] Lambda, double[] Target, long[] Multiplicity)> _modes;
    // Non-finite weights throw, an unbounded action is remembered: weights do not depend on P, so this runs once.
    private readonly Lazy<string?> _unbounded;

    /// <exception cref="ArgumentException">κ = 0 (the field theory needs a positive ridge), or infinite/too large rank.</exception>
    public InteractingModel(GaussianModel gaussian, IReadOnlyList<Perturbation> perturbations)
    {
        ArgumentNullException.ThrowIfNull(gaussian);
        ArgumentNullException.ThrowIfNull(perturbations);
        if (gaussian.Ridge <= 0)
            throw new ArgumentException($"{gaussian.Name}: perturbations need a positive ridge κ (the field theory's data term is P/κ); this model is ridgeless.");
        if (gaussian.Spectrum.Modes > MaxModes)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{gaussian.Name}: perturbations need a finite number of modes (at most {MaxModes}); the rank is {(gaussian.Spectrum.Modes == RgModel.Infinite ? "infinite" : gaussian.Spectrum.Modes.ToString(CultureInfo.InvariantCulture))}. Set Modes: the UV cutoff matters for cutoff-sensitive couplings."));
        Gaussian = gaussian;
        Perturbations = perturbations;
        _modes = new Lazy<(double[], double[], long[])>(() => Materialise(gaussian.Spectrum, (int)gaussian.Spectrum.Modes));
        _unbounded = new Lazy<string?>(() => Validity.PerturbationWeights.Check(gaussian.Name, perturbations, _modes.Value.Multiplicity),
            LazyThreadSafetyMode.PublicationOnly);
    }

    public string Name => Gaussian.Name;
    public GaussianModel Gaussian { get; }
    public IReadOnlyList<Perturbation> Perturbations { get; }

    /// <summary>
    /// Why the action S₀ + S_int is unbounded below, or null when it is bounded: a negative leading coupling of the four
    /// kinds, a highest-degree vertex with an odd number of legs, or an even highest-degree vertex whose form is negative
    /// along a probed direction (<see cref="Validity.LeadingVertices"/>: the probes prove unboundedness; they cannot prove boundedness).
    /// </summary>
    /// <exception cref="ArgumentException">A perturbation's weight or monomial coefficient is NaN or infinite.</exception>
    public string? UnboundedReason => _unbounded.Value;

    /// <summary>The field theory S₀ + S_int at dataset size P.</summary>
    /// <exception cref="ArgumentException">A perturbation's weight is NaN or infinite at some mode.</exception>
    public FieldTheory FieldTheory(double datasetSize)
    {
        _ = _unbounded.Value;
        var (lambda, target, multiplicity) = _modes.Value;
        return new FieldTheory(lambda, target, multiplicity, datasetSize, Gaussian.Ridge, Gaussian.Noise, Perturbations);
    }

    /// <summary>The same model restricted to its first <paramref name="modes"/> modes (for the exact oracles).</summary>
    public InteractingModel Restrict(int modes)
    {
        if (modes < 1 || modes > Gaussian.Spectrum.Modes) throw new ArgumentOutOfRangeException(nameof(modes), modes, "must be between 1 and the model's number of modes.");
        var (lambda, target, multiplicity) = Materialise(Gaussian.Spectrum, modes);
        var spectrum = new TableSpectrum(lambda, target, multiplicity, $"{Name} (first {modes} modes)");
        return new InteractingModel(new GaussianModel(Name, spectrum, Gaussian.Ridge, Gaussian.Noise), Perturbations);
    }

    private static (double[] Lambda, double[] Target, long[] Multiplicity) Materialise(ISpectrum spectrum, int modes)
    {
        var lambda = new double[modes];
        var target = new double[modes];
        var multiplicity = new long[modes];
        for (var k = 1; k <= modes; k++)
        {
            lambda[k - 1] = spectrum.Eigenvalue(k);
            target[k - 1] = spectrum.TargetPower(k);
            multiplicity[k - 1] = spectrum.Multiplicity(k);
        }
        return (lambda, target, multiplicity);
    }

    public LearningCurvePoint Predict(double datasetSize, Approximation approximation = Approximation.Auto) =>
        Predict(datasetSize, approximation, null);

    /// <summary>Like <see cref="Predict(double, Approximation)"/>, with the shell-flow options for <see cref="Approximation.ShellFlow"/>.</summary>
    public LearningCurvePoint Predict(double datasetSize, Approximation approximation, FlowOptions? flowOptions)
    {
        var gaussianPoint = Gaussian.Predict(datasetSize, approximation == Approximation.EquivalentKernel ? Approximation.EquivalentKernel : Approximation.Gaussian);
        var theory = FieldTheory(datasetSize);
        var gaussianError = theory.Error(theory.Gaussian());
        if (!double.IsFinite(gaussianError))
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{Name}: the Gaussian field-theory error at P = {datasetSize:R} is {gaussianError:R}: P, κ or the spectrum lie outside the range double precision can represent (scale them to moderate values)."));
        if (approximation is Approximation.Gaussian or Approximation.EquivalentKernel)
            return gaussianPoint with { FieldTheoryError = gaussianError, GaussianFieldTheoryError = gaussianError };
        FieldMoments moments;
        var used = approximation;
        switch (approximation)
        {
            case Approximation.FirstOrder:
                moments = theory.FirstOrder();
                break;
            case Approximation.Hartree:
                moments = theory.Hartree();
                break;
            case Approximation.SecondOrder:
                moments = theory.SecondOrder();
                break;
            case Approximation.ShellFlow:
                var flow = ShellFlow.Run(theory, ToShellOptions(flowOptions));
                moments = flow.Moments ?? throw new InvalidOperationException($"{Name}: the shell flow is unstable at P = {datasetSize.ToString("R", CultureInfo.InvariantCulture)}: {flow.Instability}.");
                break;
            default: // Auto: Hartree, or first order where the Hartree iteration fails; second order for vertices outside the four kinds
                if (Perturbations.Any(p => p.Legs == Legs.Pattern)) { moments = theory.SecondOrder(); used = Approximation.SecondOrder; }
                else if (theory.TryHartree(out moments, out _)) used = Approximation.Hartree;
                else { moments = theory.FirstOrder(); used = Approximation.FirstOrder; }
                break;
        }
        return Combine(gaussianPoint, theory.Error(moments), gaussianError, used, UnboundedReason);
    }

    private LearningCurvePoint Combine(LearningCurvePoint gaussian, double error, double gaussianError, Approximation used, string? unbounded)
    {
        var delta = error / gaussianError - 1;
        if (!double.IsFinite(delta) || !double.IsFinite(gaussian.TestError * (1 + delta)))
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{Name}: {used} at P = {gaussian.DatasetSize:R} gives a non-finite correction δ = {delta:R} (field-theory error {error:R}); the couplings are too large for this approximation (try Sample, or smaller couplings)."));
        var test = gaussian.TestError * (1 + delta);
        var bias = gaussian.Bias * (1 + delta);
        return gaussian with
        {
            TestError = test,
            TrainError = gaussian.TrainError * (1 + delta),
            Bias = bias,
            Variance = test - bias,
            NonGaussianCorrection = delta,
            FieldTheoryError = error,
            GaussianFieldTheoryError = gaussianError,
            Approximation = used,
            OutOfRangeReason = Validity.ApproximationRange.OutOfRange(used, delta, unbounded),
            UnboundedReason = unbounded,
        };
    }

    private static ShellFlowOptions ToShellOptions(FlowOptions? o) =>
        o is null ? new ShellFlowOptions() : new ShellFlowOptions(o.ShellWidth, o.StopScale, Math.Max(o.PointsPerDecade, 1));

    public LearningCurve LearningCurve(params double[] datasetSizes) => LearningCurve(Approximation.Auto, datasetSizes);

    public LearningCurve LearningCurve(Approximation approximation, params double[] datasetSizes) =>
        RgDsl.LearningCurve.Build(Name, p => Predict(p, approximation), Gaussian.CanPredict, datasetSizes, Gaussian.Spectrum.Modes);

    /// <summary>The Gaussian ridge flow plus the one-loop shell flow of the couplings, and its end-point prediction.</summary>
    public RgFlow Flow(double datasetSize, FlowOptions? options = null)
    {
        var gaussianFlow = Gaussian.Flow(datasetSize, options);
        var theory = FieldTheory(datasetSize);
        var couplings = ShellFlow.Run(theory, ToShellOptions(options));
        LearningCurvePoint? endPoint = null;
        if (couplings.Moments is { } moments)
            endPoint = Combine(gaussianFlow.SelfConsistent, theory.Error(moments), theory.Error(theory.Gaussian()), Approximation.ShellFlow, UnboundedReason);
        return new RgFlow(gaussianFlow) { Couplings = couplings, EndPoint = endPoint };
    }

    /// <summary>Kernel ridge regression on a Gaussian design of the Gaussian backbone (the perturbations act on the prior, not on this experiment).</summary>
    public SimulationResult Simulate(double datasetSize, SimulationOptions options) => Gaussian.Simulate(datasetSize, options);

    /// <summary>Exact HMC estimates of the observables at dataset size P (THEORY.md §7.2).</summary>
    public SampleResult Sample(double datasetSize, SamplerOptions options)
    {
        var gaussianPoint = Gaussian.Predict(datasetSize, Approximation.Gaussian);
        var theory = FieldTheory(datasetSize);
        try
        {
            var result = HmcSampler.Sample(theory, gaussianPoint.TestError, options);
            return result with
            {
                OutOfRangeReason = UnboundedReason is { } unbounded ? unbounded + (result.OutOfRangeReason is { } mixing ? "; " + mixing : "") : result.OutOfRangeReason,
                UnboundedReason = UnboundedReason,
            };
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // Chains run in parallel: surface the first chain's refusal itself, not a wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }
    }

    /// <summary>
    /// The scaling analysis at this instance (THEORY.md §4): per perturbation the predicted class exponents at the α and
    /// β fitted from the spectrum, and each class's exponent measured from exact first-order corrections over a ladder
    /// of P (needs about 300 modes per unit of the largest threshold; see <see cref="ScalingOptions"/>).
    /// </summary>
    public ScalingReport Scaling(ScalingOptions? options = null) => ScalingAnalyzer.Analyze(this, options);

    /// <summary>The predicted class exponents only, at α and β fitted over k = 10..min(M/4, 1000): no ladder, so any rank.</summary>
    public ScalingReport PredictScaling() => ScalingAnalyzer.Predicted(this);

    /// <summary>
    /// Forwards to <see cref="Transfer.FlowTransfer.PowerCounting(InteractingModel, double, double, TransferRule)"/>, the
    /// power-counting option of the one transfer API; the transfer along the RG flow, with a verification and a refusal
    /// where it cannot hold, is <see cref="Transfer.FlowTransfer.Transfer(InteractingModel, double, double, Transfer.TransferConstraint, Transfer.FlowTransferOptions?)"/>.
    /// </summary>
    [Obsolete("Use FlowTransfer.PowerCounting(model, referenceDatasetSize, datasetSize, rule) (namespace RgDsl.Transfer), the power-counting option of the transfer API, or FlowTransfer.Transfer / the generated Transfer for the verified RG-flow transfer (docs/DSL.md, Hyperparameter transfer).")]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public TransferResult TransferTo(double referenceDatasetSize, double datasetSize, TransferRule rule = TransferRule.SameThreshold) =>
        Transfer.FlowTransfer.PowerCounting(this, referenceDatasetSize, datasetSize, rule);

    /// <summary>Exact moments by quadrature; the model must have at most 3 fields (see <see cref="Restrict"/>).</summary>
    public FieldMoments Quadrature(double datasetSize) => RgDsl.Perturbations.Exact.Quadrature.Solve(FieldTheory(datasetSize));

    /// <summary>"InteractingModel Name: …, κ = 0.05, σ² = 0; perturbations U (PairLocal), …".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"InteractingModel {Name}: {Gaussian.Spectrum.Description}, κ = {Gaussian.Ridge:R}, σ² = {Gaussian.Noise:R}; perturbations {string.Join(", ", Perturbations.Select(p => $"{p.Name} ({p.Legs})"))}");

    public string Describe()
    {
        var sb = new StringBuilder(Gaussian.Describe());
        foreach (var p in Perturbations)
            sb.AppendLine(p.Legs != Legs.Pattern
                ? $"  perturbation {p.Name} (Legs.{p.Legs}){(p.Monomials is null ? ": general weight, pairwise sums" : ": " + string.Join(" + ", p.Monomials))}"
                : $"  perturbation {p.Name} (vertex \"{p.Pattern}\"){(p.Terms is null ? ": general weight, index-by-index sums" : ": " + string.Join(" + ", p.Terms))}");
        if (UnboundedReason is { } unbounded) sb.AppendLine("  WARNING: " + unbounded);
        return sb.ToString();
    }
}
