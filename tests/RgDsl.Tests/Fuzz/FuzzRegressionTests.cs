using System.Globalization;
using RgDsl.Perturbations;
using RgDsl.Scaling;
using RgDsl.Spectra;
using RgDsl.Perturbations.Exact;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Tests.Fuzz;

/// <summary>Defects that fresh draws of <see cref="RunTimeFuzzTests"/> found, each pinned by the smallest case that showed it.</summary>
public class FuzzRegressionTests
{
    /// <summary>
    /// A large quartic coupling moves the minimum of S far below its value at the Gaussian mean; the oracle shifted its
    /// exponent by the latter, so exp() overflowed and the moments were ∞/∞ = NaN (from coupling ~2e4 on). Checked against
    /// Simpson's rule on a fine grid written out here, with its exponent shifted by the grid's own minimum.
    /// </summary>
    [Theory]
    [InlineData(2e4)]
    [InlineData(1e5)]
    public void Quadrature_at_a_large_quartic_coupling_matches_an_independent_integral(double w)
    {
        var theory = new FieldTheory([0.5], [0.3], null, 2, 1, 0, [Perturbation.ModeLocal("w", _ => w)]);
        var exact = Quadrature.Solve(theory);
        double a = theory.A0[0], h = theory.H[0];
        double Action(double f) => 0.5 * a * f * f - h * f + 0.25 * w * f * f * f * f;
        const int n = 400_000;
        const double lo = -1, hi = 1;
        var step = (hi - lo) / n;
        var least = Enumerable.Range(0, n + 1).Min(j => Action(lo + j * step));
        double z = 0, s1 = 0, s2 = 0;
        for (var j = 0; j <= n; j++)
        {
            var f = lo + j * step;
            var simpson = j == 0 || j == n ? 1 : j % 2 == 1 ? 4 : 2;
            var weight = simpson * Math.Exp(least - Action(f));
            z += weight; s1 += weight * f; s2 += weight * f * f;
        }
        var mean = s1 / z;
        var variance = s2 / z - mean * mean;
        Assert.Equal(mean, exact.Mean[0], 1e-9);
        Assert.Equal(variance, exact.Variance[0], variance * 1e-7);
    }

    /// <summary>
    /// A coupling so large that the integrand is narrower than the finest grid, or pushed outside the box of ±12 S₀
    /// standard deviations: refused with the reason, not a NaN or a spuriously converged answer.
    /// </summary>
    [Theory]
    [InlineData(1e12, 1)]
    [InlineData(2e3, 100)]
    public void Quadrature_refuses_couplings_it_cannot_resolve(double w, double datasetSize)
    {
        var model = new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 2, 2, 1, 2), 0.01, 0), [Perturbation.ModeLocal("w", _ => w)]);
        var error = Record.Exception(() => model.Quadrature(datasetSize));
        Assert.True(error is ArgumentException or InvalidOperationException, $"expected a refusal, got {error?.GetType().Name ?? "a result"}");
        Assert.Contains("couplings", error!.Message);
    }

    /// <summary>
    /// A spectrum that barely decays (λ_k = k^−s, s = 1e-12 or 0: fitted α = −1) made PredictScaling's P exponents
    /// k_P-exponent / (1 + α) infinite or NaN. Refused, naming the fitted exponent and the allowed range.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-12)]
    [InlineData(double.Epsilon)]
    public void PredictScaling_of_a_flat_spectrum_is_refused_with_the_range(double exponent)
    {
        var model = new InteractingModel(new GaussianModel("flat", new PowerLawSpectrum(1, exponent, 2000, 1, 1.5), 0.01, 0),
            [Perturbation.PairLocal("U", (k, q) => 0.1, [new Monomial(0.1, 0, 0)])]);
        var error = Assert.Throws<ArgumentException>(() => model.PredictScaling());
        Assert.Contains("1 + α", error.Message);
        Assert.Contains("≥ " + ScalingAnalyzer.MinimumDecayExponent.ToString(CultureInfo.InvariantCulture), error.Message);
        Assert.Contains("1 + α", Assert.Throws<ArgumentException>(() => model.Gaussian.Scaling()).Message);
    }

    /// <summary>A barely decaying spectrum that is still a power law (s = 0.5, α = −0.5) keeps finite exponents: k_P ∝ P^(1/(1+α)) = P².</summary>
    /// <summary>
    /// Long network fuzz, seed 20261207, case 21490: tanh with σ_w² = 1.8e308 and σ_a² = 1e-300 passed the check on their
    /// product, then the preactivation variance overflowed and Mehler's series threw an ArithmeticException on NaN.
    /// </summary>
    [Fact]
    public void Each_prior_variance_of_a_network_is_bounded_on_its_own()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RgDsl.Networks.NetworkArchitecture(4, 1, 3, Activation.Tanh, Parameterisation.Standard, double.MaxValue, 1e-300));
        Assert.Equal("weightVariance", error.ParamName);
        Assert.Contains("between 1e-100 and 1e100", error.Message);
        Assert.Equal("readoutVariance", Assert.Throws<ArgumentOutOfRangeException>(() => new RgDsl.Networks.NetworkArchitecture(4, 1, 3, Activation.Tanh, Parameterisation.Standard, 1e-90, 1e101)).ParamName);
        // The edges themselves are accepted (their product 1e-100·1e100 = 1 is inside the product's range too).
        Assert.Equal(1e100, new RgDsl.Networks.NetworkArchitecture(4, 1, 3, Activation.Tanh, Parameterisation.Standard, 1e100, 1e-100).WeightVariance);
    }

    /// <summary>
    /// Long network fuzz, seed 20261207, case 68,952: a depth-4 linear network with σ_w² = 1e12 (a kernel scale of 1e48
    /// against κ = 1) and no label noise learns its linear teacher exactly; the GP's error is 0, and RelativeShift and
    /// the truncated expansion's kernel-scale term were 0/0 = NaN.
    /// </summary>
    [Fact]
    public void A_network_whose_gp_error_vanishes_has_no_shift()
    {
        var architecture = new RgDsl.Networks.NetworkArchitecture(4, 4, 6, Activation.Linear, Parameterisation.Standard, 1e12, 1);
        var data = RgDsl.Networks.Data.NetworkData.PowerLawGaussian(4, 0, RgDsl.Networks.Data.Teacher.Linear(1, 1), 0);
        var model = new RgDsl.Networks.NetworkModel("exact", architecture, data, 1, new RgDsl.Networks.NetworkTheoryOptions(PoolSize: 50));
        var prediction = model.PredictNetwork(21.37);
        Assert.Equal(0, prediction.GaussianProcess.TestError);
        Assert.Equal(0, prediction.RelativeShift);
        Assert.Equal(0, prediction.LinearScaleCorrection);
        Assert.True(double.IsFinite(prediction.TruncatedExpansion!.TestError));
    }

    /// <summary>
    /// Long network fuzz, seed 20261207, case 27,014: Gaussian inputs with a = 1.8e308 (d = 3): Σ_22 and Σ_33 underflowed
    /// to 0, the linear teacher's weights (power over variance) were infinite, and ExactLinear returned NaN (so did a = 1e3).
    /// </summary>
    [Fact]
    public void An_input_exponent_whose_variances_underflow_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RgDsl.Networks.Data.NetworkData.PowerLawGaussian(3, 1e3, RgDsl.Networks.Data.Teacher.Linear(0.17, 1)));
        Assert.Equal("inputExponent", error.ParamName);
        Assert.Contains("at most 313.4", error.Message);
        // One input has no ratio to bound; the largest allowed exponent gives finite exact results.
        Assert.Single(RgDsl.Networks.Data.NetworkData.PowerLawGaussian(1, 1e300, RgDsl.Networks.Data.Teacher.Linear(0.17, 1)).Variances);
        var data = RgDsl.Networks.Data.NetworkData.PowerLawGaussian(3, 313, RgDsl.Networks.Data.Teacher.Linear(0.17, 1));
        var exact = new RgDsl.Networks.NetworkModel("steep", new RgDsl.Networks.NetworkArchitecture(3, 1, 4, Activation.Linear), data, 0.08).ExactLinear(22, 2);
        Assert.True(double.IsFinite(exact.TestError) && double.IsFinite(exact.Shift), exact.ToString());
    }

    [Fact]
    public void PredictScaling_of_a_slowly_decaying_spectrum_is_finite()
    {
        var model = new InteractingModel(new GaussianModel("slow", new PowerLawSpectrum(1, 0.5, 2000, 1, 1.5), 0.01, 0),
            [Perturbation.PairLocal("U", (k, q) => 0.1, [new Monomial(0.1, 0, 0)])]);
        var report = model.PredictScaling();
        Assert.Equal(-0.5, report.Alpha, 0.01);
        var classes = report.Perturbations.SelectMany(p => p.Classes).ToList();
        Assert.NotEmpty(classes);
        Assert.All(classes, c => Assert.True(c.PExponent is not { } x || double.IsFinite(x), $"{c.Name}: P exponent {c.PExponent}"));
        Assert.All(classes, c => Assert.Equal(c.KpExponent!.Value * 2, c.PExponent!.Value, 0.05));
    }

    /// <summary>
    /// An HMC chain that rejects every proposal (an action unbounded below) adapted its step size towards 0, and the
    /// number of integration steps per proposal, TrajectoryLength / step, without bound: the call never returned.
    /// Now the step stops at TrajectoryLength / MaxStepsPerTrajectory and the result says the sampler has not mixed.
    /// </summary>
    [Fact]
    public async Task Sample_with_a_rejecting_chain_finishes_and_is_flagged()
    {
        var model = new InteractingModel(new GaussianModel("f", new PowerLawSpectrum(8, 1e-12, 57, 0.5, -3.160919540229885), 0.6063663836239441, 0),
            [Perturbation.PairLocal("U", (k, q) => -0.138654454854646, [new Monomial(-0.138654454854646, 0, 0)])]);
        // WaitAsync throws a TimeoutException when the call does not return within 60 s.
        var result = await Task.Run(() => model.Sample(100, new SamplerOptions(Seed: -88503399, Chains: 1, Samples: 60, Warmup: 20))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(result.IsWithinRange);
        Assert.Contains("has not mixed", result.OutOfRangeReason);
        Assert.True(result.StepSize >= new SamplerOptions().TrajectoryLength / new SamplerOptions().MaxStepsPerTrajectory * 0.999);
    }

    [Fact]
    public void Sampler_step_limit_must_be_positive()
    {
        var model = new InteractingModel(new GaussianModel("f", new PowerLawSpectrum(1, 2, 3, 1, 2), 0.01, 0), [Perturbation.ModeLocal("w", _ => 0.1)]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.Sample(10, new SamplerOptions(MaxStepsPerTrajectory: 0)));
        Assert.Contains("MaxStepsPerTrajectory", error.Message);
    }

    /// <summary>
    /// No target and no label noise: the Gaussian error is 0 and Sample's relative correction δ = ε/ε₀ − 1 was infinite.
    /// Refused up front, like Predict's non-finite δ.
    /// </summary>
    [Fact]
    public void Sample_without_a_target_is_refused()
    {
        var model = new InteractingModel(new GaussianModel("f", new PowerLawSpectrum(3.8472222222222223, 0, 43, 0, 1.2833078922457761), 1, 0),
            [Perturbation.PairLocal6("V", (k, q, s) => 0.08333333333333333, [new Monomial(0.08333333333333333, 0, 0, 0)])]);
        var error = Assert.Throws<InvalidOperationException>(() => model.Sample(111, new SamplerOptions(Seed: 346, Chains: 2, Samples: 60, Warmup: 20)));
        Assert.Contains("no target power and no label noise", error.Message);
    }

    /// <summary>No target power on the fitted modes: β was +∞ in the scaling report. Refused, saying what is missing.</summary>
    [Fact]
    public void Scaling_without_a_target_is_refused()
    {
        var model = new GaussianModel("f", new PowerLawSpectrum(1.355263157894737, 2, RgModel.Infinite, 0, 2.4967408051597104), 0.9308168858948721, 0.0786241424763239);
        Assert.Contains("target power", Assert.Throws<ArgumentException>(() => model.Scaling()).Message);
    }

    /// <summary>κ = 1e-300 on a slowly decaying spectrum (α ≈ −0.93): k_P = (P/κ)^(1/(1+α)) overflowed to ∞ in the power-counting transfer (then TransferTo).</summary>
    [Fact]
    public void Transfer_with_an_overflowing_threshold_is_refused()
    {
        var model = new InteractingModel(new GaussianModel("f", new PowerLawSpectrum(1, 0.07352941176470588, 2000, 4.362E-58, 1), 1e-300, 0.04503460839330249),
            [Perturbation.PairLocal6("V", (k, q, s) => 0.8480459670078387, [new Monomial(0.8480459670078387, 0, 0, 0)])]);
        var error = Assert.Throws<ArgumentException>(() => RgDsl.Transfer.FlowTransfer.PowerCounting(model, 1821.029539341246, 2129));
        Assert.Contains("k_P", error.Message);
        Assert.Equal("referenceDatasetSize", error.ParamName);
    }

    /// <summary>A target of power 1e-300: the Gaussian error is tiny but positive, and δ = ε/ε₀ − 1 overflowed to ∞.</summary>
    [Fact]
    public void Sample_with_a_vanishing_target_is_refused()
    {
        var model = new InteractingModel(new GaussianModel("f", new PowerLawSpectrum(9, 1.9084194560334025, 17, 1e-300, 3.521193066583926), 0.9441287392410387, 0),
            [Perturbation.Quadratic("Q", k => -46687.70279108139 * Math.Pow(k, 0.22776189613104414), [new Monomial(-46687.70279108139, 0.22776189613104414)]),
             Perturbation.ModeLocal("B", k => Math.Pow(k, 6.5E-44), [new Monomial(1, 6.5E-44)])]);
        var error = Assert.Throws<InvalidOperationException>(() => model.Sample(100, new SamplerOptions(Seed: 243685089, Chains: 2, Samples: 60, Warmup: 20)));
        Assert.Contains("not finite", error.Message);
    }

    /// <summary>
    /// A flat spectrum (s = 3.4e-18) of 2000 modes: the long run-time fuzz found an infinite local exponent, ln(b/ε)
    /// with b / double.Epsilon overflowing where the error on one side of the step underflowed to 0.
    /// </summary>
    [Fact]
    public void Learning_curve_of_a_flat_spectrum_has_finite_local_exponents()
    {
        var model = new GaussianModel("flat", new PowerLawSpectrum(3.531864469283766, 3.4169999999999996E-18, 2000, 0.3076923076923077, 0.9787234042553191), 1, 0);
        var curve = model.LearningCurve(196.68571428571428, 694.8571428571429, 1389.7142857142858);
        Assert.All(curve.LocalExponents, x => Assert.True(double.IsFinite(x), $"local exponent {x}"));
    }
}
