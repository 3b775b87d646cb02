using RgDsl.Perturbations;
using RgDsl.Scaling;
using RgDsl.Spectra;
using Xunit.Abstractions;

namespace RgDsl.Tests.Scaling;

/// <summary>
/// The scaling rules (the symbolic analysis, evaluated at α and β) against the exponents fitted from exact
/// first-order class corrections on 10⁶ modes, for the weights of the scaling issue.
/// </summary>
public class ScalingAnalyzerTests(ITestOutputHelper output)
{
    internal static List<Perturbation> Weights(double alpha)
    {
        var s = 1 + alpha;
        return
        [
            Perturbation.ConstantPairLocal("W = 1", 1e-3),
            Perturbation.PairLocal("W = (kq)^(1+α)", (k, q) => Math.Pow((double)k * q, s), [new Monomial(1, s, s)]),
            Perturbation.PairLocal("W = λ_k λ_q", (k, q) => Math.Pow((double)k * q, -s), [new Monomial(1, -s, -s)]),
            Perturbation.PairLocal("W = (kq)^(1/2)", (k, q) => Math.Sqrt((double)k * q), [new Monomial(1, 0.5, 0.5)]),
            Perturbation.ModeLocal("mode-local w = 1", _ => 1, [new Monomial(1, 0)]),
            Perturbation.ModeLocal("mode-local w = k^α", k => Math.Pow(k, alpha), [new Monomial(1, alpha)]),
            Perturbation.Quadratic("quadratic w = k^(1/2)", k => Math.Sqrt(k), [new Monomial(1, 0.5)]),
            Perturbation.PairLocal6("sextic W = 1", (_, _, _) => 1, [new Monomial(1, 0, 0, 0)]),
        ];
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.5, 1.5)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 2.0)]
    [InlineData(2.0, 3.0)]
    public void Every_class_exponent_matches_the_fitted_slope_within_0_05(double alpha, double beta)
    {
        var model = new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 1 + alpha, 1_000_000, 1, 1 + beta), 1.0), Weights(alpha));
        var report = ScalingAnalyzer.Analyze(model, new ScalingOptions(Points: 6));
        Assert.Equal(alpha, report.Alpha, 9);
        Assert.Equal(beta, report.Beta, 9);
        var failures = new List<string>();
        foreach (var p in report.Perturbations)
            foreach (var c in p.Classes)
            {
                var line = FormattableString.Invariant(
                    $"α={alpha} β={beta} {p.Name}, {c.Name}: predicted P^{c.PExponent:0.0000} ({c.Dominance}), fitted {c.FittedPExponent:0.0000}±{c.FittedStandardError:0.0000} over P = {c.FitFrom:G4}..{c.FitTo:G4}");
                output.WriteLine(line);
                if (!(Math.Abs(c.FittedPExponent!.Value - c.PExponent!.Value) <= 0.05)) failures.Add(line);
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(8, report.Perturbations.Count);
        Assert.All(report.Perturbations, p => Assert.NotEmpty(p.Classes));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Cutoff_dominated_class_grows_with_M_as_predicted(double alpha)
    {
        // W = (kq)^(1+α): the fluctuation tadpole Σ_q q^(1+α) L_q ∝ M (THEORY §4.4: a kernel rescaling ∝ gM).
        var weight = Weights(alpha)[1];
        var rule = ScalingAnalyzer.Predict(weight, alpha, alpha)!.Single(c => c.Class == DiagramClass.FluctuationTadpole);
        Assert.Equal(SumDominance.Cutoff, rule.Regime);
        var cutoffExponent = rule.CutoffExponent.Constant;
        double Correction(long modes) =>
            new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 1 + alpha, modes, 1, 1 + alpha), 1.0), [weight])
                .FieldTheory(1e6).ClassCorrections()[weight.Name][DiagramClass.FluctuationTadpole];
        var ratio = Correction(400_000) / Correction(100_000);
        Assert.Equal(Math.Pow(4, cutoffExponent), ratio, Math.Pow(4, cutoffExponent) * 0.02);
        // A class dominated at the threshold does not care about M.
        var signal = new[] { 100_000L, 400_000L }.Select(m => new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 1 + alpha, m, 1, 1 + alpha), 1.0), [weight])
            .FieldTheory(1e6).ClassCorrections()[weight.Name][DiagramClass.SignalTadpole]).ToArray();
        Assert.Equal(signal[0], signal[1], Math.Abs(signal[0]) * 0.02);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.1)]
    public void Classification_follows_the_sign_of_gamma_across_zero(double gamma)
    {
        // Quadratic w = k^a: one class with γ = 1 + α − a.
        const double alpha = 1;
        var a = 1 + alpha - gamma;
        var model = new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 1 + alpha, 1_000_000, 1, 1 + alpha), 1.0),
            [Perturbation.Quadratic("w", k => Math.Pow(k, a), [new Monomial(1e-6, a)])]);
        var p = ScalingAnalyzer.Analyze(model, new ScalingOptions(Points: 5)).Perturbations.Single();
        Assert.Equal(gamma > 0 ? Classification.Relevant : Classification.Irrelevant, p.Classification);
        Assert.Equal(gamma, p.Interval!.Lo, 9);
        var fitted = p.Classes.Single().FittedPExponent!.Value;
        Assert.Equal(-gamma / (1 + alpha), fitted, 0.02);
        Assert.True(Math.Sign(fitted) == -Math.Sign(gamma), $"fitted slope {fitted} on the wrong side of 0");
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(1.1)]
    public void Fitted_decay_resolves_the_side_of_gamma_equal_one(double gamma)
    {
        // Mode-local w = k^a: the on-mode fluctuation decays with γ = 2 + 2α − a = y − 1.
        const double alpha = 1;
        var a = 2 + 2 * alpha - gamma;
        var model = new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 1 + alpha, 1_000_000, 1, 1 + alpha), 1.0),
            [Perturbation.ModeLocal("w", k => Math.Pow(k, a), [new Monomial(1e-9, a)])]);
        var c = ScalingAnalyzer.Analyze(model, new ScalingOptions(Points: 5)).Perturbations.Single().Classes.Single(x => x.Name == "on-mode fluctuation");
        Assert.Equal(-gamma, c.KpExponent!.Value, 9);
        var fittedGamma = -c.FittedPExponent!.Value * (1 + alpha);
        Assert.True(gamma < 1 ? fittedGamma < 0.97 : fittedGamma > 1.03, $"fitted γ = {fittedGamma:0.000} does not resolve γ = {gamma}");
    }

    [Fact]
    public void Power_counting_reproduces_the_checks_of_theory_4_1()
    {
        RgDsl.Scaling.LinearForm A(double x) => RgDsl.Scaling.LinearForm.Of(x);
        foreach (var alpha in new[] { 0.5, 1.0, 2.0 })
        {
            Assert.Equal(0, RgDsl.Scaling.ScalingRules.PowerCounting(2, 1, A(1 + alpha), A(alpha)).Constant, 12);              // kinetic term
            Assert.Equal(1 + alpha, RgDsl.Scaling.ScalingRules.PowerCounting(2, 1, A(0), A(alpha)).Constant, 12);             // mass P/κ
            Assert.Equal(2 + 2 * alpha, RgDsl.Scaling.ScalingRules.PowerCounting(4, 2, A(0), A(alpha)).Constant, 12);         // W = 1
            Assert.Equal(0, RgDsl.Scaling.ScalingRules.PowerCounting(4, 2, A(2 + 2 * alpha), A(alpha)).Constant, 12);         // W = (kq)^(1+α)
            Assert.Equal(3 + 2 * alpha, RgDsl.Scaling.ScalingRules.PowerCounting(4, 1, A(0), A(alpha)).Constant, 12);         // mode-local
        }
        // The pair-local W = 1 interval at first order is [y − 1, y] for the fluctuation classes (THEORY §4.2).
        var classes = ScalingAnalyzer.Predict(Perturbation.ConstantPairLocal("U", 1), 1, 1)!;
        Assert.Equal(-(2 + 2.0 - 1), classes.Single(c => c.Class == DiagramClass.FluctuationTadpole).KpExponent.Constant, 12);
        Assert.Equal(-(2 + 2.0), classes.Single(c => c.Class == DiagramClass.CrossContraction).KpExponent.Constant, 12);
        // The W = 1 signal tadpole gives δε/ε ∝ P^-1 when β > 0 (THEORY §4.4).
        Assert.Equal(-2.0, classes.Single(c => c.Class == DiagramClass.SignalTadpole).KpExponent.Constant, 12);
    }

    [Fact]
    public void Weights_without_monomials_are_measured_but_not_predicted()
    {
        var model = new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 2, 30_000, 1, 2), 1.0),
            [Perturbation.ModeLocal("opaque", k => 1e-3 * (2 + Math.Sin(k)))]);
        var p = ScalingAnalyzer.Analyze(model, new ScalingOptions(Points: 4)).Perturbations.Single();
        Assert.Null(p.Classification);
        Assert.Contains("fitted exponents only", p.Note);
        Assert.All(p.Classes, c => Assert.NotNull(c.FittedPExponent));
    }

    [Fact]
    public void Too_few_modes_for_a_ladder_is_a_clear_error()
    {
        var model = new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 2, 50, 1, 2), 1.0), [Perturbation.ConstantPairLocal("U", 1)]);
        var message = Assert.Throws<ArgumentException>(() => ScalingAnalyzer.Analyze(model)).Message;
        Assert.Contains("needs M ≥ 12,000 modes and adapts down to M = 80", message);
        Assert.Contains("M = 50", message);
    }

    [Fact]
    public void The_default_ladder_adapts_to_a_small_model_and_says_so()
    {
        // 2,000 modes: the default ladder (k_P up to M/300 over a factor 20) would start below k_P = 2.
        var model = new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 2, 2000, 1, 2), 1.0), [Perturbation.ConstantPairLocal("U", 1e-3)]);
        var report = ScalingAnalyzer.Analyze(model, new ScalingOptions(Points: 5));
        Assert.Contains("ladder adapted to M = 2,000 modes: k_P from 2 to 8 (span 4 instead of 20, M/k_P,max = 250 instead of 300)", report.Caveat);
        Assert.Contains(report.Caveat!, report.ToString());
        var classes = report.Perturbations.Single().Classes;
        Assert.All(classes, c => Assert.NotNull(c.FittedPExponent));
        // Explicit thresholds are taken as given, with no caveat.
        Assert.Null(ScalingAnalyzer.Analyze(model, new ScalingOptions(Points: 4, MinThreshold: 2, MaxThreshold: 8)).Caveat);
    }
}
