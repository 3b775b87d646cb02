using System.Globalization;

namespace RgDsl.Networks;

/// <summary>Which sampler produced a <see cref="NetworkSampleResult"/>.</summary>
public enum NetworkSamplerKind
{
    /// <summary>Langevin dynamics on all weights (unadjusted or Metropolis-adjusted).</summary>
    Langevin,
    /// <summary>HMC on the hidden weights with the readout integrated analytically (exact).</summary>
    CollapsedHmc,
}

/// <summary>
/// Posterior estimates of a finite-width network on a test set. Every Monte Carlo estimate carries a standard error
/// from batch means (20 batches per chain); <see cref="IsReliable"/> and <see cref="Warnings"/> say whether the chains
/// mixed well enough for those errors to be trusted.
/// </summary>
/// <param name="Sampler">The sampler.</param>
/// <param name="MeanPrediction">The posterior-mean predictor f̄(x*) at each test point.</param>
/// <param name="PredictionStandardError">Monte Carlo standard error of each f̄(x*).</param>
/// <param name="TestError">
/// ε = mean over test points of (f̄(x*) − y*)², with the Monte Carlo bias mean Var(f̄(x*)) removed, and its standard
/// error (batch means of the linearised statistic 2·mean(f̄ − y*)(f_s − f̄)).
/// </param>
/// <param name="MonteCarloBias">The bias mean Var(f̄(x*)) that was subtracted from the raw test error.</param>
/// <param name="EffectiveSampleSize">Effective samples of the test error (Geyer's initial monotone sequence, summed over chains).</param>
/// <param name="TrainError">Posterior mean of mean_μ (f(x_μ) − y_μ)² (Langevin: the network's output; collapsed HMC: Rao–Blackwellised over the readout).</param>
/// <param name="KernelScale">Posterior mean of |a|²/N, the readout's kernel scale (σ_a² under the prior).</param>
/// <param name="AcceptanceRate">Fraction of accepted proposals (1 for unadjusted Langevin).</param>
/// <param name="StepSize">The (final, adapted) step size, averaged over chains.</param>
/// <param name="GradientEvaluations">Gradient evaluations over all chains, warm-up included.</param>
/// <param name="WallTime">Wall-clock time of the whole run.</param>
/// <param name="Chains">Number of chains.</param>
/// <param name="SamplesPerChain">Kept samples per chain.</param>
/// <param name="SplitRHat">Split-R̂ of the linearised test-error statistic over all chain halves (near 1 when mixed).</param>
/// <param name="Warnings">Reasons the estimates may not be trusted; empty when none were found.</param>
public sealed record NetworkSampleResult(
    NetworkSamplerKind Sampler,
    IReadOnlyList<double> MeanPrediction,
    IReadOnlyList<double> PredictionStandardError,
    Estimate TestError,
    double MonteCarloBias,
    double EffectiveSampleSize,
    Estimate TrainError,
    Estimate KernelScale,
    double AcceptanceRate,
    double StepSize,
    long GradientEvaluations,
    TimeSpan WallTime,
    int Chains,
    int SamplesPerChain,
    double SplitRHat,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Effective samples of the test error per second of wall time.</summary>
    public double EffectiveSamplesPerSecond => EffectiveSampleSize / Math.Max(WallTime.TotalSeconds, 1e-9);

    /// <summary>True when no warning was raised: chains mixed (R̂ &lt; 1.1), enough effective samples, batches long enough.</summary>
    public bool IsReliable => Warnings.Count == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Sampler}: test error {TestError}, train error {TrainError}, |a|²/N {KernelScale}, ESS {EffectiveSampleSize:F0} ({EffectiveSamplesPerSecond:G3}/s), acceptance {AcceptanceRate:F2}, step {StepSize:G3}, R̂ {SplitRHat:F3}{(IsReliable ? "" : " — NOT RELIABLE: " + string.Join("; ", Warnings))}");
}
