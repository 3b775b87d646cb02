using System.Diagnostics;
using System.Globalization;
using RgDsl;
using RgDsl.MainJob.Models;
using RgDsl.Reporting;
using RgDsl.Scaling;

namespace RgDsl.MainJob;

/// <summary>
/// The guided console tour (--tour): the theory against kernel ridge regression, the approach to the asymptotic
/// laws, perturbation theory against HMC, and the scaling tables, printed step by step; files under out/tour/.
/// </summary>
internal static class Tour
{
    public static void Run(string output, int seeds)
    {
        var outDir = Path.Combine(output, "tour");
        var clock = Stopwatch.StartNew();
        TeacherSection(outDir, seeds);
        AsymptoticSection(outDir);
        QuarticSection(outDir);

        Section("4. Scaling intervals: the generator's symbolic analysis next to exponents measured at run time");
        Console.WriteLine("Each row is one diagram class of a perturbation's first-order correction: δε/ε ∝ P^(P exp); 'fitted' is the");
        Console.WriteLine("slope of the exact class correction over a ladder of P (THEORY.md §4). The [Expect] claims on each class are");
        Console.WriteLine("checked by the build; ScalingExpectations checks them again here against the measured exponents.");
        ScalingSection(outDir, new KernelFluctuation());
        ScalingSection(outDir, new SelfInteraction());

        Console.WriteLine();
        Console.WriteLine($"wrote {Path.GetFullPath(outDir)} in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static void TeacherSection(string outDir, int seeds)
    {
        Section("1. Finite-rank power law, power-law teacher: theory against kernel ridge regression");
        var teacher = new PowerLawTeacher();
        Console.WriteLine(teacher.Describe());
        double[] simulated = [25, 50, 100, 200, 400, 800];
        var curve = teacher.LearningCurve(LogSpace(10, 2000, 25));
        var simulations = simulated.Select(p => teacher.Simulate(p, new SimulationOptions(Seeds: seeds))).ToList();
        Console.WriteLine($"{"P",6} {"theory ε",12} {"simulated ε",12} {"± s.e.",10} {"dev/s.e.",9} {"ratio",7} {"E₀",7} {"k_P",8} {"d ln ε/d ln P",14}  regime");
        foreach (var s in simulations)
        {
            var local = teacher.LearningCurve(s.DatasetSize).LocalExponents[0];
            Console.WriteLine($"{s.DatasetSize,6} {s.Theory.TestError,12:G5} {s.TestError,12:G5} {s.TestErrorStandardError,10:G3} {s.TestErrorDeviation,9:F2} {s.TestError / s.Theory.TestError,7:F3} {s.Theory.OverfittingFactor,7:F3} {s.Theory.LearnabilityThreshold,8:F1} {local,14:F4}  {LearningCurveLaw.Name(s.Theory.Regime)}");
        }
        var theoryFit = curve.FitExponent(100, 800);
        var simulationFit = PowerLawFit.Fit(simulations.Where(s => s.DatasetSize >= 100).Select(s => s.DatasetSize).ToList(),
            simulations.Where(s => s.DatasetSize >= 100).Select(s => s.TestError).ToList());
        Console.WriteLine();
        Console.WriteLine($"fitted exponent over P = 100..800: theory {theoryFit.Exponent:F3} ± {theoryFit.StandardError:F3}, simulation {simulationFit.Exponent:F3} ± {simulationFit.StandardError:F3}");
        Console.WriteLine($"asymptotic exponents (THEORY §2.3): ridgeless-like regime P ≪ κ^(-1/α) = {Math.Pow(1e-3, -1 / teacher.Alpha):F0}: −min(β, 2(1+α)) = {LearningCurveLaw.Exponent(teacher.Alpha, teacher.Beta, ridgeless: true):F3};"
            + $" P ≫ κ^(-1/α): −min(β, 2(1+α))/(1+α) = {LearningCurveLaw.Exponent(teacher.Alpha, teacher.Beta, ridgeless: false):F3};"
            + $" label noise σ² = {teacher.Noise:G3}: ε floors at E₀σ² (exponent → 0), which is {curve.Points[^1].NoiseShare:P1} of ε at P = {curve.Points[^1].DatasetSize:G4}");
        Save(outDir, teacher, curve, simulations, teacher.Flow(200));
    }

    private static void AsymptoticSection(string outDir)
    {
        Section("2. Infinite rank, matched teacher, ridgeless: approach to the asymptotic laws");
        var matched = new InfiniteRankMatched();
        Console.WriteLine(matched.Describe());
        var asymptotic = matched.LearningCurve(LogSpace(10, 1e7, 13));
        Console.WriteLine($"{"P",10} {"ε",12} {"d ln ε/d ln P",14} {"E₀",9} {"t / t_asym",11}");
        foreach (var (point, slope) in asymptotic.Points.Zip(asymptotic.LocalExponents))
        {
            var a = matched.Alpha;
            var tAsymptotic = Math.Pow(point.DatasetSize * (1 + a) * Math.Sin(Math.PI / (1 + a)) / Math.PI, -(1 + a));
            Console.WriteLine($"{point.DatasetSize,10:G4} {point.TestError,12:G5} {slope,14:F5} {point.OverfittingFactor,9:F5} {point.EffectiveRidgePerSample / tAsymptotic,11:F5}");
        }
        Console.WriteLine($"predicted: d ln ε/d ln P → −min(β, 2(1+α)) = {-matched.Alpha:F3}, E₀ → 1 + α = {1 + matched.Alpha:F3}, t/t_asym → 1");
        var flow = matched.Flow(1e4);
        Console.WriteLine();
        Console.WriteLine($"ridge flow at P = 1e4: hard stop at Λ* = {flow.StoppingScale} (κ_Λ* = {flow.StoppingRidge:G5}), self-consistent k_P = {flow.SelfConsistent.LearnabilityThreshold:F1};"
            + $" soft flow ends at κ_0 = {flow.SoftEndRidge:G10} = P·t = {flow.SelfConsistentEffectiveRidge:G10}");
        Console.WriteLine($"hard-stop test error {flow.HardStopTestError:G5} vs self-consistent {flow.SelfConsistent.TestError:G5}");
        Save(outDir, matched, asymptotic, null, flow);
    }

    private static void QuarticSection(string outDir)
    {
        Section("3. A non-Gaussian prior: pair-local quartic (U/4)(Σ f²)², perturbation theory against HMC");
        var quartic = new PairLocalQuartic();
        Console.WriteLine(quartic.Describe());
        double[] sampled = [10, 30, 100, 300];
        Console.WriteLine($"{"P",6} {"δ first order",14} {"δ Hartree",12} {"δ shell flow",13} {"δ HMC",12} {"± s.e.",10} {"(HMC−Hartree)/s.e.",19} {"ESS",7}");
        var correctionRows = new List<(double P, double First, double Hartree, double Flow, Estimate Hmc)>();
        foreach (var p in sampled)
        {
            var first = quartic.Predict(p, Approximation.FirstOrder).NonGaussianCorrection;
            var hartree = quartic.Predict(p, Approximation.Hartree).NonGaussianCorrection;
            var flowDelta = quartic.Predict(p, Approximation.ShellFlow).NonGaussianCorrection;
            var hmc = quartic.Sample(p, new SamplerOptions(Seed: 7, Chains: 4, Samples: 4000, Warmup: 300));
            correctionRows.Add((p, first, hartree, flowDelta, hmc.NonGaussianCorrection));
            Console.WriteLine($"{p,6} {first,14:G4} {hartree,12:G4} {flowDelta,13:G4} {hmc.NonGaussianCorrection.Value,12:G4} {hmc.NonGaussianCorrection.StandardError,10:G2} {(hmc.NonGaussianCorrection.Value - hartree) / hmc.NonGaussianCorrection.StandardError,19:F2} {hmc.EffectiveSampleSize,7:F0}");
        }
        var dense = LogSpace(10, 3000, 20);
        var hartreeCurve = dense.Select(p => quartic.Predict(p, Approximation.Hartree).NonGaussianCorrection).ToArray();
        var correctionSlope = PowerLawFit.Fit(dense.Where(p => p >= 100).ToList(), dense.Zip(hartreeCurve).Where(t => t.First >= 100).Select(t => t.Second).ToList());
        Console.WriteLine($"δ(P) from Hartree over P = 100..3000 falls as P^{correctionSlope.Exponent:F3} (THEORY §4.4: the W = 1 signal tadpole gives δε/ε ∝ P^-1)");
        var quarticFlow = quartic.Flow(100);
        var u = quarticFlow.Couplings!.Points;
        Console.WriteLine($"shell flow at P = 100: U runs from {u[0].Quartic[0][0]:G4} to {u[^1].Quartic[0][0]:G4} and r from 0 to {u[^1].Tadpole[0]:G4} over ℓ = {u[^1].RgTime:F2}");
        var quarticDir = Path.Combine(outDir, "PairLocalQuartic");
        Directory.CreateDirectory(quarticDir);
        File.WriteAllText(Path.Combine(quarticDir, "correction.csv"), "P,first_order,hartree,shell_flow,hmc,hmc_standard_error\n" + string.Concat(correctionRows.Select(r =>
            FormattableString.Invariant($"{r.P:R},{r.First:R},{r.Hartree:R},{r.Flow:R},{r.Hmc.Value:R},{r.Hmc.StandardError:R}\n"))));
        LearningCurvePlot.SaveCorrectionPng(Path.Combine(quarticDir, "correction.png"), PairLocalQuartic.RgDeclaration.Name, dense, hartreeCurve,
            correctionRows.Select(r => (r.P, r.Hmc.Value, r.Hmc.StandardError)).ToList());
        var portrait = RgDsl.Flow.FlowPortrait.Compute(quartic.ToInteractingModel(), 100, (-300, 300), (-3000, 3000), gridSize: 9, shellWidth: 0.05);
        portrait.SavePng(Path.Combine(quarticDir, "flow-portrait.png"), PairLocalQuartic.RgDeclaration.Name);
        File.WriteAllText(Path.Combine(quarticDir, "flow-portrait.csv"), portrait.ToCsv());
        Console.WriteLine($"flow portrait at P = 100: {portrait.Trajectories.Count(t => t.Stable)} of {portrait.Trajectories.Count} starting points stay stable; {portrait.Separatrix.Count} separatrix marks");
        Console.WriteLine($"→ {quarticDir}/: correction.csv/.png, flow-portrait.csv/.png");
    }

    private static string Rounded(double v) => Math.Round(v, 3) == 0 ? "0" : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static void ScalingSection(string outDir, IDeclaredModel model)
    {
        var (name, symbolic, numeric, modes) = (model.Name, model.CompileTimeScaling!, model.Scaling(), model.ToGaussianModel().Spectrum.Modes);
        Console.WriteLine();
        Console.WriteLine($"{name}: α = {symbolic.AlphaFormula} = {symbolic.Alpha:0.###}, β = {symbolic.BetaFormula} = {symbolic.Beta:0.###}");
        Console.WriteLine($"  {"perturbation",-12} {"y",-14} {"interval",-10} {"class",-20} {"diagram class",-22} {"P exp (formula)",-30} {"value",7} {"fitted",15} {"dominated by",-12}");
        var rows = new List<string>();
        foreach (var (s, n) in symbolic.Perturbations.Zip(numeric.Perturbations))
        {
            var first = true;
            foreach (var (sc, nc) in s.Classes.Zip(n.Classes))
            {
                var line = FormattableString.Invariant(
                    $"  {(first ? s.Name : ""),-12} {(first ? (s.ExponentFormula == Rounded(s.Exponent!.Value) ? s.ExponentFormula : $"{s.ExponentFormula} = {s.Exponent:0.##}") : ""),-14} {(first ? s.Interval!.ToString() : ""),-10} {(first ? s.Classification.ToString() : ""),-20} {sc.Name,-22} {sc.PFormula,-30} {sc.PExponent,7:0.###} {Rounded(nc.FittedPExponent!.Value),8}±{nc.FittedStandardError,-6:0.###} {sc.Dominance,-12}{(Math.Abs(nc.FittedPExponent!.Value - sc.PExponent!.Value) > 0.05 ? " (slow convergence on a log border)" : "")}");
                Console.WriteLine(line);
                rows.Add(FormattableString.Invariant($"{s.Name},{sc.Name},{sc.PFormula},{sc.PExponent:R},{nc.FittedPExponent:R},{nc.FittedStandardError:R},{sc.Dominance},{nc.FitFrom:R},{nc.FitTo:R}"));
                first = false;
            }
        }
        Console.WriteLine(FormattableString.Invariant($"  fits over P = {numeric.Perturbations[0].Classes[0].FitFrom:G3}..{numeric.Perturbations[0].Classes[0].FitTo:G3} on {modes:N0} modes"));
        foreach (var r in ScalingExpectations.Check(model.Declaration, numeric))
            Console.WriteLine($"  [Expect] {r.Claim}: {(r.Holds ? "holds" : "FAILS")} ({r.Detail})");
        var dir = Path.Combine(outDir, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "scaling.csv"), "perturbation,class,p_exponent_formula,p_exponent,fitted_p_exponent,fitted_standard_error,dominated_by,fit_from_P,fit_to_P\n" + string.Join("\n", rows) + "\n");
        Console.WriteLine($"  → {dir}/scaling.csv");
    }

    private static void Save(string outDir, IRgModel model, LearningCurve learningCurve, IReadOnlyList<SimulationResult>? sims, RgFlow rgFlow)
    {
        var dir = Path.Combine(outDir, model.Name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "learning-curve.csv"), learningCurve.ToCsv());
        File.WriteAllText(Path.Combine(dir, "learning-curve.json"), learningCurve.ToJson());
        if (sims is not null)
            File.WriteAllText(Path.Combine(dir, "simulation.csv"), "P,test_error,standard_error,theory_test_error,seeds,modes\n" + string.Concat(sims.Select(s =>
                FormattableString.Invariant($"{s.DatasetSize:R},{s.TestError:R},{s.TestErrorStandardError:R},{s.Theory.TestError:R},{s.Seeds},{s.SimulatedModes}\n"))));
        LearningCurvePlot.SavePng(Path.Combine(dir, "learning-curve.png"), learningCurve, sims);
        File.WriteAllText(Path.Combine(dir, "flow.csv"), rgFlow.ToCsv());
        File.WriteAllText(Path.Combine(dir, "flow.json"), rgFlow.ToJson());
        LearningCurvePlot.SaveFlowPng(Path.Combine(dir, "flow.png"), rgFlow, model.Name);
        Console.WriteLine($"→ {dir}/: learning-curve.csv/.json/.png, flow.csv/.json/.png{(sims is null ? "" : ", simulation.csv")}");
    }

    private static double[] LogSpace(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => Math.Round(from * Math.Pow(to / from, (double)i / (count - 1)), 6)).ToArray();

    private static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(new string('=', title.Length));
    }
}
