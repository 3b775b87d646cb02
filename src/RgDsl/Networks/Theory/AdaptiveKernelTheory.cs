using System.Globalization;
using RgDsl.Networks.Data;
using RgDsl.Networks.Functions;

namespace RgDsl.Networks.Theory;

/// <summary>The adaptive-kernel saddle as a learning-curve point of <see cref="NetworkTheory.Predict"/> (mean-field, one hidden layer or two).</summary>
internal static class AdaptiveKernelTheory
{
    /// <summary>Draws of the importance samples a converging saddle takes per training set (5–12 Newton iterations in the tests).</summary>
    private const int TypicalDraws = 30;

    /// <summary>Layer iterations of a two-layer saddle (Anderson steps, then the running mean: 20–40 in the tests).</summary>
    private const int TypicalLayerIterations = 35;

    /// <summary>
    /// P/N above which the adapted-kernel prediction is flagged. Measured against collapsed-HMC samples of the mean-field
    /// networks on the same training sets (AdaptiveKernelNetworkTests; d = 8 power-law Gaussian inputs, linear teacher,
    /// 4–6 sets): at P/N = 1/4 the saddle agreed with the sampled networks within their errors — linear, N = 64, P = 16:
    /// κ = 0.05 0.014694 against 0.014695 ± 0.001, κ = 0.01 0.015232 against 0.015225 ± 0.0023, κ = 0.5 0.0698 against
    /// 0.0708 ± 0.020 (NNGP 0.369); tanh, κ = 0.05: 0.0744 against 0.0747 ± 0.0105 (NNGP 0.089; 0.0712 before the reflected proposal); ReLU, κ = 0.05 (6 sets,
    /// 4,096 units, an earlier iterate rule): 0.1255 against 0.1305 ± 0.016. Larger P/N was not measured, and the
    /// neglected log-determinant is O(P/N) against the saddle's action.
    /// </summary>
    public const double MeasuredWidthRatio = 0.25;

    /// <summary>
    /// P/N above which the one-hidden-layer prediction of tanh and ReLU (the activations measured there) is flagged
    /// (any other φ keeps <see cref="MeasuredWidthRatio"/>); below it, from <see cref="MeasuredWidthRatio"/> on, it held
    /// within 3 s.e. + 10% of collapsed-HMC networks on the same sets at every point measured: tanh, d = 16, κ = 0.05,
    /// N = 64, 4 sets (NetworksFollowThePopulationWhereTheChecksFail, with the particle population): P/N = 1/2, 1, 2, 4 at 0.3%, 1.3%, 4.0% and 9.5% below the networks (the last with one
    /// set's chains unmixed; at N = 256, P/N = 1, 6%); and the issue-19 table (d = 8, κ = 0.5, linear teacher, N = 64,
    /// 4 sets): δ predicted against measured at P/N = 1 and 4 — tanh σ_w² = 0.25: −0.715 against −0.802 ± 0.030, −0.550
    /// against −0.528 ± 0.017; tanh σ_w² = 1: −0.465 against −0.476 ± 0.025, −0.486 against −0.490 ± 0.035; ReLU: −0.895
    /// against −0.894 ± 0.014, −0.737 against −0.703 ± 0.014; and the same table paired on the sampled sets (N = 64 and
    /// 256, P ≤ 256): tanh within 0.7% of the networks (one point 2.1%), ReLU within 1–4%. Not measured beyond P/N = 4; at P/N = 2–4 the saddle lies
    /// systematically a few per cent below the networks at κ = 0.05.
    /// </summary>
    public const double MeasuredOneLayerWidthRatio = 4;

    /// <summary>
    /// Operations of one Langevin check (<see cref="TiltedUnitSampler.CheckMass"/>): chains × steps, each step two products
    /// with the P×r data matrix and, for a quadratic tilt of a two-layer saddle's first layer, about 3P·<paramref name="form"/> more.
    /// </summary>
    internal static double CheckWork(int p, int rank, int form) =>
        (double)TiltedUnitSampler.CheckChains(rank) * (TiltedUnitSampler.ExplorationWarmup + TiltedUnitSampler.ExplorationSteps) * p * (2.0 * rank + 1 + 3.0 * form);

    /// <summary>
    /// Operations of one particle population (<see cref="TiltedUnitSampler.SolvePopulation"/>): per sweep one energy of
    /// each particle, P·(2r + 1), plus the energies refreshed when α moves, and every fifth sweep its kernel, M·P².
    /// </summary>
    internal static double PopulationWork(int particles, int p, int rank, int sweeps = AdaptiveKernel.PopulationBurnIn + AdaptiveKernel.PopulationSweeps) =>
        (double)sweeps * particles * p * (1.2 * (2.0 * rank + 1) + p / (double)TiltedUnitSampler.PopulationUpdate);

    /// <summary>
    /// The saddle on <see cref="NetworkTheoryOptions.AdaptiveDatasets"/> training sets; the point is the GP theory's
    /// point times the paired ratio ε_ad/ε_GP measured on those sets (which cancels most of the sets' own spread), so
    /// Bias and TrainError are scaled by the same ratio (an approximation: the saddle gives only the test error).
    /// Adds the warnings that apply to <paramref name="warnings"/> except <see cref="RangeWarning"/>; returns nulls when no saddle can be given.
    /// </summary>
    public static (AdaptiveKernelPrediction?, LearningCurvePoint?) Predict(NetworkArchitecture architecture, NetworkData data, double ridge,
        double datasetSize, NetworkTheoryOptions options, LearningCurvePoint gp, List<string> warnings)
    {
        var p = checked((int)Math.Round(datasetSize));
        // The cost, estimated before any work: a converging saddle takes about TypicalDraws draws of Units samples per
        // training set, each Units·P·(P + min(P, d)) operations (MaxDraws bounds the worst case at several times that).
        // Two hidden layers: the second layer's saddle on P-dimensional rows, about TypicalLayerIterations times.
        var work = architecture.Depth == 1
            ? (double)options.AdaptiveDatasets * TypicalDraws * options.AdaptiveUnits * p * ((double)p + Math.Min(p, architecture.InputDimension))
            : (double)options.AdaptiveDatasets * TypicalLayerIterations * TypicalDraws * options.AdaptiveUnits * p * 2.0 * p;
        // The Langevin check of the final draws (each layer's): chains × steps, each step two products with the P×r data
        // matrix (r ≤ min(P, d); P for the second layer) and, for the first layer's quadratic tilt, one with Q (P×P).
        var rank = architecture.Depth == 1 ? Math.Min(p, architecture.InputDimension) : p;
        work += options.AdaptiveDatasets * CheckWork(p, rank, architecture.Depth == 1 ? 0 : p);
        // A bounded φ may need the particle population where the chains find mass the draws miss: it gets what the
        // budget leaves, shared over the sets, and is not run (with a warning) where it would need more.
        if (work > options.AdaptiveWorkBudget)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"mean-field scaling: the kernel-adaptation saddle at P = {p} was not computed: it needs about {work:G2} operations ({options.AdaptiveDatasets} training sets × {(architecture.Depth == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"about {TypicalLayerIterations} layer iterations × "))}about {TypicalDraws} draws of {options.AdaptiveUnits} units × {(architecture.Depth == 1 ? "P·(P + min(P, d))" : "2P²")}, and the Langevin check's {TiltedUnitSampler.CheckChains(rank)} chains of {TiltedUnitSampler.ExplorationWarmup + TiltedUnitSampler.ExplorationSteps} steps), more than NetworkTheoryOptions.AdaptiveWorkBudget = {options.AdaptiveWorkBudget:G2}; the point is the scale mixture, which leaves out the O(1) adaptation of the kernel and cannot be trusted (lower AdaptiveUnits or AdaptiveDatasets, or raise the budget)"));
            return (null, null);
        }
        AdaptiveKernelPrediction adaptive;
        try
        {
            adaptive = AdaptiveKernelAverage.Compute(architecture, data, ridge, p, options.AdaptiveDatasets, options.AdaptiveTestPoints,
                options.AdaptiveSeed, new AdaptiveKernelOptions(Units: options.AdaptiveUnits, Seed: options.AdaptiveSeed)
                {
                    PopulationWorkBudget = (options.AdaptiveWorkBudget - work) / options.AdaptiveDatasets,
                });
        }
        catch (InvalidOperationException e)
        {
            warnings.Add("mean-field scaling: the kernel-adaptation saddle failed (" + e.Message + "); the point is the scale mixture, which leaves out the O(1) adaptation of the kernel and cannot be trusted");
            return (null, null);
        }
        var ratio = 1 + adaptive.RelativeShift.Value;
        var point = gp with
        {
            TestError = gp.TestError * ratio, TrainError = gp.TrainError * ratio, Bias = gp.Bias * ratio, Variance = (gp.TestError - gp.Bias) * ratio,
            NonGaussianCorrection = adaptive.RelativeShift.Value, Approximation = Approximation.AdaptiveKernel,
        };
        var transitions = adaptive.Solutions.Count(s => s.Phase == AdaptiveKernelPhase.FeatureLearningTransition);
        if (transitions > 0)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"feature-learning transition in {transitions} of {adaptive.Solutions.Count} training sets at P = {p}, κ = {ridge:G4}: the tilted unit measure has no normalisable saddle (first: {adaptive.Solutions.First(s => s.Transition is not null).Transition}); the adapted-kernel point is not a prediction there"));
        foreach (var w in adaptive.Warnings.Where(w => !w.Contains("feature-learning transition", StringComparison.Ordinal)).Distinct().Take(3))
            warnings.Add("adaptive-kernel saddle: " + w);
        if (architecture.Function.Growth == Functions.ActivationGrowth.Superlinear)
            warnings.Add("mean-field with a superlinear φ: the saddle is metastable (the tilted unit measure restricted to the basin of the prior's mode); against collapsed-HMC networks (z + εz³, ε = 0.1 and 0.3, N = 64, P = 16, d = 8, κ = 0.05 and 0.5) every set had a barrier ΔU below ln N or no barrier at all (the transition), and the networks' errors were 1.4–8 times the NNGP's and above the saddle's: no case where the saddle is the networks' state has been measured, so the point cannot be trusted");
        return (adaptive, point);
    }

    /// <summary>
    /// The warning past the measured P/N (the one part of a mean-field prediction that depends on the width, apart from
    /// the barrier warning of a superlinear φ), or null.
    /// </summary>
    public static string? RangeWarning(NetworkArchitecture architecture, double datasetSize)
    {
        if (architecture.Depth == 2 && datasetSize > MeasuredTwoLayerSize)
            return string.Create(CultureInfo.InvariantCulture,
                $"mean-field with two hidden layers at P = {datasetSize:G4} > {MeasuredTwoLayerSize}: the two-layer saddle was checked against sampled networks only at P = 16 (tanh, erf and z + 0.3 tanh z, N = 64 and 256, d = 8 and 16, κ = 0.05, linear teacher: paired differences 0.001–0.003 against errors of 0.08–0.19); at P = 32 and 64 with κ = 0.05 its importance samples mostly failed to converge (as the one-layer saddle's did at P = 64, where its Langevin check now finds mass the draws miss)");
        if (architecture.Depth == 1 && architecture.Function.BuiltIn is Activation.Tanh or Activation.Relu)
            return datasetSize > MeasuredOneLayerWidthRatio * architecture.Width
                ? string.Create(CultureInfo.InvariantCulture,
                    $"mean-field P/N = {datasetSize / architecture.Width:0.##} > {MeasuredOneLayerWidthRatio:0.##}: the saddle neglects the log-determinant and the units' fluctuations (O(P/N)); for one hidden layer and tanh or ReLU it was measured within 3 s.e. + 10% of sampled networks up to P/N = 4 (tanh, d = 16, κ = 0.05, with the particle population: 0.3–9.5% below them, growing with P/N; tanh and ReLU, d = 8, κ = 0.5), not beyond")
                : null;
        return datasetSize > MeasuredWidthRatio * architecture.Width
            ? string.Create(CultureInfo.InvariantCulture,
                $"mean-field P/N = {datasetSize / architecture.Width:0.##} > {MeasuredWidthRatio:0.##}: the saddle neglects the log-determinant and the units' fluctuations (O(P/N)); against sampled networks it holds within 1.5–4% up to P/N = 1/4 (one hidden layer: linear, tanh and ReLU, N = 64; two: at P = 16 only); beyond, it was measured for one hidden layer with tanh and ReLU only (up to P/N = 4), not for this network")
            : null;
    }

    /// <summary>
    /// The largest P at which the two-hidden-layer saddle was checked against sampled networks (AdaptiveKernelTwoLayerTests:
    /// the tanh CI test and the long table; P = 16 at N = 64 and 256).
    /// </summary>
    public const int MeasuredTwoLayerSize = 16;
}
