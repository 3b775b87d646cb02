using RgDsl.Scaling;
using RgDsl.Spectra;

namespace RgDsl.Tests.Scaling;

/// <summary>
/// The crossover κ = κ_eff/2 against a closed form: for λ_k = k^−2 at infinite rank, Σ_k λ_k/(λ_k + t) =
/// (π a coth(π a) − 1)/2 with a = t^(−1/2) (Σ_k 1/(k² + a²) = (π a coth(π a) − 1)/(2a²)); at the crossover κ/t = P/2,
/// so the self-consistent equation gives P = π a coth(π a) − 1 and κ = P t/2 = P/(2a²).
/// </summary>
public class RegimeCrossoverTests
{
    [Theory]
    [InlineData(10.0)]
    [InlineData(100.0)]
    [InlineData(3000.0)]
    public void The_crossover_of_the_infinite_rank_power_law_matches_the_closed_form(double a)
    {
        var p = Math.PI * a / Math.Tanh(Math.PI * a) - 1;
        var kappa = p / (2 * a * a);
        var spectrum = new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2);
        var model = new GaussianModel("k^-2", spectrum, kappa);
        var crossover = RegimeCrossover.DatasetSize(model, 1e-9);
        Assert.NotNull(crossover);
        Assert.Equal(1, crossover!.Value / p, 1e-6);
        // Scaling κ^(−1/α): ten times the ridge, a tenth of the crossover P at large a (α = 1).
        if (a >= 100)
        {
            var tenfold = RegimeCrossover.DatasetSize(new GaussianModel("k^-2", spectrum, 10 * kappa))!.Value;
            Assert.Equal(0.1, tenfold / crossover.Value, 0.02);
        }
    }

    [Fact]
    public void Ridgeless_and_always_ridge_dominated_models_have_none()
    {
        var spectrum = new PowerLawSpectrum(1, 2, 1000, 1, 2);
        Assert.Null(RegimeCrossover.DatasetSize(new GaussianModel("ridgeless", spectrum, 0)));
        // κ far above the trace (about 1.64): κ ≥ κ_eff/2 already at the smallest P.
        Assert.Null(RegimeCrossover.DatasetSize(new GaussianModel("huge ridge", spectrum, 100)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegimeCrossover.DatasetSize(new GaussianModel("m", spectrum, 1), 0));
    }

    [Fact]
    public void The_description_places_the_crossover_against_the_window()
    {
        Assert.Equal("491", RegimeCrossover.Describe(491.2, 10, 1e5, false));
        Assert.StartsWith("2.6 (below the window", RegimeCrossover.Describe(2.56, 10, 1e5, false));
        Assert.StartsWith("3.2E+03 (beyond the window", RegimeCrossover.Describe(3200, 10, 1333, false));
        Assert.Equal("none (κ = 0)", RegimeCrossover.Describe(null, 10, 1e5, true));
    }
}
