using RgDsl;
using Xunit;

namespace RgDslModel.Tests;

/// <summary>
/// The model's predictions against what they approximate: kernel ridge regression for the Gaussian theory, exact
/// Hamiltonian Monte Carlo for the finite-width correction, and the measured scaling for the [Expect] claim.
/// Deviations are counted in standard errors of the simulation, so a wrong theory fails however the seeds fall.
/// </summary>
public class WideNetworkTests
{
    [Fact]
    public void Test_error_falls_as_the_data_grow()
    {
        var model = new WideNetwork();
        var points = new[] { 10.0, 100.0, 1000.0 }.Select(p => model.Predict(p)).ToArray();
        Assert.All(points, p => Assert.True(p.IsWithinRange && double.IsFinite(p.TestError) && p.TestError > 0, p.ToString()));
        Assert.True(points[0].TestError > points[1].TestError && points[1].TestError > points[2].TestError, string.Join("\n", points.AsEnumerable()));
    }

    [Fact]
    public void Gaussian_theory_matches_kernel_ridge_regression()
    {
        // Eight training sets of P = 100 on a Gaussian design with the model's spectrum and target.
        var simulation = new WideNetwork().Simulate(100, new SimulationOptions(Seeds: 8));
        Assert.True(Math.Abs(simulation.TestErrorDeviation) < 4, simulation.ToString());
    }

    [Fact]
    public void Finite_width_correction_matches_Monte_Carlo()
    {
        // A narrow network, so that the correction δ stands well clear of the sampling noise.
        var model = new WideNetwork { Width = 4 };
        var theory = model.Predict(100);
        var sample = model.Sample(100, new SamplerOptions(Samples: 500));
        var delta = sample.NonGaussianCorrection;
        Assert.True(delta.Value > 5 * delta.StandardError, $"HMC does not resolve the correction: {sample}");
        Assert.True(Math.Abs(delta.Value - theory.NonGaussianCorrection) < 4 * delta.StandardError, $"{sample}\ntheory: {theory}");
    }

    [Fact]
    public void Expect_claims_hold_at_run_time()
    {
        // The claims the build checked symbolically, held to the exponents Scaling() measures on the model.
        var results = ScalingExpectations.Check(WideNetwork.RgDeclaration, new WideNetwork().Scaling());
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.Holds, r.Claim + ": " + r.Detail));
    }
}
