using RgDsl.Spectra;
using RgDsl.Scaling;

namespace RgDsl.Tests.Scaling;

/// <summary>
/// The run-time [Expect] check (<see cref="ScalingExpectations.Check"/>) uses the regime of the model, as the
/// generator does: a ridgeless model is held to −min(β, 2(1+α)), a model with a ridge to −min(β, 2(1+α))/(1+α),
/// and a model whose sampled range sits in the crossover is still held to its asymptotic (fixed-ridge) law. Each
/// claimed law is checked against the slope of the numerically solved curve, not only against the formula.
/// </summary>
public class RunTimeExpectationRegimeTests
{
    private static GaussianModel PowerLaw(double ridge) => new("m", new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2), ridge, 0);

    private static ModelDeclaration Claiming(double exponent) => new("m", RgModel.Infinite, [], new DeclaredModeFunction("E", null, null, null, null), null,
        "Kappa", null, null, null, null, [], [new DeclaredExpectation($"Expect(LearningCurveExponent = {exponent})", LearningCurveExponent: exponent)]);

    private static bool Holds(GaussianModel model, double claim) => Assert.Single(ScalingExpectations.Check(Claiming(claim), model.Scaling())).Holds;

    [Theory]
    // α = β = 1: ridgeless −β = −1, at a fixed ridge −β/(1+α) = −0.5. The slope is measured where the model's own regime holds.
    [InlineData(0.0, 1e6, LearningCurveRegime.Ridgeless, -1.0, -0.5)]        // κ = 0 (the main job's InfiniteRankMatched)
    [InlineData(0.1, 1e6, LearningCurveRegime.RidgeDominated, -0.5, -1.0)]   // κ dominates κ_eff from small P on
    [InlineData(1e-4, 1e12, LearningCurveRegime.RidgeDominated, -0.5, -1.0)] // small κ: crossover around P ≈ 10⁴, fixed-ridge law asymptotically
    public void The_claim_is_held_to_the_law_of_the_models_regime(double ridge, double asymptoticP, LearningCurveRegime asymptotic, double law, double otherLaw)
    {
        var model = PowerLaw(ridge);
        Assert.Equal(asymptotic == LearningCurveRegime.Ridgeless ? LearningCurveRegime.Ridgeless : LearningCurveRegime.RidgeDominated, model.Scaling().Regime);
        Assert.True(Holds(model, law), $"κ = {ridge}: the claim {law} must hold");
        Assert.False(Holds(model, otherLaw), $"κ = {ridge}: the claim {otherLaw} must fail");
        // The numerics: the solved curve's slope at large P is the law the check used.
        var curve = model.LearningCurve(asymptoticP);
        Assert.Equal(asymptotic, curve.Points[0].Regime);
        Assert.True(Math.Abs(curve.LocalExponents[0] - law) < 0.01, $"κ = {ridge}: slope {curve.LocalExponents[0]} at P = {asymptoticP} against {law}");
    }

    [Fact]
    public void A_crossover_model_is_judged_by_its_asymptotic_law_not_by_the_slope_of_its_window()
    {
        var model = PowerLaw(1e-4);
        var curve = model.LearningCurve([1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6]);
        Assert.Contains(curve.Points, p => p.Regime == LearningCurveRegime.Crossover);
        var fitted = curve.FitExponent(1e3).Exponent;
        Assert.True(fitted < -0.6 && fitted > -0.9, $"the window's slope {fitted} lies between the two laws; regimes {string.Join(",", curve.Points.Select(p => p.Regime))}");
        Assert.True(Holds(model, -0.5));
        Assert.False(Holds(model, Math.Round(fitted, 3)));
    }
}
