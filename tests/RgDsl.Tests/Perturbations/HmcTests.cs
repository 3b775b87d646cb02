using RgDsl.Perturbations;
using RgDsl.Flow;
using RgDsl.Perturbations.Sampling;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Tests.Perturbations;

/// <summary>
/// HMC against the perturbative approximations on 300 modes. The couplings are chosen so that the non-Gaussian shift
/// of the field-theory error is about ten standard errors: the test can tell an interacting theory from the Gaussian one.
/// </summary>
public class HmcTests
{
    private static FieldTheory Theory(Perturbation p) => new(
        Enumerable.Range(1, 300).Select(k => Math.Pow(k, -2.0)).ToArray(),
        Enumerable.Range(1, 300).Select(k => Math.Pow(k, -1.5)).ToArray(), null, 50, 0.05, 0, [p]);

    [Theory]
    [InlineData("W = 1", 6.0)]
    [InlineData("W = (kq)^(1+α)", 6e-5)]
    public void First_order_and_Hartree_agree_with_HMC_within_three_standard_errors(string weight, double g)
    {
        var p = weight == "W = 1" ? Perturbation.ConstantPairLocal("U", g) : Perturbation.PairLocal("W", (k, q) => g * Math.Pow(k * q, 2.0), [new Monomial(g, 2, 2)]);
        var theory = Theory(p);
        var sample = HmcSampler.Sample(theory, 1.0, new SamplerOptions(Seed: 5, Chains: 4, Samples: 2000, Warmup: 400));
        var hmc = sample.FieldTheoryError;
        var gaussian = theory.Error(theory.Gaussian());
        Assert.True(Math.Abs(gaussian - hmc.Value) > 6 * hmc.StandardError, $"{weight}: the shift {gaussian - hmc.Value:G3} is not resolved by HMC ({hmc})");
        foreach (var (name, moments) in new[] { ("first order", theory.FirstOrder()), ("Hartree", theory.Hartree()), ("shell flow", ShellFlow.Run(theory).Moments!) })
        {
            var value = theory.Error(moments);
            Assert.True(Math.Abs(value - hmc.Value) <= 3 * hmc.StandardError, $"{weight}, {name}: {value:G6} vs HMC {hmc}");
        }
        Assert.InRange(sample.AcceptanceRate, 0.6, 1.0); // split HMC may accept nearly all proposals once ε reaches its cap
        Assert.True(sample.EffectiveSampleSize > 1000, $"ESS {sample.EffectiveSampleSize}");
    }

    [Fact]
    public void Sampling_is_reproducible_for_a_seed()
    {
        var theory = Theory(Perturbation.ConstantPairLocal("U", 1));
        var a = HmcSampler.Sample(theory, 1, new SamplerOptions(Seed: 9, Chains: 2, Samples: 200, Warmup: 50));
        var b = HmcSampler.Sample(theory, 1, new SamplerOptions(Seed: 9, Chains: 2, Samples: 200, Warmup: 50));
        Assert.Equal(a.FieldTheoryError, b.FieldTheoryError);
    }

    [Fact]
    public void Geyer_effective_sample_size_of_white_noise_and_of_an_AR1_chain()
    {
        var random = new Random(1);
        var white = Enumerable.Range(0, 20000).Select(_ => random.NextDouble()).ToArray();
        Assert.InRange(RgDsl.Statistics.EffectiveSampleSize.Geyer(white), 17000, 23000);
        // AR(1) with φ = 0.9: τ = (1 + φ)/(1 − φ) = 19.
        var ar = new double[20000];
        for (var i = 1; i < ar.Length; i++) ar[i] = 0.9 * ar[i - 1] + random.NextDouble() - 0.5;
        Assert.InRange(RgDsl.Statistics.EffectiveSampleSize.Geyer(ar), 20000 / 19.0 * 0.7, 20000 / 19.0 * 1.3);
    }

    [Fact]
    public void Bad_options_are_argument_exceptions()
    {
        var theory = Theory(Perturbation.ConstantPairLocal("U", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HmcSampler.Sample(theory, 1, new SamplerOptions(Chains: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => HmcSampler.Sample(theory, 1, new SamplerOptions(Samples: 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => HmcSampler.Sample(theory, 1, new SamplerOptions(TargetAcceptance: 1.5)));
    }
}

public class HmcCalibrationTests
{
    [Fact]
    public void Reported_standard_errors_match_the_scatter_over_seeds()
    {
        // At g = 0 the exact field-theory error is known; over 24 seeds the z-scores (estimate − exact)/s.e. must have
        // mean near 0 and rms near 1 (24 draws: the rms of N(0,1) z-scores has a spread of about 0.15).
        var theory = new FieldTheory(Enumerable.Range(1, 100).Select(k => Math.Pow(k, -2.0)).ToArray(),
            Enumerable.Range(1, 100).Select(k => Math.Pow(k, -1.5)).ToArray(), null, 30, 0.05, 0, [Perturbation.ConstantPairLocal("U", 0)]);
        var exact = theory.Error(theory.Gaussian());
        var z = Enumerable.Range(0, 24).Select(seed =>
        {
            var s = HmcSampler.Sample(theory, 1, new SamplerOptions(Seed: 100 + 7 * seed, Chains: 2, Samples: 800, Warmup: 100)).FieldTheoryError;
            return (s.Value - exact) / s.StandardError;
        }).ToList();
        var rms = Math.Sqrt(z.Average(v => v * v));
        Assert.InRange(z.Average(), -0.6, 0.6);
        Assert.InRange(rms, 0.65, 1.45);
    }
}
