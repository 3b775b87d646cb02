using System.Diagnostics;

namespace RgDsl.Networks.Universality;

/// <summary>
/// The training sets sampled so far at one P: each one's network error (exact collapsed HMC), reference-GP error on the
/// same data, and chain diagnostics. New training sets continue the sequence of <see cref="NetworkExperiments.Run"/>
/// (training set i uses the data seed Seed + 7919 i), so adding n sets then m gives the same data as n + m at once.
/// </summary>
internal sealed class ShiftAccumulator(NetworkModel model, int datasetSize, UniversalityOptions options)
{
    private readonly List<double> _network = [];
    private readonly List<double> _reference = [];
    private readonly List<double> _rHat = [];
    private readonly List<double> _ess = [];
    private readonly Stopwatch _clock = new();
    private readonly double _scale = options.Reference == ShiftReference.RenormalisedKernel ? model.PredictNetwork(datasetSize).RenormalisedScale : 1;

    public int DatasetSize { get; } = datasetSize;
    public NetworkArchitecture Architecture => model.Architecture;
    public int Count => _network.Count;
    /// <summary>Measured wall seconds per training set so far.</summary>
    public double SecondsPerDataset => Count == 0 ? double.PositiveInfinity : _clock.Elapsed.TotalSeconds / Count;

    /// <summary>Samples <paramref name="count"/> more training sets (at least 2).</summary>
    public void Extend(int count)
    {
        _clock.Start();
        var seed = options.Seed + 7919 * Count;
        var experiment = model.Sample(DatasetSize, new NetworkExperimentOptions(count, options.TestPoints, seed, options.Sampler));
        for (var i = 0; i < count; i++)
        {
            var run = experiment.Runs[i];
            var (train, test) = model.Data.Split(DatasetSize, options.TestPoints, seed + 7919 * i);
            _network.Add(run.TestError.Value + model.Data.LabelNoise);
            // The GP with kernel s*·K and likelihood variance κ is kernel ridge regression with K and ridge κ/s*.
            _reference.Add(NetworkExperiments.KernelRegressionError(model.Theory.Kernel, model.Ridge / _scale, train, test) + model.Data.LabelNoise);
            _rHat.Add(run.SplitRHat);
            _ess.Add(run.EffectiveSampleSize);
        }
        _clock.Stop();
    }

    /// <summary>
    /// |δ|/s.e. needed with n training sets: the Student-t quantile with n − 1 degrees of freedom at the confidence k
    /// standard errors give a normal estimate (the s.e. itself is estimated from n sets: k = 3 needs 236 s.e. with 2 sets,
    /// 6.9 with 6, 3.5 with 24).
    /// </summary>
    public static double Threshold(double significance, int count) =>
        MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, count - 1, MathNet.Numerics.Distributions.Normal.CDF(0, 1, significance));

    /// <summary>The point as measured so far.</summary>
    public UniversalityPoint Point()
    {
        if (Count < 2)
            return new UniversalityPoint(DatasetSize, Count, new Estimate(0, double.PositiveInfinity), new Estimate(0, double.PositiveInfinity),
                new Estimate(0, double.PositiveInfinity), _scale, false, false, double.PositiveInfinity, 0, _clock.Elapsed, double.PositiveInfinity);
        var networkSum = _network.Sum();
        var referenceSum = _reference.Sum();
        var ratio = networkSum / referenceSum;
        double variance = 0;
        for (var i = 0; i < Count; i++)
        {
            var r = _network[i] - ratio * _reference[i];
            variance += r * r;
        }
        var shift = new Estimate(ratio - 1, Math.Sqrt(variance * Count / (Count - 1)) / referenceSum);
        var mixed = _rHat.All(r => r <= NetworkExperiments.MaxSplitRHat) && _ess.All(e => e >= NetworkExperiments.MinEffectiveSamples);
        var threshold = Threshold(options.RequiredSignificance, Count);
        var resolved = mixed && shift.StandardError < double.PositiveInfinity && Math.Abs(shift.Value) >= threshold * shift.StandardError && shift.Value != 0;
        return new UniversalityPoint(DatasetSize, Count, NetworkExperiments.MeanAndError(_network), NetworkExperiments.MeanAndError(_reference), shift,
            _scale, mixed, resolved, _rHat.Max(), _ess.Min(), _clock.Elapsed, threshold);
    }
}
