using System.Diagnostics;
using System.Globalization;
using System.Text;
using RgDsl.Data;
using RgDsl.Scaling;

namespace RgDsl.Reporting;

/// <summary>What the real-data study measured.</summary>
public sealed record RealDataSummary(string Report, double Alpha, double AlphaError, double Beta, double BetaError,
    double FittedExponent, double FittedExponentError, double? PredictedExponent, int WithinAllowance, int Compared, double Seconds);

/// <summary>
/// Learning curves on a real dataset (issue "real data"): the empirical spectrum of a kernel on the N samples, its
/// power-law fits (α, β), the self-consistent theory on that spectrum, and kernel ridge regression on the dataset
/// itself. Up to P = N/10 the theory must match within 3 standard errors plus 5%; beyond, the table shows how the
/// agreement degrades with P/N.
/// </summary>
public static class RealDataReport
{
    /// <summary>The agreement criterion: |measured − theory| ≤ this many standard errors…</summary>
    public const double AllowedStandardErrors = 3;
    /// <summary>…plus this fraction of the theory (finite N and sampling with replacement).</summary>
    public const double AllowedRelativeDeviation = 0.05;
    /// <summary>The criterion is applied up to P = N/this; beyond, the table shows how the agreement degrades.</summary>
    public const int ComparedUpToDivisor = 10;

    public static RealDataSummary Write(Dataset data, IKernel kernel, double[] targets, string targetName, double ridge, string directory, ReportPreset preset = ReportPreset.Standard, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        progress?.Invoke("kernel matrix");
        var kernelMatrix = EmpiricalSpectrum.KernelMatrix(kernel, data);
        var kernelSeconds = clock.Elapsed.TotalSeconds;
        progress?.Invoke("eigen-decomposition");
        var spectrum = EmpiricalSpectrum.Compute(kernelMatrix, targets, $"{kernel.Description} on {data.Name}");
        return Write(spectrum, data.Name, targets, targetName, ridge, directory, preset, progress,
            string.Create(CultureInfo.InvariantCulture, $"Kernel matrix {kernelSeconds:F1} s, eigen-decomposition {clock.Elapsed.TotalSeconds - kernelSeconds:F1} s"));
    }

    /// <summary>What the study measured on one target, before anything is written.</summary>
    private sealed record Study(EmpiricalSpectrum Spectrum, int Samples, TargetExponentFit Exponents, PowerLawFit AlphaFit, PowerLawFit BetaFit,
        GaussianModel Table, GaussianModel Tailed, bool TailPossible, int Seeds, int[] Sizes, List<StudyRow> Rows, List<StudyRow> Upper,
        PowerLawFit MeasuredFit, double? Predicted, int Within, int Compared)
    {
        public double Alpha => Exponents.Alpha;
        public double Beta => Exponents.Beta;
        public int FitFrom => Exponents.From;
        public int FitTo => Exponents.To;
    }

    /// <summary>One training-set size: kernel regression on the dataset, the theory on the table and with a tail, and the verdict of the criterion (null beyond P = N/10).</summary>
    private sealed record StudyRow(int P, DatasetRegressionResult Measured, double Table, double Tailed, bool? WithinAllowance);

    /// <summary>The study for one target on an already decomposed kernel (see <see cref="EmpiricalSpectrum.WithTargets"/>).</summary>
    public static RealDataSummary Write(EmpiricalSpectrum spectrum, string dataName, double[] targets, string targetName, double ridge, string directory,
        ReportPreset preset = ReportPreset.Standard, Action<string>? progress = null, string? timings = null)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        if (spectrum.DefaultFitRange is null) throw new ArgumentException($"{dataName}: {spectrum.Eigenvalues.Count} positive eigenvalues are too few to fit the spectral exponents.");
        var study = Measure(spectrum, targets, ridge, preset, progress);
        WriteTables(study, targetName, ridge, directory);
        WritePlots(study, targetName, directory);
        var report = Path.Combine(directory, "report.md");
        File.WriteAllText(report, Markdown(study, dataName, targetName, ridge, directory, timings));
        return new RealDataSummary(report, study.Alpha, study.AlphaFit.StandardError, study.Beta, study.BetaFit.StandardError, study.MeasuredFit.Exponent,
            study.MeasuredFit.StandardError, study.Predicted, study.Within, study.Compared, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The fits (the range chosen for this target, whose target power may bend where another's does not; errors by
    /// bootstrap), the theory on the table and with a power-law tail, kernel regression at each size, and the criterion.
    /// </summary>
    private static Study Measure(EmpiricalSpectrum spectrum, double[] targets, double ridge, ReportPreset preset, Action<string>? progress)
    {
        var n = spectrum.Samples;
        var exponents = TargetExponentFit.Fit(spectrum);
        var alphaFit = spectrum.FitSpectrum(exponents.From, exponents.To) with { StandardError = exponents.AlphaError };
        var betaFit = spectrum.FitTarget(exponents.From, exponents.To) with { StandardError = exponents.BetaError };
        var (alpha, beta) = (exponents.Alpha, exponents.Beta);
        var table = new GaussianModel("table", spectrum.ToSpectrum(), ridge);
        // A tail needs α > 0 and β > 0, or its trace and target power diverge: without them the table stands alone.
        var tailPossible = alpha > 0 && beta > 0;
        var tailed = tailPossible ? new GaussianModel("tailed", spectrum.ToSpectrum(alpha, beta), ridge) : table;
        var seeds = preset switch { ReportPreset.Quick => 4, ReportPreset.Full => 40, _ => 12 };
        var sizes = new[] { 10, 20, 50, n / 20, n / 10, n / 5, n / 2 }.Where(p => p >= 2).Distinct().OrderBy(p => p).ToArray();
        var rows = new List<StudyRow>();
        foreach (var p in sizes)
        {
            progress?.Invoke($"kernel regression at P = {p}");
            var measured = DatasetRegression.Run(spectrum.Kernel, targets, p, ridge, seeds);
            var theory = table.Predict(p).TestError;
            var ok = Math.Abs(measured.TestError - theory) <= AllowedStandardErrors * measured.StandardError + AllowedRelativeDeviation * theory;
            rows.Add(new StudyRow(p, measured, theory, tailed.Predict(p).TestError, p <= n / ComparedUpToDivisor ? ok : null));
        }
        var upper = rows.Where(r => r.P >= n / 20).ToList();
        var measuredFit = PowerLawFit.Fit(upper.Select(r => (double)r.P).ToList(), upper.Select(r => r.Measured.TestError).ToList());
        double? predicted = tailPossible ? LearningCurveLaw.Exponent(alpha, beta, ridgeless: false) : null;
        return new Study(spectrum, n, exponents, alphaFit, betaFit, table, tailed, tailPossible, seeds, sizes, rows, upper, measuredFit, predicted,
            rows.Count(r => r.WithinAllowance == true), rows.Count(r => r.WithinAllowance is not null));
    }

    private static void WriteTables(Study s, string targetName, double ridge, string directory)
    {
        var (spectrum, n) = (s.Spectrum, s.Samples);
        File.WriteAllText(Path.Combine(directory, "spectrum.csv"), $"# {spectrum.Description}; target: {targetName}; N = {n} samples.\n# k: mode index; eigenvalue: λ_k of K/N; target_power: y_k² = (u_kᵀy)²/N.\nk,eigenvalue,target_power\n" + string.Concat(spectrum.Eigenvalues.Select((l, i) =>
            FormattableString.Invariant($"{i + 1},{l:R},{spectrum.TargetPowers[i]:R}\n"))));
        File.WriteAllText(Path.Combine(directory, "learning-curve.csv"), string.Create(CultureInfo.InvariantCulture, $"# {spectrum.Description}; target: {targetName}; ridge κ = {ridge:R}; {s.Seeds} seeds; N = {n}.\n# P: training-set size; measured, standard_error: kernel ridge regression's test error on all N samples, mean and s.e. over seeds; theory_table: theory on the empirical spectrum; theory_tailed: with a power-law tail beyond mode N; P_over_N: P/N.\n") + "P,measured,standard_error,theory_table,theory_tailed,P_over_N\n" + string.Concat(s.Rows.Select(r =>
            FormattableString.Invariant($"{r.P},{r.Measured.TestError:R},{r.Measured.StandardError:R},{r.Table:R},{r.Tailed:R},{(double)r.P / n:R}\n"))));
    }

    private static void WritePlots(Study s, string targetName, string directory)
    {
        var inv = CultureInfo.InvariantCulture;
        var (spectrum, alphaFit, betaFit, fitFrom, fitTo) = (s.Spectrum, s.AlphaFit, s.BetaFit, s.FitFrom, s.FitTo);
        var ks = Enumerable.Range(1, spectrum.Eigenvalues.Count).Select(k => (double)k).ToList();
        LogLogPlot.Save(Path.Combine(directory, "spectrum.png"), $"Kernel spectrum: {spectrum.Description}", "mode index k", "eigenvalue λ_k of K/N",
        [
            new PlotSeries("λ_k (measured)", ks, spectrum.Eigenvalues),
            new PlotSeries(string.Create(inv, $"fit k^-(1+α), α = {s.Alpha:0.###} ± {alphaFit.StandardError:0.###} (k = {fitFrom}..{fitTo})"), [fitFrom, fitTo],
                [alphaFit.Prefactor * Math.Pow(fitFrom, alphaFit.Exponent), alphaFit.Prefactor * Math.Pow(fitTo, alphaFit.Exponent)], Dashed: true),
        ]);
        LogLogPlot.Save(Path.Combine(directory, "target-power.png"), $"Target power: {targetName}", "mode index k", "target power y_k² = (u_kᵀy)²/N",
        [
            new PlotSeries("y_k² (measured)", ks, spectrum.TargetPowers),
            new PlotSeries(string.Create(inv, $"fit k^-(1+β) of log-binned means, β = {s.Beta:0.###} ± {betaFit.StandardError:0.###}"), [fitFrom, fitTo],
                [betaFit.Prefactor * Math.Pow(fitFrom, betaFit.Exponent), betaFit.Prefactor * Math.Pow(fitTo, betaFit.Exponent)], Dashed: true),
        ]);
        var dense = RgReport.LogSpace(s.Sizes[0], s.Sizes[^1], 30);
        LogLogPlot.Save(Path.Combine(directory, "learning-curve.png"), $"Theory against kernel regression: {targetName}", "training set size P", "test error on all N samples",
        [
            new PlotSeries("theory on the empirical spectrum", dense, dense.Select(p => s.Table.Predict(p).TestError).ToList()),
            new PlotSeries(s.TailPossible ? "theory with a power-law tail beyond mode N" : "(no tail: β ≤ 0)", dense, dense.Select(p => s.Tailed.Predict(p).TestError).ToList(), Dashed: true),
            new PlotSeries($"kernel ridge regression on the dataset ({s.Seeds} seeds, ±1 s.e.)", s.Rows.Select(r => (double)r.P).ToList(), s.Rows.Select(r => r.Measured.TestError).ToList(), s.Rows.Select(r => r.Measured.StandardError).ToList(), Points: true),
        ]);
    }

    private static string Markdown(Study s, string dataName, string targetName, double ridge, string directory, string? timings)
    {
        var inv = CultureInfo.InvariantCulture;
        var (spectrum, n) = (s.Spectrum, s.Samples);
        var md = new StringBuilder();
        md.AppendLine($"# Real data: {dataName}, {targetName}");
        md.AppendLine();
        // The theory document: the main job's copy two levels up (out/THEORY.md), or a copy of its own.
        var theory = File.Exists(Path.Combine(directory, "..", "..", TheoryDocument.FileName)) ? "../../" + TheoryDocument.FileName
            : Path.GetFileName(TheoryDocument.WriteTo(directory));
        md.AppendLine($"[index](../../index.md) · [theory]({theory})");
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"Kernel and data: {spectrum.Description}. Target: {targetName}. N = {n} samples taken as the data distribution; ridge κ = {ridge:G3}. {timings ?? "Decomposition reused"} ({spectrum.Eigenvalues.Count} positive eigenvalues)."));
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"Power-law fits over k = {s.FitFrom}..{s.FitTo}, the range (of {s.Exponents.Candidates.Count} tried, each spanning at least a decade) where the log-binned fit of this target's y_k² has the smallest standard error: **α = {s.Alpha:0.###} ± {s.AlphaFit.StandardError:0.###}** from λ_k, **β = {s.Beta:0.###} ± {s.BetaFit.StandardError:0.###}** from log-binned y_k² (errors: bootstrap, {s.Exponents.Resamples} resamples of the modes within tenth-of-a-decade bins)."));
        md.AppendLine();
        md.AppendLine("![spectrum](spectrum.png)");
        md.AppendLine();
        md.AppendLine("![target power](target-power.png)");
        md.AppendLine();
        md.AppendLine($"## Theory against kernel ridge regression on the dataset ({s.Seeds} seeds; P points drawn with replacement, test error on all N)");
        md.AppendLine();
        md.AppendLine("| P | P/N | measured | ± s.e. | theory (table) | measured/theory | within 3 s.e. + 5% | theory with tail |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in s.Rows)
            md.AppendLine(string.Create(inv, $"| {r.P} | {(double)r.P / n:0.###} | {r.Measured.TestError:G4} | {r.Measured.StandardError:G2} | {r.Table:G4} | {r.Measured.TestError / r.Table:0.000} | {(r.WithinAllowance is { } ok ? (ok ? "yes" : "**no**") : $"(P > N/{ComparedUpToDivisor})")} | {r.Tailed:G4} |"));
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"Up to P = N/{ComparedUpToDivisor} the theory is within {AllowedStandardErrors} standard errors plus {AllowedRelativeDeviation * 100}% at {s.Within} of {s.Compared} sizes. Beyond, the ratio column shows how the agreement evolves with P/N: drawing with replacement repeats points, and the finite spectrum ends at mode N."));
        md.AppendLine();
        AppendExponents(md, s);
        md.AppendLine("![learning curve](learning-curve.png)");
        return md.ToString();
    }

    /// <summary>The measured learning-curve exponent against the asymptotic law and against the theory's own slope over the same window.</summary>
    private static void AppendExponents(StringBuilder md, Study s)
    {
        var inv = CultureInfo.InvariantCulture;
        var (upper, measuredFit) = (s.Upper, s.MeasuredFit);
        md.AppendLine(string.Create(inv, $"Fitted exponent of the measured learning curve over P = {upper[0].P}..{upper[^1].P}: **{measuredFit.Exponent:0.###} ± {measuredFit.StandardError:0.###}**; ")
            + (s.Predicted is { } pe
                ? string.Create(inv, $"predicted from α and β (THEORY §2.3, fixed ridge): −min(β, 2(1+α))/(1+α) = **{pe:0.###}**.")
                : string.Create(inv, $"no asymptotic power law is predicted: the fitted target exponent β = {s.Beta:0.###} ≤ 0 means the target power does not decay over the fitted modes (THEORY §2.3 needs β > 0), and no tail is attached.")));
        md.AppendLine();
        // The same window on both: the measured slope against the theory's own (on the measured spectrum), not against the asymptote.
        var theoryWindow = s.Table.LearningCurve(upper.Select(r => (double)r.P).ToArray());
        var theoryFit = theoryWindow.FitExponent();
        var gap = (measuredFit.Exponent - theoryFit.Exponent) / Math.Max(measuredFit.StandardError, 1e-12);
        md.AppendLine(string.Create(inv, $"Over the same window P = {upper[0].P}..{upper[^1].P}: measured **{measuredFit.Exponent:0.###} ± {measuredFit.StandardError:0.###}**, theory on the measured spectrum **{theoryFit.Exponent:0.###}** (its local exponent {theoryWindow.LocalExponents[0]:0.###} → {theoryWindow.LocalExponents[^1]:0.###}); difference {gap:+0.0;-0.0} s.e. ")
            + (Math.Abs(gap) <= 3 ? "(agree within 3 s.e.)." : "(**not** within 3 s.e.)."));
        md.AppendLine();
        if (s.Predicted is not null)
        {
            // What separates the measured slope from the asymptotic law, read off the theory on the measured spectrum
            // (which the measurement follows) over the same sizes: regime and cutoff N, as measured, not assumed.
            var theoryCurve = s.Table.LearningCurve(upper.Select(r => (double)r.P).ToArray());
            md.AppendLine("Why: the theory on the measured spectrum, over the same sizes. " + theoryCurve.ExplainExponent(theoryCurve.FitExponent(), new ScalingReport(s.Alpha, s.Beta, [])));
            md.AppendLine();
        }
    }
}
