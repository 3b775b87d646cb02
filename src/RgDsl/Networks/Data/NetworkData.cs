using System.Globalization;
using RgDsl.Data;
using RgDsl.Validity;

namespace RgDsl.Networks.Data;

/// <summary>A labelled sample: inputs (one row each), the teacher's clean targets, and the labels (targets plus label noise).</summary>
public sealed record LabeledSample(double[][] Inputs, double[] Targets, double[] Labels)
{
    public int Count => Inputs.Length;
}

/// <summary>
/// A learning task for networks: a distribution of inputs with a target function, from which training and test sets
/// are drawn, and on which the theory measures the kernel's spectrum (a pool of inputs taken as the data measure).
/// </summary>
public abstract class NetworkData
{
    protected NetworkData(int dimension, double labelNoise, string description)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "the input dimension must be at least 1.");
        // σ² = 1.8e308 made the sampled labels overflow the collapsed HMC's energy: kept well inside double precision.
        if (!(labelNoise >= 0 && labelNoise <= 1e100)) throw new ArgumentOutOfRangeException(nameof(labelNoise), labelNoise, "the label-noise variance σ² must lie between 0 and 1e100.");
        Dimension = dimension; LabelNoise = labelNoise; Description = description;
    }

    /// <summary>d.</summary>
    public int Dimension { get; }
    /// <summary>σ², added to the training labels (the test error of the theory includes it on the test label too).</summary>
    public double LabelNoise { get; }
    public string Description { get; }

    /// <summary>The largest number of distinct points one draw can give (int.MaxValue for a continuous distribution).</summary>
    public virtual int Capacity => int.MaxValue;

    /// <summary>A training set and a disjoint test set, reproducible from the seed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive sizes, or more points than the data holds.</exception>
    public (LabeledSample Train, LabeledSample Test) Split(int trainCount, int testCount, int seed)
    {
        if (trainCount < 1) throw new ArgumentOutOfRangeException(nameof(trainCount), trainCount, "the training set needs at least one point (P ≥ 1).");
        if (testCount < 1) throw new ArgumentOutOfRangeException(nameof(testCount), testCount, "the test set needs at least one point.");
        if ((long)trainCount + testCount > Capacity)
            throw new ArgumentOutOfRangeException(nameof(trainCount), trainCount, string.Create(CultureInfo.InvariantCulture,
                $"{Description} holds {Capacity} points; P = {trainCount} plus {testCount} test points do not fit. Use a smaller P or a larger dataset."));
        var random = new Random(seed);
        var all = Draw(trainCount + testCount, random);
        LabeledSample Part(int from, int count) => new(all.Inputs[from..(from + count)], all.Targets[from..(from + count)], all.Labels[from..(from + count)]);
        return (Part(0, trainCount), Part(trainCount, testCount));
    }

    /// <summary>A pool of distinct points that the theory takes as the data measure (for the kernel's spectrum).</summary>
    public LabeledSample Pool(int count, int seed)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "the pool needs at least two points.");
        if (count > Capacity) throw new ArgumentOutOfRangeException(nameof(count), count, string.Create(CultureInfo.InvariantCulture, $"{Description} holds only {Capacity} points."));
        return Draw(count, new Random(seed));
    }

    /// <summary><paramref name="count"/> points, distinct for finite data.</summary>
    protected abstract LabeledSample Draw(int count, Random random);

    /// <summary>Adds label noise N(0, σ²) to clean targets.</summary>
    protected double[] Noisy(double[] targets, Random random)
    {
        if (LabelNoise == 0) return (double[])targets.Clone();
        var sd = Math.Sqrt(LabelNoise);
        return targets.Select(t => t + sd * StandardNormal.Sample(random)).ToArray();
    }

    /// <summary>
    /// Gaussian inputs x ~ N(0, Σ) with Σ diagonal and Σ_jj ∝ j^−(1+a), normalised to tr Σ = d (so |x|²/d ≈ 1), and a
    /// teacher (THEORY §6.4).
    /// </summary>
    public static PowerLawGaussianData PowerLawGaussian(int dimension, double inputExponent, Teacher teacher, double labelNoise = 0) =>
        new(dimension, inputExponent, teacher, labelNoise);

    /// <summary>A finite dataset (e.g. MNIST) as the data distribution, with one target per sample; draws are without replacement.</summary>
    public static DatasetData FromDataset(Dataset dataset, double[] targets, string targetDescription, double labelNoise = 0) =>
        new(dataset, targets, targetDescription, labelNoise);
}

/// <summary>Gaussian inputs with a power-law covariance spectrum and a teacher (see <see cref="NetworkData.PowerLawGaussian"/>).</summary>
public sealed class PowerLawGaussianData : NetworkData
{
    /// <summary>ln of the largest ratio Σ_11/Σ_dd allowed (1e150).</summary>
    private static readonly double MaxLogVarianceRatio = 150 * Math.Log(10);

    internal PowerLawGaussianData(int dimension, double inputExponent, Teacher teacher, double labelNoise)
        : base(dimension, labelNoise, string.Create(CultureInfo.InvariantCulture,
            $"Gaussian inputs, d = {dimension}, Σ_jj ∝ j^-(1+{inputExponent:G4}); {teacher?.Description}{(labelNoise > 0 ? $"; label noise σ² = {labelNoise:G4}" : "")}"))
    {
        ArgumentNullException.ThrowIfNull(teacher);
        if (!double.IsFinite(inputExponent) || inputExponent <= -1)
            throw new ArgumentOutOfRangeException(nameof(inputExponent), inputExponent, "the input covariance exponent a must be finite and > −1 (Σ_jj ∝ j^-(1+a) must decrease).");
        // The last variance against the first, d^-(1+a), must stay far from underflow: a variance of 0 gives the linear
        // teacher an infinite weight (its power over the variance) and 0·∞ labels (long network fuzz, case 27,014: a = 1.8e308).
        if (dimension > 1 && (1 + inputExponent) * Math.Log(dimension) > MaxLogVarianceRatio)
            throw new ArgumentOutOfRangeException(nameof(inputExponent), inputExponent, string.Create(CultureInfo.InvariantCulture,
                $"with d = {dimension} the input covariance exponent a must be at most {MaxLogVarianceRatio / Math.Log(dimension) - 1:G4}: Σ_dd/Σ_11 = d^-(1+a) must stay above 1e-150."));
        // The variances, their raw powers and the teacher's directions: four arrays of d.
        MemoryBudget.Check(32.0 * dimension, string.Create(CultureInfo.InvariantCulture, $"Gaussian inputs of dimension d = {dimension}"), nameof(dimension),
            string.Create(CultureInfo.InvariantCulture, $"use d ≤ {Math.Floor(MemoryBudget.Usable / 32):0}."));
        InputExponent = inputExponent;
        Teacher = teacher;
        var raw = Enumerable.Range(1, dimension).Select(j => Math.Pow(j, -(1 + inputExponent))).ToArray();
        var scale = dimension / raw.Sum();
        Variances = raw.Select(v => v * scale).ToArray();
        teacher.Bind(this);
    }

    /// <summary>a.</summary>
    public double InputExponent { get; }
    public Teacher Teacher { get; }
    /// <summary>Σ_jj, decreasing, summing to d.</summary>
    public IReadOnlyList<double> Variances { get; }

    protected override LabeledSample Draw(int count, Random random)
    {
        var inputs = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var x = new double[Dimension];
            for (var j = 0; j < Dimension; j++) x[j] = Math.Sqrt(Variances[j]) * StandardNormal.Sample(random);
            inputs[i] = x;
        }
        var targets = inputs.Select(Teacher.Evaluate).ToArray();
        return new LabeledSample(inputs, targets, Noisy(targets, random));
    }
}

/// <summary>A finite dataset as the data distribution (see <see cref="NetworkData.FromDataset"/>).</summary>
public sealed class DatasetData : NetworkData
{
    private readonly Dataset _dataset;
    private readonly double[] _targets;

    internal DatasetData(Dataset dataset, double[] targets, string targetDescription, double labelNoise)
        : base(dataset?.Features ?? 1, labelNoise, $"{dataset?.Name}; target: {targetDescription}")
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Length != dataset.Count) throw new ArgumentException($"{targets.Length} targets for {dataset.Count} samples.", nameof(targets));
        foreach (var t in targets) if (!double.IsFinite(t)) throw new ArgumentException("a target is not finite.", nameof(targets));
        _dataset = dataset; _targets = targets;
    }

    public override int Capacity => _dataset.Count;

    protected override LabeledSample Draw(int count, Random random)
    {
        // A partial Fisher–Yates shuffle: distinct samples.
        var order = Enumerable.Range(0, _dataset.Count).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = i + random.Next(order.Length - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var picks = order[..count];
        var targets = picks.Select(i => _targets[i]).ToArray();
        return new LabeledSample(picks.Select(i => _dataset.Inputs[i]).ToArray(), targets, Noisy(targets, random));
    }
}

/// <summary>Standard normal draws (Box–Muller on the given generator, so every draw is reproducible from its seed).</summary>
internal static class StandardNormal
{
    public static double Sample(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
