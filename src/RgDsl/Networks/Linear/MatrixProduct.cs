using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RgDsl.Networks.Linear;

/// <summary>
/// Dense matrix product C = α·op(A)·op(B) + β·C on row-major managed arrays, op(X) = X or Xᵀ. The algorithm is the
/// BLIS/GotoBLAS one: op(B) is packed into k-panels of width <see cref="NR"/> (kept in L1/L2), op(A) into blocks of
/// <see cref="MR"/>-row panels (kept in L2), and a register-blocked micro-kernel (MR × NR accumulators, fused
/// multiply–adds on <see cref="Vector{T}"/>) streams through both. Transposition is absorbed by the packing, so all
/// four variants run the same kernel. The team splits the rows (or the columns, whichever is longer) of C; every
/// member packs into its own buffers, allocated once, so a product allocates nothing.
/// </summary>
internal sealed class MatrixProduct : IPartitionedWork
{
    /// <summary>Rows of the micro-tile.</summary>
    public const int MR = 6;
    /// <summary>Columns of the micro-tile: two vectors.</summary>
    public static readonly int NR = 2 * Vector<double>.Count;
    private const int KC = 256;
    private const int MC = 16 * MR;
    private const int NC = 1024;
    // Products below this many multiply–adds run on the calling thread (a hand-off costs a few microseconds).
    private const double ParallelThreshold = 150_000;

    private readonly WorkerTeam _team;
    private readonly double[][] _packA;
    private readonly double[][] _packB;
    private readonly double[][] _tile;

    private double[] _a = [], _b = [], _c = [];
    private int _aOffset, _lda, _bOffset, _ldb, _cOffset, _ldc, _m, _n, _k;
    private bool _transposeA, _transposeB, _splitRows, _lowerOnly;
    private double _alpha, _beta;

    /// <summary>A product engine whose work is shared by <paramref name="team"/>.</summary>
    public MatrixProduct(WorkerTeam team)
    {
        _team = team;
        _packA = new double[team.Size][];
        _packB = new double[team.Size][];
        _tile = new double[team.Size][];
        for (var t = 0; t < team.Size; t++)
        {
            _packA[t] = new double[MC * KC];
            _packB[t] = new double[KC * (NC + NR)];
            _tile[t] = new double[MR * NR];
        }
    }

    /// <summary>The team that shares the work.</summary>
    public WorkerTeam Team => _team;

    /// <summary>
    /// C[m×n] = α·op(A)[m×k]·op(B)[k×n] + β·C. A (as stored) is m×k, or k×m when <paramref name="transposeA"/>, with
    /// row stride <paramref name="lda"/>; likewise B. With β = 0, C is overwritten (its old content is never read).
    /// </summary>
    public void Multiply(bool transposeA, double[] a, int aOffset, int lda,
        bool transposeB, double[] b, int bOffset, int ldb,
        double[] c, int cOffset, int ldc, int m, int n, int k, double alpha = 1, double beta = 0) =>
        Multiply(transposeA, a, aOffset, lda, transposeB, b, bOffset, ldb, c, cOffset, ldc, m, n, k, alpha, beta, false);

    /// <summary>
    /// The Gram matrix C[n×n] = α·XᵀX (X stored k×n, row stride ldx) or, when <paramref name="outer"/>, α·XXᵀ (X stored
    /// n×k). Only the micro-tiles that touch the lower triangle are computed (about half the work); the lower triangle
    /// is then mirrored into the upper one when <paramref name="mirror"/>, else the upper one is left undefined (enough
    /// for <see cref="Cholesky.TryFactor"/>, which reads the lower triangle only).
    /// </summary>
    public void Gram(bool outer, double[] x, int xOffset, int ldx, double[] c, int n, int k, double alpha, bool mirror)
    {
        // XᵀX: op(A) = Xᵀ, op(B) = X; XXᵀ: op(A) = X, op(B) = Xᵀ.
        Multiply(!outer, x, xOffset, ldx, outer, x, xOffset, ldx, c, 0, n, n, n, k, alpha, 0, true);
        if (!mirror) return;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) c[i * n + j] = c[j * n + i];
    }

    private void Multiply(bool transposeA, double[] a, int aOffset, int lda,
        bool transposeB, double[] b, int bOffset, int ldb,
        double[] c, int cOffset, int ldc, int m, int n, int k, double alpha, double beta, bool lowerOnly)
    {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || alpha == 0)
        {
            for (var i = 0; i < m; i++)
            {
                var row = c.AsSpan(cOffset + i * ldc, n);
                if (beta == 0) row.Clear(); else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
            return;
        }
        _a = a; _aOffset = aOffset; _lda = lda; _transposeA = transposeA;
        _b = b; _bOffset = bOffset; _ldb = ldb; _transposeB = transposeB;
        _c = c; _cOffset = cOffset; _ldc = ldc;
        _m = m; _n = n; _k = k; _alpha = alpha; _beta = beta; _lowerOnly = lowerOnly;
        if (_team.Size == 1 || (double)m * n * k < ParallelThreshold || (m < 2 * MR && n < 2 * NR))
        {
            Serial(0, m, 0, n, 0);
        }
        else
        {
            _splitRows = m >= n || lowerOnly;
            _team.Run(this);
        }
        _a = _b = _c = [];
    }

    /// <summary>C = α·A·B + β·C for whole arrays (A m×k, B k×n).</summary>
    public void Multiply(double[] a, double[] b, double[] c, int m, int n, int k, double alpha = 1, double beta = 0) =>
        Multiply(false, a, 0, k, false, b, 0, n, c, 0, n, m, n, k, alpha, beta);

    void IPartitionedWork.Execute(int part, int parts)
    {
        if (_splitRows)
        {
            var (r0, r1) = _lowerOnly ? TriangleShare(_m, part, parts) : WorkerTeam.Share(_m, part, parts, MR);
            if (r0 < r1) Serial(r0, r1, 0, _n, part);
        }
        else
        {
            var (c0, c1) = WorkerTeam.Share(_n, part, parts, NR);
            if (c0 < c1) Serial(0, _m, c0, c1, part);
        }
    }

    /// <summary>Rows of a lower triangle split into parts of equal area (row i costs about i).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Start, int End) TriangleShare(int m, int part, int parts)
    {
        int Boundary(int q) => q == parts ? m : Math.Min(m, (int)Math.Round(m * Math.Sqrt((double)q / parts) / MR) * MR);
        return (Boundary(part), Boundary(part + 1));
    }

    private void Serial(int i0, int i1, int j0, int j1, int member)
    {
        var packA = _packA[member];
        var packB = _packB[member];
        var tile = _tile[member];
        for (var jc = j0; jc < j1; jc += NC)
        {
            var nc = Math.Min(NC, j1 - jc);
            for (var pc = 0; pc < _k; pc += KC)
            {
                var kc = Math.Min(KC, _k - pc);
                PackB(pc, kc, jc, nc, packB);
                var beta = pc == 0 ? _beta : 1.0;
                for (var ic = i0; ic < i1; ic += MC)
                {
                    var mc = Math.Min(MC, i1 - ic);
                    PackA(ic, mc, pc, kc, packA);
                    for (var jr = 0; jr < nc; jr += NR)
                    {
                        var nr = Math.Min(NR, nc - jr);
                        for (var ir = 0; ir < mc; ir += MR)
                        {
                            var mr = Math.Min(MR, mc - ir);
                            if (_lowerOnly && jc + jr > ic + ir + mr - 1) continue; // tile strictly above the diagonal
                            Kernel(kc, packA, ir * kc, packB, jr * kc, _c, _cOffset + (ic + ir) * _ldc + jc + jr, _ldc, mr, nr, beta, tile);
                        }
                    }
                }
            }
        }
    }

    /// <summary>op(B)[pc.., jc..] into panels of NR columns: panel j holds kc rows of NR contiguous values, zero padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackB(int pc, int kc, int jc, int nc, double[] pack)
    {
        var nr = NR;
        for (var jp = 0; jp < nc; jp += nr)
        {
            var width = Math.Min(nr, nc - jp);
            var panel = pack.AsSpan(jp * kc, kc * nr);
            if (width < nr) panel.Clear();
            if (!_transposeB)
            {
                for (var p = 0; p < kc; p++)
                    _b.AsSpan(_bOffset + (pc + p) * _ldb + jc + jp, width).CopyTo(panel.Slice(p * nr, width));
            }
            else
            {
                for (var j = 0; j < width; j++)
                {
                    var source = _b.AsSpan(_bOffset + (jc + jp + j) * _ldb + pc, kc);
                    for (var p = 0; p < kc; p++) panel[p * nr + j] = source[p];
                }
            }
        }
    }

    /// <summary>α·op(A)[ic.., pc..] into panels of MR rows: panel i holds kc columns of MR contiguous values, zero padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackA(int ic, int mc, int pc, int kc, double[] pack)
    {
        var alpha = _alpha;
        for (var ip = 0; ip < mc; ip += MR)
        {
            var height = Math.Min(MR, mc - ip);
            var panel = pack.AsSpan(ip * kc, kc * MR);
            if (height < MR) panel.Clear();
            if (!_transposeA)
            {
                for (var i = 0; i < height; i++)
                {
                    var source = _a.AsSpan(_aOffset + (ic + ip + i) * _lda + pc, kc);
                    for (var p = 0; p < kc; p++) panel[p * MR + i] = alpha * source[p];
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var source = _a.AsSpan(_aOffset + (pc + p) * _lda + ic + ip, height);
                    var target = panel.Slice(p * MR, height);
                    for (var i = 0; i < height; i++) target[i] = alpha * source[i];
                }
            }
        }
    }

    /// <summary>The MR × NR micro-kernel: C[tile] = β·C[tile] + Σ_p a_p ⊗ b_p over one packed k-panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int kc, double[] packA, int aIndex, double[] packB, int bIndex,
        double[] c, int cIndex, int ldc, int mr, int nr, double beta, double[] tile)
    {
        var w = Vector<double>.Count;
        var nrFull = 2 * w;
        ref var a = ref packA[aIndex];
        ref var b = ref packB[bIndex];
        Vector<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector.LoadUnsafe(ref b, (nuint)(p * nrFull));
            var b1 = Vector.LoadUnsafe(ref b, (nuint)(p * nrFull + w));
            ref var ap = ref Unsafe.Add(ref a, p * MR);
            var x = new Vector<double>(ap);
            c00 = Vector.FusedMultiplyAdd(x, b0, c00); c01 = Vector.FusedMultiplyAdd(x, b1, c01);
            x = new Vector<double>(Unsafe.Add(ref ap, 1));
            c10 = Vector.FusedMultiplyAdd(x, b0, c10); c11 = Vector.FusedMultiplyAdd(x, b1, c11);
            x = new Vector<double>(Unsafe.Add(ref ap, 2));
            c20 = Vector.FusedMultiplyAdd(x, b0, c20); c21 = Vector.FusedMultiplyAdd(x, b1, c21);
            x = new Vector<double>(Unsafe.Add(ref ap, 3));
            c30 = Vector.FusedMultiplyAdd(x, b0, c30); c31 = Vector.FusedMultiplyAdd(x, b1, c31);
            x = new Vector<double>(Unsafe.Add(ref ap, 4));
            c40 = Vector.FusedMultiplyAdd(x, b0, c40); c41 = Vector.FusedMultiplyAdd(x, b1, c41);
            x = new Vector<double>(Unsafe.Add(ref ap, 5));
            c50 = Vector.FusedMultiplyAdd(x, b0, c50); c51 = Vector.FusedMultiplyAdd(x, b1, c51);
        }
        if (mr == MR && nr == nrFull)
        {
            ref var c0 = ref c[cIndex];
            Store(ref c0, 0, w, c00, c01, beta);
            Store(ref c0, ldc, w, c10, c11, beta);
            Store(ref c0, 2 * ldc, w, c20, c21, beta);
            Store(ref c0, 3 * ldc, w, c30, c31, beta);
            Store(ref c0, 4 * ldc, w, c40, c41, beta);
            Store(ref c0, 5 * ldc, w, c50, c51, beta);
            return;
        }
        // Edge tile: spill the accumulators and update only the valid part of C.
        ref var t = ref tile[0];
        c00.StoreUnsafe(ref t, 0); c01.StoreUnsafe(ref t, (nuint)w);
        c10.StoreUnsafe(ref t, (nuint)nrFull); c11.StoreUnsafe(ref t, (nuint)(nrFull + w));
        c20.StoreUnsafe(ref t, (nuint)(2 * nrFull)); c21.StoreUnsafe(ref t, (nuint)(2 * nrFull + w));
        c30.StoreUnsafe(ref t, (nuint)(3 * nrFull)); c31.StoreUnsafe(ref t, (nuint)(3 * nrFull + w));
        c40.StoreUnsafe(ref t, (nuint)(4 * nrFull)); c41.StoreUnsafe(ref t, (nuint)(4 * nrFull + w));
        c50.StoreUnsafe(ref t, (nuint)(5 * nrFull)); c51.StoreUnsafe(ref t, (nuint)(5 * nrFull + w));
        for (var i = 0; i < mr; i++)
            for (var j = 0; j < nr; j++)
            {
                ref var target = ref c[cIndex + i * ldc + j];
                var value = tile[i * nrFull + j];
                target = beta == 0 ? value : beta == 1 ? target + value : beta * target + value;
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double c0, int offset, int w, Vector<double> v0, Vector<double> v1, double beta)
    {
        ref var row = ref Unsafe.Add(ref c0, offset);
        if (beta == 0)
        {
            v0.StoreUnsafe(ref row, 0);
            v1.StoreUnsafe(ref row, (nuint)w);
        }
        else if (beta == 1)
        {
            (Vector.LoadUnsafe(ref row, 0) + v0).StoreUnsafe(ref row, 0);
            (Vector.LoadUnsafe(ref row, (nuint)w) + v1).StoreUnsafe(ref row, (nuint)w);
        }
        else
        {
            var vb = new Vector<double>(beta);
            Vector.FusedMultiplyAdd(vb, Vector.LoadUnsafe(ref row, 0), v0).StoreUnsafe(ref row, 0);
            Vector.FusedMultiplyAdd(vb, Vector.LoadUnsafe(ref row, (nuint)w), v1).StoreUnsafe(ref row, (nuint)w);
        }
    }
}
