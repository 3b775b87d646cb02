using System.Diagnostics;
using System.Globalization;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;

namespace RgDsl.Reporting;

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

/// <summary>
/// Options of <see cref="RgReport"/>: where to write, how much work (<see cref="Preset"/>), the seed, and the sizes above
/// or below which a section is left out or reduced (each is a cost or validity limit, documented where it is used).
/// </summary>
public sealed record ReportOptions(string OutputDirectory = "out", ReportPreset Preset = ReportPreset.Standard, int Seed = 1)
{
    /// <summary>Learning curves run from P = 10 to this, or to where k_P reaches a third of the modes if that is smaller.</summary>
    public double MaxDatasetSize { get; init; } = 1e5;
    /// <summary>Fewest modes for which α and β are fitted from the spectrum and the asymptotic exponent is predicted.</summary>
    public long MinModesForExponents { get; init; } = 200;
    /// <summary>Kernel ridge regression (one dense P×M design per seed) runs next to Gaussian models of at most this many modes…</summary>
    public double MaxSimulatedModes { get; init; } = 4000;
    /// <summary>…at dataset sizes up to this.</summary>
    public double MaxSimulatedDatasetSize { get; init; } = 800;
    /// <summary>HMC (all fields sampled) runs next to interacting models of at most this many modes.</summary>
    public double MaxSampledModes { get; init; } = 20_000;
    /// <summary>
    /// Run-time fits of the class exponents need at least this many modes: the ladder keeps k_P
    /// <see cref="ScalingOptions.CutoffRatio"/> times below the cutoff over a span of <see cref="ScalingOptions.LadderSpan"/>.
    /// </summary>
    public long MinModesForScalingFits { get; init; } = 30_000;
    /// <summary>The (r, U) flow portrait (one shell flow per grid point) is drawn for models of at most this many modes.</summary>
    public long MaxPortraitModes { get; init; } = 200_000;
    /// <summary>The transfer study picks a model of at most this many modes (first-order predictions at every size).</summary>
    public long MaxTransferModes { get; init; } = 1_000_000;
    /// <summary>System B of the transfer study has this many times the data of system A.</summary>
    public double TransferDataFactor { get; init; } = 4;
    /// <summary>dℓ of the log shells of the recorded coupling flow.</summary>
    public double FlowShellWidth { get; init; } = 0.05;
    /// <summary>dℓ of the log shells of the flow portrait.</summary>
    public double PortraitShellWidth { get; init; } = 0.1;

    /// <summary>The work a preset does: points per curve, simulation seeds, HMC samples per chain, scaling ladder points, portrait grid.</summary>
    internal (int CurvePoints, int Seeds, int Samples, int ScalingPoints, int PortraitGrid) Work => Preset switch
    {
        ReportPreset.Quick => (8, 3, 300, 4, 3),
        ReportPreset.Full => (30, 16, 4000, 8, 9),
        _ => (14, 8, 1500, 5, 5),
    };
}

/// <summary>A model to report on: a display name (a directory name too) and the model; a generated model brings its declaration.</summary>
public sealed record ReportEntry(string Name, IRgModel Model);

/// <summary>What the report found for one model (the console summary).</summary>
public sealed record ModelSummary(string Name, string Kind, double? FittedExponent, double? PredictedExponent, string Scaling, string Checks, double Seconds, string Report)
{
    /// <summary>The theory's local exponent of ε(P) at the two ends of the fit window.</summary>
    public (double From, double To)? LocalExponents { get; init; }

    /// <summary>Where the asymptotic exponent is reached (null when none is predicted).</summary>
    public RgDsl.Scaling.AsymptoticApproach? Approach { get; init; }

    /// <summary>The P of the crossover κ = κ_eff/2 and where it lies against the plotted range (<see cref="RgDsl.Scaling.RegimeCrossover.Describe"/>).</summary>
    public string? Crossover { get; init; }

    /// <summary>One line: "Quartic: 1 perturbation(s); fitted ε ∝ P^-0.52, predicted -0.25; scaling U: Relevant; [Expect] at run time 1/1 hold; 2.1 s".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Kind}; fitted ε ∝ P^{RgReport.Format(FittedExponent)}, predicted {RgReport.Format(PredictedExponent)}; scaling {Scaling}; [Expect] at run time {Checks}; {Seconds:F1} s");
}

/// <summary>The written report.</summary>
public sealed record ReportSummary(IReadOnlyList<ModelSummary> Models, string Index, double Seconds)
{
    /// <summary>
    /// A plain list, one line per model and no line wrapping, for output that is not a terminal (a log file, a pipe),
    /// where a table drawn for a terminal would be cut into the default 80 columns.
    /// </summary>
    public override string ToString() =>
        string.Concat(Models.Select(m => m + Environment.NewLine))
        + string.Create(CultureInfo.InvariantCulture, $"Report: {Index} ({Models.Count} models in {Seconds:F1} s)");
}

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
    /// <summary>
    /// An instance of every declared model (<see cref="IDeclaredModel"/>, what the generator makes of an [RgModel] class)
    /// in the assembly that has a parameterless constructor, named by its class. Discovery scans the assembly's types;
    /// everything after it goes through the interface. Trimmed applications list their models instead.
    /// </summary>
    [RequiresUnreferencedCode("Scans the assembly's types and creates them; list the models in a trimmed application.")]
    public static IReadOnlyList<ReportEntry> FindModels(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDeclaredModel).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new ReportEntry(t.Name, (IRgModel)Activator.CreateInstance(t)!))
            .ToList();
    }

    /// <summary>Writes the report; <paramref name="progress"/> hears each step with the fraction done.</summary>
    public static ReportSummary Write(IReadOnlyList<ReportEntry> entries, ReportOptions? options = null, Action<string, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        options ??= new ReportOptions();
        if (entries.Select(e => e.Name).Distinct().Count() != entries.Count) throw new ArgumentException("report entries need distinct names (they name directories).");
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutputDirectory);
        TheoryDocument.WriteTo(options.OutputDirectory); // the reports link it relatively
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
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{models.Count} models, preset {options.Preset}, written in {seconds:F1} s. Theory: [{TheoryDocument.FileName}]({TheoryDocument.FileName}) (the project's docs/THEORY.md, cited as THEORY §n); every number below is in the CSV files next to each report."));
        sb.AppendLine();
        sb.AppendLine("The fitted exponent is fitted over the upper half of each model's P range; next to it the theory's local exponent at the two ends of that window, the asymptotic exponent, and the P (and k_P) from which the infinite-rank variant stays within 5% of it (✓: confirmed on a large-M variant). A fitted exponent equals the asymptotic one only when the window lies beyond that P. The crossover is the P where the ridge is half of the effective ridge (κ = κ_eff/2), from the ridgeless-like to the ridge-dominated regime; the learning-curve plots mark it.");
        sb.AppendLine();
        sb.AppendLine("| model | kind | fitted exponent of ε(P) | theory local exponent over the window | asymptotic | reached within 5% at P (k_P) | crossover P (κ = κ_eff/2) | scaling | [Expect] at run time |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var m in models)
        {
            var local = m.LocalExponents is { } l ? string.Create(CultureInfo.InvariantCulture, $"{l.From:0.###} → {l.To:0.###}") : "—";
            var reached = m.Approach is null ? "—" : m.Approach.ReachedAt is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"{p:G2} ({m.Approach.Threshold:G2}){(m.Approach.Verified ? " ✓" : " (large-M check fails)")}")
                : string.Create(CultureInfo.InvariantCulture, $"not by {RgDsl.Scaling.AsymptoticApproach.MaxDatasetSize:G2}");
            sb.AppendLine($"| [{m.Name}]({m.Name}/report.md) | {m.Kind} | {Format(m.FittedExponent)} | {local} | {Format(m.PredictedExponent)} | {reached} | {m.Crossover ?? "—"} | {m.Scaling} | {m.Checks} |");
        }
        sb.AppendLine();
        if (universality is not null) sb.AppendLine($"- [Universality: do learning curves collapse onto the GP's?]({universality})");
        if (transfer is not null) sb.AppendLine($"- [Hyperparameter transfer along an RG trajectory]({transfer})");
        var path = Path.Combine(options.OutputDirectory, "index.md");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>A number for tables: three decimals, or a dash when absent.</summary>
    /// <summary>A number for a title: an integer as such, otherwise three significant digits (66.0711 → "66.1").</summary>
    public static string Round(double v) => v == Math.Round(v) && Math.Abs(v) < 1e15 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("G3", CultureInfo.InvariantCulture);

    public static string Format(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    internal static double[] LogSpace(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from * Math.Pow(to / from, (double)i / (count - 1))).ToArray();

    /// <summary>The Gaussian and (if any) interacting run-time models behind an entry.</summary>
    internal static (GaussianModel Gaussian, InteractingModel? Interacting) Resolve(IRgModel model) => model switch
    {
        InteractingModel interacting => (interacting.Gaussian, interacting),
        GaussianModel gaussian => (gaussian, null),
        IDeclaredModel declared => declared.ToInteractingModel() is { } interacting ? (interacting.Gaussian, interacting) : (declared.ToGaussianModel(), null),
        _ => throw new ArgumentException($"{model.Name}: not a GaussianModel, an InteractingModel, or a declared (generated) model."),
    };

    /// <summary>P from 10 to where k_P reaches a third of the modes (at most <see cref="ReportOptions.MaxDatasetSize"/>).</summary>
    internal static double[] DatasetSizes(GaussianModel g, ReportOptions options)
    {
        var max = g.Spectrum.Modes == RgModel.Infinite ? options.MaxDatasetSize : Math.Min(options.MaxDatasetSize, g.Spectrum.ModeCount / 3);
        if (g.Ridge == 0) max = Math.Min(max, g.Spectrum.ModeCount / 2);
        return LogSpace(Math.Min(10, max / 10), max, options.Work.CurvePoints);
    }
}
