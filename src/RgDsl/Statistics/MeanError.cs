using MathNet.Numerics.Statistics;

namespace RgDsl.Statistics;

/// <summary>The sample mean with its standard error, the one estimate every repeated measurement here reports.</summary>
internal static class MeanError
{
    /// <summary>
    /// The mean of <paramref name="values"/> and its standard error s/√n, s the sample standard deviation (MathNet's
    /// <see cref="MathNet.Numerics.Statistics.Statistics.MeanStandardDeviation(IEnumerable{double})"/>; NaN for fewer
    /// than two values).
    /// </summary>
    public static (double Mean, double StandardError) Of(IReadOnlyCollection<double> values)
    {
        var (mean, deviation) = values.MeanStandardDeviation();
        return (mean, deviation / Math.Sqrt(values.Count));
    }
}
