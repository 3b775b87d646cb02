using RgDsl.Scaling;
using RgDsl.Spectra;

namespace RgDsl.Tests.Scaling;

/// <summary>
/// Where the theory says the asymptotic exponent is reached, checked on curves solved independently of the search:
/// the model's own infinite-rank curve at and beyond that P, and before it.
/// </summary>
public class AsymptoticApproachTests
{
    private static GaussianModel PowerLaw(long modes, double ridge, double alpha = 1, double beta = 1, double noise = 0) =>
        new("m", new PowerLawSpectrum(2, 1 + alpha, modes, 0.5, 1 + beta), ridge, noise);

    [Theory]
    [InlineData(1e-4, -0.5)]   // ridge-dominated law, reached only well past the crossover
    [InlineData(0.0, -1.0)]    // ridgeless law
    public void The_reported_P_is_where_the_infinite_rank_curve_settles_within_five_percent(double ridge, double law)
    {
        var model = PowerLaw(RgModel.Infinite, ridge);
        var approach = AsymptoticApproach.Of(model)!;
        Assert.Equal(law, approach.Exponent, 1e-6);
        var p = Assert.NotNull(approach.ReachedAt);
        Assert.True(approach.Verified, approach.ToString());
        var curve = model.LearningCurve(p / 10, p, 10 * p, 1000 * p);
        Assert.True(Math.Abs(curve.LocalExponents[1] / law - 1) <= 0.05 + 1e-9, approach.ToString());
        Assert.True(Math.Abs(curve.LocalExponents[2] / law - 1) <= 0.05, approach.ToString());
        Assert.True(Math.Abs(curve.LocalExponents[3] / law - 1) <= 0.05, approach.ToString());
        if (ridge > 0) Assert.True(Math.Abs(curve.LocalExponents[0] / law - 1) > 0.05, $"a decade earlier the slope {curve.LocalExponents[0]} should not yet be within 5%: {approach}");
    }

    [Fact]
    public void A_finite_rank_model_is_judged_on_its_infinite_rank_variant_and_says_where_its_own_range_ends()
    {
        // M = 2,000 with κ = 1e-4: the model's own curve is bent by the cutoff long before the law is reached.
        var approach = AsymptoticApproach.Of(PowerLaw(2_000, 1e-4))!;
        Assert.True(approach.ReachedAt > 1e5, approach.ToString());
        Assert.True(approach.Threshold > 2_000, "the law is reached only beyond the model's cutoff: " + approach);
    }

    [Fact]
    public void No_approach_without_a_predicted_exponent_and_bad_tolerances_are_refused()
    {
        Assert.Null(AsymptoticApproach.Of(PowerLaw(5_000, 1e-3, beta: -0.2))); // β ≤ 0 (like MNIST parity): no law
        Assert.Throws<ArgumentOutOfRangeException>(() => AsymptoticApproach.Of(PowerLaw(RgModel.Infinite, 1e-3), 0));
    }
}
