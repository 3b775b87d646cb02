using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Data;
using RgDsl.Networks.Data;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The shape fluctuations of a finite-width network's kernel: the fourth cumulant of one unit's features in the
/// kernel's eigenbasis, which (after the overall scale is taken out exactly) is what finite width adds to the GP
/// (THEORY §6.3). Given the readout, f = Σ_i a_i φ_i/√N is a sum of N independent feature processes, so the
/// normalised amplitudes z_k = f_k/√(sλ_k) have the fourth cumulant 3/(N+2) · κ_k₁k₂k₃k₄ with
/// κ = E_w[c_k₁c_k₂c_k₃c_k₄] − (δδ pairings), where c_k(w) = ⟨φ_w, e_k⟩ σ_a/√λ_k are one unit's normalised feature
/// coefficients (E c_k c_q = δ_kq). Its pair-local part (index patterns k k q q and k k k k) becomes, through the
/// Edgeworth expansion of the prior, the perturbations
/// pair-local W(k, q) = −(c/2) κ_kkqq/(λ̃_k λ̃_q) (k ≠ q), mode-local w(k) = −(c/6) κ_kkkk/λ̃_k² and the quadratic counter-term
/// w(k) = (c/2λ̃_k) Σ_q κ_kkqq, with c = 3/(N+2) and λ̃ the prior variance of f_k. Only the pair-local part is kept
/// (for a target with random signs the others cancel at first order); the cumulant is estimated from random units in
/// batches, which gives its Monte-Carlo error.
/// </summary>
public sealed class ShapeCumulants
{
    private readonly double[][] _pairs; // per batch: M×M row-major κ_kkqq (k ≠ q), κ_kkkk on the diagonal

    private ShapeCumulants(int modes, int units, double[][] pairs, string description)
    {
        Modes = modes; Units = units; _pairs = pairs; Description = description;
    }

    /// <summary>The number of leading modes in which the cumulant is kept.</summary>
    public int Modes { get; }
    /// <summary>The number of random units it was estimated from.</summary>
    public int Units { get; }
    public int Batches => _pairs.Length;
    public string Description { get; }

    /// <summary>κ_kkqq (k ≠ q) or κ_kkkk (k = q), averaged over batches; modes from 1.</summary>
    public double PairLocal(int k, int q)
    {
        double sum = 0;
        foreach (var batch in _pairs) sum += batch[(k - 1) * Modes + (q - 1)];
        return sum / _pairs.Length;
    }

    /// <summary>One batch's estimate (for the Monte-Carlo error of what is derived from it).</summary>
    internal double[] Batch(int b) => _pairs[b];

    /// <summary>The mean of κ_kkqq over k ≠ q ≤ m (the part that acts like a scale fluctuation), and of κ_kkkk.</summary>
    public (double OffDiagonal, double Diagonal) Means(int m)
    {
        m = Math.Min(m, Modes);
        double off = 0, diagonal = 0;
        for (var k = 1; k <= m; k++)
            for (var q = 1; q <= m; q++)
                if (k == q) diagonal += PairLocal(k, q); else off += PairLocal(k, q);
        return (m > 1 ? off / (m * (m - 1.0)) : 0, diagonal / m);
    }

    /// <summary>
    /// Estimates the cumulant from <paramref name="units"/> random units of the last hidden layer on the pool the
    /// spectrum was measured on. For depth 1 a unit is φ(w·x/√d) with w ~ N(0, σ_w² I); deeper, its preactivation is
    /// drawn from the GP with the layer's NNGP covariance (the finite-width fluctuations of lower layers are left out).
    /// </summary>
    internal static ShapeCumulants Estimate(NngpKernel kernel, LabeledSample pool, EmpiricalSpectrum spectrum, int modes, int units, int seed, int batches = 8)
    {
        var architecture = kernel.Architecture;
        var n = pool.Count;
        modes = Math.Min(modes, spectrum.Eigenvalues.Count);
        var perBatch = Math.Max(1, units / batches);
        // Projection onto the leading modes, with the normalisation σ_a/(√N_pool √λ_k).
        var projection = Matrix<double>.Build.Dense(n, modes, (i, k) =>
            spectrum.Vectors[i, k] * Math.Sqrt(architecture.ReadoutVariance / (n * spectrum.Eigenvalues[k])));
        Matrix<double>? cholesky = null;
        if (architecture.Depth > 1)
            cholesky = Matrix<double>.Build.DenseOfArray(kernel.PreactivationMatrix(pool.Inputs)).Cholesky().Factor;
        var x = Matrix<double>.Build.Dense(n, architecture.InputDimension, (i, j) => pool.Inputs[i][j]);
        var result = new double[batches][];
        RgDsl.Networks.Linear.ParallelLoop.For(0, batches, b =>
        {
            var random = new Random(seed + 104_729 * b);
            Matrix<double> preactivation;
            if (cholesky is null)
            {
                var w = Matrix<double>.Build.Dense(perBatch, architecture.InputDimension, (_, _) => Math.Sqrt(architecture.WeightVariance) * StandardNormal.Sample(random));
                preactivation = w.TransposeAndMultiply(x) / Math.Sqrt(architecture.InputDimension);
            }
            else
            {
                var xi = Matrix<double>.Build.Dense(perBatch, n, (_, _) => StandardNormal.Sample(random));
                preactivation = xi.TransposeAndMultiply(cholesky);
            }
            var features = preactivation.Map(architecture.Function.Value);
            var c = features * projection; // units × modes
            var squares = c.PointwiseMultiply(c);
            var moments = squares.TransposeThisAndMultiply(squares) / perBatch; // E[c_k² c_q²]
            var table = new double[modes * modes];
            for (var k = 0; k < modes; k++)
                for (var q = 0; q < modes; q++)
                    table[k * modes + q] = moments[k, q] - (k == q ? 3 : 1);
            result[b] = table;
        });
        return new ShapeCumulants(modes, perBatch * batches, result, string.Create(CultureInfo.InvariantCulture,
            $"fourth cumulant of one unit's features in the leading {modes} modes, from {perBatch * batches} random units in {batches} batches"));
    }
}
