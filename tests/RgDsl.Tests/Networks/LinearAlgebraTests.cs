using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Linear;

namespace RgDsl.Tests.Networks;

/// <summary>The blocked matrix product and the Cholesky routines against naive loops and MathNet, to 1e-12.</summary>
public class LinearAlgebraTests
{
    private static double[] RandomArray(Random random, int length) => Enumerable.Range(0, length).Select(_ => 2 * random.NextDouble() - 1).ToArray();

    public static TheoryData<bool, bool, int, int, int, int> Shapes()
    {
        var data = new TheoryData<bool, bool, int, int, int, int>();
        foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 5, 3), (13, 17, 300), (64, 40, 9), (250, 70, 530), (37, 1100, 20) })
            foreach (var ta in new[] { false, true })
                foreach (var tb in new[] { false, true })
                    foreach (var team in new[] { 1, 2 })
                        data.Add(ta, tb, m, n, k, team);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Product_matches_the_naive_triple_loop(bool transposeA, bool transposeB, int m, int n, int k, int teamSize)
    {
        var random = new Random(m * 1000 + n * 10 + k);
        // Embed the operands in larger arrays with offsets and strides to test those too.
        const int offset = 3, pad = 2;
        var (aRows, aCols) = transposeA ? (k, m) : (m, k);
        var (bRows, bCols) = transposeB ? (n, k) : (k, n);
        var a = RandomArray(random, offset + aRows * (aCols + pad));
        var b = RandomArray(random, offset + bRows * (bCols + pad));
        var c = RandomArray(random, offset + m * (n + pad));
        var expected = (double[])c.Clone();
        const double alpha = 0.7, beta = -1.3;
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                {
                    var aip = transposeA ? a[offset + p * (aCols + pad) + i] : a[offset + i * (aCols + pad) + p];
                    var bpj = transposeB ? b[offset + j * (bCols + pad) + p] : b[offset + p * (bCols + pad) + j];
                    s += aip * bpj;
                }
                expected[offset + i * (n + pad) + j] = alpha * s + beta * c[offset + i * (n + pad) + j];
            }
        using var team = new WorkerTeam(teamSize);
        var product = new MatrixProduct(team);
        product.Multiply(transposeA, a, offset, aCols + pad, transposeB, b, offset, bCols + pad, c, offset, n + pad, m, n, k, alpha, beta);
        for (var i = 0; i < c.Length; i++)
            Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-12 * Math.Max(1, Math.Sqrt(k)), $"element {i}: {c[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(false, 7, 5, 1)]
    [InlineData(true, 7, 5, 1)]
    [InlineData(false, 130, 300, 2)]
    [InlineData(true, 130, 300, 2)]
    [InlineData(false, 300, 40, 2)]
    public void Gram_matrix_matches_the_naive_product(bool outer, int n, int k, int teamSize)
    {
        var random = new Random(n + k);
        var x = RandomArray(random, n * k); // XᵀX: X is k×n; XXᵀ: X is n×k
        var c = Enumerable.Repeat(double.NaN, n * n).ToArray();
        using var team = new WorkerTeam(teamSize);
        new MatrixProduct(team).Gram(outer, x, 0, outer ? k : n, c, n, k, 0.3, mirror: true);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++) s += outer ? x[i * k + p] * x[j * k + p] : x[p * n + i] * x[p * n + j];
                Assert.True(Math.Abs(c[i * n + j] - 0.3 * s) <= 1e-12 * Math.Sqrt(k), $"C[{i},{j}] = {c[i * n + j]} vs {0.3 * s}");
            }
    }

    [Fact]
    public void Beta_zero_overwrites_NaN_garbage_in_the_output()
    {
        var a = new double[] { 1, 2, 3, 4 };
        var c = new double[] { double.NaN, double.NaN, double.NaN, double.NaN };
        new MatrixProduct(WorkerTeam.Single()).Multiply(a, a, c, 2, 2, 2);
        Assert.Equal(new double[] { 7, 10, 15, 22 }, c);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(129)]
    public void Cholesky_factor_determinant_solve_and_inverse_match_MathNet(int n)
    {
        var random = new Random(n);
        var g = Matrix<double>.Build.Dense(n + 3, n, (_, _) => random.NextDouble() - 0.5);
        var spd = g.TransposeThisAndMultiply(g) + 0.1 * Matrix<double>.Build.DenseIdentity(n);
        var a = new double[n * n];
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) a[i * n + j] = spd[i, j];
        Assert.True(Cholesky.TryFactor(a, n));
        var reference = spd.Cholesky();
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                Assert.True(Math.Abs(a[i * n + j] - (j <= i ? reference.Factor[i, j] : 0)) < 1e-12, $"L[{i},{j}]");
        Assert.Equal(reference.DeterminantLn, Cholesky.LogDeterminant(a, n), 1e-11);
        var rhs = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var x = (double[])rhs.Clone();
        Cholesky.Solve(a, n, x);
        var exact = spd.Solve(Vector<double>.Build.DenseOfArray(rhs));
        var scale = exact.InfinityNorm();
        for (var i = 0; i < n; i++) Assert.True(Math.Abs(x[i] - exact[i]) < 1e-12 * scale * n, $"x[{i}]");
        var inverse = new double[n * n];
        Cholesky.Invert(a, n, new double[n * n], inverse, new MatrixProduct(WorkerTeam.Single()));
        var exactInverse = spd.Inverse();
        var inverseScale = exactInverse.InfinityNorm();
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                Assert.True(Math.Abs(inverse[i * n + j] - exactInverse[i, j]) < 1e-12 * inverseScale * n, $"inverse[{i},{j}]");
    }

    [Fact]
    public void Cholesky_reports_a_matrix_that_is_not_positive_definite()
    {
        var a = new double[] { 1, 2, 2, 1 };
        Assert.False(Cholesky.TryFactor(a, 2));
        var nan = new double[] { double.NaN };
        Assert.False(Cholesky.TryFactor(nan, 1));
    }
}
