using System.Globalization;
using RgDsl.Networks;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Theory;
using RgDsl.Networks.Universality;
using RgDsl.Perturbations;
using RgDsl.Spectra;

namespace RgDsl.Scaling;

/// <summary>Options of the RG view of feature learning (<see cref="FeatureLearningScaling"/>).</summary>
/// <param name="Sizes">Two dataset sizes P₁ &lt; P₂ at which the saddle is measured (null: 64 and 128). The mode fits use
/// modes 1..P/4 (the NNGP's eigenvalues on P points follow the operator's for k ≪ P); the drift of each coupling with P is
/// measured at the modes the two sizes share.</param>
/// <param name="Datasets">Training sets per size (their spread gives the errors).</param>
/// <param name="Units">Importance samples of one unit, for the saddle and for the fluctuations (non-linear φ).</param>
/// <param name="QuarticModes">Leading modes in which the quartic coupling V_kq is measured (at most P₁/4 are fitted).</param>
/// <param name="Seed">Training set i at size P is <c>data.Split(P, 1, Seed + 7919 i)</c>; the units use Seed too.</param>
public sealed record FeatureLearningOptions(IReadOnlyList<int>? Sizes = null, int Datasets = 4, int Units = 2048, int QuarticModes = 24, int Seed = 1)
{
    public static FeatureLearningOptions Default { get; } = new();

    internal IReadOnlyList<int> SizesOrDefault => Sizes ?? [64, 128];

    internal void Validate()
    {
        if (SizesOrDefault.Count != 2 || SizesOrDefault[0] < 16 || SizesOrDefault[1] <= SizesOrDefault[0])
            throw new ArgumentOutOfRangeException(nameof(Sizes), string.Join(", ", SizesOrDefault), "FeatureLearningOptions.Sizes must be two sizes 16 ≤ P₁ < P₂.");
        if (Datasets is < 2 or > 64) throw new ArgumentOutOfRangeException(nameof(Datasets), Datasets, "FeatureLearningOptions.Datasets must lie in 2..64 (two for a standard error).");
        if (Units < 64 || Units % 2 != 0) throw new ArgumentOutOfRangeException(nameof(Units), Units, "FeatureLearningOptions.Units must be even and at least 64.");
        if (QuarticModes is < 4 or > 256) throw new ArgumentOutOfRangeException(nameof(QuarticModes), QuarticModes, "FeatureLearningOptions.QuarticModes must lie in 4..256.");
    }
}

/// <summary>
/// The RG view of feature learning (issue 19, THEORY §6.5–§6.7) for a mean-field network with one hidden layer: the
/// adaptive-kernel saddle measured in the NNGP's eigenmodes (<see cref="AdaptedModes"/>) on several training sets at two
/// sizes, turned into derived perturbations of the GP and classified by the project's power-counting rules.
/// <list type="bullet">
/// <item>The overall kernel scale s̄ (w(k) = (1/s̄ − 1)/λ_k ∝ k^(1+α), power counting y = 0: a change of the ridge,
/// marginal) is integrated exactly by the saddle, so the fixed point in question is the GP with kernel s̄K.</item>
/// <item>The direction of the adaptation, ρ_k = r_k/s̄ − 1, log-binned over modes 1..P/4 and fitted |ρ_k| ≈ R k^−ρ
/// (<see cref="WeightedLogLog"/>, errors over training sets): the quadratic weight w(k) ≈ −ρ_k/(s̄λ_k), y = ρ.</item>
/// <item>The units' fluctuations around the saddle, V_kq (k ≠ q) over log bins of (k, q), fitted |V| ≈ A (kq)^u: the
/// pair-local weight W = −V_kq/(2N s̄² λ_k λ_q), y = −2u.</item>
/// </list>
/// Each coupling's amplitude also depends on P (the saddle's α does): its drift P^γ at fixed mode, measured between the
/// two sizes on the modes they share, shifts every class's k_P exponent by γ(1 + α). A term is relevant or irrelevant
/// only when its interval clears 0 by two standard errors; the network flows to the GP-like fixed point when every
/// term is relevant, does not when one is irrelevant, and otherwise the answer is undecided.
/// </summary>
public static partial class FeatureLearningScaling
{
    /// <summary>Draws of the importance samples a converging saddle takes (as <see cref="AdaptiveKernelTheory"/> estimates it).</summary>
    private const int TypicalDraws = 30;

    /// <summary>The perturbations and the verdict for a mean-field network of depth 1.</summary>
    /// <exception cref="ArgumentException">Not a mean-field network of depth 1, bad options, or more work than
    /// <see cref="NetworkTheoryOptions.AdaptiveWorkBudget"/> (estimated before anything runs).</exception>
    /// <exception cref="InvalidOperationException">A saddle did not converge (its message).</exception>
    public static (IReadOnlyList<PerturbationScaling> Perturbations, FeatureLearningVerdict Verdict) Analyse(NetworkModel network, FeatureLearningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        (options ?? FeatureLearningOptions.Default).Validate();
        RequireMeanField(network.Theory);
        var (alpha, beta) = ScalingAnalyzer.FitExponents(network.Theory.Spectrum);
        return Analyse(network.Theory, alpha, beta, options);
    }

    internal static (IReadOnlyList<PerturbationScaling>, FeatureLearningVerdict) Analyse(NetworkTheory theory, double alpha, double beta, FeatureLearningOptions? options)
    {
        options ??= FeatureLearningOptions.Default;
        options.Validate();
        var architecture = theory.Architecture;
        RequireMeanField(theory);
        var sizes = options.SizesOrDefault;
        var populationBudget = CheckBudget(theory, options, sizes);
        var measured = sizes.Select(p => Measure(theory, p, options, populationBudget)).ToArray();
        var amplitude = SpectrumFit.LogBinned(theory.Spectrum.Eigenvalue, 1, Math.Max(8, sizes[1] / 4))?.Prefactor ?? theory.Spectrum.Eigenvalue(1);
        var scale = measured[1].Scale.Value;
        var s = 1 + alpha;
        var terms = new List<FeatureLearningTerm>();
        var perturbations = new List<PerturbationScaling>();
        var direction = Term("feature learning: direction (quadratic)", measured, m => m.Direction, alpha, beta, sizes,
            fit => Perturbation.Quadratic("feature learning: direction (quadratic)", _ => 0, [new Monomial(-fit.Sign * fit.Amplitude / (scale * amplitude), fit.Exponent + s)]),
            fit => -fit.Exponent, "k");
        var quartic = Term("feature learning: saddle fluctuations (pair-local)", measured, m => m.Quartic, alpha, beta, sizes,
            fit => Perturbation.PairLocal("feature learning: saddle fluctuations (pair-local)", (_, _) => 0,
                [new Monomial(-fit.Sign * fit.Amplitude / (2.0 * architecture.Width * scale * scale * amplitude * amplitude), fit.Exponent + s, fit.Exponent + s)]),
            fit => -2 * fit.Exponent, "(kq)");
        perturbations.Add(ScaleTerm(scale, amplitude, alpha, beta));
        foreach (var (perturbation, term) in new[] { direction, quartic })
        {
            if (perturbation is not null) perturbations.Add(perturbation);
            terms.Add(term);
        }
        return (perturbations, Verdict(terms, sizes, measured.Select(m => m.Scale.Value).ToArray(), Phi(theory)));
    }

    /// <summary>The adapted kernel's overall scale as the quadratic term (1/s̄ − 1)/λ_k (y = 0), with the note that the saddle integrates it exactly.</summary>
    private static PerturbationScaling ScaleTerm(double scale, double amplitude, double alpha, double beta) =>
        NetworkScaling.Summary(Perturbation.Quadratic(ScaleName, _ => 0, [new Monomial((1 / scale - 1) / amplitude, 1 + alpha)]), alpha, beta) with
        {
            Note = string.Create(CultureInfo.InvariantCulture,
                $"w(k) = (1/s̄ − 1)/λ_k with s̄ = {scale:G4} (the predictor-equivalent kernel scale at the larger size): a change of the ridge κ → κ/s̄, marginal, integrated exactly by the saddle; the fixed point is the GP with kernel s̄K"),
        };

    /// <summary>The name of the adapted kernel's scale term in the report.</summary>
    public const string ScaleName = "feature learning: kernel scale (quadratic)";

    private static ActivationFunction Phi(NetworkTheory theory) => theory.Architecture.Function;

    private static void RequireMeanField(NetworkTheory theory)
    {
        if (theory.Architecture.Parameterisation != Parameterisation.MeanField || theory.Architecture.Depth != 1)
            throw new ArgumentException("the RG view of feature learning needs a mean-field network with one hidden layer (the adaptive-kernel saddle).", nameof(theory));
    }

    /// <summary>
    /// Refuses sizes whose saddles' draws and Langevin checks would exceed the budget; returns what is left for each
    /// saddle's particle population (a bounded φ may need one where the chains find mass the draws miss).
    /// </summary>
    private static double CheckBudget(NetworkTheory theory, FeatureLearningOptions options, IReadOnlyList<int> sizes)
    {
        var d = theory.Architecture.InputDimension;
        var work = sizes.Sum(p => (double)options.Datasets * (TypicalDraws * options.Units * p * ((double)p + Math.Min(p, d))
            + AdaptiveKernelTheory.CheckWork(p, Math.Min(p, d), 0)));
        if (work > theory.Options.AdaptiveWorkBudget)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the RG view of feature learning needs about {work:G2} operations ({options.Datasets} training sets at P = {sizes[0]} and {sizes[1]}, about {TypicalDraws} draws of {options.Units} units × P·(P + min(P, d)) and the Langevin check), more than NetworkTheoryOptions.AdaptiveWorkBudget = {theory.Options.AdaptiveWorkBudget:G2}; use smaller FeatureLearningOptions.Sizes, Datasets or Units, or raise the budget."),
                nameof(options));
        return (theory.Options.AdaptiveWorkBudget - work) / (options.Datasets * sizes.Count);
    }

    /// <summary>One size: per training set the saddle (its particle population, if one is needed, within <paramref name="populationBudget"/> operations), its modes, the binned direction and quartic.</summary>
    internal static SizeMeasurement Measure(NetworkTheory theory, int p, FeatureLearningOptions options, double populationBudget)
    {
        var architecture = theory.Architecture;
        var phi = Phi(theory);
        var modes = p / 4;
        var edges = Edges(1, modes);
        var quarticModes = Math.Min(options.QuarticModes, modes);
        var quarticEdges = Edges(1, quarticModes);
        var scales = new double[options.Datasets];
        var sums = new (double Numerator, double Denominator)[options.Datasets][]; // per set: all kept modes, then each bin
        var quartic = new double[options.Datasets][];
        for (var i = 0; i < options.Datasets; i++)
        {
            var (train, _) = theory.Data.Split(p, 1, options.Seed + 7919 * i);
            var saddle = new AdaptiveKernelOptions(Units: options.Units, Seed: options.Seed) { PopulationWorkBudget = populationBudget };
            if (!AdaptiveKernel.TrySolve(phi, architecture.WeightVariance, architecture.ReadoutVariance, theory.Ridge, train.Inputs, train.Labels, saddle, out var solution, out var error))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"P = {p}, training set {i}: {error}"));
            if (solution.Phase == AdaptiveKernelPhase.FeatureLearningTransition)
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"P = {p}, training set {i}: {solution.Transition}; the feature-learning terms are not defined past the transition."));
            var measured = AdaptedModes.Measure(phi, architecture.WeightVariance, architecture.ReadoutVariance, train.Inputs, train.Labels,
                theory.Kernel.Matrix(train.Inputs), solution, quarticModes, options.Units, options.Seed + 31 * i);
            scales[i] = measured.Ratio(0, modes);
            sums[i] = new[] { measured.RatioSums(0, modes) }.Concat(Enumerable.Range(0, edges.Count - 1).Select(b => measured.RatioSums(edges[b] - 1, edges[b + 1] - 1))).ToArray();
            quartic[i] = PairBins(measured.Quartic!, quarticEdges);
        }
        return new SizeMeasurement(p, Summarise(scales), PooledDirection(sums, b => Centre(edges, b)),
            Binned(quartic, quartic[0].Length, b => Centre(quarticEdges, b / (quarticEdges.Count - 1)) * Centre(quarticEdges, b % (quarticEdges.Count - 1))));
    }

    /// <summary>Means of V_kq (k ≠ q) over pairs of log bins, row-major.</summary>
    private static double[] PairBins(double[,] table, List<int> edges)
    {
        var bins = edges.Count - 1;
        var result = new double[bins * bins];
        for (var a = 0; a < bins; a++)
            for (var b = 0; b < bins; b++)
            {
                double sum = 0;
                var n = 0;
                for (var k = edges[a]; k < edges[a + 1]; k++)
                    for (var q = edges[b]; q < edges[b + 1]; q++)
                        if (k != q) { sum += table[k - 1, q - 1]; n++; }
                result[a * bins + b] = n > 0 ? sum / n : double.NaN;
            }
        return result;
    }

    private static double Centre(List<int> edges, int bin) => Math.Sqrt(edges[bin] * (edges[bin + 1] - 1.0));

    /// <summary>Log-bin edges from..to (inclusive) of the project's bin ratio <see cref="SpectrumFit.BinRatio"/>.</summary>
    internal static List<int> Edges(int from, int to)
    {
        var edges = new List<int> { from };
        while (edges[^1] <= to) edges.Add(Math.Min(to + 1, Math.Max(edges[^1] + 1, (int)Math.Ceiling(edges[^1] * SpectrumFit.BinRatio))));
        if (edges[^1] > to + 1) edges[^1] = to + 1;
        while (edges.Count > 1 && edges[^1] == edges[^2]) edges.RemoveAt(edges.Count - 1);
        return edges;
    }

    private static Estimate Summarise(IReadOnlyList<double> values) => NetworkExperiments.MeanAndError(values);

    private static List<BinValue> Binned(double[][] perSet, int bins, Func<int, double> position)
    {
        var result = new List<BinValue>();
        for (var b = 0; b < bins; b++)
        {
            var values = perSet.Select(v => v[b]).ToArray();
            if (values.Any(double.IsNaN)) continue;
            var e = Summarise(values);
            result.Add(new BinValue(position(b), e.Value, e.StandardError));
        }
        return result;
    }

    /// <summary>
    /// ρ_b = Σ_sets (Σ_b f a)/s̄_set / Σ_sets Σ_b μ a² − 1: each set's ratio in the bin over its own scale, pooled over the
    /// training sets with weights Σ_b μ a² (its target power in the bin) instead of averaging noisy ratios; exactly 0 for
    /// linear φ. The error is the jackknife over the sets.
    /// </summary>
    private static List<BinValue> PooledDirection((double Numerator, double Denominator)[][] sums, Func<int, double> position)
    {
        var sets = sums.Length;
        double Estimate(int bin, int leftOut)
        {
            double n = 0, d = 0;
            for (var i = 0; i < sets; i++)
            {
                if (i == leftOut) continue;
                var scale = sums[i][0].Numerator / sums[i][0].Denominator;
                n += sums[i][bin + 1].Numerator / scale; d += sums[i][bin + 1].Denominator;
            }
            return n / d - 1;
        }
        var result = new List<BinValue>();
        for (var b = 0; b < sums[0].Length - 1; b++)
        {
            var all = Estimate(b, -1);
            var leaveOut = Enumerable.Range(0, sets).Select(i => Estimate(b, i)).ToArray();
            var mean = leaveOut.Average();
            var error = Math.Sqrt((sets - 1.0) / sets * leaveOut.Sum(v => (v - mean) * (v - mean)));
            if (double.IsFinite(all) && double.IsFinite(error)) result.Add(new BinValue(position(b), all, error));
        }
        return result;
    }

    internal sealed record BinValue(double At, double Mean, double StandardError);

    internal sealed record SizeMeasurement(int Size, Estimate Scale, List<BinValue> Direction, List<BinValue> Quartic);

    internal sealed record Fit(double Sign, double Amplitude, double Exponent, double ExponentError, double From, double To, int Bins);
}
