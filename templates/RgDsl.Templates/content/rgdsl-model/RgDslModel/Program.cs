using System.Globalization;
using RgDsl;
using RgDsl.Reporting;
using RgDslModel;

// The learning curve of the model, then the full report (plots, CSV/JSON, the theory document) in out/.
// `dotnet run -- --standard` writes the standard report (about a minute) instead of the quick one.
var model = new WideNetwork();
Console.WriteLine("      P   test error     δ (non-Gaussian)");
foreach (var p in new[] { 10.0, 100.0, 1000.0 })
{
    var point = model.Predict(p);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p,7:G}   {point.TestError,-12:G6}   {point.NonGaussianCorrection:G4}{(point.IsWithinRange ? "" : "  (out of range: " + point.OutOfRangeReason + ")")}"));
}

var preset = args.Contains("--standard") ? ReportPreset.Standard : ReportPreset.Quick;
var summary = RgReport.Write(RgReport.FindModels(typeof(WideNetwork).Assembly), new ReportOptions("out", preset));
Console.WriteLine(summary);
