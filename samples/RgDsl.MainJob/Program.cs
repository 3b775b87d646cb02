using System.Diagnostics;
using System.Globalization;
using RgDsl;
using RgDsl.MainJob.Models;

// The main job: declared Gaussian models, their predicted learning curves next to kernel ridge regression, the
// Gaussian ridge flow, and CSV/JSON/PNG files under out/. Options: --out DIR, --seeds N (default 16).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var outDir = Option("--out") ?? "out";
var seeds = int.Parse(Option("--seeds") ?? "16", CultureInfo.InvariantCulture);
var clock = Stopwatch.StartNew();

Section("1. Finite-rank power law, power-law teacher: theory against kernel ridge regression");
var teacher = new PowerLawTeacher();
Console.WriteLine(teacher.Describe());
double[] simulated = [25, 50, 100, 200, 400, 800];
var curve = teacher.LearningCurve(LogSpace(10, 2000, 25));
var simulations = simulated.Select(p => teacher.Simulate(p, new SimulationOptions(Seeds: seeds))).ToList();
Console.WriteLine($"{"P",6} {"theory ε",12} {"simulated ε",12} {"± s.e.",10} {"dev/s.e.",9} {"ratio",7} {"E₀",7} {"k_P",8} {"d ln ε/d ln P",14}");
foreach (var s in simulations)
{
    var local = teacher.LearningCurve(s.DatasetSize).LocalExponents[0];
    Console.WriteLine($"{s.DatasetSize,6} {s.Theory.TestError,12:G5} {s.TestError,12:G5} {s.TestErrorStandardError,10:G3} {s.TestErrorDeviation,9:F2} {s.TestError / s.Theory.TestError,7:F3} {s.Theory.OverfittingFactor,7:F3} {s.Theory.LearnabilityThreshold,8:F1} {local,14:F4}");
}
var theoryFit = curve.FitExponent(100, 800);
var simulationFit = PowerLawFit.Fit(simulations.Where(s => s.DatasetSize >= 100).Select(s => s.DatasetSize).ToList(),
    simulations.Where(s => s.DatasetSize >= 100).Select(s => s.TestError).ToList());
Console.WriteLine();
Console.WriteLine($"fitted exponent over P = 100..800: theory {theoryFit.Exponent:F3} ± {theoryFit.StandardError:F3}, simulation {simulationFit.Exponent:F3} ± {simulationFit.StandardError:F3}");
Console.WriteLine($"asymptotic exponents (THEORY §2.3): ridgeless-like regime P ≪ κ^(-1/α) = {Math.Pow(1e-3, -1 / teacher.Alpha):F0}: −min(β, 2(1+α)) = {-Math.Min(teacher.Beta, 2 * (1 + teacher.Alpha)):F3};"
    + $" P ≫ κ^(-1/α): −min(β, 2(1+α))/(1+α) = {-Math.Min(teacher.Beta, 2 * (1 + teacher.Alpha)) / (1 + teacher.Alpha):F3}");
Save(teacher, curve, simulations, teacher.Flow(200));

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
Save(matched, asymptotic, null, flow);

Console.WriteLine();
Console.WriteLine($"wrote {Path.GetFullPath(outDir)} in {clock.Elapsed.TotalSeconds:F1} s");
return 0;

void Save(IRgModel model, LearningCurve learningCurve, IReadOnlyList<SimulationResult>? sims, RgFlow rgFlow)
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

static double[] LogSpace(double from, double to, int count) =>
    Enumerable.Range(0, count).Select(i => Math.Round(from * Math.Pow(to / from, (double)i / (count - 1)), 6)).ToArray();

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine(new string('=', title.Length));
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
