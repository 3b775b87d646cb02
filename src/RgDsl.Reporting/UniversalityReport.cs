using System.Globalization;
using System.Text;

namespace RgDsl.Reporting;

/// <summary>
/// Universality (RgDsl docs/THEORY.md §5): models that share a spectrum, target and ridge but differ in perturbations. Their
/// relative corrections δ(P) = ε/ε_GP − 1 must die at large P when every perturbation is relevant; the measured rate
/// (slope of |δ| over the upper half of the P range) is set next to the predicted one (the slowest class).
/// </summary>
internal static class UniversalityReport
{
    public static string? Write(IReadOnlyList<ReportEntry> entries, ReportOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        var resolved = entries.Select(e => (Entry: e, Models: RgReport.Resolve(e.Model))).ToList();
        var groups = resolved.GroupBy(r => (r.Models.Gaussian.Spectrum.Description, r.Models.Gaussian.Ridge, r.Models.Gaussian.Noise))
            .Where(g => g.Count() >= 2 && g.Any(r => r.Models.Interacting is not null)).ToList();
        if (groups.Count == 0) return null;
        var md = new StringBuilder("# Universality\n\n[index](index.md) · [theory](" + TheoryDocument.FileName + ")\n\nModels that share a spectrum, target and ridge but differ in their perturbations. GP universality (THEORY §5) means their learning curves collapse onto the GP's at large P: the relative correction δ = ε/ε_GP − 1 dies. *Measured*: the slope of |δ| (first order) over the upper half of the P range; *predicted*: the P exponent of the slowest diagram class.\n\n");
        var csv = new StringBuilder("# Universality: models sharing a spectrum, target and ridge (a group, numbered as in universality.md), first-order corrections.\n# group: the group's number; model: the model; P: dataset size; relative_correction: δ = ε/ε_GP − 1 (signed).\ngroup,model,P,relative_correction\n");
        for (var gi = 0; gi < groups.Count; gi++)
        {
            var group = groups[gi].ToList();
            var sizes = RgReport.DatasetSizes(group[0].Models.Gaussian, options);
            md.AppendLine($"## Group {gi + 1}: {group[0].Models.Gaussian.Spectrum.Description}, κ = {group[0].Models.Gaussian.Ridge.ToString("G4", inv)}");
            md.AppendLine();
            md.AppendLine("| model | classification | δ at the smallest P | δ at the largest P | measured rate | predicted rate | collapses onto the GP |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            var series = new List<PlotSeries>();
            foreach (var (entry, (gaussian, interacting)) in group)
            {
                if (interacting is null) { md.AppendLine($"| {entry.Name} | Gaussian (the reference) | 0 | 0 | — | — | — |"); continue; }
                var deltas = sizes.Select(p => interacting.Predict(p, Approximation.FirstOrder).NonGaussianCorrection).ToArray();
                foreach (var (p, d) in sizes.Zip(deltas)) csv.Append(FormattableString.Invariant($"{gi + 1},{entry.Name},{p:R},{d:R}\n"));
                series.Add(new PlotSeries(entry.Name, sizes, deltas, Magnitude: true));
                var upper = sizes.Length / 2;
                double? measured = deltas.Skip(upper).All(d => d != 0) ? PowerLawFit.Fit(sizes[upper..], deltas[upper..].Select(Math.Abs).ToList()).Exponent : null;
                // The slowest class of all perturbations sets the rate; the union of their intervals the classification.
                var prediction = interacting.PredictScaling();
                double? predicted = prediction.Classification is null ? null : prediction.Perturbations.SelectMany(p => p.Classes).Max(c => c.PExponent);
                var classification = prediction.Classification?.ToString() ?? "not analysed";
                var collapses = classification == nameof(Classification.Relevant) ? "yes" : measured is < 0 ? "numerically, over this range" : "no";
                md.AppendLine(string.Create(inv, $"| {entry.Name} | {classification} | {deltas[0]:G3} | {deltas[^1]:G3} | {RgReport.Format(measured)} | {RgReport.Format(predicted)} | {collapses} |"));
            }
            var png = $"universality-{gi + 1}.png";
            LogLogPlot.Save(Path.Combine(options.OutputDirectory, png), $"Approach to the GP: {group[0].Models.Gaussian.Spectrum.Description}, κ = {group[0].Models.Gaussian.Ridge.ToString("G3", inv)}",
                "dataset size P", "|δ| = |ε/ε_GP − 1| (sign marked)", series);
            md.AppendLine();
            md.AppendLine($"![approach to the GP]({png})");
            md.AppendLine();
        }
        File.WriteAllText(Path.Combine(options.OutputDirectory, "universality.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(options.OutputDirectory, "universality.md"), md.ToString());
        return "universality.md";
    }
}
