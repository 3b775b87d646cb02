using System.Globalization;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Theory;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

/// <summary>
/// The proportional regime P ≥ N against the sampled networks (collapsed HMC, exact posterior sampling), and the
/// finite-size check of the level against the exact average over training sets.
/// </summary>
public class ProportionalRegimeTests(ITestOutputHelper output)
{
    private static readonly NetworkData Data = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 1));

    /// <summary>Cheap theory options: the shape estimate only matters for the old treatment, which must miss by far.</summary>
    private static readonly NetworkTheoryOptions Cheap = new(PoolSize: 600, ShapeDatasets: 4, ShapeUnits: 2000, ShapeTestPoints: 200, LevelCheckMaxSize: 0);

    /// <summary>N = 64, P = 4N (the issue's point, sampled 0.29 ± 0.02 in the main job against 0.63 from first order); a few minutes.</summary>
    [LongFact]
    public void ReluBeyondPEqualsNFollowsTheLayerRenormalisationNotFirstOrder()
    {
        const int width = 64, p = 256;
        var architecture = new NetworkArchitecture(16, 1, width, Activation.Relu);
        var theory = new NetworkTheory(architecture, Data, 0.05, Cheap);
        var predicted = theory.Predict(p);
        var old = new NetworkTheory(architecture, Data, 0.05, Cheap with { ProportionalLimit = double.MaxValue }).Predict(p);
        var measured = new NetworkModel("relu", theory).Sample(p, new NetworkExperimentOptions(Datasets: 6, TestPoints: 300, Seed: 11,
            CollapsedHmc: new CollapsedHmcOptions(Warmup: 60, Samples: 80)));
        output.WriteLine($"ReLU N = {width}, P = {p}: measured {measured.RelativeShift}; {predicted.Treatment} {predicted.RelativeShift:F4} ({predicted.Layers}); " +
            $"first order (old) {old.RelativeShift:F4} (shape {old.Shape!.RelativeCorrection:F4}); {measured}");
        Assert.True(measured.IsReliable, string.Join("; ", measured.Warnings));
        Assert.Equal(NetworkTreatment.LayerRenormalisation, predicted.Treatment);
        var shift = measured.RelativeShift;
        var allowed = 3 * shift.StandardError + 0.1 * Math.Abs(shift.Value);
        Assert.True(Math.Abs(predicted.RelativeShift - shift.Value) <= allowed, $"new: predicted {predicted.RelativeShift}, measured {shift}");
        Assert.True(Math.Abs(old.RelativeShift - shift.Value) > allowed, $"old: predicted {old.RelativeShift}, measured {shift} — the old treatment should miss here");
    }

    [Fact]
    public void LevelCheckMovesTheDeterministicLevelToTheExactAverageOverTrainingSets()
    {
        // A wide linear network on 24 Gaussian inputs at P = 16: the deterministic equivalent's level has a finite-P error;
        // the oracle is the exact posterior (one-dimensional integral per set), averaged over 200 other training sets.
        // Measured (this seed, 400 sets each): deterministic 0.1323, exact 0.1353 ± 0.0025, level ratio 1.049 ± 0.020 —
        // the effect is about 2% here, within the check's own error; the check must carry that error honestly.
        var data = NetworkData.PowerLawGaussian(24, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        var architecture = new NetworkArchitecture(24, 1, 4096, Activation.Linear);
        const int p = 16;
        var theory = new NetworkTheory(architecture, data, 0.05, new NetworkTheoryOptions(LevelCheckMaxSize: 64, LevelCheckDatasets: 200, LevelCheckTestPoints: 200));
        var predicted = theory.Predict(p);
        var exact = ExactLinearMixture.Average(architecture, data, 0.05, p, datasets: 200, seed: 900);
        var level = predicted.Level!;
        var corrected = level.Correct(predicted.Point.TestError);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"d = 24, P = {p}: deterministic {predicted.Point.TestError:G5}, exact average {exact.TestError:G5} ± {exact.StandardError:G2}, level ratio {level.Ratio.Value:F4} ± {level.Ratio.StandardError:F4}, corrected {corrected:G5}; problem: {level.Problem ?? "none"}"));
        var error = Math.Sqrt(exact.StandardError * exact.StandardError + Math.Pow(predicted.Point.TestError * level.Ratio.StandardError, 2));
        Assert.True(Math.Abs(corrected - exact.TestError) <= 3 * error + 0.01 * exact.TestError, $"corrected {corrected}, exact {exact.TestError} ± {exact.StandardError}");
        // Flagged only when resolved: the ratio's distance from 1 beyond 3 s.e. + 2%.
        Assert.Equal(Math.Abs(level.Ratio.Value - 1) > 3 * level.Ratio.StandardError + FiniteSizeLevelCheck.Tolerance, level.Problem is not null);
        Assert.Equal(200, level.Datasets);
    }

    [Fact]
    public void DatasetSizeBeyondTheDatasetIsRefusedByName()
    {
        var rows = Enumerable.Range(0, 60).Select(i => new[] { Math.Sin(i), Math.Cos(i) }).ToArray();
        var data = NetworkData.FromDataset(new RgDsl.Data.Dataset(rows, new int[rows.Length], "tiny"), rows.Select(r => r[0]).ToArray(), "first input");
        var theory = new NetworkTheory(new NetworkArchitecture(2, 1, 8, Activation.Linear), data, 0.1, new NetworkTheoryOptions(PoolSize: 50, LevelCheckMaxSize: 0));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => theory.Predict(61));
        Assert.Equal("datasetSize", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => FiniteSizeLevelCheck.Run(theory.Kernel, data, 0.1, 50, 1.0, 4, 20, 1));
    }

    /// <summary>
    /// The table of issue 20: ReLU, erf, tanh; L = 1, 2, 3; N ∈ {64, 256}; P ∈ {N/4, N, 4N}; power-law Gaussian inputs.
    /// RGDSL_TABLE picks a piece, e.g. "relu:1:64" or "relu:1:64:4" (activation:depth:width:P/N, each part optional: "erf",
    /// "tanh:2"); each row is also appended to RGDSL_TABLE_OUT when set, as it is measured.
    /// </summary>
    [LongFact]
    public void ProportionalRegimeTable()
    {
        var filter = (Environment.GetEnvironmentVariable("RGDSL_TABLE") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine("| activation | L | N | P | treatment | sampled shift | predicted | scale only | first order (old) | within 3 s.e. + 10% | warnings | time |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var activation in new[] { Activation.Relu, Activation.Erf, Activation.Tanh })
            foreach (var depth in new[] { 1, 2, 3 })
                foreach (var width in new[] { 64, 256 })
                {
                    if (filter.Length > 0 && !activation.ToString().Equals(filter[0], StringComparison.OrdinalIgnoreCase)) continue;
                    if (filter.Length > 1 && depth != int.Parse(filter[1], CultureInfo.InvariantCulture)) continue;
                    if (filter.Length > 2 && width != int.Parse(filter[2], CultureInfo.InvariantCulture)) continue;
                    TableRows(activation, depth, width, filter.Length > 3 ? double.Parse(filter[3], CultureInfo.InvariantCulture) : null);
                }
    }

    private void TableRows(Activation activation, int depth, int width, double? ratio)
    {
        var architecture = new NetworkArchitecture(16, depth, width, activation);
        // The cheap options of the fast tests (the pool and shape estimate are not what is being measured here).
        var options = Cheap;
        var theory = new NetworkTheory(architecture, Data, 0.05, options);
        var old = new NetworkTheory(architecture, Data, 0.05, options with { ProportionalLimit = double.MaxValue });
        foreach (var p in new[] { width / 4, width, 4 * width })
        {
            if (ratio is { } r && Math.Abs(p - r * width) > 0.5) continue;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var predicted = theory.Predict(p);
            var first = old.Predict(p);
            var measured = new NetworkModel("net", theory).Sample(p, new NetworkExperimentOptions(Datasets: 6, TestPoints: 300, Seed: 21,
                CollapsedHmc: new CollapsedHmcOptions(Warmup: 60, Samples: 80)));
            var shift = measured.RelativeShift;
            var ok = Math.Abs(predicted.RelativeShift - shift.Value) <= 3 * shift.StandardError + 0.1 * Math.Abs(shift.Value);
            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {activation} | {depth} | {width} | {p} | {predicted.Treatment} | {shift.Value:F4} ± {shift.StandardError:F4}{(measured.IsReliable ? "" : " (not mixed)")} | {predicted.RelativeShift:F4} | {predicted.ScaleMixture.TestError / predicted.GaussianProcess.TestError - 1:F4} | {first.RelativeShift:F4} | {(measured.IsReliable ? ok ? "yes" : "no" : "—")} | {predicted.Warnings.Count} | {clock.Elapsed.TotalSeconds:F0} s |");
            output.WriteLine(row);
            if (Environment.GetEnvironmentVariable("RGDSL_TABLE_OUT") is { Length: > 0 } file) File.AppendAllText(file, row + Environment.NewLine);
        }
    }
}
