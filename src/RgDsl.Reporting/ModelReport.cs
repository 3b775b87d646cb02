using System.Diagnostics;
using System.Globalization;
using System.Text;
using RgDsl.Perturbations;
using RgDsl.Flow;

namespace RgDsl.Reporting;

/// <summary>The report of one model (see <see cref="RgReport"/>).</summary>
internal static class ModelReport
{
    public static ModelSummary Write(ReportEntry entry, ReportOptions options)
    {
        var clock = Stopwatch.StartNew();
        var dir = Path.Combine(options.OutputDirectory, entry.Name);
        Directory.CreateDirectory(dir);
        var (gaussian, interacting) = RgReport.Resolve(entry.Model);
        var md = new StringBuilder();
        md.AppendLine($"# {entry.Name}");
        md.AppendLine();
        md.AppendLine($"[index](../index.md) · [theory](../{TheoryDocument.FileName}) (the equations cited as THEORY §n)");
        md.AppendLine();
        md.AppendLine("## The model as understood");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(entry.Model.Describe().TrimEnd());
        md.AppendLine("```");
        md.AppendLine();

        var sizes = RgReport.DatasetSizes(gaussian, options);
        var (top, fitted, localFrom, localTo, approach, crossoverText) = WriteLearningCurve(entry, gaussian, interacting, options, dir, md, sizes);
        double? predicted = fitted?.LearningCurveExponent;

        // Scaling.
        var scalingText = "Gaussian";
        var checks = "";
        if (interacting is not null)
        {
            (scalingText, checks) = Scaling(entry, interacting, options, dir, md, sizes);
        }
        else if (entry.Model is IDeclaredModel declared && AtDeclaredDefaults(entry))
        {
            var results = fitted is null ? [] : ScalingExpectations.Check(declared.Declaration, fitted);
            checks = Checks(results);
        }
        if (!AtDeclaredDefaults(entry)) checks = "n/a: parameters differ from the declared defaults the claims are about";

        WriteFlow(entry, interacting, options, dir, md, sizes);
        File.WriteAllText(Path.Combine(dir, "report.md"), md.ToString());
        var kind = interacting is null ? "Gaussian" : $"{interacting.Perturbations.Count} perturbation(s)";
        return new ModelSummary(entry.Name, kind, top.Exponent, predicted, scalingText, checks, clock.Elapsed.TotalSeconds, Path.Combine(dir, "report.md"))
        {
            LocalExponents = (localFrom, localTo),
            Approach = approach,
            Crossover = crossoverText,
        };
    }

    /// <summary>The learning-curve section: curves, CSV/JSON, the plot with its guides, and the exponent, approach and crossover texts.</summary>
    private static (PowerLawFit Top, ScalingReport? Fitted, double LocalFrom, double LocalTo, RgDsl.Scaling.AsymptoticApproach? Approach, string CrossoverText) WriteLearningCurve(
        ReportEntry entry, GaussianModel gaussian, InteractingModel? interacting, ReportOptions options, string dir, StringBuilder md, double[] sizes)
    {
        var inv = CultureInfo.InvariantCulture;
        var gp = gaussian.LearningCurve(sizes);
        File.WriteAllText(Path.Combine(dir, "learning-curve-gp.csv"), $"# {entry.Name}: the Gaussian process's learning curve (self-consistent theory).\n# {LearningCurve.CsvColumnDefinitions}\n" + gp.ToCsv());
        File.WriteAllText(Path.Combine(dir, "learning-curve-gp.json"), gp.ToJson());
        LearningCurve? full = null;
        if (interacting is not null)
        {
            full = interacting.LearningCurve(Approximation.FirstOrder, sizes);
            File.WriteAllText(Path.Combine(dir, "learning-curve.csv"), $"# {entry.Name}: the learning curve with its perturbations at first order.\n# {LearningCurve.CsvColumnDefinitions}\n" + full.ToCsv());
            File.WriteAllText(Path.Combine(dir, "learning-curve.json"), full.ToJson());
        }
        var series = new List<PlotSeries> { new("GP (self-consistent)", sizes, gp.Points.Select(p => p.TestError).ToList()) };
        if (full is not null) series.Add(new PlotSeries("with perturbations (first order)", sizes, full.Points.Select(p => p.TestError).ToList(), Dashed: true));
        var experiment = Experiments(gaussian, interacting, sizes, options, dir, md);
        if (experiment is not null) series.Add(experiment);
        // Guides: the ridgeless and the fixed-ridge slopes, anchored at the ends of the GP curve, and the crossover
        // (κ = half of κ_eff) as a vertical line where the curve passes it.
        var lawModel = gaussian.Spectrum.Modes >= options.MinModesForExponents ? gaussian.Scaling() : null;
        var verticals = new List<(double X, string Label)>();
        if (lawModel is { Regime: { } lawRegime } && lawModel.Beta > 0 && double.IsFinite(lawModel.Beta))
        {
            var (e0, e1) = (gp.Points[0].TestError, gp.Points[^1].TestError);
            var ridgeless = LearningCurveLawGuide(lawModel.Alpha, lawModel.Beta, true);
            series.Add(new PlotSeries(string.Create(inv, $"slope {ridgeless:0.###} (ridgeless law)"), [sizes[0], sizes[^1]], [e0, e0 * Math.Pow(sizes[^1] / sizes[0], ridgeless)], Dashed: true));
            if (!lawModel.Ridgeless)
            {
                var fixedRidge = LearningCurveLawGuide(lawModel.Alpha, lawModel.Beta, false);
                series.Add(new PlotSeries(string.Create(inv, $"slope {fixedRidge:0.###} (fixed-ridge law)"), [sizes[0], sizes[^1]], [e1 * Math.Pow(sizes[0] / sizes[^1], fixedRidge), e1], Dashed: true));
            }
        }
        // The crossover from the ridgeless-like to the ridge-dominated regime (κ = κ_eff/2), marked where the window holds it.
        var crossover = RgDsl.Scaling.RegimeCrossover.DatasetSize(gaussian);
        if (crossover is { } cross && cross >= sizes[0] && cross <= sizes[^1])
            verticals.Add((cross, string.Create(inv, $"crossover κ = κ_eff/2 at P = {cross:G3}")));
        LogLogPlot.Save(Path.Combine(dir, "learning-curve.png"), $"Learning curve: {entry.Name}", "dataset size P", "test error ε (MSE)", series, verticals: verticals);
        md.AppendLine("## Learning curve");
        md.AppendLine();
        md.AppendLine("![learning curve](learning-curve.png)");
        md.AppendLine();
        var curve = full ?? gp;
        var top = curve.FitExponent(sizes[sizes.Length / 2], sizes[^1]);
        // The Gaussian backbone's α, β and the learning-curve exponent they predict (ridgeless or not).
        var fitted = gaussian.Spectrum.Modes >= options.MinModesForExponents ? gaussian.Scaling() : null;
        // Why the fit and the law differ over this range, as measured on the curve (regime, noise, cutoff), never a stock phrase.
        md.AppendLine(curve.ExplainExponent(top, fitted)
            + (fitted is null ? string.Create(inv, $" (α and β are fitted for models of at least {options.MinModesForExponents} modes; this one has {gaussian.Spectrum.Modes}.)") : "")
            + " The local exponent at each P is in the CSV.");
        md.AppendLine();
        var window = Enumerable.Range(0, sizes.Length).Where(i => sizes[i] >= top.From && sizes[i] <= top.To).ToList();
        var (localFrom, localTo) = (curve.LocalExponents[window[0]], curve.LocalExponents[window[^1]]);
        var approach = fitted is null ? null : RgDsl.Scaling.AsymptoticApproach.Of(gaussian);
        if (approach is not null)
        {
            md.AppendLine(string.Create(inv, $"Asymptotic exponent (THEORY §2.3): {approach}. Over the fit window P = {top.From:G3}..{top.To:G3} the theory's local exponent runs {localFrom:0.###} → {localTo:0.###} (fitted {top.Exponent:0.###}); ")
                + (approach.ReachedAt is { } reach && reach > sizes[^1] ? string.Create(inv, $"the asymptote lies beyond this report's range (P ≤ {sizes[^1]:G3}), so the fitted exponent is not expected to equal it.") : "the window reaches it."));
            md.AppendLine();
        }
        var crossoverText = RgDsl.Scaling.RegimeCrossover.Describe(crossover, sizes[0], sizes[^1], gaussian.Ridge == 0);
        md.AppendLine(string.Create(inv, $"Crossover from the ridgeless-like to the ridge-dominated regime (κ = κ_eff/2, THEORY §2.3; `RegimeCrossover`): P = {crossoverText}; the plot covers P = {sizes[0]:G3}..{sizes[^1]:G3}."));
        md.AppendLine();
        if (full is not null) md.AppendLine(RangeNote(full)).AppendLine();

        return (top, fitted, localFrom, localTo, approach, crossoverText);
    }

    /// <summary>The flow section: the Gaussian ridge flow, the couplings' shell flow and, for small interacting models, the (r, U) portrait.</summary>
    private static void WriteFlow(ReportEntry entry, InteractingModel? interacting, ReportOptions options, string dir, StringBuilder md, double[] sizes)
    {
        var inv = CultureInfo.InvariantCulture;
        var middle = sizes[sizes.Length / 2];
        var flow = entry.Model.Flow(middle, new FlowOptions(ShellWidth: options.FlowShellWidth));
        File.WriteAllText(Path.Combine(dir, "flow.csv"), string.Create(inv, $"# {entry.Name}: the Gaussian ridge flow at P = {middle:G4} (shells dℓ = {options.FlowShellWidth:G3}).\n# {RgFlow.CsvColumnDefinitions}\n") + flow.ToCsv());
        File.WriteAllText(Path.Combine(dir, "flow.json"), flow.ToJson());
        LearningCurvePlot.SaveFlowPng(Path.Combine(dir, "flow.png"), flow, entry.Name);
        md.AppendLine("## Gaussian ridge flow");
        md.AppendLine();
        md.AppendLine(string.Create(inv, $"At P = {middle:G4}: the hard flow stops at Λ* = {flow.StoppingScale} (κ_Λ* = {flow.StoppingRidge:G4}) against the self-consistent k_P = {flow.SelfConsistent.LearnabilityThreshold:G4}; the soft flow ends at κ₀ = {flow.SoftEndRidge:G6} = P·t = {flow.SelfConsistentEffectiveRidge:G6}."));
        md.AppendLine();
        md.AppendLine("![flow](flow.png)");
        md.AppendLine();
        if (flow.Couplings is { } couplings)
        {
            var sb = new StringBuilder(string.Create(inv, $"# {entry.Name}: one-loop shell flow of the couplings at P = {middle:G4}.\n# scale: cutoff Λ; rg_time: ℓ; R_i(k^e_i): tadpole coefficients (slow modes get a_k += Σ_i R_i k^e_i); C_ij: quartic coefficients (W(k, k′) = Σ_ij C_ij k^e_i k′^e_j).\n")
                + "scale,rg_time," + string.Join(",", couplings.Exponents.Select((e, i) => FormattableString.Invariant($"R_{i}(k^{e:R})")))
                + "," + string.Join(",", couplings.Exponents.SelectMany((_, i) => couplings.Exponents.Select((_, j) => $"C_{i}{j}"))) + "\n");
            foreach (var p in couplings.Points)
                sb.Append(FormattableString.Invariant($"{p.Scale:R},{p.RgTime:R},") + string.Join(",", p.Tadpole.Select(x => x.ToString("R", inv)))
                    + "," + string.Join(",", p.Quartic.SelectMany(row => row.Select(x => x.ToString("R", inv)))) + "\n");
            File.WriteAllText(Path.Combine(dir, "couplings.csv"), sb.ToString());
            md.AppendLine(couplings.Stable
                ? string.Create(inv, $"One-loop shell flow of the couplings (log shells dℓ = {options.FlowShellWidth}): {couplings.Points.Count} recorded points in `couplings.csv`; end-point prediction δ = {flow.EndPoint?.NonGaussianCorrection:G4}.")
                : $"One-loop shell flow: {couplings.Instability}.");
            md.AppendLine();
            if (interacting!.Gaussian.Spectrum.Modes <= options.MaxPortraitModes)
            {
                var theory = interacting.FieldTheory(middle);
                var a = theory.Gaussian().Variance.Select(g => 1 / g).Min();
                var mu2 = theory.Gaussian().Mean.Zip(theory.Gaussian().Variance, (m, g) => g + m * m).Sum();
                // Starting couplings around the stability boundary: |r| up to 0.3 of the smallest inverse variance,
                // |U| up to where U·Σ⟨f²⟩ is twice that.
                var portrait = FlowPortrait.Compute(interacting, middle, (-0.3 * a, 0.3 * a), (-2 * a / mu2, 2 * a / mu2), options.Work.PortraitGrid, options.PortraitShellWidth);
                portrait.SavePng(Path.Combine(dir, "flow-portrait.png"), entry.Name);
                File.WriteAllText(Path.Combine(dir, "flow-portrait.csv"), string.Create(inv, $"# {entry.Name}: flow portrait of the W = 1 couplings (r, U) at P = {middle:G4}.\n# {FlowPortrait.CsvColumnDefinitions}\n") + portrait.ToCsv());
                md.AppendLine(string.Create(inv, $"Flow portrait of the W = 1 couplings (r, U) on this spectrum: {portrait.Trajectories.Count(t => t.Stable)} of {portrait.Trajectories.Count} starting points stay stable; crosses mark the separatrix."));
                md.AppendLine();
                md.AppendLine("![flow portrait](flow-portrait.png)");
                md.AppendLine();
            }
        }
    }

    /// <summary>Whether the interacting curve's approximation is within its range at every P, and the first reason where not.</summary>
    internal static string RangeNote(LearningCurve curve)
    {
        var outside = curve.Points.Where(p => !p.IsWithinRange).ToList();
        if (outside.Count == 0)
            return string.Create(CultureInfo.InvariantCulture, $"Validity: all {curve.Points.Count} points of the interacting curve are within the range of their approximation.");
        return string.Create(CultureInfo.InvariantCulture,
            $"Validity: **{outside.Count} of {curve.Points.Count} points are out of range** (P = {string.Join(", ", outside.Select(p => p.DatasetSize.ToString("G4", CultureInfo.InvariantCulture)))}): {outside[0].OutOfRangeReason}.");
    }

    /// <summary>Kernel ridge regression next to small Gaussian models, or HMC next to small interacting ones (<see cref="ReportOptions"/>).</summary>
    private static PlotSeries? Experiments(GaussianModel gaussian, InteractingModel? interacting, double[] sizes, ReportOptions options, string dir, StringBuilder md)
    {
        var inv = CultureInfo.InvariantCulture;
        var picks = new[] { sizes[1], sizes[sizes.Length / 3], sizes[2 * sizes.Length / 3] }.Select(p => Math.Round(p)).Distinct().ToArray();
        if (interacting is null && gaussian.Spectrum.ModeCount <= options.MaxSimulatedModes && picks.All(p => p <= options.MaxSimulatedDatasetSize))
        {
            var seeds = options.Work.Seeds;
            var results = picks.Select(p => gaussian.Simulate(p, new SimulationOptions(Seeds: seeds, Seed: options.Seed))).ToList();
            File.WriteAllText(Path.Combine(dir, "simulation.csv"), $"# {gaussian.Name}: kernel ridge regression on a Gaussian design against the theory.\n# P: dataset size; test_error, standard_error: mean and s.e. over seeds; theory: the theory's test error; seeds: seeds averaged.\nP,test_error,standard_error,theory,seeds\n" + string.Concat(results.Select(r =>
                FormattableString.Invariant($"{r.DatasetSize:R},{r.TestError:R},{r.TestErrorStandardError:R},{r.Theory.TestError:R},{r.Seeds}\n"))));
            md.AppendLine("Kernel ridge regression on a Gaussian design (THEORY §7.1), " + seeds + " seeds: " + string.Join("; ", results.Select(r =>
                string.Create(inv, $"P = {r.DatasetSize}: {r.TestError:G4} ± {r.TestErrorStandardError:G2} vs theory {r.Theory.TestError:G4} ({r.TestErrorDeviation:+0.0;-0.0} s.e.)"))) + ".");
            md.AppendLine();
            return new PlotSeries($"kernel ridge regression ({seeds} seeds, ±1 s.e.)", results.Select(r => r.DatasetSize).ToList(), results.Select(r => r.TestError).ToList(), results.Select(r => r.TestErrorStandardError).ToList(), Points: true);
        }
        if (interacting is not null && gaussian.Spectrum.ModeCount <= options.MaxSampledModes)
        {
            var samples = options.Work.Samples;
            var results = picks.Select(p => (P: p, S: interacting.Sample(p, new SamplerOptions(Seed: options.Seed, Chains: 2, Samples: samples, Warmup: Math.Min(300, samples))))).ToList();
            File.WriteAllText(Path.Combine(dir, "hmc.csv"), $"# {interacting.Name}: Hamiltonian Monte Carlo of the interacting field theory (2 chains, {samples} samples).\n# P: dataset size; test_error, standard_error: sampled test error and its s.e.; relative_correction(_standard_error): δ = ε/ε_GP − 1 (signed) and its s.e.; ess: effective samples.\nP,test_error,standard_error,relative_correction,relative_correction_standard_error,ess\n" + string.Concat(results.Select(r =>
                FormattableString.Invariant($"{r.P:R},{r.S.TestError.Value:R},{r.S.TestError.StandardError:R},{r.S.NonGaussianCorrection.Value:R},{r.S.NonGaussianCorrection.StandardError:R},{r.S.EffectiveSampleSize:R}\n"))));
            md.AppendLine("Hamiltonian Monte Carlo of the interacting field theory (exact): " + string.Join("; ", results.Select(r =>
                string.Create(inv, $"P = {r.P}: δ = {r.S.NonGaussianCorrection.Value:G3} ± {r.S.NonGaussianCorrection.StandardError:G2} vs first order {interacting.Predict(r.P, Approximation.FirstOrder).NonGaussianCorrection:G3}{(r.S.IsWithinRange ? "" : " (**out of range**: " + r.S.OutOfRangeReason + ")")}"))) + ".");
            md.AppendLine();
            return new PlotSeries("HMC (exact, ±1 s.e.)", results.Select(r => r.P).ToList(), results.Select(r => r.S.TestError.Value).ToList(), results.Select(r => r.S.TestError.StandardError).ToList(), Points: true);
        }
        return null;
    }

    private static (string Scaling, string Checks) Scaling(ReportEntry entry, InteractingModel interacting, ReportOptions options, string dir, StringBuilder md, double[] sizes)
    {
        var inv = CultureInfo.InvariantCulture;
        // Without a declaration, the run-time predictions of the same rules stand in for the compile-time formulas.
        var symbolic = (entry.Model as IDeclaredModel)?.CompileTimeScaling ?? interacting.PredictScaling();
        ScalingReport? numeric = null;
        if (interacting.Gaussian.Spectrum.Modes >= options.MinModesForScalingFits)
            numeric = interacting.Scaling(new ScalingOptions(Points: options.Work.ScalingPoints));
        md.AppendLine("## Scaling intervals");
        md.AppendLine();
        md.AppendLine("δε/ε ∝ k_P^e ∝ P^(e/(1+α)) for each diagram class of the first-order correction (THEORY §4). *Formula*: the generator's symbolic analysis at the declared defaults; *fitted*: the slope of the exact class correction over a ladder of P at run time.");
        md.AppendLine();
        md.AppendLine("| perturbation | y | interval | classification | diagram class | P exponent (formula) | value | fitted | dominated by |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var csv = new StringBuilder($"# {entry.Name}: P exponents of the first-order correction's diagram classes.\n# perturbation; class: diagram class; p_exponent_formula, p_exponent: the symbolic exponent and its value; fitted_p_exponent, fitted_standard_error: fitted slope over P = fit_from_P..fit_to_P; dominated_by: what sets the class.\nperturbation,class,p_exponent_formula,p_exponent,fitted_p_exponent,fitted_standard_error,fit_from_P,fit_to_P,dominated_by\n");
        foreach (var p in interacting.Perturbations)
        {
            var s = symbolic?.Perturbations.FirstOrDefault(x => x.Name == p.Name);
            var n = numeric?.Perturbations.FirstOrDefault(x => x.Name == p.Name);
            var names = (s?.Classes.Select(c => c.Name) ?? []).Concat(n?.Classes.Select(c => c.Name) ?? []).Distinct().ToList();
            if (names.Count == 0) names.Add("(not analysed)");
            var first = true;
            foreach (var name in names)
            {
                var sc = s?.Classes.FirstOrDefault(c => c.Name == name);
                var nc = n?.Classes.FirstOrDefault(c => c.Name == name);
                var y = s?.Exponent is { } sy ? $"{s.ExponentFormula} = {sy:0.###}" : n?.Exponent is { } ny ? ny.ToString("0.###", inv) : "—";
                var cls = s?.Classification ?? n?.Classification;
                var interval = s?.Interval ?? n?.Interval;
                var fittedText = nc?.FittedPExponent is { } f ? string.Create(inv, $"{f:0.###} ± {nc.FittedStandardError:0.###}") : "—";
                md.AppendLine($"| {(first ? p.Name : "")} | {(first ? y : "")} | {(first ? interval?.ToString() ?? "—" : "")} | {(first ? cls?.ToString() ?? (n?.Note ?? "—") : "")} | {name} | {sc?.PFormula ?? "—"} | {RgReport.Format(sc?.PExponent ?? nc?.PExponent)} | {fittedText} | {(sc?.Dominance ?? nc?.Dominance)?.ToString() ?? "—"} |");
                csv.Append(FormattableString.Invariant($"{p.Name},{name},{sc?.PFormula},{sc?.PExponent ?? nc?.PExponent},{nc?.FittedPExponent},{nc?.FittedStandardError},{nc?.FitFrom},{nc?.FitTo},{sc?.Dominance ?? nc?.Dominance}\n"));
                first = false;
            }
        }
        File.WriteAllText(Path.Combine(dir, "scaling.csv"), csv.ToString());
        md.AppendLine();
        if (numeric is null) md.AppendLine(string.Create(inv, $"(Run-time fits need at least {options.MinModesForScalingFits:N0} modes: the ladder keeps k_P {new ScalingOptions().CutoffRatio} times below the cutoff.)"));
        else md.AppendLine(string.Create(inv, $"Fits over P = {numeric.Perturbations[0].Classes[0].FitFrom:G3}..{numeric.Perturbations[0].Classes[0].FitTo:G3}; α = {numeric.Alpha:0.###}, β = {numeric.Beta:0.###} fitted from the spectrum."));
        md.AppendLine();

        // Relative correction against P with the predicted slopes of its classes.
        var deltas = sizes.Select(p => interacting.Predict(p, Approximation.FirstOrder).NonGaussianCorrection).ToArray();
        var lines = new List<PlotSeries> { new("|δ| = |ε/ε_GP − 1| (first order)", sizes, deltas, Magnitude: true) };
        var predictions = (symbolic?.Perturbations ?? numeric?.Perturbations ?? []).SelectMany(x => x.Classes).Where(c => c.PExponent is not null)
            .GroupBy(c => c.PExponent!.Value).Select(g => g.First()).OrderByDescending(c => c.PExponent).Take(3).ToList();
        foreach (var c in predictions)
            lines.Add(new PlotSeries(string.Create(inv, $"slope {c.PExponent:0.###} ({c.Name})"), [sizes[0], sizes[^1]],
                [Math.Abs(deltas[^1]) * Math.Pow(sizes[0] / sizes[^1], c.PExponent!.Value), Math.Abs(deltas[^1])], Dashed: true));
        LogLogPlot.Save(Path.Combine(dir, "correction.png"), $"Relative non-Gaussian correction: {entry.Name}", "dataset size P", "|δ| = |ε/ε_GP − 1| (dotted where δ < 0)", lines);
        File.WriteAllText(Path.Combine(dir, "correction.csv"), $"# {entry.Name}: the relative non-Gaussian correction at first order.\n# P: dataset size; relative_correction: δ = ε/ε_GP − 1 (signed).\nP,relative_correction\n" + string.Concat(sizes.Zip(deltas, (p, d) => FormattableString.Invariant($"{p:R},{d:R}\n"))));
        md.AppendLine("![relative correction](correction.png)");
        md.AppendLine();
        md.AppendLine("The dashed lines have the predicted slopes of the leading classes, anchored at the largest P.");
        md.AppendLine();
        var results = entry.Model is IDeclaredModel declared && numeric is not null && AtDeclaredDefaults(entry) ? ScalingExpectations.Check(declared.Declaration, numeric) : [];
        if (results.Count > 0)
        {
            md.AppendLine("[Expect] claims checked against the fitted exponents:");
            md.AppendLine();
            foreach (var r in results) md.AppendLine($"- {r.Claim}: **{(r.Holds ? "holds" : "fails")}** ({r.Detail})");
            md.AppendLine();
        }
        var classes = string.Join(", ", interacting.Perturbations.Select(p => $"{p.Name}: {(symbolic?.Perturbations.FirstOrDefault(x => x.Name == p.Name)?.Classification ?? numeric?.Perturbations.FirstOrDefault(x => x.Name == p.Name)?.Classification)?.ToString() ?? "fitted only"}"));
        return (classes, Checks(results));
    }

    private static double LearningCurveLawGuide(double alpha, double beta, bool ridgeless) => RgDsl.Scaling.LearningCurveLaw.Exponent(alpha, beta, ridgeless);

    /// <summary>[Expect] claims are about the declared defaults: true when the instance's [Parameter] values equal them.</summary>
    private static bool AtDeclaredDefaults(ReportEntry entry) =>
        entry.Model is not IDeclaredModel declared || declared.Declaration.AtDeclaredDefaults(declared.ParameterValues);

    internal static string Checks(IReadOnlyList<ExpectationResult> results) =>
        results.Count == 0 ? "—" : $"{results.Count(r => r.Holds)}/{results.Count} hold";
}
