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
    private readonly double[] _eigenvalues, _targets;
    private readonly Matrix<double> _vectors; // retained eigenvectors, one column per mode, in the order of Eigenvalues

    private EmpiricalSpectrum(double[,] kernel, double[] eigenvalues, double[] targets, Matrix<double> vectors, string description)
    {
        Kernel = kernel; _eigenvalues = eigenvalues; _targets = targets; _vectors = vectors; Description = description;
        Eigenvalues = Array.AsReadOnly(eigenvalues); TargetPowers = Array.AsReadOnly(targets);
    }

    /// <summary>The same decomposition with another label vector: only the projections are recomputed.</summary>
    public EmpiricalSpectrum WithTargets(double[] targets, string description)
    {
        if (targets.Length != Samples) throw new ArgumentException($"{targets.Length} targets for {Samples} samples.");
        return new EmpiricalSpectrum(Kernel, _eigenvalues, Powers(_vectors, targets), _vectors, description);
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
    public IReadOnlyList<double> Eigenvalues { get; }
    /// <summary>y_k² of the retained modes.</summary>
    public IReadOnlyList<double> TargetPowers { get; }
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

    /// <summary>
    /// A fit λ_k ∝ k^−(1+α) over from ≤ k ≤ to (α = −slope − 1): the log-binned fit the generator applies to a measured
    /// table at compile time (<see cref="SpectrumFit"/>), so both give the same α for the same table.
    /// </summary>
    public PowerLawFit FitSpectrum(int from, int to) => Fit(Eigenvalues, from, to, "eigenvalues");

    /// <summary>
    /// A fit y_k² ∝ k^−(1+β) over from ≤ k ≤ to (β = −slope − 1): single y_k² scatter like squared projections, so
    /// they are averaged in logarithmic bins first and bins whose mean is zero are left out (<see cref="SpectrumFit"/>).
    /// </summary>
    public PowerLawFit FitTarget(int from, int to) => Fit(TargetPowers, from, to, "target powers");

    /// <summary>The default fit range k = 10..min(M/4, 1000) (null for fewer than 68 modes), as at compile time.</summary>
    public (int From, int To)? DefaultFitRange => SpectrumFit.DefaultRange(Eigenvalues.Count);

    private PowerLawFit Fit(IReadOnlyList<double> values, int from, int to, string what)
    {
        if (from < 1 || to > values.Count || to - from < 2)
            throw new ArgumentOutOfRangeException(nameof(from), $"the fit range {from}..{to} must lie in 1..{values.Count} and hold at least 3 modes.");
        return SpectrumFit.LogBinned(values, from, to)
            ?? throw new ArgumentException($"the {what} over {from}..{to} leave fewer than three logarithmic bins with a positive mean.");
    }

    /// <summary>
    /// The spectrum as a model: the measured table, optionally continued beyond its last mode by a power-law tail
    /// with the given exponents (matched to the last measured mode), so that predictions at P near N are not
    /// truncation artefacts.
    /// </summary>
    public ISpectrum ToSpectrum(double? tailAlpha = null, double? tailBeta = null)
    {
        return EmpiricalModel.Spectrum(_eigenvalues, _targets, Description, tailAlpha, tailBeta);
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
