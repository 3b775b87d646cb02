namespace RgDsl.Networks.Functions;

/// <summary>How |φ(z)| grows as |z| → ∞: what decides whether a tilt exp(c(α·φ)²) of a Gaussian can be normalised.</summary>
public enum ActivationGrowth
{
    /// <summary>φ bounded (tanh, erf): every tilt exp(c(α·φ)²) is bounded, so the tilted measure is always normalisable.</summary>
    Bounded,
    /// <summary>φ(z) ≈ c₊z for z → +∞ and c₋z for z → −∞ (linear, ReLU): the tilt is Gaussian-like at large |w| and competes with the prior.</summary>
    Linear,
    /// <summary>|φ(z)| grows faster than |z| (e.g. z + εz³): the tilt beats the Gaussian prior along every direction it sees.</summary>
    Superlinear,
}
