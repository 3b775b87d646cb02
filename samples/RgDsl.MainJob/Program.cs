using System.Globalization;
using RgDsl;
using RgDsl.MainJob;
using RgDsl.MainJob.Models;
using Spectre.Console;

// The main job: the report of the RG program for every model declared in this assembly, plus the parameter
// variations of the paper's scenarios. Options: --quick | --full (default: standard), --out DIR, --tour (the
// step-by-step console tour instead of the report).
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

var table = new Table().Border(TableBorder.Rounded).Title("[bold]Summary[/]");
foreach (var column in new[] { "model", "kind", "fitted ε ∝ P^e", "predicted e", "scaling", "[Expect] at run time", "s" }) table.AddColumn(Markup.Escape(column));
foreach (var m in summary!.Models)
    table.AddRow(Markup.Escape(m.Name), Markup.Escape(m.Kind), RgReport.Format(m.FittedExponent), RgReport.Format(m.PredictedExponent), Markup.Escape(m.Scaling), Markup.Escape(m.Checks), m.Seconds.ToString("F1"));
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Report: [blue]{Markup.Escape(Path.GetFullPath(summary.Index))}[/] in {summary.Seconds:F1} s");
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
