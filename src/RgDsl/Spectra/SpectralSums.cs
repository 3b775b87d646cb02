namespace RgDsl.Spectra;

/// <summary>
/// The mode sums of the Gaussian theory at one value of t (THEORY.md §2.2), each weighted by the multiplicity n_k,
/// with L_k = λ_k / (λ_k + t).
/// </summary>
/// <param name="Learnability">Σ n_k L_k.</param>
/// <param name="LearnabilitySpread">Σ n_k L_k (1 − L_k) = −d(Σ n_k L_k)/d ln t.</param>
/// <param name="LearnabilitySquared">Σ n_k L_k².</param>
/// <param name="Bias">Σ n_k (1 − L_k)² y_k².</param>
public readonly record struct SpectralSums(double Learnability, double LearnabilitySpread, double LearnabilitySquared, double Bias)
{
    public static SpectralSums operator +(SpectralSums a, SpectralSums b) => new(
        a.Learnability + b.Learnability,
        a.LearnabilitySpread + b.LearnabilitySpread,
        a.LearnabilitySquared + b.LearnabilitySquared,
        a.Bias + b.Bias);
}
