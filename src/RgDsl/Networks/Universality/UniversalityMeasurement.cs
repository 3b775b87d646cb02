using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using RgDsl.Validity;

namespace RgDsl.Networks.Universality;

/// <summary>
/// Universality as a measurement (THEORY §6.7): samples the network exactly (<see cref="NetworkModel.Sample"/>, collapsed
/// HMC) on a log-spaced grid of P and measures the finite-width shift δ(P) = ε_N/ε_ref − 1 against the GP with the
/// renormalised kernel (or the NNGP), adding training sets where δ is not yet resolved until it is, the count budget
/// is spent or the time budget would be exceeded. Then fits the rate of |δ|, sets it against the scaling interval of
/// the leading derived coupling (<see cref="NetworkModel.Scaling"/>), and fits the learning-curve exponents of the
/// network and the reference over the same window.
/// </summary>
public static class UniversalityMeasurement
{
    /// <summary>Measures δ(P) (see <see cref="UniversalityMeasurement"/>). The result says whether δ was resolved; when it was not, it gives the achieved resolution per point and no fit.</summary>
    /// <exception cref="ArgumentException">Bad options (named, with the allowed range), or a first round whose estimated time or memory exceeds the budget (the message names both).</exception>
    public static UniversalityMeasurementResult Measure(NetworkModel model, UniversalityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= UniversalityOptions.Default;
        var grid = Grid(model, options);
        var estimate = CheckBudget(model, options, grid);
        var clock = Stopwatch.StartNew();
        var states = grid.Select(p => new ShiftAccumulator(model, p, options)).ToArray();
        var warnings = new List<string>();
        for (var round = 0; round < options.MaxRounds; round++)
        {
            var plan = Plan(states, options, round, options.TimeBudgetSeconds - clock.Elapsed.TotalSeconds, warnings);
            if (plan.Count == 0) break;
            foreach (var (state, count) in plan) state.Extend(count);
        }
        return UniversalityAnalysis.Summarise(model, options, states.Select(s => s.Point()).ToArray(), warnings, estimate, clock.Elapsed);
    }

    /// <summary>As <see cref="Measure"/>; true when δ was resolved at ≥ 3 P over ≥ one decade. <paramref name="result"/> is null only when the budget refused the run (false).</summary>
    /// <exception cref="ArgumentException">Bad options other than the budget (named).</exception>
    public static bool TryMeasure(NetworkModel model, UniversalityOptions options, [NotNullWhen(true)] out UniversalityMeasurementResult? result)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var grid = Grid(model, options);
        if (!WithinBudget(model, options, grid, out _, out _))
        {
            result = null;
            return false;
        }
        result = Measure(model, options);
        return result.IsResolved;
    }

    /// <summary>The a-priori estimate of the first round (<see cref="UniversalityOptions.InitialDatasets"/> training sets at each P): seconds and peak bytes.</summary>
    /// <exception cref="ArgumentException">Bad options (named).</exception>
    public static (double Seconds, double Bytes) EstimateFirstRound(NetworkModel model, UniversalityOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var grid = Grid(model, options);
        return (grid.Sum(p => options.InitialDatasets * CostModel.Seconds(model.Architecture, p, options)), grid.Max(p => CostModel.Bytes(model.Architecture, p, options)));
    }

    /// <summary>The log-spaced grid of whole P, validated.</summary>
    internal static int[] Grid(NetworkModel model, UniversalityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inv = CultureInfo.InvariantCulture;
        if (options.MinDatasetSize < 2) throw new ArgumentOutOfRangeException(nameof(options), options.MinDatasetSize, "UniversalityOptions.MinDatasetSize must be at least 2.");
        if (options.MaxDatasetSize < 10.0 * options.MinDatasetSize)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDatasetSize, string.Create(inv, $"UniversalityOptions.MaxDatasetSize must be at least 10 × MinDatasetSize = {10L * options.MinDatasetSize} (THEORY §6.7: one decade)."));
        if (options.TestPoints < 1) throw new ArgumentOutOfRangeException(nameof(options), options.TestPoints, "UniversalityOptions.TestPoints must be at least 1.");
        if ((long)options.MaxDatasetSize + options.TestPoints > model.Data.Capacity)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDatasetSize, string.Create(inv, $"UniversalityOptions.MaxDatasetSize + TestPoints must not exceed the data's {model.Data.Capacity} examples."));
        if (options.GridPoints < 3) throw new ArgumentOutOfRangeException(nameof(options), options.GridPoints, "UniversalityOptions.GridPoints must be at least 3 (THEORY §6.7).");
        if (options.InitialDatasets < 2) throw new ArgumentOutOfRangeException(nameof(options), options.InitialDatasets, "UniversalityOptions.InitialDatasets must be at least 2 (a standard error needs two training sets).");
        if (options.MaxDatasets < options.InitialDatasets) throw new ArgumentOutOfRangeException(nameof(options), options.MaxDatasets, "UniversalityOptions.MaxDatasets must be at least InitialDatasets.");
        if (!(options.TimeBudgetSeconds > 0) || !double.IsFinite(options.TimeBudgetSeconds)) throw new ArgumentOutOfRangeException(nameof(options), options.TimeBudgetSeconds, "UniversalityOptions.TimeBudgetSeconds must be positive and finite.");
        if (!(options.RequiredSignificance > 0) || !double.IsFinite(options.RequiredSignificance)) throw new ArgumentOutOfRangeException(nameof(options), options.RequiredSignificance, "UniversalityOptions.RequiredSignificance must be positive and finite.");
        if (!(options.AssumedFlopsPerSecond > 0) || !double.IsFinite(options.AssumedFlopsPerSecond)) throw new ArgumentOutOfRangeException(nameof(options), options.AssumedFlopsPerSecond, "UniversalityOptions.AssumedFlopsPerSecond must be positive and finite.");
        if (!Enum.IsDefined(options.Reference)) throw new ArgumentOutOfRangeException(nameof(options), options.Reference, "unknown UniversalityOptions.Reference.");
        if (options.MaxRounds < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxRounds, "UniversalityOptions.MaxRounds must be at least 1.");
        if (options.Sampler is { Samples: < 40 }) throw new ArgumentOutOfRangeException(nameof(options), options.Sampler.Samples, "UniversalityOptions.Sampler.Samples must be at least 40 (20 batches of 2).");
        var ratio = (double)options.MaxDatasetSize / options.MinDatasetSize;
        var grid = Enumerable.Range(0, options.GridPoints)
            .Select(i => (int)Math.Round(options.MinDatasetSize * Math.Pow(ratio, i / (options.GridPoints - 1.0)))).Distinct().ToArray();
        if (grid.Length < 3) throw new ArgumentOutOfRangeException(nameof(options), options.GridPoints, "UniversalityOptions: the rounded grid of P has fewer than 3 distinct values.");
        return grid;
    }

    private static double CheckBudget(NetworkModel model, UniversalityOptions options, int[] grid)
    {
        if (WithinBudget(model, options, grid, out var seconds, out var bytes)) return seconds;
        var inv = CultureInfo.InvariantCulture;
        var what = string.Create(inv, $"The first round of the universality measurement ({options.InitialDatasets} training sets at each of P = {string.Join(", ", grid)}, N = {model.Architecture.Width}, depth {model.Architecture.Depth})");
        MemoryBudget.Check(bytes, what, nameof(options), "lower MaxDatasetSize, TestPoints or Sampler.Samples.");
        throw new ArgumentException(string.Create(inv,
            $"{what} is estimated at {seconds:G3} s (at {options.AssumedFlopsPerSecond:G3} flop/s per core), more than the time budget UniversalityOptions.TimeBudgetSeconds = {options.TimeBudgetSeconds:G3} s; raise the budget or lower MaxDatasetSize, InitialDatasets or Sampler.Warmup/Samples."), nameof(options));
    }

    private static bool WithinBudget(NetworkModel model, UniversalityOptions options, int[] grid, out double seconds, out double bytes)
    {
        seconds = grid.Sum(p => options.InitialDatasets * CostModel.Seconds(model.Architecture, p, options));
        bytes = grid.Max(p => CostModel.Bytes(model.Architecture, p, options));
        return seconds <= options.TimeBudgetSeconds && bytes <= MemoryBudget.Usable;
    }

    /// <summary>
    /// The training sets to add this round: the initial ones in round 0; later, for each mixed but unresolved point,
    /// enough to clear the threshold if δ stays where it is (s.e. ∝ 1/√n, with a 30% margin), within the
    /// count budget and the remaining time (measured seconds per training set at that P).
    /// </summary>
    private static List<(ShiftAccumulator State, int Count)> Plan(ShiftAccumulator[] states, UniversalityOptions options, int round, double remaining, List<string> warnings)
    {
        var plan = new List<(ShiftAccumulator, int)>();
        var inv = CultureInfo.InvariantCulture;
        foreach (var s in states)
        {
            int wanted;
            if (round == 0) wanted = options.InitialDatasets;
            else
            {
                var point = s.Point();
                if (point.Resolved || !point.Mixed || s.Count >= options.MaxDatasets) continue;
                var significance = point.Significance;
                // The smallest total n whose projected significance, √(n/n₀) times today's, clears the threshold at n (30% margin).
                var total = s.Count + 2;
                while (total < options.MaxDatasets && significance * Math.Sqrt((double)total / s.Count) < 1.3 * ShiftAccumulator.Threshold(options.RequiredSignificance, total)) total++;
                wanted = Math.Min(total, options.MaxDatasets) - s.Count;
                if (wanted < 2) continue;
            }
            var perSet = round == 0 ? CostModel.Seconds(s.Architecture, s.DatasetSize, options) : s.SecondsPerDataset;
            var affordable = (int)Math.Floor(remaining / Math.Max(perSet, 1e-9));
            if (affordable < Math.Min(wanted, 2))
            {
                warnings.Add(string.Create(inv, $"P = {s.DatasetSize}: the time budget ({options.TimeBudgetSeconds:G3} s) is spent; {wanted} more training sets (≈ {wanted * perSet:G3} s) were wanted"));
                continue;
            }
            var count = Math.Min(wanted, affordable);
            remaining -= count * perSet;
            plan.Add((s, count));
        }
        return plan;
    }
}
