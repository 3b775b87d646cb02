using RgDsl.Simulation;
using RgDsl.Spectra;

namespace RgDsl.Tests.Simulation;

public class KernelRidgeSimulationTests
{
    /// <summary>
    /// Kernel ridge regression on a Gaussian design against the self-consistent theory. The theory is exact only as
    /// P, M → ∞; at P = 40–200 its finite-size bias is a few percent (THEORY §7.1 saw 0.99–1.08), so the allowance is
    /// 3 standard errors plus 6% of the theory.
    /// </summary>
    [Theory]
    [InlineData(1.0, 1.0, 1e-3, 0.0, 40)]
    [InlineData(1.0, 0.5, 1e-2, 1e-3, 150)]
    [InlineData(0.5, 1.0, 1e-3, 0.0, 100)]
    [InlineData(2.0, 2.0, 1e-4, 1e-4, 200)]
    [InlineData(1.0, 1.0, 0.0, 0.0, 120)]
    public void Simulation_matches_theory_within_three_standard_errors_plus_allowance(double alpha, double beta, double ridge, double noise, int p)
    {
        var spectrum = new PowerLawSpectrum(1, 1 + alpha, 1500, 1, 1 + beta);
        var result = KernelRidgeSimulation.Run(spectrum, p, ridge, noise, new SimulationOptions(Seeds: 12, Seed: 7, MaxModes: 1500));
        Assert.False(result.Truncated);
        var allowed = 3 * result.TestErrorStandardError + 0.06 * result.Theory.TestError;
        Assert.True(Math.Abs(result.TestError - result.Theory.TestError) <= allowed,
            $"simulated {result.TestError:G5} ± {result.TestErrorStandardError:G3} vs theory {result.Theory.TestError:G5}");
        if (ridge > 0)
            Assert.True(Math.Abs(result.TrainError - result.Theory.TrainError) <= 3 * result.TrainErrorStandardError + 0.1 * result.Theory.TrainError,
                $"train: simulated {result.TrainError:G5} ± {result.TrainErrorStandardError:G3} vs theory {result.Theory.TrainError:G5}");
    }

    [Fact]
    public void Same_seed_gives_the_same_numbers()
    {
        var spectrum = new PowerLawSpectrum(1, 2, 300, 1, 2);
        var a = KernelRidgeSimulation.Run(spectrum, 30, 1e-3, 0, new SimulationOptions(Seeds: 3, Seed: 11, MaxModes: 300));
        var b = KernelRidgeSimulation.Run(spectrum, 30, 1e-3, 0, new SimulationOptions(Seeds: 3, Seed: 11, MaxModes: 300));
        Assert.Equal(a.TestError, b.TestError);
    }

    [Fact]
    public void Truncation_is_reported_and_the_theory_uses_the_simulated_modes()
    {
        var spectrum = new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2);
        var result = KernelRidgeSimulation.Run(spectrum, 20, 1e-3, 0, new SimulationOptions(Seeds: 2, MaxModes: 200));
        Assert.True(result.Truncated);
        Assert.Equal(200, result.SimulatedModes);
        var truncatedTheory = new GaussianModel("t", new PowerLawSpectrum(1, 2, 200, 1, 2), 1e-3).Predict(20).TestError;
        Assert.Equal(truncatedTheory, result.Theory.TestError, 1e-12);
    }

    [Fact]
    public void Bad_options_are_argument_exceptions()
    {
        var spectrum = new PowerLawSpectrum(1, 2, 100, 1, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelRidgeSimulation.Run(spectrum, 10, 1e-3, 0, new SimulationOptions(Seeds: 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelRidgeSimulation.Run(spectrum, 10.5, 1e-3, 0, new SimulationOptions()));
        Assert.Throws<ArgumentException>(() => KernelRidgeSimulation.Run(spectrum, 100, 0, 0, new SimulationOptions()));
    }
    /// <summary>
    /// The primal (M × M) and dual (P × P) solves are the same estimator: on the same seeds every training set's test
    /// and train errors agree to round-off, just below, at and just above P = M, with and without noise.
    /// </summary>
    [Theory]
    [InlineData(60, 59, 1e-3, 0.0)]
    [InlineData(60, 60, 1e-3, 1e-3)]
    [InlineData(60, 61, 1e-2, 0.0)]
    [InlineData(200, 199, 1e-3, 1e-4)]
    [InlineData(200, 203, 1e-3, 0.0)]
    [InlineData(200, 400, 1e-1, 1e-2)]
    public void Primal_and_dual_forms_agree_seed_by_seed(int m, int p, double ridge, double noise)
    {
        var lambda = Enumerable.Range(1, m).Select(k => Math.Pow(k, -1.5)).ToList();
        var target = Enumerable.Range(1, m).Select(k => Math.Pow(k, -1.8)).ToList();
        for (var seed = 1; seed <= 4; seed++)
        {
            var dual = KernelRidgeSimulation.OneTrainingSet(lambda, target, p, ridge, noise, seed, KernelRidgeForm.Dual);
            var primal = KernelRidgeSimulation.OneTrainingSet(lambda, target, p, ridge, noise, seed, KernelRidgeForm.Primal);
            Assert.True(Math.Abs(primal.Test - dual.Test) <= 1e-9 * dual.Test, $"test: primal {primal.Test:R} vs dual {dual.Test:R}");
            Assert.True(Math.Abs(primal.Train - dual.Train) <= 1e-9 * dual.Train, $"train: primal {primal.Train:R} vs dual {dual.Train:R}");
            Assert.True(dual.Train > 0 && dual.Test > 0);
        }
    }

    [Fact]
    public void The_smaller_system_is_solved_primal_above_M_dual_up_to_M()
    {
        Assert.Equal(KernelRidgeForm.Primal, KernelRidgeSimulation.FormFor(101, 100));
        Assert.Equal(KernelRidgeForm.Dual, KernelRidgeSimulation.FormFor(100, 100));
        Assert.Equal(KernelRidgeForm.Dual, KernelRidgeSimulation.FormFor(99, 100));
        // Run really takes that path: its numbers are bit for bit those of the forced form (the two forms round
        // differently in the last bits, so the other form does not reproduce them exactly).
        var spectrum = new PowerLawSpectrum(1, 2, 80, 1, 2);
        foreach (var (p, expected) in new[] { (120, KernelRidgeForm.Primal), (60, KernelRidgeForm.Dual) })
        {
            var options = new SimulationOptions(Seeds: 3, Seed: 5, MaxModes: 80);
            var chosen = KernelRidgeSimulation.Run(spectrum, p, 1e-3, 1e-3, options);
            var forced = KernelRidgeSimulation.Run(spectrum, p, 1e-3, 1e-3, options with { Form = expected });
            var other = KernelRidgeSimulation.Run(spectrum, p, 1e-3, 1e-3, options with { Form = expected == KernelRidgeForm.Primal ? KernelRidgeForm.Dual : KernelRidgeForm.Primal });
            Assert.Equal(forced.TestError, chosen.TestError);
            Assert.Equal(forced.TrainError, chosen.TrainError);
            Assert.NotEqual(other.TestError, chosen.TestError);
            Assert.Equal(other.TestError, chosen.TestError, 1e-9 * chosen.TestError);
        }
    }

    /// <summary>Above M the primal form still agrees with the theory on the simulated modes (same allowance as below M).</summary>
    [Theory]
    [InlineData(1.0, 1.0, 1e-2, 0.0, 100, 300)]
    [InlineData(0.5, 1.0, 1e-3, 1e-3, 150, 400)]
    public void Simulation_above_M_matches_theory(double alpha, double beta, double ridge, double noise, int m, int p)
    {
        var spectrum = new PowerLawSpectrum(1, 1 + alpha, m, 1, 1 + beta);
        var result = KernelRidgeSimulation.Run(spectrum, p, ridge, noise, new SimulationOptions(Seeds: 12, Seed: 7, MaxModes: m));
        var allowed = 3 * result.TestErrorStandardError + 0.06 * result.Theory.TestError;
        Assert.True(Math.Abs(result.TestError - result.Theory.TestError) <= allowed,
            $"simulated {result.TestError:G5} ± {result.TestErrorStandardError:G3} vs theory {result.Theory.TestError:G5}");
        Assert.True(Math.Abs(result.TrainError - result.Theory.TrainError) <= 3 * result.TrainErrorStandardError + 0.1 * result.Theory.TrainError,
            $"train: simulated {result.TrainError:G5} ± {result.TrainErrorStandardError:G3} vs theory {result.Theory.TrainError:G5}");
    }

    [Fact]
    public void Forced_primal_form_without_ridge_below_M_is_refused()
    {
        var spectrum = new PowerLawSpectrum(1, 2, 100, 1, 2);
        var e = Assert.Throws<ArgumentException>(() => KernelRidgeSimulation.Run(spectrum, 50, 0, 0, new SimulationOptions(Seeds: 2) { Form = KernelRidgeForm.Primal }));
        Assert.Contains("κ > 0 or P ≥ M", e.Message);
    }

    [Fact]
    public void Progress_is_reported_after_each_training_set_once_the_delay_has_passed()
    {
        var spectrum = new PowerLawSpectrum(1, 2, 100, 1, 2);
        var seen = new RecordingProgress();
        KernelRidgeSimulation.Run(spectrum, 30, 1e-3, 0, new SimulationOptions(Seeds: 4, MaxModes: 100) { Progress = seen, ProgressDelay = TimeSpan.Zero });
        Assert.Equal([0.25, 0.5, 0.75, 1.0], seen.Values);

        // A run shorter than the delay reports nothing.
        var quiet = new RecordingProgress();
        KernelRidgeSimulation.Run(spectrum, 30, 1e-3, 0, new SimulationOptions(Seeds: 4, MaxModes: 100) { Progress = quiet, ProgressDelay = TimeSpan.FromHours(1) });
        Assert.Empty(quiet.Values);
    }

    /// <summary>
    /// The memory estimate charges the n × n system of the form solved (n = min(P, M)), so a P far above M is not
    /// charged a P × P kernel; the largest MaxModes named in the refusal is where the estimate meets the budget, in
    /// both regimes (M above and below P).
    /// </summary>
    [Fact]
    public void Memory_estimate_charges_the_smaller_system()
    {
        // P = 20000 over 100 modes: the design (16 MB) and a 100 × 100 system, not a 20000² kernel (6.4 GB).
        Assert.True(KernelRidgeSimulation.Bytes(20_000, 100, 8) < 20e6);
        Assert.True(KernelRidgeSimulation.Bytes(20_000, 20_000, 8) > 6e9);
        foreach (var (p, usable) in new[] { (1000, 1e9), (20_000, 1e9), (20_000, 20e9) })
        {
            var fit = KernelRidgeSimulation.LargestFit(p, 8, usable);
            Assert.True(fit > 1);
            Assert.Equal(usable, KernelRidgeSimulation.Bytes(p, fit, 8), usable * 1e-9);
            Assert.True(KernelRidgeSimulation.Bytes(p, fit * 1.001, 8) > usable);
        }
    }

    private sealed class RecordingProgress : IProgress<double>
    {
        public List<double> Values { get; } = [];

        public void Report(double value) => Values.Add(value);
    }
}
