using System.Runtime.ExceptionServices;

namespace RgDsl.Networks.Linear;

/// <summary>
/// <c>Parallel.For</c> that surfaces a failing iteration's own exception (the first one) instead of an
/// <see cref="AggregateException"/> that wraps the same refusal once per thread.
/// </summary>
internal static class ParallelLoop
{
    /// <summary>Runs <paramref name="body"/> for <paramref name="from"/> ≤ i &lt; <paramref name="to"/> in parallel.</summary>
    public static void For(int from, int to, Action<int> body)
    {
        try
        {
            Parallel.For(from, to, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
    }
}
