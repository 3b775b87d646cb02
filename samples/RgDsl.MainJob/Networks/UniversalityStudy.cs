using System.Globalization;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Universality;
using RgDsl.Reporting;

namespace RgDsl.MainJob.Networks;

/// <summary>
/// Issue 20's universality families (THEORY §6.7): erf and ReLU networks with one and two hidden layers, N = 128, on
/// power-law Gaussian inputs (d = 16, a = 0.5, linear teacher, κ = 0.05), δ(P) = ε_N/ε_ref − 1 against the GP with the
/// renormalised kernel measured on sampled networks at P = 25 … 256 (4 log-spaced values; at P = 16 the shift of erf L = 1 is 0.0002 ± 0.002, not resolvable) by
/// <see cref="UniversalityMeasurement"/>, each family within its own time budget; the fitted rate against the leading
/// derived coupling's interval, and the network's learning-curve exponent against its reference's.
/// <c>RgDsl.MainJob --universality [--family erf:1] [--budget SECONDS (6000: the a-priori estimate errs long about eightfold)] [--out DIR]</c> writes one report per family
/// (Markdown, CSV, the log-log plot of δ(P) with the predicted slopes) into DIR/universality and a summary table.
/// </summary>
public static class UniversalityStudy
{
    private const int Width = 128;
    private static readonly NetworkData Data = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 1));

    /// <summary>The families: (activation, depth).</summary>
    public static readonly (Activation Activation, int Depth)[] Families = [(Activation.Erf, 1), (Activation.Relu, 1), (Activation.Erf, 2), (Activation.Relu, 2)];

    public static int Run(string output, string? family, double budgetSeconds)
    {
        var inv = CultureInfo.InvariantCulture;
        var directory = Path.Combine(output, "universality");
        Directory.CreateDirectory(directory);
        var summary = new List<string>
        {
            "| family | P | δ(P) ± s.e. (resolved) | δ from the theory (Predict) | fitted rate | predicted interval | rate agrees | network exponent | reference exponent | verdict |",
            "|---|---|---|---|---|---|---|---|---|---|",
        };
        foreach (var (activation, depth) in Families)
        {
            var name = string.Create(inv, $"{activation.ToString().ToLowerInvariant()}:{depth}");
            if (family is not null && family != name) continue;
            var model = new NetworkModel(string.Create(inv, $"{activation} L = {depth}, N = {Width}"), new NetworkArchitecture(Data.Dimension, depth, Width, activation), Data, 0.05,
                new NetworkTheoryOptions(PoolSize: 600, LevelCheckMaxSize: 0));
            var options = new UniversalityOptions(MinDatasetSize: 25, MaxDatasetSize: 256, GridPoints: 4, InitialDatasets: 8, MaxDatasets: 96, TestPoints: 300,
                TimeBudgetSeconds: budgetSeconds, Sampler: new CollapsedHmcOptions(Warmup: 100, Samples: 160));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (!UniversalityMeasurement.TryMeasure(model, options, out var result) && result is null)
            {
                var (seconds, _) = UniversalityMeasurement.EstimateFirstRound(model, options);
                Console.WriteLine(string.Create(inv, $"{model.Name}: refused — the first round is estimated at {seconds:F0} s (operation counts at 10⁹/s per core, which err long), more than --budget {budgetSeconds:F0} s"));
                summary.Add(string.Create(inv, $"| {model.Name} | — | — | — | — | — | — | — | — | refused: first round estimated at {seconds:F0} s > budget {budgetSeconds:F0} s |"));
                continue;
            }
            var path = UniversalityMeasurementReport.Write(result, directory, "universality-" + name.Replace(':', '-'));
            Console.WriteLine(string.Create(inv, $"{model.Name} ({clock.Elapsed.TotalSeconds:F0} s): {result.Verdict} → {path}"));
            // The theory's δ against the same reference (the library's: the prediction over the GP at s*·K).
            var predicted = result.Theory.Select(t => t.Shift).ToArray();
            for (var i = 0; i < result.Points.Count; i++)
                Console.WriteLine(string.Create(inv, $"    {result.Points[i]}{(i < predicted.Length ? FormattableString.Invariant($"; theory δ = {predicted[i]:0.####}") : "")}"));
            summary.Add(string.Create(inv,
                $"| {model.Name} | {string.Join(", ", result.Points.Select(p => p.DatasetSize.ToString("G4", inv)))} | {string.Join("; ", result.Points.Select(p => FormattableString.Invariant($"{p.Shift.Value:0.####} ± {p.Shift.StandardError:0.####}{(p.Resolved ? "" : " (no)")}")))} | {string.Join("; ", predicted.Select(v => v.ToString("0.####", inv)))} | {result.Rate?.ToString() ?? "—"} | {result.Predicted?.ToString() ?? "—"} | {(result.RateAgrees is { } a ? a ? "yes" : "no" : "—")} | {result.NetworkExponent?.ToString() ?? "—"} | {result.ReferenceExponent?.ToString() ?? "—"} | {result.Verdict} |"));
        }
        var table = Path.Combine(directory, "summary.md");
        File.WriteAllLines(table, summary);
        Console.WriteLine("summary: " + table);
        return 0;
    }
}
