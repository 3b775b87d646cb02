using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using RgDsl.Perturbations;

namespace RgDsl;

/// <summary>How much work a report does.</summary>
public enum ReportPreset
{
    /// <summary>Few points and samples: a smoke run (the tests use it).</summary>
    Quick,
    /// <summary>The default: every section, in about a minute on 2 cores for the samples.</summary>
    Standard,
    /// <summary>Dense curves, more seeds and samples.</summary>
    Full,
}

/// <summary>Options of <see cref="RgReport"/>.</summary>
public sealed record ReportOptions(string OutputDirectory = "out", ReportPreset Preset = ReportPreset.Standard, int Seed = 1);

/// <summary>A model to report on: a display name (a directory name too), the model, and its declared class (for [Expect] and CompileTimeScaling).</summary>
public sealed record ReportEntry(string Name, IRgModel Model, Type? DeclaredType = null);

/// <summary>What the report found for one model (the console summary).</summary>
public sealed record ModelSummary(string Name, string Kind, double? FittedExponent, double? PredictedExponent, string Scaling, string Checks, double Seconds, string Report);

/// <summary>The written report.</summary>
public sealed record ReportSummary(IReadOnlyList<ModelSummary> Models, string Index, double Seconds);

/// <summary>
/// The report of the RG program for any declared models (issue "the main job"): for each model, what it is, its
/// Gaussian and interacting learning curves with simulation or HMC points, fitted against predicted exponents, the
/// scaling table (compile-time formulas next to run-time fits), the RG flow and flow portrait, and the relative
/// correction with its predicted slopes; then universality across models that share a spectrum and target, and a
/// verified hyperparameter transfer. Writes out/&lt;model&gt;/report.md with PNG plots and CSV of every number, and
/// out/index.md.
/// </summary>
public static class RgReport
{
    /// <summary>Every non-abstract class in the assembly that implements <see cref="IRgModel"/> and has a parameterless constructor.</summary>
    public static IReadOnlyList<ReportEntry> FindModels(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRgModel).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new ReportEntry(t.Name, (IRgModel)Activator.CreateInstance(t)!, t))
            .ToList();

    /// <summary>Writes the report; <paramref name="progress"/> hears each step with the fraction done.</summary>
    public static ReportSummary Write(IReadOnlyList<ReportEntry> entries, ReportOptions? options = null, Action<string, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        options ??= new ReportOptions();
        if (entries.Select(e => e.Name).Distinct().Count() != entries.Count) throw new ArgumentException("report entries need distinct names (they name directories).");
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutputDirectory);
        var summaries = new List<ModelSummary>();
        var steps = entries.Count + 2.0;
        for (var i = 0; i < entries.Count; i++)
        {
            progress?.Invoke($"model {entries[i].Name}", i / steps);
            summaries.Add(ModelReport.Write(entries[i], options));
        }
        progress?.Invoke("universality", entries.Count / steps);
        var universality = UniversalityReport.Write(entries, options);
        progress?.Invoke("transfer", (entries.Count + 1) / steps);
        var transfer = TransferReport.Write(entries, options);
        var index = WriteIndex(summaries, universality, transfer, options, clock.Elapsed.TotalSeconds);
        progress?.Invoke("done", 1);
        return new ReportSummary(summaries, index, clock.Elapsed.TotalSeconds);
    }

    private static string WriteIndex(List<ModelSummary> models, string? universality, string? transfer, ReportOptions options, double seconds)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RgDsl report");
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{models.Count} models, preset {options.Preset}, written in {seconds:F1} s. Theory: THEORY.md; every number below is in the CSV files next to each report."));
        sb.AppendLine();
        sb.AppendLine("| model | kind | fitted exponent of ε(P) | predicted | scaling | [Expect] at run time |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var m in models)
            sb.AppendLine($"| [{m.Name}]({m.Name}/report.md) | {m.Kind} | {Num(m.FittedExponent)} | {Num(m.PredictedExponent)} | {m.Scaling} | {m.Checks} |");
        sb.AppendLine();
        if (universality is not null) sb.AppendLine($"- [Universality: do learning curves collapse onto the GP's?]({universality})");
        if (transfer is not null) sb.AppendLine($"- [Hyperparameter transfer along an RG trajectory]({transfer})");
        var path = Path.Combine(options.OutputDirectory, "index.md");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>A number for tables: three decimals, or a dash when absent.</summary>
    public static string Format(double? v) => Num(v);

    internal static string Num(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    internal static double[] LogSpace(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from * Math.Pow(to / from, (double)i / (count - 1))).ToArray();

    internal static int Points(ReportOptions o, int quick, int standard, int full) => o.Preset switch { ReportPreset.Quick => quick, ReportPreset.Full => full, _ => standard };

    /// <summary>The Gaussian and (if any) interacting run-time models behind an entry.</summary>
    internal static (GaussianModel Gaussian, InteractingModel? Interacting) Resolve(IRgModel model)
    {
        // Generated models expose their run-time models through ToInteractingModel() / ToGaussianModel().
        var interacting = model as InteractingModel ?? model.GetType().GetMethod("ToInteractingModel", Type.EmptyTypes)?.Invoke(model, null) as InteractingModel;
        if (interacting is not null) return (interacting.Gaussian, interacting);
        var gaussian = model as GaussianModel ?? model.GetType().GetMethod("ToGaussianModel", Type.EmptyTypes)?.Invoke(model, null) as GaussianModel;
        return gaussian is not null ? (gaussian, null)
            : throw new ArgumentException($"{model.Name}: not a GaussianModel, an InteractingModel, or a generated model.");
    }

    internal static ScalingReport? CompileTimeScaling(Type? type) =>
        type?.GetField("CompileTimeScaling", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ScalingReport;

    /// <summary>P from 10 to where k_P reaches a third of the modes (at most 10⁵).</summary>
    internal static double[] DatasetSizes(GaussianModel g, int count)
    {
        var max = g.Spectrum.Modes == RgModel.Infinite ? 1e5 : Math.Min(1e5, g.Spectrum.ModeCount / 3);
        if (g.Ridge == 0) max = Math.Min(max, g.Spectrum.ModeCount / 2);
        return LogSpace(Math.Min(10, max / 10), max, count);
    }
}
