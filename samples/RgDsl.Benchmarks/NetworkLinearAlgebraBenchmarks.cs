using BenchmarkDotNet.Attributes;
using RgDsl.Networks.Linear;

namespace RgDsl.Benchmarks;

/// <summary>The matrix products of one Langevin step at N = 256, d = 64, P = 1000 (forward X·W¹ᵀ and gradient G_Hᵀ·X).</summary>
[MemoryDiagnoser]
public class NetworkLinearAlgebraBenchmarks : IDisposable
{
    private const int P = 1000, N = 256, D = 64;
    private readonly double[] _x = new double[P * D], _w = new double[N * D], _h = new double[P * N], _g = new double[N * D];
    private WorkerTeam _team = null!;
    private MatrixProduct _product = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        foreach (var a in new[] { _x, _w, _h }) for (var i = 0; i < a.Length; i++) a[i] = random.NextDouble();
        _team = new WorkerTeam(Threads);
        _product = new MatrixProduct(_team);
    }

    [GlobalCleanup]
    public void Dispose() => _team.Dispose();

    /// <summary>H = X·W¹ᵀ: 16.4 M multiply–adds.</summary>
    [Benchmark]
    public void ForwardProduct() => _product.Multiply(false, _x, 0, D, true, _w, 0, D, _h, 0, N, P, N, D);

    /// <summary>∂U/∂W¹ = Gᵀ·X: 16.4 M multiply–adds.</summary>
    [Benchmark]
    public void GradientProduct() => _product.Multiply(true, _h, 0, N, false, _x, 0, D, _g, 0, D, N, D, P);

}
