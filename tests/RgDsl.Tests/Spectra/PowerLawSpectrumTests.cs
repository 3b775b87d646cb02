using RgDsl.Spectra;

namespace RgDsl.Tests.Spectra;

public class PowerLawSpectrumTests
{
    /// <summary>Brute-force sums over k = from..to, in ascending order of magnitude (from the top) to limit rounding.</summary>
    private static SpectralSums BruteForce(double c, double s, double a, double r, double t, long from, long to)
    {
        double l1 = 0, l2 = 0, l3 = 0, b = 0;
        for (var k = to; k >= from; k--)
        {
            var lambda = c * Math.Pow(k, -s);
            var l = lambda / (lambda + t);
            l1 += l; l2 += l * (1 - l); l3 += l * l; b += (1 - l) * (1 - l) * a * Math.Pow(k, -r);
        }
        return new SpectralSums(l1, l2, l3, b);
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        var relative = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(relative <= tolerance, $"{what}: expected {expected:R}, got {actual:R}, relative error {relative:E2} > {tolerance:E0}");
    }

    [Theory]
    [InlineData(1.5, 2.0, 1e-3)]   // α = 0.5, β = 1
    [InlineData(2.0, 2.0, 1e-5)]   // matched, α = 1
    [InlineData(2.0, 1.2, 1e-7)]
    [InlineData(3.0, 3.0, 1e-2)]   // α = 2
    [InlineData(3.0, 5.0, 1e-9)]
    [InlineData(1.2, 1.5, 10.0)]   // threshold below the head
    [InlineData(2.5, 2.0, 1e-12)]  // threshold far in the tail
    public void Finite_rank_sums_match_brute_force_to_1e_10(double s, double r, double t)
    {
        const long modes = 2_000_000;
        var spectrum = new PowerLawSpectrum(0.7, s, modes, 1.3, r);
        var exact = BruteForce(0.7, s, 1.3, r, t, 1, modes);
        var fast = spectrum.Sums(t);
        AssertRelative(exact.Learnability, fast.Learnability, 1e-10, "Σ L");
        AssertRelative(exact.LearnabilitySpread, fast.LearnabilitySpread, 1e-10, "Σ L(1−L)");
        AssertRelative(exact.LearnabilitySquared, fast.LearnabilitySquared, 1e-10, "Σ L²");
        AssertRelative(exact.Bias, fast.Bias, 1e-10, "Σ (1−L)² y²");
        var (l, spread) = spectrum.LearnabilitySums(t);
        AssertRelative(exact.Learnability, l, 1e-10, "LearnabilitySums Σ L");
        AssertRelative(exact.LearnabilitySpread, spread, 1e-10, "LearnabilitySums Σ L(1−L)");
    }

    [Theory]
    [InlineData(2.0, 2.0, 1e-4, 700, 1_500_000)]
    [InlineData(1.5, 2.5, 1e-2, 1, 100_000)]
    [InlineData(3.0, 2.0, 1e-6, 513, 513)]
    public void Range_sums_match_brute_force(double s, double r, double t, long from, long to)
    {
        var spectrum = new PowerLawSpectrum(1, s, RgModel.Infinite, 1, r);
        var exact = BruteForce(1, s, 1, r, t, from, to);
        var fast = spectrum.Sums(t, from, to);
        AssertRelative(exact.Learnability, fast.Learnability, 1e-10, "Σ L");
        AssertRelative(exact.Bias, fast.Bias, 1e-10, "bias");
        double eig = 0, tgt = 0;
        for (var k = to; k >= from; k--) { eig += Math.Pow(k, -s); tgt += Math.Pow(k, -r); }
        AssertRelative(eig, spectrum.EigenvalueSum(from, to), 1e-10, "Σ λ");
        AssertRelative(tgt, spectrum.TargetPowerSum(from, to), 1e-10, "Σ y²");
    }

    [Fact]
    public void Infinite_rank_eigenvalue_sum_is_the_zeta_value()
    {
        // Σ_k k^-2 = π²/6 and Σ_k k^-4 = π⁴/90: independent closed forms.
        var spectrum = new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 4);
        AssertRelative(Math.PI * Math.PI / 6, spectrum.EigenvalueSum(), 1e-12, "ζ(2)");
        AssertRelative(Math.Pow(Math.PI, 4) / 90, spectrum.TargetPowerSum(), 1e-12, "ζ(4)");
    }

    [Fact]
    public void Infinite_rank_equals_a_huge_finite_rank_plus_its_negligible_tail()
    {
        // For s = 3 the modes above 1e12 add about t⁻¹·1e-24 to Σ L: invisible at double precision.
        var infinite = new PowerLawSpectrum(1, 3, RgModel.Infinite, 1, 3).Sums(1e-8);
        var finite = new PowerLawSpectrum(1, 3, 1_000_000_000_000, 1, 3).Sums(1e-8);
        AssertRelative(infinite.Learnability, finite.Learnability, 1e-12, "Σ L");
        AssertRelative(infinite.Bias, finite.Bias, 1e-12, "bias");
    }

    [Fact]
    public void Extreme_t_neither_overflows_nor_loses_the_sums()
    {
        var spectrum = new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2);
        var tiny = spectrum.Sums(1e-200);   // k_t = 1e100 modes are learned
        Assert.True(double.IsFinite(tiny.Learnability) && tiny.Learnability > 1e99, $"Σ L = {tiny.Learnability}");
        var huge = spectrum.Sums(1e200);    // nothing learned: Σ L ≈ ζ(2)/t
        AssertRelative(Math.PI * Math.PI / 6 / 1e200, huge.Learnability, 1e-10, "Σ L at t = 1e200");
        AssertRelative(Math.PI * Math.PI / 6, huge.Bias, 1e-10, "bias at t = 1e200");
    }

    [Theory]
    [InlineData(1.0, 10)]
    [InlineData(0.5, 10)]
    public void Infinite_rank_with_divergent_trace_is_rejected(double s, double r)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PowerLawSpectrum(1, s, RgModel.Infinite, 1, r));
        Assert.Contains("diverges", e.Message);
    }

    [Fact]
    public void Gauss_Legendre_rule_integrates_polynomials_of_degree_31_exactly()
    {
        double weights = 0, x30 = 0;
        for (var i = 0; i < GaussLegendre16.Nodes.Length; i++)
        {
            weights += GaussLegendre16.Weights[i];
            x30 += GaussLegendre16.Weights[i] * Math.Pow(GaussLegendre16.Nodes[i], 30);
        }
        Assert.Equal(2.0, weights, 14);
        Assert.Equal(2.0 / 31, x30, 13);
    }
}
