using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using RgDsl.Networks;
using RgDsl.Reporting.Networks;

namespace RgDsl.Reporting;

/// <summary>A measured point of a network: the network itself (sampled) and the GP on the same training sets.</summary>
/// <param name="Width">N.</param>
/// <param name="DatasetSize">P.</param>
/// <param name="TestError">The network's posterior-mean test error, averaged over training sets.</param>
/// <param name="GaussianProcessError">Kernel ridge regression with the NNGP kernel on the same training sets.</param>
/// <param name="RelativeShift">ε_N/ε_GP − 1, paired.</param>
/// <param name="EffectiveSamples">Effective samples of the test error over all training sets.</param>
/// <param name="Warnings">Runs that did not mix, and the like.</param>
/// <param name="SplitRHat">The worst split-R̂ over training sets, when known.</param>
/// <param name="MinEffectiveSamples">The fewest effective samples of one training set, when known.</param>
public sealed record NetworkMeasurement(int Width, double DatasetSize, Estimate TestError, Estimate GaussianProcessError, Estimate RelativeShift,
    double EffectiveSamples, IReadOnlyList<string> Warnings, double? SplitRHat = null, double? MinEffectiveSamples = null)
{
    /// <summary>
    /// Whether the chains mixed: no sampler warning, split-R̂ at most <see cref="NetworkExperiments.MaxSplitRHat"/> and
    /// at least <see cref="NetworkExperiments.MinEffectiveSamples"/> effective samples per training set (where known).
    /// Only then is the point compared with the theory.
    /// </summary>
    public bool Mixed => Warnings.Count == 0 && !(SplitRHat > NetworkExperiments.MaxSplitRHat) && !(MinEffectiveSamples < NetworkExperiments.MinEffectiveSamples);
}

/// <summary>One family of networks (one architecture and task, several widths) in the network report.</summary>
/// <param name="Name">A short name (a directory name).</param>
/// <param name="Title">A heading.</param>
/// <param name="Description">What the family is and why it is in the report.</param>
/// <param name="Model">The network at any width (the theory at other widths shares its spectrum).</param>
/// <param name="Widths">The widths whose learning curves the theory draws.</param>
/// <param name="Sizes">The dataset sizes of the theory curves.</param>
/// <param name="Measured">The sampled networks.</param>
/// <param name="Exact">For linear networks: the exact scale mixture per training set, averaged (width, result).</param>
public sealed record NetworkFamily(string Name, string Title, string Description, NetworkModel Model, IReadOnlyList<int> Widths, IReadOnlyList<double> Sizes,
    IReadOnlyList<NetworkMeasurement> Measured, IReadOnlyList<(int Width, LinearMixtureAverage Result)>? Exact = null);

/// <summary>What the network report found for one family.</summary>
/// <param name="Name">The family.</param>
/// <param name="Compared">Measured points where the theory says first order applies (no warning).</param>
/// <param name="Agree">Of those, points where predicted and measured shift agree within 3 s.e. + 10%.</param>
/// <param name="Flagged">Measured points the theory flags (beyond first order, proportional regime, mean-field…).</param>
/// <param name="FlaggedOff">Of the flagged points, those where the prediction misses by more than 3 s.e. + 10% (the failures it warned of).</param>
/// <param name="ExactCompared">Linear families: exact points compared with the theory.</param>
/// <param name="ExactAgree">Of those, within 3 s.e. + 5%.</param>
/// <param name="Unmixed">Measured points whose sampler did not mix (not compared, and not counted in Flagged either).</param>
/// <param name="WidthSlope">The fitted slope of |measured shift| against N over the unflagged points at the most-measured P (null if fewer than 3 widths).</param>
/// <param name="PredictedWidthSlope">The theory's own slope over the same widths.</param>
/// <param name="Report">The report file.</param>
public sealed record NetworkFamilySummary(string Name, int Compared, int Agree, int Flagged, int FlaggedOff, int ExactCompared, int ExactAgree, int Unmixed,
    double? WidthSlope, double? PredictedWidthSlope, string Report);

/// <summary>
/// The networks section of the report (THEORY §6): per family, learning curves of the networks at several widths next
/// to the GP and the finite-width theory, the finite-width shift predicted against measured (as a function of N and of
/// P, log-log, with the predicted slopes), the theory's own warnings, and for linear networks the exact scale mixture.
/// </summary>
public static class NetworkReport
{
    /// <summary>Predicted and measured shift must agree within this many standard errors…</summary>
    public const double AllowedStandardErrors = 3;
    /// <summary>…plus this fraction of the measured shift (non-linear networks, where first order applies).</summary>
    public const double AllowedRelativeShift = 0.1;
    /// <summary>The exact scale mixture and the theory must agree within 3 s.e. plus this fraction (linear networks).</summary>
    public const double AllowedRelativeError = 0.05;

    public static IReadOnlyList<NetworkFamilySummary> Write(IReadOnlyList<NetworkFamily> families, string directory, string? preamble = null)
    {
        ArgumentNullException.ThrowIfNull(families);
        Directory.CreateDirectory(directory);
        var summaries = new List<NetworkFamilySummary>();
        var index = new StringBuilder();
        index.AppendLine("# Finite-width networks");
        index.AppendLine();
        // The theory documents: the main job's copies one level up (out/THEORY.md), or copies of their own.
        var theoryFolder = "../";
        if (!File.Exists(Path.Combine(directory, "..", TheoryDocument.NetworksFileName)))
        {
            TheoryDocument.WriteTo(directory);
            theoryFolder = "";
        }
        index.AppendLine($"Theory ([THEORY §6]({theoryFolder}{TheoryDocument.FileName}), in detail [NETWORKS.md]({theoryFolder}{TheoryDocument.NetworksFileName})): the NNGP kernel's spectrum on the data, the overall kernel scale integrated exactly (a one-dimensional mixture of GPs), and the last layer's shape fluctuations at first order, exact at finite P; for mean-field networks with one hidden layer, whose kernel adapts at O(1), the adaptive-kernel saddle (THEORY §6.5) instead. Measured: the network itself, sampled from its exact posterior (HMC over the hidden weights with the readout integrated), paired with the GP on the same training sets.");
        if (preamble is not null) index.AppendLine().AppendLine(preamble);
        index.AppendLine();
        foreach (var family in families)
        {
            var summary = WriteFamily(family, Path.Combine(directory, family.Name));
            summaries.Add(summary);
            index.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- [{family.Title}]({family.Name}/report.md): {Describe(summary)}"));
        }
        File.WriteAllText(Path.Combine(directory, "report.md"), index.ToString());
        return summaries;
    }

    /// <summary>
    /// A family for every network declared with [RgNetwork] in <paramref name="assembly"/> (classes with a parameterless
    /// constructor, at their declared defaults): the theory at the declared width N and at 4N over <paramref name="sizes"/>
    /// (default P = 16, 32, …, 256). With <paramref name="sample"/> the network itself is also sampled (collapsed HMC,
    /// <see cref="NetworkModel.Sample"/>) at width N and each size, which takes seconds to minutes per point; pass the
    /// result to <see cref="Write"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A size below 1.</exception>
    public static IReadOnlyList<NetworkFamily> FindNetworks(Assembly assembly, IReadOnlyList<double>? sizes = null, NetworkExperimentOptions? sample = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        sizes ??= [16, 32, 64, 128, 256];
        if (sizes.Count == 0 || sizes.Any(p => !(p >= 1) || double.IsInfinity(p)))
            throw new ArgumentException("dataset sizes must be finite and at least 1.", nameof(sizes));
        return assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDeclaredNetwork).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t =>
            {
                var network = (IDeclaredNetwork)Activator.CreateInstance(t)!;
                var model = network.ToNetworkModel();
                var width = model.Architecture.Width;
                var measured = sample is null ? [] : sizes.Select(p => Measurement(model.Sample(p, sample))).ToList();
                return new NetworkFamily(t.Name, t.Name, model.Describe(), model, [width, 4 * width], sizes, measured);
            })
            .ToList();
    }

    /// <summary>A sampled experiment as a measured point of the report.</summary>
    public static NetworkMeasurement Measurement(NetworkExperiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return new NetworkMeasurement(experiment.Architecture.Width, experiment.DatasetSize, experiment.TestError, experiment.GaussianProcessError,
            experiment.RelativeShift, experiment.EffectiveSamples, experiment.Warnings,
            experiment.Runs.Count > 0 ? experiment.Runs.Max(r => r.SplitRHat) : null, experiment.Runs.Count > 0 ? experiment.Runs.Min(r => r.EffectiveSampleSize) : null);
    }

    /// <summary>One line for an index.</summary>
    public static string Describe(NetworkFamilySummary s)
    {
        var parts = new List<string>();
        if (s.ExactCompared > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"theory within 3 s.e. + 5% of the exact posterior at {s.ExactAgree} of {s.ExactCompared} points"));
        if (s.Compared > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"shift δ = ε_N/ε_GP − 1 predicted within 3 s.e. + 10% at {s.Agree} of {s.Compared} mixed sampled points where the theory raised no warning"));
        if (s.Flagged > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Flagged} mixed point(s) the theory flagged (outside its measured range), {s.FlaggedOff} of them off"));
        if (s.Unmixed > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Unmixed} sampled point(s) not compared: the chains did not mix"));
        if (s.WidthSlope is { } w) parts.Add(string.Create(CultureInfo.InvariantCulture, $"|shift| ∝ N^{w:0.##} measured, N^{s.PredictedWidthSlope:0.##} predicted"));
        return parts.Count == 0 ? "no measured points" : string.Join("; ", parts);
    }

    private static NetworkFamilySummary WriteFamily(NetworkFamily family, string directory)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        var analysis = NetworkFamilyAnalysis.Analyse(family);
        var sb = new StringBuilder();
        sb.AppendLine($"# {family.Title}");
        sb.AppendLine();
        sb.AppendLine(family.Description);
        sb.AppendLine();
        sb.AppendLine("```");
        sb.Append(family.Model.Describe());
        sb.AppendLine("```");
        sb.AppendLine();
        WriteLearningCurves(analysis, directory, sb);
        WriteExact(analysis, sb);
        if (family.Measured.Count > 0)
        {
            WriteShiftTable(analysis, sb);
            WriteUnmixed(analysis, sb);
            // Mean-field families: δ(P) at every width on one plot instead (their theory has no 1/N law to compare with).
            if (analysis.Adapted is null)
            {
                WriteWidthScaling(analysis, directory, sb);
                WriteSizeScaling(analysis, directory, sb);
            }
            else WriteAdaptedShift(analysis, directory, sb);
            WriteExponents(analysis, sb);
        }
        File.WriteAllText(Path.Combine(directory, "shift.csv"), ShiftCsv(analysis));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Numbers: [shift.csv](shift.csv). Written in {clock.Elapsed.TotalSeconds:F1} s."));
        File.WriteAllText(Path.Combine(directory, "report.md"), sb.ToString());
        return new NetworkFamilySummary(family.Name, analysis.Compared, analysis.Agree, analysis.Flagged, analysis.FlaggedOff, analysis.Exact.Count,
            analysis.Exact.Count(e => e.Agrees), analysis.Unmixed, analysis.ByWidth?.Measured?.Exponent, analysis.ByWidth?.Theory?.Exponent,
            Path.Combine(directory, "report.md"));
    }

    /// <summary>The model's parameters for a plot title: activation, depth, input dimension and κ, rounded.</summary>
    internal static string Parameters(NetworkModel model) => string.Create(CultureInfo.InvariantCulture,
        $"{model.Architecture.Activation.ToString().ToLowerInvariant()}, depth {model.Architecture.Depth}, d = {model.Architecture.InputDimension}, κ = {model.Ridge:0.###}{(model.Architecture.Parameterisation == Parameterisation.MeanField ? ", mean field" : "")}");

    /// <summary>Theory lines per width (one colour per width), the GP, and the sampled points in the colour of their width; unmixed points hollow.</summary>
    private static void WriteLearningCurves(NetworkFamilyAnalysis analysis, string directory, StringBuilder sb)
    {
        var inv = CultureInfo.InvariantCulture;
        var family = analysis.Family;
        var gpCurve = family.Sizes.Select(p => family.Model.Predict(p, Approximation.Gaussian).TestError).ToArray();
        var adapted = analysis.Adapted;
        var series = new List<PlotSeries> { new(adapted is null ? "GP (N = ∞)" : "NNGP (the standard scaling's N = ∞ limit)", family.Sizes, gpCurve, Dashed: true, Colour: 7) };
        var widths = analysis.Models.Keys.Where(w => family.Widths.Contains(w) || family.Measured.Any(m => m.Width == w)).Order().ToList();
        int Colour(int width) => widths.IndexOf(width) is var i and >= 0 ? i : widths.Count + (analysis.Models.Keys.ToList().IndexOf(width) % 3);
        if (adapted is not null)
            // The saddle does not depend on N: one curve for every width (black, the points keep their width's colour).
            series.Add(new PlotSeries("adapted kernel (saddle, THEORY §6.5; the same at every N)", adapted.Sizes, adapted.Adapted, Colour: 9));
        else
            foreach (var w in widths)
                series.Add(new PlotSeries(string.Create(inv, $"theory, N = {w}"), family.Sizes, family.Sizes.Select(p => analysis.Models[w].Predict(p).TestError).ToArray(), Colour: Colour(w)));
        foreach (var group in analysis.Shifts.GroupBy(s => (s.Measured.Width, s.Mixed)).OrderBy(g => g.Key.Width).ThenByDescending(g => g.Key.Mixed))
        {
            var points = group.Select(s => s.Measured).OrderBy(m => m.DatasetSize).ToList();
            series.Add(new PlotSeries(string.Create(inv, $"network, N = {group.Key.Width}{(group.Key.Mixed ? "" : ", not mixed (not compared)")}"),
                points.Select(m => m.DatasetSize).ToArray(), points.Select(m => m.TestError.Value).ToArray(), points.Select(m => m.TestError.StandardError).ToArray(),
                Points: true, Colour: Colour(group.Key.Width), Hollow: !group.Key.Mixed));
        }
        foreach (var group in analysis.Exact.GroupBy(e => e.Width).OrderBy(g => g.Key))
        {
            var points = group.OrderBy(e => e.Exact.DatasetSize).ToList();
            series.Add(new PlotSeries(string.Create(inv, $"exact posterior, N = {group.Key}"), points.Select(e => e.Exact.DatasetSize).ToArray(),
                points.Select(e => e.Exact.TestError).ToArray(), points.Select(e => e.Exact.StandardError).ToArray(), Points: true, Colour: Colour(group.Key), Marker: PlotMarker.Square));
        }
        LogLogPlot.Save(Path.Combine(directory, "learning-curves.png"), $"{family.Title} ({Parameters(family.Model)}): learning curves", "dataset size P", "test error ε", series);
        sb.AppendLine("## Learning curves");
        sb.AppendLine();
        sb.AppendLine((adapted is null ? "Theory lines at each width (one colour per width) and the GP limit" : "The adapted-kernel saddle (one line: it does not depend on N) and the NNGP")
            + "; circles: the networks sampled from their exact posterior, in the colour of their width (hollow: chains not mixed, not compared)"
            + (family.Exact is { Count: > 0 } ? "; squares: the exact scale mixture of the linear network" : "") + " (±1 s.e.).");
        sb.AppendLine();
        sb.AppendLine("![learning curves](learning-curves.png)");
        sb.AppendLine();
    }

    /// <summary>The exact posterior of linear networks against the theory.</summary>
    private static void WriteExact(NetworkFamilyAnalysis analysis, StringBuilder sb)
    {
        if (analysis.Exact.Count == 0) return;
        sb.AppendLine("## The exact posterior against the theory");
        sb.AppendLine();
        sb.AppendLine("The exact posterior-mean test error of the linear network (a one-dimensional integral over the kernel scale per training set, averaged over training sets) against the theory's scale mixture (the same integral with the deterministic-equivalent evidence), the saddle point (Li–Sompolinsky kernel renormalisation), the truncated 1/N expansion, and the GP.");
        sb.AppendLine();
        sb.AppendLine("| N | P | exact ± s.e. | theory | within 3 s.e. + 5% | saddle point | truncated 1/N expansion | GP | ⟨s⟩ exact | s* |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var e in analysis.Exact)
        {
            var p = e.Prediction;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {e.Width} | {e.Exact.DatasetSize:G6} | {e.Exact.TestError:G4} ± {e.Exact.StandardError:G2} | {p.Point.TestError:G4} | {(e.Agrees ? "yes" : "**no**")} | {p.SaddlePoint.TestError:G4} | {p.TruncatedExpansion!.TestError:G4}{(p.TruncatedExpansionProblem is null ? "" : " (outside its range)")} | {p.GaussianProcess.TestError:G4} | {e.Exact.MeanScale:0.###} | {p.RenormalisedScale:0.###} |"));
        }
        sb.AppendLine();
    }

    /// <summary>The words of the "agrees" column.</summary>
    internal static string VerdictText(ShiftVerdict verdict) => verdict switch
    {
        ShiftVerdict.Agrees or ShiftVerdict.FlaggedAgrees => "yes",
        ShiftVerdict.Disagrees or ShiftVerdict.FlaggedOff => "**no**",
        _ => "not compared (chains not mixed)",
    };

    /// <summary>Every sampled point against the theory.</summary>
    private static void WriteShiftTable(NetworkFamilyAnalysis analysis, StringBuilder sb)
    {
        sb.AppendLine("## The finite-width shift, predicted against measured");
        sb.AppendLine();
        var adaptive = analysis.Adapted is not null;
        var theory = adaptive
            ? "the adaptive-kernel saddle (THEORY §6.5), averaged over training sets of its own, with its standard error over those sets; \"scale part\" is the kernel scale alone (the exact scale mixture, no adaptation of the kernel's shape)"
            : "kernel scale exact × shape at first order, with the shape's Monte-Carlo error";
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"δ = ε_N/ε_GP − 1 (GP: the NNGP): measured from the sampled networks paired with the GP on the same training sets; predicted by the theory ({theory}). \"no warning\": the theory raised none at this (N, P); \"agrees\": |predicted − measured| ≤ 3 s.e. + 10% of |measured|. A point whose chains did not mix (split-R̂ > {NetworkExperiments.MaxSplitRHat} or fewer than {NetworkExperiments.MinEffectiveSamples} effective samples in a training set) is not compared."));
        sb.AppendLine();
        sb.AppendLine($"| N | P | network ε ± s.e. | GP ε (same data) | measured δ ± s.e. | predicted δ{(adaptive ? " ± s.e." : "")} | scale part | shape part ± s.e. | no warning | agrees | R̂ (worst) | ESS | theory's warnings |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in analysis.Shifts)
        {
            var (m, p) = (s.Measured, s.Prediction);
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Width} | {m.DatasetSize:G6} | {m.TestError.Value:G4} ± {m.TestError.StandardError:G2} | {m.GaussianProcessError.Value:G4} | {m.RelativeShift.Value:0.####} ± {m.RelativeShift.StandardError:0.####} | {p.RelativeShift:0.####}{(p.AdaptiveKernel is { } ak ? " ± " + ak.RelativeShift.StandardError.ToString("0.####", CultureInfo.InvariantCulture) : "")} | {s.ScalePart:0.####} | {(p.Shape is { } sh ? sh.RelativeCorrection.ToString("0.####", CultureInfo.InvariantCulture) + " ± " + sh.StandardError.ToString("0.####", CultureInfo.InvariantCulture) : "—")} | {(p.IsReliable ? "yes" : "no")} | {VerdictText(s.Verdict)} | {RHatText(m)} | {m.EffectiveSamples:0} | {(p.IsReliable ? "" : string.Join("; ", p.Warnings))}{(m.Warnings.Count == 0 ? "" : " sampler: " + string.Join("; ", m.Warnings))} |"));
        }
        sb.AppendLine();
    }

    private static string RHatText(NetworkMeasurement m) => m.SplitRHat is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    /// <summary>The points that are shown but not compared, with their R̂ and effective samples.</summary>
    private static void WriteUnmixed(NetworkFamilyAnalysis analysis, StringBuilder sb)
    {
        var unmixed = analysis.Shifts.Where(s => !s.Mixed).ToList();
        if (unmixed.Count == 0) return;
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"### Not compared: {unmixed.Count} point(s) whose chains did not mix"));
        sb.AppendLine();
        sb.AppendLine("Hollow markers in the plots; left out of every count and fit.");
        sb.AppendLine();
        sb.AppendLine("| N | P | split-R̂ (worst training set) | fewest effective samples in a training set | effective samples (all) | sampler's warnings |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var m in unmixed.Select(s => s.Measured))
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Width} | {m.DatasetSize:G6} | {RHatText(m)} | {(m.MinEffectiveSamples is { } e ? e.ToString("0", CultureInfo.InvariantCulture) : "—")} | {m.EffectiveSamples:0} | {string.Join("; ", m.Warnings)} |"));
        sb.AppendLine();
    }

    /// <summary>Sampled points as two series (mixed filled, unmixed hollow) of a signed-shift plot.</summary>
    private static IEnumerable<PlotSeries> ShiftPoints(IReadOnlyList<ShiftComparison> points, Func<NetworkMeasurement, double> x, int colour)
    {
        foreach (var mixed in new[] { true, false })
        {
            var chosen = points.Where(s => s.Mixed == mixed).Select(s => s.Measured).ToList();
            if (chosen.Count == 0) continue;
            yield return new PlotSeries(mixed ? "network (sampled, ±1 s.e.)" : "network, chains not mixed (not compared)", chosen.Select(x).ToArray(),
                chosen.Select(m => m.RelativeShift.Value).ToArray(), chosen.Select(m => m.RelativeShift.StandardError).ToArray(), Points: true, Colour: colour, Hollow: !mixed);
        }
    }

    /// <summary>The shift against N at one P: signed, on a linear axis.</summary>
    private static void WriteWidthScaling(NetworkFamilyAnalysis analysis, string directory, StringBuilder sb)
    {
        if (analysis.ByWidth is not { } w) return;
        var inv = CultureInfo.InvariantCulture;
        var guideScale = w.Predicted[^1] * w.Ladder[^1];
        SemiLogPlot.Save(Path.Combine(directory, "shift-vs-width.png"), string.Create(inv, $"{analysis.Family.Title} ({Parameters(analysis.Family.Model)}): δ against N at P = {w.DatasetSize:0.##}"),
            "width N", "δ = ε_N/ε_GP − 1",
        [
            new PlotSeries("theory", w.Ladder, w.Predicted, Colour: 0),
            new PlotSeries("∝ 1/N (first order), through the theory at the widest N", w.Ladder, w.Ladder.Select(n => guideScale / n).ToArray(), Dashed: true, Colour: 7),
            .. ShiftPoints(w.Points, m => m.Width, 0),
        ]);
        sb.AppendLine("![shift against width](shift-vs-width.png)");
        sb.AppendLine();
        sb.AppendLine(w.Measured is { } fit && w.Theory is { } theory
            ? string.Create(inv, $"Over the widths where the chains mixed, the theory raised no warning and the shift is resolved ({string.Join(", ", w.Fitted.Select(s => s.Measured.Width))}), the measured |δ| falls as **N^{fit.Exponent:0.##} ± {fit.StandardError:0.##}**; the theory over the same widths as N^{theory.Exponent:0.##} (first order: N^-1 asymptotically).")
            : "Fewer than three widths have a resolved shift where the chains mixed and the theory raised no warning: no slope is fitted.");
        sb.AppendLine();
    }

    /// <summary>The shift against P at one width: signed, on a linear axis.</summary>
    private static void WriteSizeScaling(NetworkFamilyAnalysis analysis, string directory, StringBuilder sb)
    {
        if (analysis.BySize is not { } s) return;
        var inv = CultureInfo.InvariantCulture;
        SemiLogPlot.Save(Path.Combine(directory, "shift-vs-size.png"), string.Create(inv, $"{analysis.Family.Title} ({Parameters(analysis.Family.Model)}): δ against P at N = {s.Width}"),
            "dataset size P", "δ = ε_N/ε_GP − 1",
        [
            new PlotSeries("theory", s.Sizes, s.Predicted, Colour: 0),
            .. ShiftPoints(s.Points, m => m.DatasetSize, 0),
        ]);
        sb.AppendLine("![shift against P](shift-vs-size.png)");
        sb.AppendLine();
        if (s.Measured is { } fit && s.Theory is { } theory)
        {
            sb.AppendLine(string.Create(inv,
                $"At N = {s.Width} the measured |δ| grows as **P^{fit.Exponent:0.##} ± {fit.StandardError:0.##}** over P = {fit.From:G4}..{fit.To:G4} (mixed, resolved points); the theory over the same window as P^{theory.Exponent:0.##}."));
            sb.AppendLine();
        }
    }

    /// <summary>
    /// Mean-field networks: δ(P) = ε_N/ε_NNGP − 1 of the sampled networks at every width (colour per width) against the
    /// adapted kernel's, signed, on a linear axis; the saddle's ±1 s.e. over its own training sets as a band of two lines.
    /// </summary>
    private static void WriteAdaptedShift(NetworkFamilyAnalysis analysis, string directory, StringBuilder sb)
    {
        var a = analysis.Adapted!;
        var inv = CultureInfo.InvariantCulture;
        var widths = analysis.Shifts.Select(s => s.Measured.Width).Distinct().Order().ToList();
        var series = new List<PlotSeries>
        {
            new("adapted kernel, predicted δ (the same at every N)", a.Sizes, a.Predicted, Colour: 9),
            new("adapted kernel ± 1 s.e. (its training sets)", a.Sizes, a.Predicted.Select((d, i) => d + a.PredictedError[i]).ToArray(), Dashed: true, Colour: 7),
            new("", a.Sizes, a.Predicted.Select((d, i) => d - a.PredictedError[i]).ToArray(), Dashed: true, Colour: 7),
            new(string.Create(inv, $"kernel scale alone (exact scale mixture, N = {analysis.Family.Model.Architecture.Width})"), a.Sizes, a.ScaleOnly, Dashed: true, Colour: 8),
        };
        foreach (var (w, i) in widths.Select((w, i) => (w, i)))
            foreach (var mixed in new[] { true, false })
            {
                var points = analysis.Shifts.Where(s => s.Measured.Width == w && s.Mixed == mixed).Select(s => s.Measured).OrderBy(m => m.DatasetSize).ToList();
                if (points.Count == 0) continue;
                series.Add(new PlotSeries(string.Create(inv, $"network, N = {w}{(mixed ? "" : ", not mixed (not compared)")}"), points.Select(m => m.DatasetSize).ToArray(),
                    points.Select(m => m.RelativeShift.Value).ToArray(), points.Select(m => m.RelativeShift.StandardError).ToArray(), Points: true, Colour: i, Hollow: !mixed));
            }
        SemiLogPlot.Save(Path.Combine(directory, "shift-vs-size.png"), string.Create(inv, $"{analysis.Family.Title} (d = {analysis.Family.Model.Architecture.InputDimension}, κ = {analysis.Family.Model.Ridge:0.###}): δ(P), measured and predicted"),
            "dataset size P", "δ = ε_N/ε_NNGP − 1", series);
        sb.AppendLine("## How far the network is from the NNGP: δ(P), measured against predicted");
        sb.AppendLine();
        sb.AppendLine("![shift against P](shift-vs-size.png)");
        sb.AppendLine();
        var largest = analysis.Shifts.Where(s => s.Mixed).OrderByDescending(s => Math.Abs(s.Measured.RelativeShift.Value)).FirstOrDefault();
        if (largest is not null)
            sb.AppendLine(string.Create(inv,
                $"The largest measured |δ| among mixed points: {largest.Measured.RelativeShift.Value:0.###} ± {largest.Measured.RelativeShift.StandardError:0.###} at N = {largest.Measured.Width}, P = {largest.Measured.DatasetSize:G6} (predicted {largest.Prediction.RelativeShift:0.###}; the kernel scale alone {largest.ScalePart:0.###})."));
        sb.AppendLine();
    }

    /// <summary>Universality: the learning-curve exponent of the network against the GP's on the same data, and the theory's over the same window.</summary>
    private static void WriteExponents(NetworkFamilyAnalysis analysis, StringBuilder sb)
    {
        if (analysis.Exponents is not { } e) return;
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Learning-curve exponent at N = {e.Width} over P = {e.Network.From:G4}..{e.Network.To:G4} (mixed points; a local exponent of a short window, not the asymptotic one): the network ε ∝ **P^{e.Network.Exponent:0.###} ± {e.Network.StandardError:0.###}**, the GP on the same data P^{e.GaussianProcess.Exponent:0.###} ± {e.GaussianProcess.StandardError:0.###} (difference from the paired ratio {e.Difference:0.###} ± {e.DifferenceError:0.###}: {(e.Same ? "the same within 3 s.e. + 0.02, as GP universality says" : "**different**")}); the theory over the same window: network P^{e.TheoryNetwork.Exponent:0.###}, GP P^{e.TheoryGaussianProcess.Exponent:0.###}."));
        sb.AppendLine();
    }

    /// <summary>shift.csv: a header naming the family, its parameters and every column, then one row per sampled point.</summary>
    private static string ShiftCsv(NetworkFamilyAnalysis analysis)
    {
        var inv = CultureInfo.InvariantCulture;
        var csv = new StringBuilder();
        csv.AppendLine($"# {analysis.Family.Title}: {Parameters(analysis.Family.Model)}; one row per sampled network (width, P), averaged over training sets.");
        csv.AppendLine("# width: N; P: training-set size; gp_theory: GP test error (theory); theory: finite-width test error (theory); scale_mixture: kernel scale exact, no shape part;");
        csv.AppendLine("# shape, shape_se: first-order relative shape correction and its Monte-Carlo s.e.; predicted_shift: theory/gp_theory - 1;");
        csv.AppendLine("# measured_error, measured_error_se: sampled network's posterior-mean test error; gp_measured: kernel regression (NNGP) on the same training sets;");
        csv.AppendLine("# measured_shift, measured_shift_se: paired measured_error/gp_measured - 1; split_rhat: worst split-R-hat over training sets; effective_samples: summed ESS;");
        csv.AppendLine("# verdict: agrees | disagrees | flagged-agrees | flagged-off (theory warned) | not-mixed (not compared); warnings: theory's and sampler's.");
        csv.AppendLine("width,P,gp_theory,theory,scale_mixture,shape,shape_se,predicted_shift,measured_error,measured_error_se,gp_measured,measured_shift,measured_shift_se,split_rhat,effective_samples,verdict,warnings");
        foreach (var s in analysis.Shifts)
        {
            var (m, p) = (s.Measured, s.Prediction);
            var verdict = s.Verdict switch
            {
                ShiftVerdict.Agrees => "agrees", ShiftVerdict.Disagrees => "disagrees", ShiftVerdict.FlaggedAgrees => "flagged-agrees",
                ShiftVerdict.FlaggedOff => "flagged-off", _ => "not-mixed",
            };
            csv.AppendLine(string.Create(inv,
                $"{m.Width},{m.DatasetSize:R},{p.GaussianProcess.TestError:R},{p.Point.TestError:R},{p.ScaleMixture.TestError:R},{p.Shape?.RelativeCorrection ?? 0:R},{p.Shape?.StandardError ?? 0:R},{p.RelativeShift:R},{m.TestError.Value:R},{m.TestError.StandardError:R},{m.GaussianProcessError.Value:R},{m.RelativeShift.Value:R},{m.RelativeShift.StandardError:R},{(m.SplitRHat is { } r ? r.ToString("R", inv) : "")},{m.EffectiveSamples:R},{verdict},\"{string.Join("; ", p.Warnings.Concat(m.Warnings)).Replace("\"", "'")}\""));
        }
        return csv.ToString();
    }
}
