namespace RgDsl.Networks.Sampling;

/// <summary>What one chain kept: per sample the test predictions f_s(x*), the train error and |a|²/N; and its counters.</summary>
internal sealed class ChainRecord
{
    public ChainRecord(int samples, int testCount)
    {
        TestCount = testCount;
        Predictions = new double[(long)samples * testCount];
        TrainErrors = new double[samples];
        KernelScales = new double[samples];
    }

    public int TestCount { get; }
    /// <summary>Samples the record can hold.</summary>
    public int Capacity => TrainErrors.Length;
    /// <summary>Row-major samples × test points.</summary>
    public double[] Predictions { get; }
    public double[] TrainErrors { get; }
    public double[] KernelScales { get; }
    public int Count { get; private set; }
    public long Accepted { get; set; }
    public long Proposals { get; set; }
    public double StepSize { get; set; }
    public long GradientEvaluations { get; set; }
    /// <summary>Proposals after the warm-up (those counted in <see cref="Proposals"/>) whose trajectory was cut at the step limit.</summary>
    public long TruncatedTrajectories { get; set; }

    /// <summary>The row the next sample's predictions go into.</summary>
    public Span<double> NextPrediction => Predictions.AsSpan(Count * TestCount, TestCount);

    /// <summary>Commits the sample whose predictions were written into <see cref="NextPrediction"/>.</summary>
    public void Commit(double trainError, double kernelScale)
    {
        TrainErrors[Count] = trainError;
        KernelScales[Count] = kernelScale;
        Count++;
    }
}
