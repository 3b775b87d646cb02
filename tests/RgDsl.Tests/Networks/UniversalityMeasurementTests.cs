using System.Globalization;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Theory;
using RgDsl.Networks.Universality;
using RgDsl.Reporting;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

/// <summary>Universality as a measurement (THEORY §6.7): budget refusal, the "not resolved" path, and δ(P) of a linear network against its exact oracle.</summary>
public class UniversalityMeasurementTests(ITestOutputHelper output)
{
    private const double Ridge = 0.05;
    private static readonly NetworkData Data = NetworkData.PowerLawGaussian(8, 0.5, Teacher.Linear(0.5, 3));
    private static readonly CollapsedHmcOptions Tiny = new(Warmup: 40, Samples: 80);

    private static NetworkModel Linear(int width) => new("linear", new NetworkArchitecture(8, 1, width, Activation.Linear), Data, Ridge);

    [Fact]
    public void RefusesAFirstRoundBeyondTheTimeBudgetNamingBudgetAndEstimate()
    {
        var model = Linear(16);
        var options = new UniversalityOptions(MinDatasetSize: 8, MaxDatasetSize: 80, TimeBudgetSeconds: 1e-3);
        var (seconds, _) = UniversalityMeasurement.EstimateFirstRound(model, options);
        Assert.True(seconds > 1e-3, $"the default sampler at P ≤ 80 should be estimated above a millisecond, got {seconds}");
        var e = Assert.Throws<ArgumentException>(() => UniversalityMeasurement.Measure(model, options));
        output.WriteLine(e.Message);
        Assert.Equal("options", e.ParamName);
        Assert.Contains("TimeBudgetSeconds = 0.001 s", e.Message);
        Assert.Contains("estimated at " + seconds.ToString("G3", CultureInfo.InvariantCulture) + " s", e.Message);
        Assert.False(UniversalityMeasurement.TryMeasure(model, options, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void RefusesAFirstRoundBeyondTheMemoryBudget()
    {
        // N = 10⁵ hidden units at P up to 2·10⁵: the P×N work arrays alone are about a terabyte.
        var model = Linear(100_000);
        var e = Assert.Throws<ArgumentException>(() => UniversalityMeasurement.Measure(model, new UniversalityOptions(MinDatasetSize: 20_000, MaxDatasetSize: 200_000, TimeBudgetSeconds: 1e12)));
        output.WriteLine(e.Message);
        Assert.Equal("options", e.ParamName);
        Assert.Contains("of memory", e.Message);
    }

    [Fact]
    public void RejectsAGridShorterThanADecade()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => UniversalityMeasurement.Measure(Linear(16), new UniversalityOptions(MinDatasetSize: 10, MaxDatasetSize: 50)));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("one decade", e.Message);
    }

    [Fact]
    public void SaysNotResolvedWhenTheBudgetCannotResolveTheShift()
    {
        // A wide linear network (δ of order 1/N) with two training sets per P and no more allowed: too little to resolve δ.
        var model = Linear(128);
        var options = new UniversalityOptions(MinDatasetSize: 4, MaxDatasetSize: 40, GridPoints: 3, InitialDatasets: 2, MaxDatasets: 2, TestPoints: 50,
            TimeBudgetSeconds: 120, Sampler: new CollapsedHmcOptions(Warmup: 30, Samples: 40));
        var resolved = UniversalityMeasurement.TryMeasure(model, options, out var result);
        Assert.NotNull(result);
        foreach (var p in result.Points) output.WriteLine(p.ToString());
        output.WriteLine(result.Verdict);
        Assert.False(resolved);
        Assert.False(result.IsResolved);
        Assert.Null(result.Rate);
        Assert.Null(result.RateAgrees);
        Assert.Contains("NOT resolved", result.Verdict);
        Assert.Contains("2 training sets per P", result.Verdict);
        Assert.All(result.Points, p => Assert.Equal(2, p.Datasets));
        Assert.All(result.Points, p => Assert.True(double.IsFinite(p.Shift.Value) && double.IsFinite(p.Shift.StandardError)));
        var directory = Path.Combine(Path.GetTempPath(), "rgdsl-universality-" + Guid.NewGuid().ToString("N"));
        try
        {
            var md = File.ReadAllText(UniversalityMeasurementReport.Write(result, directory));
            Assert.Contains("NOT resolved", md);
            Assert.True(File.Exists(Path.Combine(directory, "universality-measurement.png")));
            Assert.Equal(result.Points.Count + 1, File.ReadAllLines(Path.Combine(directory, "universality-measurement.csv")).Length);
        }
        finally { Directory.Delete(directory, true); }
    }

    [Fact]
    public void LinearNetworkShiftAgreesWithTheExactScaleMixtureAndItsRateHasTheOraclesSign()
    {
        // N = 4: the kernel scale's prior is broad (Var s = 2/N), so δ against the NNGP is large. The exact posterior of a
        // linear network is a 1-D scale mixture (ExactLinearMixture, independent of the sampler): its δ over 200 training
        // sets is the oracle for the sampled δ at each P and for the sign of the fitted rate.
        var model = Linear(4);
        var options = new UniversalityOptions(MinDatasetSize: 10, MaxDatasetSize: 100, GridPoints: 3, InitialDatasets: 6, MaxDatasets: 24, TestPoints: 100,
            TimeBudgetSeconds: 120, Reference: ShiftReference.Nngp, MaxRounds: 3, Seed: 11, Sampler: Tiny);
        var result = UniversalityMeasurement.Measure(model, options);
        foreach (var p in result.Points) output.WriteLine(p.ToString());
        output.WriteLine(result.Verdict);
        foreach (var w in result.Warnings) output.WriteLine("warning: " + w);
        var oracle = result.Points.Select(p =>
        {
            var exact = ExactLinearMixture.Average(model.Architecture, Data, Ridge, (int)p.DatasetSize, datasets: 200, seed: 77);
            return new Estimate(exact.TestError / exact.GaussianProcessError - 1, exact.ShiftStandardError / exact.GaussianProcessError);
        }).ToArray();
        for (var i = 0; i < oracle.Length; i++)
        {
            output.WriteLine($"P = {result.Points[i].DatasetSize}: sampled δ {result.Points[i].Shift}, exact {oracle[i]}");
            var combined = Math.Sqrt(Math.Pow(result.Points[i].Shift.StandardError, 2) + Math.Pow(oracle[i].StandardError, 2));
            Assert.True(Math.Abs(result.Points[i].Shift.Value - oracle[i].Value) <= 3 * combined, $"P = {result.Points[i].DatasetSize}: sampled {result.Points[i].Shift} against exact {oracle[i]}");
        }
        Assert.True(result.IsResolved, result.Verdict);
        var rate = Assert.IsType<LogLogFit>(result.Rate);
        var exactRate = PowerLawFit.Fit(result.Points.Select(p => p.DatasetSize).ToList(), oracle.Select(o => Math.Abs(o.Value)).ToList());
        output.WriteLine($"fitted {rate}; exact |δ| ∝ P^{exactRate.Exponent:0.###}; predicted {result.Predicted}; agrees {result.RateAgrees}");
        Assert.True(Math.Abs(exactRate.Exponent) > 0.1, "the oracle's rate must be clearly non-zero for the sign check to mean anything");
        Assert.Equal(Math.Sign(exactRate.Exponent), Math.Sign(rate.Slope));
        Assert.True(Math.Abs(rate.Slope - exactRate.Exponent) <= 3 * rate.StandardError + 0.1, $"fitted {rate} against the exact P^{exactRate.Exponent:0.###}");
        Assert.NotNull(result.NetworkExponent);
        Assert.NotNull(result.ReferenceExponent);
        // The theory's δ beside each point: the exact scale mixture's deterministic equivalent, against the NNGP.
        Assert.Equal(result.Points.Count, result.Theory.Count);
        for (var i = 0; i < oracle.Length; i++)
        {
            var theory = result.Theory[i];
            output.WriteLine($"P = {theory.DatasetSize}: theory δ {theory.Shift:G4} ({theory.Treatment}), exact {oracle[i]}, agrees with the sampled δ: {theory.Agrees}");
            Assert.Equal(NetworkTreatment.ExactScaleMixture, theory.Treatment);
            Assert.True(Math.Sign(theory.Shift) == Math.Sign(oracle[i].Value), $"P = {theory.DatasetSize}: theory {theory.Shift} against exact {oracle[i]}");
        }
    }

    /// <summary>The measurement: erf and ReLU at L = 1 and 2, N = 128 (each within a 280 s budget; P = 12..120).</summary>
    [LongTheory]
    [InlineData(Activation.Erf, 1)]
    [InlineData(Activation.Erf, 2)]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Relu, 2)]
    public void MeasuresTheShiftOfNonLinearNetworks(Activation activation, int depth)
    {
        var data = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 3));
        var model = new NetworkModel($"{activation} L={depth}", new NetworkArchitecture(16, depth, 128, activation), data, Ridge);
        var options = new UniversalityOptions(MinDatasetSize: 12, MaxDatasetSize: 120, GridPoints: 3, InitialDatasets: 4, MaxDatasets: 32, TestPoints: 200,
            TimeBudgetSeconds: 280, Sampler: new CollapsedHmcOptions(Warmup: 100, Samples: 200));
        var result = UniversalityMeasurement.Measure(model, options);
        foreach (var p in result.Points) output.WriteLine(p.ToString());
        output.WriteLine(result.Verdict);
        foreach (var w in result.Warnings) output.WriteLine("warning: " + w);
        output.WriteLine($"network {result.NetworkExponent}, GP {result.ReferenceExponent}, paired difference {result.ExponentDifference}");
        UniversalityMeasurementReport.Write(result, Path.Combine(Path.GetTempPath(), "rgdsl-universality-long"), $"{activation}-L{depth}".ToLowerInvariant());
        Assert.True(result.IsResolved, result.Verdict);
        Assert.True(result.Rate is not null || result.Warnings.Any(w => w.Contains("changes sign")), result.Verdict);
    }
}
