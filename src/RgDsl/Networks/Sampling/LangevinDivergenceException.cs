namespace RgDsl.Networks.Sampling;

/// <summary>
/// Langevin dynamics diverged: the step size is beyond the stability limit of the posterior's stiffest direction. The
/// message names the step size and a smaller one to try.
/// </summary>
public sealed class LangevinDivergenceException : InvalidOperationException
{
    public LangevinDivergenceException(string message, double stepSize, long step) : base(message)
    {
        StepSize = stepSize;
        Step = step;
    }

    /// <summary>The step size η that diverged.</summary>
    public double StepSize { get; }

    /// <summary>The step at which the potential left its bound.</summary>
    public long Step { get; }
}
