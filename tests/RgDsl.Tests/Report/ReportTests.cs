using RgDsl.Perturbations;
using RgDsl.Reporting;
using RgDsl.Spectra;

namespace RgDsl.Tests.Report;

/// <summary>A model declared in the test assembly, so that <see cref="RgReport.FindModels"/> has something to find.</summary>
[RgModel(Modes = 300)]
[Expect(Universality.GaussianProcess)]
public partial class ReportProbe
{
    [Parameter] public double Alpha { get; init; } = 1.0;
    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Ridge] public double Kappa => 0.05;
    [Perturbation(Legs.PairLocal)] public double U(long k, long q) => 0.5;
}

public class ReportTests
{
    [Fact]
    public void Find_models_returns_the_generated_models_of_an_assembly()
    {
        var entries = RgReport.FindModels(typeof(ReportProbe).Assembly);
        var probe = Assert.Single(entries, e => e.Name == nameof(ReportProbe));
        Assert.IsType<ReportProbe>(probe.Model);
    }

    [Fact]
    public void Quick_report_writes_every_section_with_plots_and_numbers()
    {
        var dir = Directory.CreateTempSubdirectory("rgdsl-report-").FullName;
        try
        {
            var spectrum = new PowerLawSpectrum(1, 2, 300, 1, 2);
            var entries = new List<ReportEntry>
            {
                new("Gaussian", new GaussianModel("Gaussian", spectrum, 0.05)),
                new("Infinite", new GaussianModel("Infinite", new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2), 1e-3)),
                new("Quartic", new InteractingModel(new GaussianModel("Quartic", spectrum, 0.05), [Perturbation.ConstantPairLocal("U", 0.5)])),
                RgReport.FindModels(typeof(ReportProbe).Assembly).Single(e => e.Name == nameof(ReportProbe)),
            };
            var steps = new List<string>();
            var summary = RgReport.Write(entries, new ReportOptions(dir, ReportPreset.Quick), (step, _) => steps.Add(step));
            Assert.Equal(4, summary.Models.Count);
            Assert.Contains("universality", steps);
            var index = File.ReadAllText(Path.Combine(dir, "index.md"));
            Assert.Contains("[Quartic](Quartic/report.md)", index);
            Assert.Contains("[Universality", index);
            foreach (var file in new[] { "report.md", "learning-curve.png", "learning-curve-gp.csv", "flow.png", "flow.csv", "flow.json" })
                Assert.True(File.Exists(Path.Combine(dir, "Gaussian", file)), $"Gaussian/{file}");
            foreach (var file in new[] { "report.md", "learning-curve.csv", "correction.png", "correction.csv", "scaling.csv", "hmc.csv", "couplings.csv", "flow-portrait.png" })
                Assert.True(File.Exists(Path.Combine(dir, "Quartic", file)), $"Quartic/{file}");
            var report = File.ReadAllText(Path.Combine(dir, "Quartic", "report.md"));
            Assert.Contains("## Scaling intervals", report);
            Assert.Contains("Hamiltonian Monte Carlo", report);
            Assert.Contains("fluctuation tadpole", report);
            // Whether the interacting curve's approximation is within its range is said, not left to the reader.
            Assert.Matches("Validity: (all [0-9]+ points of the interacting curve are within the range|\\*\\*[0-9]+ of [0-9]+ points are out of range)", report);
            Assert.Contains("Kernel ridge regression", File.ReadAllText(Path.Combine(dir, "Gaussian", "report.md")));
            var universality = File.ReadAllText(Path.Combine(dir, "universality.md"));
            Assert.Contains("| Quartic | Relevant |", universality);
            Assert.Contains("| Gaussian | Gaussian (the reference)", universality);
            var transfer = File.ReadAllText(Path.Combine(dir, "transfer.md"));
            // Every kind at both α holds under a fixed ridge; the β ≠ α row is refused with its reason, not given numbers.
            foreach (var kind in new[] { "pair-local", "mode-local", "quadratic" })
                foreach (var alpha in new[] { "1", "1.5" })
                    Assert.Matches($@"\| {kind} \| {alpha.Replace(".", "\\.")} \| fixed ridge \|.*\| yes \|", transfer);
            Assert.Matches(@"\| pair-local, β = 1\.5 ≠ α \|.*\*\*no\*\*: matching the couplings", transfer);
            Assert.True(new FileInfo(Path.Combine(dir, "transfer.png")).Length > 1000);
            var indexText = File.ReadAllText(Path.Combine(dir, "index.md"));
            Assert.Contains("| fitted exponent of ε(P) | theory local exponent over the window | asymptotic | reached within 5% at P (k_P) | crossover P (κ = κ_eff/2) |", indexText);
            Assert.All(summary.Models, m => Assert.Contains("Crossover from the ridgeless-like to the ridge-dominated regime (κ = κ_eff/2", File.ReadAllText(m.Report)));
            // The α = β = 0.5 pair-local row is refused for the finite rank, and names it.
            Assert.Matches(@"\| pair-local \| 0\.5 \| fixed ridge \|.*\*\*no\*\*:.*the cutoff M = 20,000 bends the curves", transfer);
            // The console summary for output that is not a terminal: one unwrapped line per model, then the index.
            var lines = summary.ToString().Split(Environment.NewLine);
            Assert.Equal(summary.Models.Count + 1, lines.Length);
            Assert.All(summary.Models.Zip(lines), x => Assert.StartsWith(x.First.Name + ": ", x.Second));
            Assert.Contains(lines, l => l.StartsWith("Quartic: 1 perturbation(s); fitted ε ∝ P^", StringComparison.Ordinal) && l.Contains("; scaling U: Relevant; [Expect] at run time —; "));
            Assert.StartsWith("Report: " + summary.Index, lines[^1]);
            // The theory document sits next to the reports, and their relative links reach it.
            Assert.Contains("# The physics RgDsl computes", File.ReadAllText(Path.Combine(dir, "THEORY.md")));
            Assert.Contains("[THEORY.md](THEORY.md)", index);
            // …and the network theory it links sits next to it.
            Assert.Contains("[NETWORKS.md](NETWORKS.md)", File.ReadAllText(Path.Combine(dir, "THEORY.md")));
            Assert.StartsWith("# Finite-width networks", File.ReadAllText(Path.Combine(dir, "NETWORKS.md")));
            foreach (var model in new[] { "Gaussian", "Quartic", "Infinite" })
            {
                Assert.Contains("[theory](../THEORY.md)", File.ReadAllText(Path.Combine(dir, model, "report.md")));
                Assert.True(File.Exists(Path.Combine(dir, model, "..", "THEORY.md")));
            }
            // An infinite-rank model's fitted exponent is explained by what is there (its regime), never by a cutoff.
            var infinite = File.ReadAllText(Path.Combine(dir, "Infinite", "report.md"));
            Assert.Contains("**the regime**: κ is", infinite);
            Assert.DoesNotContain("cutoff", infinite);
            Assert.DoesNotContain("finite M", infinite);
            // The generated model's scaling table comes from its CompileTimeScaling.
            Assert.Contains("| U | 2 + 2*Alpha = 4 |", File.ReadAllText(Path.Combine(dir, nameof(ReportProbe), "report.md")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Duplicate_names_are_refused()
    {
        var g = new GaussianModel("g", new PowerLawSpectrum(1, 2, 300, 1, 2), 0.05);
        Assert.Throws<ArgumentException>(() => RgReport.Write([new ReportEntry("x", g), new ReportEntry("x", g)], new ReportOptions(Path.GetTempPath(), ReportPreset.Quick)));
    }
}
