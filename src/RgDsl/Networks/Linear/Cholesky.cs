using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Linear;

/// <summary>
/// Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite n×n matrix stored row-major, and the solves and
/// inverse built on it. Row-major storage makes every inner loop a contiguous dot product or axpy, which
/// <see cref="TensorPrimitives"/> vectorises. Nothing here allocates.
/// </summary>
internal static class Cholesky
{
    /// <summary>
    /// Overwrites the lower triangle of <paramref name="a"/> with L (the strict upper triangle is zeroed). Returns
    /// false, leaving <paramref name="a"/> partly overwritten, when a pivot is not positive and finite (A is not
    /// numerically positive definite).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFactor(double[] a, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var rowI = a.AsSpan(i * n, n);
            for (var j = 0; j <= i; j++)
            {
                var rowJ = a.AsSpan(j * n, j);
                var s = rowI[j] - VectorMath.Dot(rowI[..j], rowJ);
                if (j < i)
                {
                    rowI[j] = s / a[j * n + j];
                }
                else
                {
                    if (!(s > 0) || !double.IsFinite(s)) return false;
                    rowI[i] = Math.Sqrt(s);
                }
            }
            rowI[(i + 1)..].Clear();
        }
        return true;
    }

    /// <summary>
    /// The pivoted (rank-revealing) Cholesky factor of a symmetric positive semi-definite n×n matrix (row-major, not
    /// changed): L, n×r row-major with A ≈ L·Lᵀ, taking at each step the largest remaining diagonal and stopping when it
    /// falls below <paramref name="relativeTolerance"/> times the largest diagonal of A. A rank-deficient covariance
    /// (the inputs of a linear layer span only d directions) gets its exact low-rank factor, where a plain Cholesky
    /// needs a jitter that its round-off can undo.
    /// </summary>
    public static (double[] Factor, int Rank) PivotedFactor(double[] a, int n, double relativeTolerance = 1e-12)
    {
        var residual = new double[n];
        for (var i = 0; i < n; i++) residual[i] = a[i * n + i];
        var floor = relativeTolerance * residual.DefaultIfEmpty().Max();
        var columns = new List<double[]>();
        var pivots = new List<int>();
        while (columns.Count < n)
        {
            var pivot = 0;
            for (var i = 1; i < n; i++) if (residual[i] > residual[pivot]) pivot = i;
            if (!(residual[pivot] > floor)) break;
            var root = Math.Sqrt(residual[pivot]);
            var column = new double[n];
            for (var i = 0; i < n; i++)
            {
                var s = a[i * n + pivot];
                foreach (var previous in columns) s -= previous[i] * previous[pivot];
                column[i] = s / root;
            }
            foreach (var p in pivots) column[p] = 0; // exactly zero on earlier pivots (round-off aside)
            for (var i = 0; i < n; i++) residual[i] -= column[i] * column[i];
            residual[pivot] = 0;
            columns.Add(column);
            pivots.Add(pivot);
        }
        var rank = columns.Count;
        var factor = new double[n * rank];
        for (var k = 0; k < rank; k++)
            for (var i = 0; i < n; i++) factor[i * rank + k] = columns[k][i];
        return (factor, rank);
    }

    /// <summary>ln det A = 2 Σ ln L_ii.</summary>
    public static double LogDeterminant(double[] l, int n)
    {
        double sum = 0;
        for (var i = 0; i < n; i++) sum += Math.Log(l[i * n + i]);
        return 2 * sum;
    }

    /// <summary>Solves L·x = b in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLower(double[] l, int n, Span<double> b)
    {
        for (var i = 0; i < n; i++)
            b[i] = (b[i] - VectorMath.Dot(l.AsSpan(i * n, i), b[..i])) / l[i * n + i];
    }

    /// <summary>Solves Lᵀ·x = b in place (back substitution by rows of L, so the inner loop is an axpy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveUpper(double[] l, int n, Span<double> b)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            var xi = b[i] / l[i * n + i];
            b[i] = xi;
            if (i > 0) TensorPrimitives.MultiplyAdd(l.AsSpan(i * n, i), -xi, b[..i], b[..i]);
        }
    }

    /// <summary>Solves A·x = b in place, A = L·Lᵀ.</summary>
    public static void Solve(double[] l, int n, Span<double> b)
    {
        SolveLower(l, n, b);
        SolveUpper(l, n, b);
    }

    /// <summary>Z = L⁻¹ (lower triangular, row-major), row by row: Z_i = (e_i − Σ_{k&lt;i} L_ik Z_k) / L_ii.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InvertFactor(double[] l, int n, double[] z)
    {
        Array.Clear(z, 0, n * n);
        for (var i = 0; i < n; i++)
        {
            var rowZ = z.AsSpan(i * n, i + 1);
            rowZ[i] = 1;
            for (var k = 0; k < i; k++)
            {
                var lik = l[i * n + k];
                if (lik != 0) TensorPrimitives.MultiplyAdd(z.AsSpan(k * n, k + 1), -lik, rowZ[..(k + 1)], rowZ[..(k + 1)]);
            }
            TensorPrimitives.Multiply(rowZ, 1 / l[i * n + i], rowZ);
        }
    }

    /// <summary>A⁻¹ = L⁻ᵀ·L⁻¹ into <paramref name="inverse"/>, using <paramref name="scratch"/> (n×n) for L⁻¹.</summary>
    public static void Invert(double[] l, int n, double[] scratch, double[] inverse, MatrixProduct product)
    {
        InvertFactor(l, n, scratch);
        product.Multiply(true, scratch, 0, n, false, scratch, 0, n, inverse, 0, n, n, n, n);
    }
}
