using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using RgDsl.Flow;
using RgDsl.Gaussian;
using RgDsl.Scaling;
using RgDsl.Simulation;
using RgDsl.Spectra;

namespace RgDsl;

/// <summary>
/// A Gaussian (GP-limit) model: a spectrum with its target, a ridge κ and a label-noise variance σ². Generated models
/// build one of these over a specialised spectrum; <see cref="FromFunctions"/> is the generic path for models
/// assembled at run time from delegates.
/// </summary>
public sealed class GaussianModel : IRgModel
{
    /// <exception cref="ArgumentException">κ or σ² negative or not finite.</exception>
    public GaussianModel(string name, ISpectrum spectrum, double ridge, double noise = 0)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        if (!double.IsFinite(ridge) || ridge < 0)
            throw new ArgumentException(FormattableString.Invariant($"{name}: the ridge κ must be non-negative and finite; got {ridge:R}."), nameof(ridge));
        if (!double.IsFinite(noise) || noise < 0)
            throw new ArgumentException(FormattableString.Invariant($"{name}: the label-noise variance σ² must be non-negative and finite; got {noise:R}."), nameof(noise));
        Name = name; Spectrum = spectrum; Ridge = ridge; Noise = noise;
    }

    /// <summary>
    /// The generic delegate path: tabulates eigenvalue(k), target(k) (default y_k² = λ_k) and multiplicity(k)
    /// (default 1) over k = 1..modes.
    /// </summary>
    public static GaussianModel FromFunctions(string name, long modes, Func<long, double> eigenvalue, double ridge,
        Func<long, double>? target = null, double noise = 0, Func<long, long>? multiplicity = null)
    {
        ArgumentNullException.ThrowIfNull(eigenvalue);
        var spectrum = TableSpectrum.FromFunctions(modes, new DelegateModeFunction(eigenvalue),
            new DelegateModeFunction(target ?? eigenvalue), new DelegateModeCount(multiplicity ?? (_ => 1)), name);
        return new GaussianModel(name, spectrum, ridge, noise);
    }

    public string Name { get; }
    public ISpectrum Spectrum { get; }
    /// <summary>κ.</summary>
    public double Ridge { get; }
    /// <summary>σ².</summary>
    public double Noise { get; }

    public LearningCurvePoint Predict(double datasetSize, Approximation approximation = Approximation.Auto) =>
        GaussianPredictor.Predict(Spectrum, datasetSize, Ridge, Noise, approximation);

    /// <summary>Like <see cref="Predict"/> but returns false with the reason instead of throwing.</summary>
    public bool TryPredict(double datasetSize, [NotNullWhen(true)] out LearningCurvePoint? point, [NotNullWhen(false)] out string? error,
        Approximation approximation = Approximation.Auto) =>
        GaussianPredictor.TryPredict(Spectrum, datasetSize, Ridge, Noise, approximation, out point, out error);

    public LearningCurve LearningCurve(params double[] datasetSizes) => LearningCurve(Approximation.Auto, datasetSizes);

    /// <summary>Predictions at each P with local exponents d ln ε/d ln P from a symmetric step of 1e-3 in ln P.</summary>
    public LearningCurve LearningCurve(Approximation approximation, params double[] datasetSizes) =>
        RgDsl.LearningCurve.Build(Name, p => Predict(p, approximation), CanPredict, datasetSizes, Spectrum.Modes);

    internal bool CanPredict(double p) => SelfConsistentRidge.CheckInputs(Spectrum, p, Ridge) is null;

    /// <summary>L_k of the first <paramref name="count"/> modes at dataset size P.</summary>
    public IReadOnlyList<double> Learnabilities(double datasetSize, int count) => GaussianPredictor.Learnabilities(Spectrum, datasetSize, Ridge, count);

    public RgFlow Flow(double datasetSize, FlowOptions? options = null) => GaussianRidgeFlow.Run(Spectrum, datasetSize, Ridge, Noise, options);

    public SimulationResult Simulate(double datasetSize, SimulationOptions options)
    {
        var result = KernelRidgeSimulation.Run(Spectrum, datasetSize, Ridge, Noise, options);
        // A ridge or spectrum near the ends of double precision can overflow the solve: refuse, never a NaN.
        if (!double.IsFinite(result.TestError) || !double.IsFinite(result.TrainError) || !double.IsFinite(result.TestErrorStandardError) || !double.IsFinite(result.TrainErrorStandardError))
            throw new InvalidOperationException(FormattableString.Invariant(
                $"{Name}: kernel ridge regression at P = {datasetSize:R}, κ = {Ridge:R} is not finite in double precision (test {result.TestError:R}, train {result.TrainError:R}); scale κ and the spectrum to moderate values."));
        return result;
    }

    /// <summary>
    /// α and β fitted from the spectrum and target over k = 10..min(M/4, 1000), with the learning-curve exponent they
    /// predict (a Gaussian model has no perturbations to analyse).
    /// </summary>
    /// <param name="options">Unused by Gaussian models (no ladder of class corrections to measure).</param>
    public ScalingReport Scaling(ScalingOptions? options = null) => ScalingAnalyzer.AnalyzeGaussian(this);

    /// <summary>"GaussianModel Name: power law λ_k = …, κ = 0.001, σ² = 0".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"GaussianModel {Name}: {Spectrum.Description}, κ = {Ridge:R}, σ² = {Noise:R}");

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"model {Name} (Gaussian, run-time)");
        sb.AppendLine($"  spectrum: {Spectrum.Description}");
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  ridge κ = {Ridge:R}, label noise σ² = {Noise:R}"));
        return sb.ToString();
    }
}
