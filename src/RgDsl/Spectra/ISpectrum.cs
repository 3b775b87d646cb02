namespace RgDsl.Spectra;

/// <summary>
/// A kernel spectrum with its target: eigenvalues λ_k (positive, non-increasing), multiplicities n_k ≥ 1 and target
/// powers y_k² ≥ 0 for modes k = 1..<see cref="Modes"/>. Implementations answer range sums without necessarily
/// visiting every mode (see <see cref="PowerLawSpectrum"/>).
/// </summary>
public interface ISpectrum
{
    /// <summary>The number of distinct modes M, or <see cref="RgModel.Infinite"/>.</summary>
    long Modes { get; }

    /// <summary>Σ_k n_k: the number of modes counted with multiplicity (∞ for infinite rank).</summary>
    double ModeCount { get; }

    /// <summary>λ_k for 1 ≤ k ≤ M.</summary>
    double Eigenvalue(long k);

    /// <summary>y_k² for 1 ≤ k ≤ M (the power of one of the n_k degenerate modes).</summary>
    double TargetPower(long k);

    /// <summary>n_k for 1 ≤ k ≤ M.</summary>
    long Multiplicity(long k);

    /// <summary>The sums of <see cref="SpectralSums"/> over modes <paramref name="from"/>..<paramref name="to"/> (inclusive, clipped to 1..M).</summary>
    SpectralSums Sums(double t, long from = 1, long to = RgModel.Infinite);

    /// <summary>(Σ n_k L_k, Σ n_k L_k(1 − L_k)) over all modes: the two sums the ridge solver needs at each step.</summary>
    (double Learnability, double Spread) LearnabilitySums(double t);

    /// <summary>Σ n_k λ_k over modes from..to.</summary>
    double EigenvalueSum(long from = 1, long to = RgModel.Infinite);

    /// <summary>Σ n_k y_k² over modes from..to.</summary>
    double TargetPowerSum(long from = 1, long to = RgModel.Infinite);

    /// <summary>The continuous mode index at which λ_k = t (learnability 1/2), counting multiplicities.</summary>
    double ThresholdIndex(double t);

    /// <summary>
    /// A starting point for the root t of the self-consistent equation: κ/P plus the eigenvalue near mode P (the
    /// ridgeless scale). Spectra with an asymptotic law can do better.
    /// </summary>
    double InitialRootGuess(double datasetSize, double ridge)
    {
        var k = (long)Math.Clamp(Math.Ceiling(datasetSize), 1, Math.Min(Modes, 1L << 52));
        return ridge / datasetSize + Eigenvalue(k);
    }

    /// <summary>One line saying what the spectrum is, e.g. "power law λ_k = 1·k^-2, M = ∞".</summary>
    string Description { get; }
}
