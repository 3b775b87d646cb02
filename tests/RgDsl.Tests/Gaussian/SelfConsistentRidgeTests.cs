using RgDsl.Gaussian;
using RgDsl.Spectra;

namespace RgDsl.Tests.Gaussian;

public class SelfConsistentRidgeTests
{
    [Theory]
    [InlineData(1e-3, 10.0)]
    [InlineData(1e-3, 5_000.0)]
    [InlineData(0.0, 999.0)]
    [InlineData(10.0, 3.0)]
    public void Root_satisfies_the_equation_evaluated_by_brute_force(double ridge, double p)
    {
        var lambda = Enumerable.Range(1, 1000).Select(k => Math.Pow(k, -1.7)).ToArray();
        var t = SelfConsistentRidge.Solve(new TableSpectrum(lambda), p, ridge);
        var lhs = lambda.Sum(l => l / (l + t)) + ridge / t;
        Assert.Equal(p, lhs, p * 1e-11);
    }

    [Theory]
    [InlineData(1e-250)]
    [InlineData(1e-9)]
    [InlineData(1e250)]
    public void Converges_to_the_same_root_from_any_starting_guess(double guess)
    {
        var spectrum = new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2);
        var reference = SelfConsistentRidge.Solve(spectrum, 300, 1e-3);
        Assert.Equal(reference, SelfConsistentRidge.Solve(spectrum, 300, 1e-3, initialGuess: guess), reference * 1e-12);
        Assert.Equal(reference, SelfConsistentRidge.Solve(spectrum, 300, 1e-3, new RidgeSolverOptions(MaxIterations: 400), guess), reference * 1e-12);
    }

    [Fact]
    public void Iteration_limit_is_reported_not_thrown_by_TrySolve()
    {
        var spectrum = new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2);
        Assert.False(SelfConsistentRidge.TrySolve(spectrum, 300, 1e-3, out var t, out var error, new RidgeSolverOptions(MaxIterations: 2), 1e-250));
        Assert.True(double.IsNaN(t));
        Assert.Contains("did not converge in 2 iterations", error);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Ridgeless_overfitting_factor_and_t_approach_the_asymptotic_laws(double alpha)
    {
        // THEORY §2.3: E₀ → 1+α and t → [P(1+α) sin(π/(1+α))/π]^-(1+α). Corrections decay like 1/P^α here, so at
        // P = 1e6 both are within 1e-2 even for α = 0.5 (and the deviation must shrink with P).
        var model = new GaussianModel("pl", new PowerLawSpectrum(1, 1 + alpha, RgModel.Infinite, 1, 1 + alpha), 0);
        double Deviation(double p)
        {
            var point = model.Predict(p);
            var tAsym = Math.Pow(p * (1 + alpha) * Math.Sin(Math.PI / (1 + alpha)) / Math.PI, -(1 + alpha));
            Assert.Equal(1, point.EffectiveRidgePerSample / tAsym, 1e-2);
            return Math.Abs(point.OverfittingFactor - (1 + alpha));
        }
        var far = Deviation(1e6);
        Assert.True(far < 1e-2, $"|E₀ − (1+α)| = {far} at P = 1e6");
        Assert.True(far < Deviation(1e3), "the deviation must shrink with P");
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.0, -1.0, 0.01)]     // ridgeless matched: −min(β, 2(1+α))
    [InlineData(1.0, 0.5, 0.0, -0.5, 0.01)]
    [InlineData(2.0, 1.0, 0.0, -1.0, 0.01)]
    [InlineData(0.5, 0.5, 0.0, -0.5, 0.03)]     // α = 0.5 converges slowest (THEORY §2.3)
    [InlineData(1.0, 1.0, 1e-2, -0.5, 0.03)]    // fixed ridge: −min(β, 2(1+α))/(1+α)
    [InlineData(1.0, 6.0, 1e-2, -2.0, 0.03)]    // saturated: β > 2(1+α)
    [InlineData(2.0, 1.0, 1e-2, -1.0 / 3, 0.03)]
    public void Local_slopes_at_large_P_match_the_asymptotic_exponents(double alpha, double beta, double ridge, double expected, double tolerance)
    {
        // Local slopes d ln ε/d ln P at P = 1e6 (ridgeless) or 1e7 (fixed ridge, far above κ^(-1/α)); the
        // tolerances are THEORY §2.3's statement of how slowly these exponents are approached.
        var model = new GaussianModel("pl", new PowerLawSpectrum(1, 1 + alpha, RgModel.Infinite, 1, 1 + beta), ridge);
        var p = ridge == 0 ? 1e6 : 1e7;
        var slope = model.LearningCurve(p).LocalExponents[0];
        Assert.True(Math.Abs(slope - expected) <= tolerance, $"local slope {slope:F4} vs asymptotic {expected:F4} (tolerance {tolerance})");
    }

    [Fact]
    public void Equivalent_kernel_uses_t_equal_kappa_over_P_and_no_overfitting_factor()
    {
        var lambda = Enumerable.Range(1, 200).Select(k => 1.0 / (k * k)).ToArray();
        var spectrum = new TableSpectrum(lambda);
        var point = GaussianPredictor.Predict(spectrum, 50, 0.1, 0, Approximation.EquivalentKernel);
        var t = 0.1 / 50;
        var bias = lambda.Sum(l => Math.Pow(t / (l + t), 2) * l);
        Assert.Equal(bias, point.TestError, 1e-14);
        Assert.Equal(1, point.OverfittingFactor);
        // EK drops E₀ and the renormalised ridge, so at small ridge it underestimates the error.
        Assert.True(point.TestError < GaussianPredictor.Predict(spectrum, 50, 0.1, 0).TestError);
    }

    [Fact]
    public void Learning_curve_fit_recovers_the_exponent_of_a_pure_power_law()
    {
        var fit = PowerLawFit.Fit([1, 10, 100, 1000], [2, 2 * Math.Pow(10, -0.7), 2 * Math.Pow(100, -0.7), 2 * Math.Pow(1000, -0.7)]);
        Assert.Equal(-0.7, fit.Exponent, 12);
        Assert.Equal(2, fit.Prefactor, 12);
        Assert.Equal(0, fit.StandardError, 12);
    }
}
