namespace RgDsl.Statistics;

/// <summary>When Markov chains count as mixed: the one split-R̂ threshold of the samplers and their experiments.</summary>
internal static class ChainConvergence
{
    /// <summary>
    /// Chains whose split-R̂ is not below this have not mixed: 1.1, the classic threshold of Gelman et al.
    /// (Bayesian Data Analysis, 3rd ed., §11.5). (Vehtari et al. 2021 ask for 1.01 with rank-normalised R̂ and many
    /// more draws than the samplers' defaults keep.)
    /// </summary>
    public const double MaxSplitRHat = 1.1;

    /// <summary>True when <paramref name="splitRHat"/> is below <see cref="MaxSplitRHat"/> (false for NaN).</summary>
    public static bool IsMixed(double splitRHat) => splitRHat < MaxSplitRHat;
}
