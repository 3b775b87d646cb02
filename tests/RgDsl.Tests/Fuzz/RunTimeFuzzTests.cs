using System.Collections;
using System.Diagnostics;
using System.Globalization;
using CsCheck;
using RgDsl.Data;
using RgDsl.Perturbations;
using RgDsl.Spectra;
using RgDsl.Tests.Shared;
using Xunit.Abstractions;
using RgDsl.Perturbations.Exact;

namespace RgDsl.Tests.Fuzz;

/// <summary>
/// Property-based test of the public run-time API with random and extreme values (NaN, ±∞, 0, negative, denormal,
/// huge): Predict, LearningCurve, Flow, Simulate, Sample, PredictScaling, the power-counting transfer (FlowTransfer.PowerCounting), the Quadrature oracle, table spectra and
/// the data loaders.
/// Properties: every call either returns a result with no NaN or infinity in it, or refuses with an ArgumentException
/// or InvalidOperationException (NotSupportedException for an approximation the model does not have, FormatException
/// for a malformed data file) whose message says what is wrong; no call runs longer than <see cref="CaseTimeLimit"/>.
/// CI runs <see cref="CiCases"/> cases of cheap sizes from a fixed seed; RGDSL_LONG_FUZZ=1 runs <see cref="LongCases"/>
/// of a fresh seed (RGDSL_RUNTIME_FUZZ_CASES=n for another count, RGDSL_FUZZ_SEED and RGDSL_FUZZ_OFFSET for a chunk of
/// a run, <see cref="FuzzRun"/>) and reports the seed and the count.
/// </summary>
public class RunTimeFuzzTests(ITestOutputHelper output)
{
    public const int CiCases = 10_000;
    public const int LongCases = 1_000_000;
    private static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(30);

    private static readonly Gen<double> Extreme = Gen.OneOf(0.0, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon,
        1e-300, 1e300, double.MaxValue, -0.0, 1e-12, 1e12);

    /// <summary>Mostly sensible positive values, sometimes extreme ones.</summary>
    private static Gen<double> Value(double lo, double hi) => Gen.Frequency((30, Gen.Double[lo, hi]), (1, Extreme));

    private static readonly Gen<long> Modes = Gen.Frequency((30, Gen.Long[1, 60]), (1, Gen.OneOf(RgModel.Infinite, 0L, -3L, 2_000L, long.MaxValue - 1)));

    private static readonly Gen<Approximation> Approximations = Gen.Frequency((6, Gen.OneOf(Approximation.Auto, Approximation.Gaussian, Approximation.FirstOrder, Approximation.Hartree)),
        (1, Gen.OneOf(Enum.GetValues<Approximation>().Append((Approximation)99).ToArray())));

    /// <summary>A spectrum description: power law or a small table (possibly with bad entries).</summary>
    private sealed record SpectrumCase(double Coefficient, double Exponent, long Modes, double TargetCoefficient, double TargetExponent, double[]? Table)
    {
        public ISpectrum Build() => Table is null
            ? new PowerLawSpectrum(Coefficient, Exponent, Modes, TargetCoefficient, TargetExponent)
            : new TableSpectrum(Table, Table.Select((_, i) => Math.Pow(i + 1, -1.5)).ToArray());
    }

    /// <summary>
    /// A decay exponent s of λ_k = c·k^(−s) (s = 1 + α) or r of y_k² = A·k^(−r): mostly a trace-class power law (s &gt; 1),
    /// sometimes a slowly decaying or flat one (0 ≤ s ≤ 1, valid only with finite rank), or an extreme value.
    /// </summary>
    private static readonly Gen<double> DecayExponent = Gen.Frequency((24, Gen.Double[1.01, 4]), (6, Gen.Double[0, 1]), (1, Extreme));

    private static readonly Gen<SpectrumCase> Spectra = Gen.Select(Value(0.1, 10), DecayExponent, Modes,
        Value(0, 5), DecayExponent,
        Gen.Frequency((4, Gen.Const((double[]?)null)), (1, Value(1e-6, 1).Array[1, 30].Select(a => (double[]?)a.OrderByDescending(x => x).ToArray()))),
        (c, e, m, tc, te, t) => new SpectrumCase(c, e, m, tc, te, t));

    private sealed record PerturbationCase(Legs Legs, double Coupling, double Power);

    private static readonly Gen<PerturbationCase> Perturbations = Gen.Select(Gen.OneOf(Legs.Quadratic, Legs.ModeLocal, Legs.PairLocal, Legs.PairLocal6),
        Gen.Frequency((30, Gen.Double[-0.5, 2]), (3, Gen.Double[-1e5, 1e5]), (1, Extreme)), Gen.Frequency((30, Gen.Double[-1, 1]), (1, Extreme)), (l, c, p) => new PerturbationCase(l, c, p));

    private enum Operation { Predict, LearningCurve, Flow, Simulate, Sample, PredictScaling, PowerCountingTransfer, Quadrature, Table, CsvLoader, BinaryLoader }

    private sealed record Case(Operation Operation, SpectrumCase Spectrum, double Ridge, double Noise, PerturbationCase[] Perturbations,
        double P, double P2, Approximation Approximation, int Size, int Seed)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Operation} spectrum {Spectrum.Coefficient:R}·k^{Spectrum.Exponent:R} M={Spectrum.Modes} target {Spectrum.TargetCoefficient:R}·k^{Spectrum.TargetExponent:R} table [{(Spectrum.Table is null ? "" : string.Join(", ", Spectrum.Table.Select(x => x.ToString("R", CultureInfo.InvariantCulture))))}] κ={Ridge:R} σ²={Noise:R} perturbations [{string.Join(", ", Perturbations.Select(p => $"{p.Legs} {p.Coupling:R}·k^{p.Power:R}"))}] P={P:R} P2={P2:R} {Approximation} size={Size} seed={Seed}");
    }

    private static readonly Gen<Operation> Operations = Gen.Frequency(
        (30, Gen.Const(Operation.Predict)), (8, Gen.Const(Operation.LearningCurve)), (6, Gen.Const(Operation.Flow)), (1, Gen.Const(Operation.Simulate)),
        (1, Gen.Const(Operation.Sample)), (2, Gen.Const(Operation.PredictScaling)), (2, Gen.Const(Operation.PowerCountingTransfer)), (1, Gen.Const(Operation.Quadrature)), (4, Gen.Const(Operation.Table)),
        (2, Gen.Const(Operation.CsvLoader)), (2, Gen.Const(Operation.BinaryLoader)));

    private static readonly Gen<Case> Cases = Gen.Select(
        Gen.Select(Operations, Spectra, Value(1e-4, 1), Gen.Frequency((3, Gen.Const(0.0)), (3, Value(0, 0.1)))),
        Gen.Frequency((2, Gen.Const(Array.Empty<PerturbationCase>())), (3, Perturbations.Array[1, 2])),
        Gen.Select(Value(1, 1e4), Value(1, 1e4), Approximations, Gen.Int[-2, 40], Gen.Int),
        (a, perturbations, b) => new Case(a.Item1, a.Item2, a.Item3, a.Item4, perturbations, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5));

    [Fact]
    public void Public_api_returns_finite_results_or_refuses_clearly()
    {
        var run = FuzzRun.FromEnvironment("RGDSL_RUNTIME_FUZZ_CASES", CiCases, LongCases);
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (count, refused) = run.Run(Cases, Run, c => c.ToString(), "RGDSL_RUNTIME_FUZZ_CASES");
        var summary = $"run-time fuzz ({run}): {count} calls ({refused} refused with a clear exception) in {clock.Elapsed.TotalSeconds:F1} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU)";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.Equal(run.Count, count);
        if (run.Count >= 100) Assert.InRange(refused, run.Count / 20, run.Count - run.Count / 20); // both outcomes occur often
    }

    /// <summary>Runs one case; true when it was refused with an allowed exception.</summary>
    private static bool Run(Case c)
    {
        var task = Task.Run(() => Execute(c));
        if (!task.Wait(CaseTimeLimit)) Assert.Fail($"no answer within {CaseTimeLimit.TotalSeconds} s: {c}");
        var (result, error) = task.Result;
        if (error is not null)
        {
            // NotSupportedException: an approximation the model does not have (documented on Predict), e.g. Hartree of a Gaussian model.
            // FormatException or InvalidDataException: a malformed data file (the loaders name the file and what is wrong).
            var loader = c.Operation is Operation.CsvLoader or Operation.BinaryLoader;
            Assert.True(error is ArgumentException or InvalidOperationException or NotSupportedException || (loader && error is FormatException or InvalidDataException),
                $"{error.GetType().Name} is not an ArgumentException, InvalidOperationException or NotSupportedException: {error}");
            Assert.True(error.Message.Length >= 20, "the refusal must say what is wrong: " + error.Message);
            Assert.DoesNotContain("Object reference", error.Message);
            return true;
        }
        AssertFinite(result, c.Operation.ToString(), 0);
        return false;
    }

    private static (object? Result, Exception? Error) Execute(Case c)
    {
        try
        {
            return (Call(c), null);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return (null, e);
        }
    }

    private static object? Call(Case c)
    {
        switch (c.Operation)
        {
            case Operation.Table:
                return new TableSpectrum(c.Spectrum.Table ?? [c.P, c.P2], null).Eigenvalue(1);
            case Operation.CsvLoader:
                return WithFile(string.Join("\n", Enumerable.Range(0, Math.Max(c.Size, 0)).Select(i => string.Create(CultureInfo.InvariantCulture, $"{c.P * i:R},{(i % 3 == 0 ? "x" : c.P2.ToString("R", CultureInfo.InvariantCulture))},{c.Ridge:R}"))),
                    path => MatrixLoader.LoadCsv(path));
            case Operation.BinaryLoader:
                return WithBytes(Enumerable.Range(0, Math.Max(c.Size, 0) * 8).Select(i => (byte)(i * 37 + c.Seed)).ToArray(),
                    path => MatrixLoader.LoadBinary(path, c.Size / 2, 3));
        }
        var gaussian = new GaussianModel("fuzz", c.Spectrum.Build(), c.Ridge, c.Noise);
        IRgModel model = c.Perturbations.Length == 0 ? gaussian : new InteractingModel(gaussian, c.Perturbations.Select(Build).ToList());
        return c.Operation switch
        {
            Operation.Predict => model.Predict(c.P, c.Approximation),
            Operation.LearningCurve => model.LearningCurve(Math.Min(c.P, c.P2), Math.Max(c.P, c.P2), 2 * Math.Max(c.P, c.P2)),
            Operation.Flow => model.Flow(c.P, new FlowOptions(PointsPerDecade: c.Size, ShellWidth: c.Seed % 3 == 0 ? 0 : 0.5)),
            Operation.Simulate => model.Simulate(Math.Min(c.P, 30), new SimulationOptions(Seeds: Math.Clamp(c.Size, -1, 3), Seed: c.Seed, MaxModes: 60)),
            Operation.Sample => model is InteractingModel i
                ? i.Sample(Math.Min(c.P, 100), new SamplerOptions(Seed: c.Seed, Chains: Math.Clamp(c.Size, -1, 2), Samples: 60, Warmup: 20))
                : model.Predict(c.P, c.Approximation),
            Operation.PredictScaling => model is InteractingModel i2 ? i2.PredictScaling() : gaussian.Scaling(),
            Operation.PowerCountingTransfer => model is InteractingModel i3 ? RgDsl.Transfer.FlowTransfer.PowerCounting(i3, c.P, c.P2) : model.Predict(c.P2),
            // The exact oracle takes at most 3 fields: the model's first 1–3 modes.
            Operation.Quadrature => model is InteractingModel i4 ? i4.Restrict(1 + Math.Abs(c.Seed % 3)).Quadrature(c.P) : model.Predict(c.P),
            _ => throw new InvalidOperationException("unknown operation"),
        };
    }

    private static Perturbation Build(PerturbationCase p) => p.Legs switch
    {
        Legs.Quadratic => Perturbation.Quadratic("Q", k => p.Coupling * Math.Pow(k, p.Power), [new Monomial(p.Coupling, p.Power)]),
        Legs.ModeLocal => Perturbation.ModeLocal("B", k => p.Coupling * Math.Pow(k, p.Power), [new Monomial(p.Coupling, p.Power)]),
        Legs.PairLocal => Perturbation.PairLocal("U", (k, q) => p.Coupling * Math.Pow(k * q, p.Power), [new Monomial(p.Coupling, p.Power, p.Power)]),
        _ => Perturbation.PairLocal6("V", (k, q, s) => p.Coupling * Math.Pow(k * q * s, p.Power), [new Monomial(p.Coupling, p.Power, p.Power, p.Power)]),
    };

    private static T WithFile<T>(string text, Func<string, T> load)
    {
        var path = Path.GetTempFileName();
        try { File.WriteAllText(path, text); return load(path); }
        finally { File.Delete(path); }
    }

    private static T WithBytes<T>(byte[] bytes, Func<string, T> load)
    {
        var path = Path.GetTempFileName();
        try { File.WriteAllBytes(path, bytes); return load(path); }
        finally { File.Delete(path); }
    }

    /// <summary>Every double reachable through public properties (records, lists, arrays) is finite.</summary>
    internal static void AssertFinite(object? value, string path, int depth)
    {
        if (value is null || depth > 4) return;
        switch (value)
        {
            case double d:
                Assert.True(double.IsFinite(d), $"{path} = {d}");
                return;
            case float f:
                Assert.True(float.IsFinite(f), $"{path} = {f}");
                return;
            case string or bool or int or long or Enum or Type or Delegate:
                return;
            case double[,] matrix:
                foreach (var x in matrix) Assert.True(double.IsFinite(x), $"{path}[…] = {x}");
                return;
            case IEnumerable sequence:
                var i = 0;
                foreach (var item in sequence)
                {
                    if (i++ > 200) break;
                    AssertFinite(item, $"{path}[{i - 1}]", depth + 1);
                }
                return;
        }
        if (value.GetType().Namespace?.StartsWith("RgDsl", StringComparison.Ordinal) != true) return;
        foreach (var property in value.GetType().GetProperties())
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is "Spectrum" or "Gaussian" or "Perturbations" or "Model") continue;
            AssertFinite(property.GetValue(value), path + "." + property.Name, depth + 1);
        }
    }
}
