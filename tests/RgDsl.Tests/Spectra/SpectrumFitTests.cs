using RgDsl.Spectra;

namespace RgDsl.Tests.Spectra;

/// <summary>
/// The log-binned power-law fit that the generator applies to measured tables at compile time and the runtime to
/// spectra (one piece of code, <see cref="SpectrumFit"/>).
/// </summary>
public class SpectrumFitTests
{
    [Theory]
    [InlineData(-1.5, 10, 50)]
    [InlineData(-2.0, 10, 1000)]
    [InlineData(-1.25, 17, 333)]
    [InlineData(-3.7, 1, 40)]
    [InlineData(0.5, 10, 200)]
    public void An_exact_power_law_gives_its_exact_exponent(double exponent, int from, int to)
    {
        // Bin means of k^e sit at k̄ = (mean k^e)^(1/e), not at the geometric mean of k, which would bend the slope.
        var fit = SpectrumFit.LogBinned(k => 3.0 * Math.Pow(k, exponent), from, to)!;
        Assert.Equal(exponent, fit.Exponent, 11);
        Assert.Equal(3.0, fit.Prefactor, 9);
        var naive = PowerLawFit.Fit(Enumerable.Range(from, to - from + 1).Select(k => (double)k).ToList(),
            Enumerable.Range(from, to - from + 1).Select(k => 3.0 * Math.Pow(k, exponent)).ToList());
        Assert.Equal(naive.Exponent, fit.Exponent, 11);
    }

    [Fact]
    public void Bins_whose_mean_is_zero_are_left_out_and_too_few_bins_give_no_fit()
    {
        // Zero on one whole bin (bins of ratio 1.25 from k = 10: …, 73..91, 92..115, 116..145, …): the fit sees only the
        // positive bins, which lie on k^-2.
        var values = Enumerable.Range(1, 400).Select(k => k is >= 92 and <= 115 ? 0 : Math.Pow(k, -2)).ToArray();
        Assert.Equal(-2, SpectrumFit.LogBinned(values, 10, 400)!.Exponent, 10);
        Assert.Null(SpectrumFit.LogBinned(values, 10, 16)); // two bins
        Assert.Null(SpectrumFit.LogBinned(_ => 0.0, 10, 400));
    }

    [Theory]
    [InlineData(67L, null)]
    [InlineData(68L, 17)]
    [InlineData(200L, 50)]
    [InlineData(100_000L, 1000)]
    [InlineData(RgModel.Infinite, 1000)]
    public void Default_range_is_10_to_a_quarter_of_the_modes_capped_at_1000(long modes, int? to)
    {
        var range = SpectrumFit.DefaultRange(modes);
        Assert.Equal(to, range?.To);
        if (range is { } r)
        {
            Assert.Equal(10, r.From);
            Assert.NotNull(SpectrumFit.LogBinned(k => Math.Pow(k, -2), r.From, r.To)); // at least three bins
        }
    }
}
