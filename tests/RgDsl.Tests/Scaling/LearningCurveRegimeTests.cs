using RgDsl.Scaling;
using RgDsl.Spectra;

namespace RgDsl.Tests.Scaling;

/// <summary>
/// Label noise and the regime in the learning-curve law (THEORY §2.3), checked against the numerics of the curves:
/// the regime a point reports and the slope the curve actually has there; and the report's explanation of a fitted
/// exponent, which must name the reason that is present (noise, regime, cutoff) and no other.
/// </summary>
public class LearningCurveRegimeTests
{
    private static GaussianModel PowerLaw(long modes, double ridge, double noise = 0, double alpha = 1, double beta = 1) =>
        new("m", new PowerLawSpectrum(1, 1 + alpha, modes, 1, 1 + beta), ridge, noise);

    private static ModelDeclaration Claiming(double exponent) => new("m", RgModel.Infinite, [], new DeclaredModeFunction("E", null, null, null, null), null,
        "Kappa", null, null, null, null, [], [new DeclaredExpectation($"Expect(LearningCurveExponent = {exponent})", LearningCurveExponent: exponent)]);

    [Fact]
    public void With_label_noise_the_asymptotic_exponent_is_zero_and_the_curve_flattens_onto_the_floor()
    {
        var model = PowerLaw(RgModel.Infinite, 1e-3, noise: 1e-2);
        var report = model.Scaling();
        Assert.Equal(LearningCurveRegime.NoiseDominated, report.Regime);
        Assert.Equal(0, report.LearningCurveExponent);
        // The numerics: at P = 10⁹ the slope has gone to 0 and ε sits on E₀σ² with E₀ → 1.
        var point = model.Predict(1e9);
        Assert.True(Math.Abs(model.LearningCurve(1e9).LocalExponents[0]) < 0.01);
        Assert.Equal(1e-2, point.TestError, 1e-4);
        Assert.Equal(LearningCurveRegime.NoiseDominated, point.Regime);
    }

    [Fact]
    public void A_noiseless_exponent_claimed_for_a_noisy_model_fails_at_run_time_with_the_reason()
    {
        var result = Assert.Single(ScalingExpectations.Check(Claiming(-1), PowerLaw(RgModel.Infinite, 0, noise: 1e-2).Scaling()));
        Assert.False(result.Holds);
        Assert.Contains("the noise-dominated regime (label noise σ² = 0.01 > 0 floors ε at E₀σ²): exponent 0; without noise -β (ridgeless) = -1", result.Detail);
        Assert.True(Assert.Single(ScalingExpectations.Check(Claiming(-1), PowerLaw(RgModel.Infinite, 0).Scaling())).Holds);
    }

    [Theory]
    [InlineData(1e4, LearningCurveRegime.Ridgeless, -1.0)]        // κ = 1e-8 is a sliver of κ_eff: the ridgeless law
    [InlineData(1e12, LearningCurveRegime.RidgeDominated, -0.5)]  // κ dominates κ_eff: the fixed-ridge law
    public void The_regime_of_a_point_is_the_law_its_slope_follows(double p, LearningCurveRegime regime, double law)
    {
        var model = PowerLaw(RgModel.Infinite, 1e-8);
        var curve = model.LearningCurve(p);
        var point = curve.Points[0];
        Assert.Equal(1e-8 / point.EffectiveRidge, point.RidgeShare, 1e-12);
        Assert.Equal(regime, point.Regime);
        Assert.True(Math.Abs(curve.LocalExponents[0] - law) < 0.03, $"slope {curve.LocalExponents[0]} at P = {p} against {law}");
    }

    [Fact]
    public void The_noise_share_is_E0_sigma2_over_the_error()
    {
        var point = PowerLaw(4000, 1e-3, noise: 1e-4).Predict(300);
        Assert.Equal(point.OverfittingFactor * 1e-4 / point.TestError, point.NoiseShare, 1e-12);
        Assert.Equal(point.TestError - point.OverfittingFactor * point.Bias, point.OverfittingFactor * 1e-4, 1e-15);
    }

    private static double[] LogSpace(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from * Math.Pow(to / from, (double)i / (count - 1))).ToArray();

    private static string Explain(GaussianModel model, double[] sizes, double from)
    {
        var curve = model.LearningCurve(sizes);
        return curve.ExplainExponent(curve.FitExponent(from), model.Scaling());
    }

    [Fact]
    public void An_infinite_rank_model_in_the_crossover_is_explained_by_its_regime_not_by_a_cutoff()
    {
        var text = Explain(PowerLaw(RgModel.Infinite, 1e-3), LogSpace(10, 1000, 9), 100);
        Assert.Contains("**the regime**: κ is", text);
        Assert.Contains("ridgeless law -1 and the fixed-ridge law -0.5", text);
        Assert.DoesNotContain("cutoff", text);
        Assert.DoesNotContain("finite M", text);
        Assert.DoesNotContain("noise", text);
    }

    [Fact]
    public void A_finite_model_whose_threshold_nears_the_cutoff_is_explained_by_the_cutoff()
    {
        // M = 1,000, κ = 0.05, β = 0.5: k_P ≈ 80 at P = 333, and the target power beyond M is a large share of the bias.
        var text = Explain(PowerLaw(1000, 0.05, beta: 0.5), LogSpace(10, 333, 8), 60);
        Assert.Contains("**the cutoff M = 1,000**: k_P reaches", text);
        Assert.DoesNotContain("noise", text);
    }

    [Fact]
    public void A_noisy_model_is_explained_by_its_noise()
    {
        var text = Explain(PowerLaw(RgModel.Infinite, 1e-3, noise: 1e-4, beta: 0.5), LogSpace(10, 2000, 9), 100);
        Assert.Contains("noise-dominated", text);
        Assert.Contains("**label noise**", text);
        Assert.DoesNotContain("cutoff", text);
    }

    [Fact]
    public void An_asymptotic_range_agrees()
    {
        var text = Explain(PowerLaw(RgModel.Infinite, 1e-3), [1e8, 1e9, 1e10], 1e8);
        Assert.Contains("They agree", text);
        Assert.DoesNotContain("comes from", text);
    }
}
