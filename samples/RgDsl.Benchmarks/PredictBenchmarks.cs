using BenchmarkDotNet.Attributes;

namespace RgDsl.Benchmarks;

/// <summary>Issue 2's speed targets: Predict calls per second, and the generated path against the delegate path.</summary>
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private InfinitePowerLawModel _infinite = null!;
    private FiniteRankPowerLaw _generated = null!;
    private GaussianModel _delegatePath = null!;
    private DiscreteMillionModes _million = null!;

    [Params(1e2, 1e4, 1e6)]
    public double DatasetSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _infinite = new InfinitePowerLawModel();
        _generated = new FiniteRankPowerLaw();
        _delegatePath = GaussianModel.FromFunctions("delegate", 100_000, k => Math.Pow(k, -2.0), 1e-3);
        _million = new DiscreteMillionModes();
        // Build the cached spectra outside the measurement.
        _infinite.Predict(DatasetSize);
        _generated.Predict(DatasetSize);
        _delegatePath.Predict(DatasetSize);
        _million.Predict(DatasetSize);
    }

    /// <summary>Target: ≥ 20,000 calls/s (≤ 50 µs).</summary>
    [Benchmark]
    public double InfiniteRankPowerLaw() => _infinite.Predict(DatasetSize).TestError;

    /// <summary>Target: ≥ 100 calls/s (≤ 10 ms).</summary>
    [Benchmark]
    public double DiscreteSpectrumMillionModes() => _million.Predict(DatasetSize).TestError;

    /// <summary>Generated (specialised) path on the 100,000-mode power law.</summary>
    [Benchmark(Baseline = true)]
    public double GeneratedPath() => _generated.Predict(DatasetSize).TestError;

    /// <summary>The same model built at run time from delegates (tabulated, every mode summed).</summary>
    [Benchmark]
    public double DelegatePath() => _delegatePath.Predict(DatasetSize).TestError;
}

/// <summary>Tabulating a spectrum the generator cannot reduce: generated structs against delegates, 10⁶ modes.</summary>
[MemoryDiagnoser]
public class TabulationBenchmarks
{
    [Benchmark(Baseline = true)]
    public long GeneratedStructs() =>
        Spectra.TableSpectrum.FromFunctions(1_000_000, new Eigen(), new Eigen(), default(Spectra.UnitMultiplicity), "structs").Modes;

    [Benchmark]
    public long Delegates()
    {
        Func<long, double> f = k => Math.Pow(k, -2.0) / Math.Log(k + 1.0);
        return Spectra.TableSpectrum.FromFunctions(1_000_000, new Spectra.DelegateModeFunction(f), new Spectra.DelegateModeFunction(f),
            new Spectra.DelegateModeCount(_ => 1), "delegates").Modes;
    }

    private readonly struct Eigen : Spectra.IModeFunction
    {
        public double Evaluate(long k) => Math.Pow(k, -2.0) / Math.Log(k + 1.0);
    }
}
