using RgDsl.Gaussian;
using RgDsl.Spectra;

namespace RgDsl.Tests.Gaussian;

public class BadInputTests
{
    private static readonly double[] Lambda = [1, 0.5, 0.25, 0.125];

    [Theory]
    [InlineData(-1e-3, "ridge")]
    [InlineData(double.NaN, "ridge")]
    [InlineData(double.PositiveInfinity, "ridge")]
    public void Bad_ridge_is_an_argument_exception(double ridge, string word)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new GaussianModel("m", new TableSpectrum(Lambda), ridge));
        Assert.Contains(word, e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    public void Non_positive_dataset_size_is_an_argument_exception(double p)
    {
        var model = new GaussianModel("m", new TableSpectrum(Lambda), 1e-3);
        var e = Assert.Throws<ArgumentException>(() => model.Predict(p));
        Assert.Contains("dataset size P", e.Message);
        Assert.False(model.TryPredict(p, out var point, out var error));
        Assert.Null(point);
        Assert.Contains("dataset size P", error);
    }

    [Fact]
    public void Ridgeless_with_too_many_samples_names_the_mode_count()
    {
        var model = new GaussianModel("m", new TableSpectrum(Lambda, null, [1, 2, 1, 1]), 0);
        Assert.True(model.Predict(4.5).TestError > 0);      // 5 modes with multiplicity: P = 4.5 is fine
        var e = Assert.Throws<ArgumentException>(() => model.Predict(5));
        Assert.Contains("P < Σ_k n_k = 5", e.Message);
    }

    [Fact]
    public void Equivalent_kernel_needs_a_positive_ridge()
    {
        var model = new GaussianModel("m", new TableSpectrum(Lambda), 0);
        var e = Assert.Throws<ArgumentException>(() => model.Predict(2, Approximation.EquivalentKernel));
        Assert.Contains("positive ridge", e.Message);
    }

    [Fact]
    public void Negative_noise_is_an_argument_exception() =>
        Assert.Throws<ArgumentException>(() => new GaussianModel("m", new TableSpectrum(Lambda), 1, noise: -1));

    [Theory]
    [InlineData(3, 0.9, "non-increasing", "λ_3")]
    [InlineData(2, -0.1, "positive", "λ_2")]
    [InlineData(2, double.NaN, "positive", "λ_2")]
    [InlineData(1, 0.0, "positive", "λ_1")]
    public void Bad_eigenvalues_from_a_user_function_name_the_mode(long badMode, double value, string what, string mode)
    {
        var e = Assert.Throws<ArgumentException>(() => GaussianModel.FromFunctions("user", 10, k => k == badMode ? value : 1.0 / k, 1e-3));
        Assert.Contains(what, e.Message);
        Assert.Contains(mode, e.Message);
        Assert.Contains("user", e.Message);
    }

    [Fact]
    public void Bad_target_and_multiplicity_name_the_mode()
    {
        var target = Assert.Throws<ArgumentException>(() => GaussianModel.FromFunctions("u", 5, k => 1.0 / k, 1, target: k => k == 4 ? -1 : 1));
        Assert.Contains("y_4²", target.Message);
        var multiplicity = Assert.Throws<ArgumentException>(() => GaussianModel.FromFunctions("u", 5, k => 1.0 / k, 1, multiplicity: k => k == 2 ? 0 : 1));
        Assert.Contains("n_2", multiplicity.Message);
    }

    [Fact]
    public void Too_many_modes_to_tabulate_says_to_declare_a_power_law() =>
        Assert.Contains("power law", Assert.Throws<ArgumentOutOfRangeException>(() =>
            GaussianModel.FromFunctions("big", 1_000_000_000_000, k => 1.0 / k, 1)).Message);
}
