using RgDsl.Data;

namespace RgDsl.Tests.Data;

/// <summary>
/// The per-target fit of α and β with bootstrap errors, against repeated independent draws of a synthetic target:
/// the bootstrap error of one draw must match the spread of β over the draws, and the draws must centre on the true β.
/// </summary>
public class TargetExponentFitTests
{
    [Fact]
    public void The_bootstrap_error_of_beta_matches_its_spread_over_independent_targets()
    {
        const int n = 400;
        const double beta = 0.5;
        var kernel = new double[n, n];
        for (var i = 0; i < n; i++) kernel[i, i] = Math.Pow(i + 1, -2.0); // α = 1
        var random = new Random(7);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double[] Target() => Enumerable.Range(1, n).Select(k => Math.Sqrt(Math.Pow(k, -(1 + beta))) * Gaussian()).ToArray();
        var spectrum = EmpiricalSpectrum.Compute(kernel, Target(), "synthetic");
        var fits = Enumerable.Range(0, 40).Select(_ => TargetExponentFit.Fit(spectrum.WithTargets(Target(), "synthetic"), resamples: 100)).ToList();
        var betas = fits.Select(f => f.Beta).ToList();
        var mean = betas.Average();
        var spread = Math.Sqrt(betas.Sum(b => (b - mean) * (b - mean)) / (betas.Count - 1));
        var bootstrap = fits.Average(f => f.BetaError);
        Assert.True(Math.Abs(mean - beta) < 3 * spread / Math.Sqrt(betas.Count) + 0.05, $"mean β {mean} against {beta} (spread {spread})");
        Assert.InRange(bootstrap / spread, 0.5, 2.0);
        Assert.All(fits, f => Assert.Equal(1, f.Alpha, 1e-6)); // an exact power law in λ: exact α, no bootstrap spread
        Assert.All(fits, f => Assert.True(f.To >= 10 * f.From));
    }

    [Fact]
    public void Too_few_modes_or_resamples_are_refused()
    {
        var kernel = new double[30, 30];
        for (var i = 0; i < 30; i++) kernel[i, i] = 1.0 / (i + 1);
        var spectrum = EmpiricalSpectrum.Compute(kernel, Enumerable.Repeat(1.0, 30).ToArray(), "small");
        Assert.Contains("too few", Assert.Throws<ArgumentException>(() => TargetExponentFit.Fit(spectrum)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TargetExponentFit.Fit(spectrum, resamples: 5));
    }
}
