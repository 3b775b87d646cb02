using RgDsl.Gaussian;
using RgDsl.Spectra;

namespace RgDsl.Flow;

/// <summary>
/// The Gaussian Wilsonian RG in mode space (THEORY.md §3.1): integrating out modes above Λ adds their prior variance
/// to the ridge. The hard version stops at the first Λ with λ_Λ ≥ κ_Λ/P and treats the rest in EK; the soft version
/// weights mode k by t/(λ_k + t) and ends, at Λ = 0, exactly at the self-consistent κ_eff = P·t.
/// </summary>
internal static class GaussianRidgeFlow
{
    public static RgFlow Run(ISpectrum spectrum, double datasetSize, double ridge, double noise, FlowOptions? options = null)
    {
        options ??= new FlowOptions();
        if (options.PointsPerDecade < 1) throw new ArgumentOutOfRangeException(nameof(options), options.PointsPerDecade, "FlowOptions.PointsPerDecade must be at least 1.");
        var selfConsistent = GaussianPredictor.Predict(spectrum, datasetSize, ridge, noise, Approximation.Gaussian);
        var t = selfConsistent.EffectiveRidgePerSample;
        var startScale = options.StartScale ?? (spectrum.Modes == RgModel.Infinite ? 1e4 * Math.Max(1, Math.Ceiling(selfConsistent.LearnabilityThreshold)) : spectrum.Modes);
        if (!(startScale >= 1) || (spectrum.Modes != RgModel.Infinite && startScale > spectrum.Modes))
            throw new ArgumentOutOfRangeException(nameof(options), startScale, "FlowOptions.StartScale must lie in 1..M.");
        var top = (long)Math.Floor(startScale);

        double Hard(long scale) => ridge + spectrum.EigenvalueSum(scale + 1);
        double Soft(long scale) => ridge + t * spectrum.Sums(t, scale + 1).Learnability;

        var points = new List<RgFlowPoint>();
        var scales = LogGrid(top, options.PointsPerDecade);
        foreach (var scale in scales)
            points.Add(new RgFlowPoint(scale, Math.Log((double)top / scale), Hard(scale), Soft(scale)));

        // Hard stop: first Λ from above with P λ_Λ ≥ κ_Λ; located on the grid, then by bisection between grid points.
        double Gap(long scale) => datasetSize * spectrum.Eigenvalue(scale) - Hard(scale);
        long stop = 0;
        for (var i = 0; i < scales.Count; i++)
        {
            if (Gap(scales[i]) < 0) continue;
            if (i == 0) { stop = scales[0]; break; }
            long learned = scales[i], unlearned = scales[i - 1];
            while (unlearned - learned > 1)
            {
                var mid = learned + (unlearned - learned) / 2;
                if (Gap(mid) >= 0) learned = mid; else unlearned = mid;
            }
            stop = learned;
            break;
        }
        var stopRidge = stop == 0 ? Hard(0) : Hard(stop);
        var removedPower = spectrum.TargetPowerSum(stop + 1);
        var keptBias = stop == 0 ? 0 : spectrum.Sums(stopRidge / datasetSize, 1, stop).Bias;
        var softEnd = ridge + t * spectrum.Sums(t).Learnability;
        var flow = new RgFlow(datasetSize, ridge, top, points, stop, stopRidge, keptBias + removedPower + noise,
            selfConsistent.EffectiveRidge, softEnd, selfConsistent);
        // Eigenvalues near double.MaxValue overflow the hard ridge: refuse with the inputs named, never an infinity.
        if (!double.IsFinite(flow.StoppingRidge) || !double.IsFinite(flow.HardStopTestError) || !double.IsFinite(flow.SoftEndRidge)
            || points.Any(p => !double.IsFinite(p.HardRidge) || !double.IsFinite(p.SoftRidge)))
            throw new InvalidOperationException(FormattableString.Invariant(
                $"the ridge flow at P = {datasetSize:R}, κ = {ridge:R} overflows double precision (largest eigenvalue λ_1 = {spectrum.Eigenvalue(1):R}); scale the spectrum and κ to moderate values."));
        return flow;
    }

    /// <summary>Distinct integer scales from top down to 1, about pointsPerDecade per decade.</summary>
    internal static List<long> LogGrid(long top, int pointsPerDecade)
    {
        var result = new List<long>();
        var decades = Math.Log10(top);
        var count = (int)Math.Ceiling(decades * pointsPerDecade);
        for (var i = 0; i <= count; i++)
        {
            var scale = (long)Math.Round(Math.Pow(10, decades * (1 - (double)i / Math.Max(count, 1))));
            scale = Math.Clamp(scale, 1, top);
            if (result.Count == 0 || scale < result[^1]) result.Add(scale);
        }
        if (result[^1] != 1) result.Add(1);
        return result;
    }
}
