using System.Globalization;

namespace RgDsl.Validity;

/// <summary>
/// Up-front time checks: a run whose a-priori estimate exceeds its time budget is refused before it starts, with the
/// estimate, the budget and what to change, instead of running for hours with no end in sight. Estimates count
/// floating-point operations at <see cref="AssumedFlopsPerSecond"/> per core: a round, deliberately low rate (the
/// samplers' matrix products run at a few 10⁹ per core here), so an estimate errs long.
/// </summary>
internal static class TimeBudget
{
    /// <summary>The floating-point rate per core the estimates assume.</summary>
    public const double AssumedFlopsPerSecond = 1e9;

    /// <summary>Seconds of <paramref name="flops"/> operations spread over <paramref name="cores"/> cores (at most the machine's).</summary>
    public static double Seconds(double flops, double cores = 1) =>
        flops / AssumedFlopsPerSecond / Math.Clamp(cores, 1, Environment.ProcessorCount);

    /// <summary>Throws <see cref="ArgumentException"/> for <paramref name="parameter"/> when <paramref name="seconds"/> exceed <paramref name="budget"/>.</summary>
    /// <param name="seconds">The estimate.</param>
    /// <param name="budget">The budget the caller set (its options' TimeBudget).</param>
    /// <param name="what">What would run ("CollapsedHmc of a width-1000000 network at P = 32 …").</param>
    /// <param name="parameter">The argument whose value asks for too much.</param>
    /// <param name="advice">What to change, with the largest value that fits where it can be computed.</param>
    /// <param name="budgetName">Where the budget is set ("NetworkExperimentOptions.TimeBudget").</param>
    public static void Check(double seconds, TimeSpan budget, string what, string parameter, string advice, string budgetName)
    {
        if (seconds <= budget.TotalSeconds) return;
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{what} is estimated at {Format(seconds)} (at {AssumedFlopsPerSecond:G2} floating-point operations a second per core), more than the time budget {budgetName} = {Format(budget.TotalSeconds)}; {advice} Raise {budgetName} to run it anyway."), parameter);
    }

    /// <summary>The largest whole x ≥ 1 with seconds(x) ≤ budget (seconds increasing in x), or 0 when even 1 does not fit.</summary>
    public static long Largest(Func<double, double> seconds, TimeSpan budget) => LargestWithin(seconds, budget.TotalSeconds);

    /// <summary>The largest whole x in 1..int.MaxValue with cost(x) ≤ limit (cost increasing in x), or 0 when even 1 does not fit: doubling, then bisection.</summary>
    public static long LargestWithin(Func<double, double> cost, double limit)
    {
        if (!(cost(1) <= limit)) return 0;
        double lo = 1, hi = 2;
        while (cost(hi) <= limit)
        {
            if (hi >= int.MaxValue) return int.MaxValue;
            lo = hi;
            hi = Math.Min(2 * hi, int.MaxValue);
        }
        while (hi - lo > 1)
        {
            var mid = Math.Floor((lo + hi) / 2);
            if (cost(mid) <= limit) lo = mid; else hi = mid;
        }
        return (long)lo;
    }

    /// <summary>"12 s", "3.4 min", "5.1 h", "12 days".</summary>
    public static string Format(double seconds) =>
        seconds < 90 ? seconds.ToString("G2", CultureInfo.InvariantCulture) + " s"
        : seconds < 5400 ? (seconds / 60).ToString("G2", CultureInfo.InvariantCulture) + " min"
        : seconds < 360_000 ? (seconds / 3600).ToString("G2", CultureInfo.InvariantCulture) + " h"
        : (seconds / 86_400).ToString("#,0", CultureInfo.InvariantCulture) + " days";
}
