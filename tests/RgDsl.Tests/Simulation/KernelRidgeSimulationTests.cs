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
}
