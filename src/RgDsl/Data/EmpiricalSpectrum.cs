using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Spectra;

namespace RgDsl.Data;

/// <summary>
/// The spectrum of a kernel on N samples with the samples as the data distribution (uniform measure on them):
/// eigenvalues λ_k of K/N in decreasing order, and the target power y_k² = (u_kᵀ y)²/N of each mode for a label
/// vector y (so Σ_k y_k² = mean of y²). Cost: the kernel matrix N² kernel evaluations, the symmetric eigensolver
/// O(N³) (about 17 s for N = 2,000 on this project's 2-core machine).
/// </summary>
public sealed class EmpiricalSpectrum
{
    private readonly Matrix<double> _vectors; // retained eigenvectors, one column per mode, in the order of Eigenvalues

    private EmpiricalSpectrum(double[,] kernel, double[] eigenvalues, double[] targets, Matrix<double> vectors, string description)
    {
        Kernel = kernel; Eigenvalues = eigenvalues; TargetPowers = targets; _vectors = vectors; Description = description;
    }

    /// <summary>The same decomposition with another label vector: only the projections are recomputed.</summary>
    public EmpiricalSpectrum WithTargets(double[] targets, string description)
    {
        if (targets.Length != Samples) throw new ArgumentException($"{targets.Length} targets for {Samples} samples.");
        return new EmpiricalSpectrum(Kernel, Eigenvalues, Powers(_vectors, targets), _vectors, description);
    }

    private static double[] Powers(Matrix<double> vectors, double[] targets)
    {
        var projections = vectors.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(targets));
        return projections.Select(p => p * p / targets.Length).ToArray();
    }

    /// <summary>The retained unit eigenvectors of K/N, one column per mode in the order of <see cref="Eigenvalues"/>.</summary>
    internal Matrix<double> Vectors => _vectors;

    /// <summary>The kernel matrix K (N × N).</summary>
    public double[,] Kernel { get; }
    /// <summary>λ_k, positive, non-increasing (numerically zero or negative eigenvalues are dropped).</summary>
    public double[] Eigenvalues { get; }
    /// <summary>y_k² of the retained modes.</summary>
    public double[] TargetPowers { get; }
    public string Description { get; }
    public int Samples => Kernel.GetLength(0);

    /// <summary>The kernel matrix of a kernel on a dataset (parallel over rows).</summary>
    public static double[,] KernelMatrix(IKernel kernel, Dataset data)
    {
        var n = data.Count;
        var k = new double[n, n];
        Parallel.For(0, n, i =>
        {
            for (var j = 0; j <= i; j++)
            {
                var v = kernel.Evaluate(data.Inputs[i], data.Inputs[j]);
                k[i, j] = v;
                k[j, i] = v;
            }
        });
        return k;
    }

    public static EmpiricalSpectrum Compute(IKernel kernel, Dataset data, double[] targets) =>
        Compute(KernelMatrix(kernel, data), targets, $"{kernel.Description} on {data.Name}");

    public static EmpiricalSpectrum Compute(double[,] kernel, double[] targets, string description)
    {
        var n = kernel.GetLength(0);
        if (kernel.GetLength(1) != n) throw new ArgumentException("the kernel matrix must be square.");
        if (targets.Length != n) throw new ArgumentException($"{targets.Length} targets for {n} samples.");
        var matrix = Matrix<double>.Build.DenseOfArray(kernel) / n;
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(c => c.Real).ToArray();
        var vectors = evd.EigenVectors;
        var floor = values.Max() * n * 1e-15; // below this an eigenvalue is rounding noise
        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).TakeWhile(i => values[i] > floor).ToArray();
        var retained = Matrix<double>.Build.Dense(n, order.Length, (row, column) => vectors[row, order[column]]);
        return new EmpiricalSpectrum(kernel, order.Select(i => values[i]).ToArray(), Powers(retained, targets), retained, description);
    }

    /// <summary>A fit λ_k ∝ k^−(1+α) over from ≤ k ≤ to; α = −slope − 1.</summary>
    public PowerLawFit FitSpectrum(int from, int to) =>
        PowerLawFit.Fit(Indices(from, to), Indices(from, to).Select(k => Eigenvalues[(int)k - 1]).ToList());

    /// <summary>
    /// A fit y_k² ∝ k^−(1+β) over from ≤ k ≤ to: single y_k² scatter like squared projections, so they are first
    /// averaged in logarithmic bins (ratio 1.25) and the bin means are fitted; β = −slope − 1. Bins whose mean is zero
    /// are left out.
    /// </summary>
    public PowerLawFit FitTarget(int from, int to)
    {
        Indices(from, to);
        var xs = new List<double>();
        var ys = new List<double>();
        var lo = from;
        while (lo <= to)
        {
            var hi = Math.Min(to, Math.Max(lo, (int)Math.Floor(lo * 1.25)));
            var mean = Enumerable.Range(lo, hi - lo + 1).Average(k => TargetPowers[k - 1]);
            if (mean > 0)
            {
                xs.Add(Math.Exp(Enumerable.Range(lo, hi - lo + 1).Average(k => Math.Log(k))));
                ys.Add(mean);
            }
            lo = hi + 1;
        }
        return PowerLawFit.Fit(xs, ys);
    }

    private List<double> Indices(int from, int to)
    {
        if (from < 1 || to > Eigenvalues.Length || to - from < 2)
            throw new ArgumentOutOfRangeException(nameof(from), $"the fit range {from}..{to} must lie in 1..{Eigenvalues.Length} and hold at least 3 modes.");
        return Enumerable.Range(from, to - from + 1).Select(k => (double)k).ToList();
    }

    /// <summary>
    /// The spectrum as a model: the measured table, optionally continued beyond its last mode by a power-law tail
    /// with the given exponents (matched to the last measured mode), so that predictions at P near N are not
    /// truncation artefacts.
    /// </summary>
    public ISpectrum ToSpectrum(double? tailAlpha = null, double? tailBeta = null)
    {
        return EmpiricalModel.Spectrum(Eigenvalues, TargetPowers, Description, tailAlpha, tailBeta);
    }
}

/// <summary>Measured spectra as models (the run-time path for data loaded while the program runs).</summary>
public static class EmpiricalModel
{
    /// <summary>
    /// A Gaussian model of measured eigenvalues and target powers; with <paramref name="tailAlpha"/> the table is continued
    /// beyond its last mode by λ ∝ k^−(1+α), y² ∝ k^−(1+β) (both need to be positive).
    /// </summary>
    public static GaussianModel Create(string name, double[] eigenvalues, double[] targetPowers, double ridge, double noise = 0, double? tailAlpha = null, double? tailBeta = null) =>
        new(name, Spectrum(eigenvalues, targetPowers, name, tailAlpha, tailBeta), ridge, noise);

    /// <summary>The spectrum of <see cref="Create"/>; generated models with [Spectrum(File = …)] use it too.</summary>
    public static ISpectrum Spectrum(double[] eigenvalues, double[]? targetPowers, string source, double? tailAlpha = null, double? tailBeta = null)
    {
        var table = new TableSpectrum(eigenvalues, targetPowers, null, source);
        if (tailAlpha is null) return table;
        if (!(tailAlpha > 0) || !((tailBeta ?? tailAlpha) > 0))
            throw new ArgumentException(FormattableString.Invariant($"{source}: a power-law tail needs α > 0 and β > 0 (got α = {tailAlpha:R}, β = {tailBeta ?? tailAlpha:R}); without them its trace or target power diverges."));
        return new TailedSpectrum(table, tailAlpha.Value, tailBeta ?? tailAlpha.Value);
    }
}

/// <summary>A measured table continued by a power-law tail λ_k = λ_N (k/N)^−(1+α), y_k² = y_N²-level (k/N)^−(1+β) for k &gt; N, to infinity.</summary>
internal sealed class TailedSpectrum : ISpectrum
{
    private readonly TableSpectrum _table;
    private readonly PowerLawSpectrum _tail;
    private readonly long _n;

    public TailedSpectrum(TableSpectrum table, double alpha, double beta)
    {
        _table = table;
        _n = table.Modes;
        var s = 1 + alpha;
        var r = 1 + beta;
        // Match the tail at mode N: c·N^−s = λ_N; the target level from the mean of the last tenth of the table.
        var lastTenth = Math.Max(1, (int)(_n / 10));
        var level = Enumerable.Range((int)_n - lastTenth + 1, lastTenth).Average(k => table.TargetPower(k) * Math.Pow(k, r));
        _tail = new PowerLawSpectrum(table.Eigenvalue(_n) * Math.Pow(_n, s), s, RgModel.Infinite, level, r);
        Alpha = alpha; Beta = beta;
    }

    public double Alpha { get; }
    public double Beta { get; }
    public long Modes => RgModel.Infinite;
    public double ModeCount => double.PositiveInfinity;
    public double Eigenvalue(long k) => k <= _n ? _table.Eigenvalue(k) : _tail.Eigenvalue(k);
    public double TargetPower(long k) => k <= _n ? _table.TargetPower(k) : _tail.TargetPower(k);
    public long Multiplicity(long k) => 1;
    public SpectralSums Sums(double t, long from = 1, long to = RgModel.Infinite) => _table.Sums(t, from, Math.Min(to, _n)) + (to > _n ? _tail.Sums(t, Math.Max(from, _n + 1), to) : default);
    public (double Learnability, double Spread) LearnabilitySums(double t)
    {
        var head = _table.LearnabilitySums(t);
        var tail = _tail.Sums(t, _n + 1);
        return (head.Learnability + tail.Learnability, head.Spread + tail.LearnabilitySpread);
    }
    public double EigenvalueSum(long from = 1, long to = RgModel.Infinite) => _table.EigenvalueSum(from, Math.Min(to, _n)) + (to > _n ? _tail.EigenvalueSum(Math.Max(from, _n + 1), to) : 0);
    public double TargetPowerSum(long from = 1, long to = RgModel.Infinite) => _table.TargetPowerSum(from, Math.Min(to, _n)) + (to > _n ? _tail.TargetPowerSum(Math.Max(from, _n + 1), to) : 0);
    public double ThresholdIndex(double t) => t >= _table.Eigenvalue(_n) ? _table.ThresholdIndex(t) : _tail.ThresholdIndex(t);
    public string Description => string.Create(CultureInfo.InvariantCulture, $"{_table.Description} + power-law tail beyond mode {_n} (α = {Alpha:0.###}, β = {Beta:0.###})");
}
