using System.Globalization;
using System.Text;

namespace RgDsl.Reporting;

/// <summary>
/// A verified hyperparameter transfer (RgDsl docs/THEORY.md §5) for the first interacting model whose weights have monomial
/// expansions: system B at <see cref="ReportOptions.TransferDataFactor"/> times the data of system A, put on A's RG trajectory; verified by the coincidence of
/// the rescaled learning curves ε/ε_GP − 1 against P/κ.
/// </summary>
internal static class TransferReport
{
    public static string? Write(IReadOnlyList<ReportEntry> entries, ReportOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        // Prefer a model whose perturbations are all relevant: the case where a transfer is the interesting claim.
        var candidates = entries.Select(e => (Entry: e, Models: RgReport.Resolve(e.Model)))
            .Where(r => r.Models.Interacting is { } i && i.Perturbations.All(p => p.Monomials is not null) && i.Gaussian.Spectrum.Modes <= options.MaxTransferModes)
            .ToList();
        var pick = candidates.FirstOrDefault(r => r.Models.Interacting!.PredictScaling().GaussianProcessUniversal);
        if (pick.Entry is null && candidates.Count > 0) pick = candidates[0];
        if (pick.Entry is null) return null;
        var model = pick.Models.Interacting!;
        var sizes = RgReport.DatasetSizes(model.Gaussian, options);
        var reference = sizes[sizes.Length / 3];
        var target = options.TransferDataFactor * reference;
        var md = new StringBuilder($"# Hyperparameter transfer\n\n[index](index.md) · [theory]({TheoryDocument.FileName})\n\nReference system A: **{pick.Entry.Name}** at P = {reference.ToString("G4", inv)}; system B at P = {target.ToString("G4", inv)}.\n\n");
        var csv = new StringBuilder("rule,system,P_over_kappa,relative_correction\n");
        var series = new List<PlotSeries>();
        foreach (var rule in new[] { TransferRule.SameThreshold, TransferRule.FixedRidge })
        {
            TransferResult transfer;
            try { transfer = model.TransferTo(reference, target, rule); }
            catch (NotSupportedException e) { md.AppendLine($"## {rule}\n\n{e.Message}\n"); continue; }
            var b = HyperparameterTransfer.Apply(model, transfer);
            // Rescaled curves: δ against P/κ, A over its sizes and B over the same P/κ values.
            var ratio = sizes.Select(p => p / model.Gaussian.Ridge).ToArray();
            var deltaA = sizes.Select(p => model.Predict(p, Approximation.FirstOrder).NonGaussianCorrection).ToArray();
            var deltaB = ratio.Select(r => b.Predict(r * transfer.Ridge, Approximation.FirstOrder).NonGaussianCorrection).ToArray();
            var worst = deltaA.Zip(deltaB, (x, y) => Math.Abs(x - y) / Math.Max(Math.Abs(x), 1e-300)).Max();
            var atTarget = Math.Abs(b.Predict(target, Approximation.FirstOrder).NonGaussianCorrection / model.Predict(reference, Approximation.FirstOrder).NonGaussianCorrection - 1);
            md.AppendLine($"## {rule}");
            md.AppendLine();
            md.AppendLine(string.Create(inv, $"κ_B = {transfer.Ridge:G6} (κ_A = {transfer.ReferenceRidge:G6}); coupling factors: {string.Join(", ", transfer.CouplingFactors.Select(kv => $"{kv.Key} × {kv.Value:G4}"))}."));
            md.AppendLine();
            md.AppendLine($"Criterion: {transfer.Criterion}.");
            md.AppendLine();
            md.AppendLine(string.Create(inv, $"Verification: δ_B(P_B) / δ_A(P_A) − 1 = {atTarget:G3}; along the rescaled curves the largest relative difference of δ at equal P/κ is {worst:G3}."));
            md.AppendLine();
            foreach (var (r, d) in ratio.Zip(deltaA)) csv.Append(FormattableString.Invariant($"{rule},A,{r:R},{d:R}\n"));
            foreach (var (r, d) in ratio.Zip(deltaB)) csv.Append(FormattableString.Invariant($"{rule},B,{r:R},{d:R}\n"));
            if (rule == TransferRule.SameThreshold)
            {
                series.Add(new PlotSeries("A: reference", ratio, deltaA.Select(Math.Abs).ToList()));
                series.Add(new PlotSeries("B: κ ∝ P (same k_P)", ratio, deltaB.Select(Math.Abs).ToList(), Dashed: true));
            }
        }
        LogLogPlot.Save(Path.Combine(options.OutputDirectory, "transfer.png"), $"Transfer: {pick.Entry.Name}", "P/κ", "|δ| = |ε/ε_GP − 1|", series);
        md.AppendLine("![transfer](transfer.png)");
        File.WriteAllText(Path.Combine(options.OutputDirectory, "transfer.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(options.OutputDirectory, "transfer.md"), md.ToString());
        return "transfer.md";
    }
}
