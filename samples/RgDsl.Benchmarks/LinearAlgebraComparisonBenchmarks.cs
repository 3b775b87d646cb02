using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MathNet.Numerics;
using MathNet.Numerics.Providers.LinearAlgebra;
using RgDsl.Networks.Linear;

namespace RgDsl.Benchmarks;

/// <summary>
/// Issue 22 item 8: the hand-written matrix product and Cholesky (src/RgDsl/Networks/Linear) against MathNet.Numerics'
/// linear-algebra provider (the managed one unless <c>RGDSL_MATHNET_NATIVE=1</c> asks for a native one) at the sizes
/// of the collapsed network sampler (<see cref="Networks.Sampling.CollapsedPosterior"/>): the Gram matrix ΦᵀΦ of the
/// P×N features, the product Φ·A⁻¹ (P×N times N×N) and the Cholesky factor of the N×N or P×P kernel matrix. One
/// thread on both sides (a chain runs on one thread when there are as many chains as cores). MathNet stores column
/// major, the own code row major; the shapes are mapped so both do the same product. MathNet has no symmetric rank-k
/// update, so its Gram matrix is a full product where the own one computes the lower triangle.
/// <code>
/// dotnet run -c Release --project samples/RgDsl.Benchmarks -- --filter '*LinearAlgebraComparison*'
/// </code>
/// </summary>
[Config(typeof(ShortConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ProductComparisonBenchmarks
{
    private double[] _phi = [], _square = [], _gram = [], _out = [];
    private MatrixProduct _product = null!;
    private WorkerTeam _team = null!;
    private ILinearAlgebraProvider<double> _mathNet = null!;

    /// <summary>Width N (hidden units of the last layer).</summary>
    [Params(64, 256)]
    public int N { get; set; }

    /// <summary>Training points P.</summary>
    [Params(256, 1024)]
    public int P { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _mathNet = LinearAlgebraComparison.Provider();
        var random = new Random(1);
        _phi = LinearAlgebraComparison.Random(random, P * N);
        _square = LinearAlgebraComparison.Random(random, N * N);
        _gram = new double[N * N];
        _out = new double[P * N];
        _team = WorkerTeam.Single();
        _product = new MatrixProduct(_team);
    }

    [GlobalCleanup]
    public void Cleanup() => _team.Dispose();

    /// <summary>ΦᵀΦ (N×N, k = P), lower triangle.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Gram")]
    public void OwnGram() => _product.Gram(false, _phi, 0, N, _gram, N, P, 1, mirror: false);

    /// <summary>ΦᵀΦ: row-major Φ (P×N) is column-major Φᵀ (N×P), so ΦᵀΦ = (Φᵀ)(Φᵀ)ᵀ.</summary>
    [Benchmark, BenchmarkCategory("Gram")]
    public void MathNetGram() =>
        _mathNet.MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.Transpose, 1, _phi, N, P, _phi, N, P, 0, _gram);

    /// <summary>Φ·B (P×N times N×N).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Product")]
    public void OwnProduct() => _product.Multiply(false, _phi, 0, N, false, _square, 0, N, _out, 0, N, P, N, N);

    /// <summary>Φ·B: in column-major terms (Φ·B)ᵀ = Bᵀ·Φᵀ, both already stored as such.</summary>
    [Benchmark, BenchmarkCategory("Product")]
    public void MathNetProduct() =>
        _mathNet.MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1, _square, N, N, _phi, N, P, 0, _out);
}

/// <summary>The Cholesky factor of an n×n SPD matrix (the N×N matrix A or the P×P matrix C of the collapsed sampler).</summary>
[Config(typeof(ShortConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class CholeskyComparisonBenchmarks
{
    private double[] _spd = [], _work = [];
    private ILinearAlgebraProvider<double> _mathNet = null!;

    /// <summary>Order of the matrix.</summary>
    [Params(64, 128, 256, 512, 1024)]
    public int Order { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _mathNet = LinearAlgebraComparison.Provider();
        var n = Order;
        var x = LinearAlgebraComparison.Random(new Random(2), n * n);
        _spd = new double[n * n];
        using var team = WorkerTeam.Single();
        new MatrixProduct(team).Gram(false, x, 0, n, _spd, n, n, 1.0 / n, mirror: true);
        for (var i = 0; i < n; i++) _spd[i * n + i] += 1;
        _work = new double[n * n];
    }

    /// <summary>Copy and factor in place (the copy is the same on both sides).</summary>
    [Benchmark(Baseline = true)]
    public bool Own()
    {
        _spd.CopyTo(_work, 0);
        return Cholesky.TryFactor(_work, Order);
    }

    [Benchmark]
    public void MathNet()
    {
        _spd.CopyTo(_work, 0);
        _mathNet.CholeskyFactor(_work, Order);
    }
}

/// <summary>The shared setup of the two comparisons.</summary>
internal static class LinearAlgebraComparison
{
    /// <summary>MathNet on one thread: the managed provider, or the native one when RGDSL_MATHNET_NATIVE=1 and it loads.</summary>
    public static ILinearAlgebraProvider<double> Provider()
    {
        Control.UseSingleThread();
        if (Environment.GetEnvironmentVariable("RGDSL_MATHNET_NATIVE") == "1")
        {
            var loaded = Control.TryUseNativeOpenBLAS() || Control.TryUseNativeMKL();
            Console.WriteLine($"// MathNet native provider loaded: {loaded}; provider: {LinearAlgebraControl.Provider}");
        }
        else
        {
            LinearAlgebraControl.UseManaged();
        }
        return LinearAlgebraControl.Provider;
    }

    public static double[] Random(Random random, int length)
    {
        var values = new double[length];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextDouble() - 0.5;
        return values;
    }
}

/// <summary>
/// A short in-process job (3 warm-ups, 5 iterations): the machine is shared; the ratios, not the last digit, matter.
/// In process, so no benchmark project is generated and built.
/// </summary>
internal sealed class ShortConfig : ManualConfig
{
    public ShortConfig() =>
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess"));
}
