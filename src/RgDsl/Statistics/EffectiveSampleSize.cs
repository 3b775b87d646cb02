namespace RgDsl.Statistics;

/// <summary>Effective sample size of a Markov-chain trace (shared by the field-theory HMC and the network samplers).</summary>
internal static class EffectiveSampleSize
{
    /// <summary>
    /// n / τ with τ = −1 + 2 Σ_t Γ_t, Γ_t = ρ_(2t) + ρ_(2t+1), summed over Geyer's (1992) initial monotone sequence:
    /// the pairs are summed while positive, each capped at the previous one (the sequence of a reversible chain is
    /// positive and decreasing, so this removes the noise of the tail without biasing τ down). τ is floored at
    /// 1/log₁₀ n, as in Stan, so an antithetic chain cannot report an absurd ESS.
    /// </summary>
    public static double Geyer(ReadOnlySpan<double> trace)
    {
        var n = trace.Length;
        if (n < 4) return n;
        double mean = 0;
        foreach (var v in trace) mean += v;
        mean /= n;
        double c0 = 0;
        foreach (var v in trace) c0 += (v - mean) * (v - mean);
        c0 /= n;
        if (!(c0 > 0)) return n;
        double Rho(ReadOnlySpan<double> x, int lag)
        {
            double s = 0;
            for (var i = 0; i + lag < x.Length; i++) s += (x[i] - mean) * (x[i + lag] - mean);
            return s / x.Length / c0;
        }
        double sumPairs = 0;
        var previous = double.PositiveInfinity;
        for (var t = 0; 2 * t + 1 < n; t++)
        {
            var pair = Rho(trace, 2 * t) + Rho(trace, 2 * t + 1);
            if (pair <= 0) break;
            pair = Math.Min(pair, previous);
            previous = pair;
            sumPairs += pair;
        }
        var tau = -1 + 2 * sumPairs;
        return n / Math.Max(tau, 1.0 / Math.Log10(Math.Max(n, 10)));
    }
}
