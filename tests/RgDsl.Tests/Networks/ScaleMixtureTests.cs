using MathNet.Numerics;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Theory;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

public class KernelScalePriorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(512)]
    public void OneFactorIsTheGammaLawOfTheReadoutNorm(int width)
    {
        var prior = new KernelScalePrior([new ScaleFactor(width, 1, "readout")]);
        var (mass, mean, second) = Moments(prior);
        Assert.Equal(1, mass, 1e-8);
        Assert.Equal(1, mean, 1e-8);                      // E s = 1
        Assert.Equal(1 + 2.0 / width, second, 1e-7);      // E s² = 1 + 2/N
    }

    [Theory]
    [InlineData(8, 2)]
    [InlineData(64, 2)]
    [InlineData(64, 3)]
    public void SeveralFactorsConvolveToTheProductLaw(int width, int depth)
    {
        // ln s = Σ ln g_l with independent g_l ~ Gamma(N/2, 2/N): E s = 1, E s² = (1 + 2/N)^L, E ln s = L (ψ(N/2) − ln(N/2)).
        var prior = KernelScalePrior.ForNetwork(new NetworkArchitecture(4, depth, width, Activation.Linear));
        var (mass, mean, second) = Moments(prior);
        Assert.Equal(1, mass, 1e-5); // the tabulated convolution, linearly interpolated in ln p: about 3e-6
        Assert.Equal(1, mean, 1e-5);
        Assert.Equal(Math.Pow(1 + 2.0 / width, depth), second, 1e-5);
        Assert.Equal(depth * (SpecialFunctions.DiGamma(width / 2.0) - Math.Log(width / 2.0)), prior.MeanLog, 1e-5);
    }

    [Fact]
    public void TheDensityIsContinuedFarIntoTheTails()
    {
        var prior = KernelScalePrior.ForNetwork(new NetworkArchitecture(4, 2, 256, Activation.Linear));
        var (lo, hi) = prior.Range;
        double previous = double.PositiveInfinity;
        for (var u = hi; u < hi + 6; u += 0.25)
        {
            var v = prior.LogDensity(u);
            Assert.True(double.IsFinite(v) && v < previous, $"ln p({u}) = {v}");
            previous = v;
        }
        Assert.True(double.IsFinite(prior.LogDensity(lo - 5)));
    }

    private static (double Mass, double Mean, double Second) Moments(KernelScalePrior prior)
    {
        var (lo, hi) = prior.Range;
        const int n = 200_001;
        var h = (hi - lo) / (n - 1);
        double mass = 0, mean = 0, second = 0;
        for (var i = 0; i < n; i++)
        {
            var u = lo + i * h;
            var p = Math.Exp(prior.LogDensity(u)) * h * (i == 0 || i == n - 1 ? 0.5 : 1);
            mass += p; mean += p * Math.Exp(u); second += p * Math.Exp(2 * u);
        }
        return (mass, mean / mass, second / mass);
    }
}

public class ExactLinearMixtureTests
{
    [Theory]
    [InlineData(1, Parameterisation.Standard)]
    [InlineData(2, Parameterisation.Standard)]
    [InlineData(1, Parameterisation.MeanField)]
    public void PosteriorMeanMatchesImportanceSamplingOfTheWeightsThemselves(int depth, Parameterisation parameterisation)
    {
        // An oracle independent of the mixture algebra: draw every weight of the network from its prior, weight each
        // draw by the likelihood of the data, and average f(x*) = (product of the weights)·x*.
        const int d = 3, width = 4, p = 4;
        const double ridge = 0.5;
        var architecture = new NetworkArchitecture(d, depth, width, Activation.Linear, parameterisation);
        var data = NetworkData.PowerLawGaussian(d, 0.5, Teacher.Linear(0.5, 2));
        var (train, test) = data.Split(p, 50, seed: 11);
        var exact = ExactLinearMixture.Solve(architecture, data, ridge, train, test);

        var random = new Random(5);
        var gamma = architecture.OutputScaleExponent;
        var beta = architecture.LikelihoodScale;
        const int draws = 2_000_000;
        var logWeights = new double[draws];
        var vectors = new double[draws][];
        for (var s = 0; s < draws; s++)
        {
            // v = W¹ᵀ ... W^Lᵀ a / (√d N^((L−1)/2) N^(γ/2)).
            var u = Enumerable.Range(0, width).Select(_ => NngpKernelTests.Gaussian(random)).ToArray();
            for (var l = depth; l >= 2; l--)
            {
                var next = new double[width];
                for (var i = 0; i < width; i++)
                    for (var j = 0; j < width; j++) next[j] += NngpKernelTests.Gaussian(random) * u[i];
                u = next.Select(x => x / Math.Sqrt(width)).ToArray();
            }
            var v = new double[d];
            for (var i = 0; i < width; i++)
                for (var j = 0; j < d; j++) v[j] += NngpKernelTests.Gaussian(random) * u[i];
            var scale = 1 / (Math.Sqrt(d) * Math.Pow(width, gamma / 2.0));
            for (var j = 0; j < d; j++) v[j] *= scale;
            double residual = 0;
            for (var m = 0; m < p; m++)
            {
                var f = 0.0;
                for (var j = 0; j < d; j++) f += v[j] * train.Inputs[m][j];
                residual += (f - train.Labels[m]) * (f - train.Labels[m]);
            }
            logWeights[s] = -beta * residual / (2 * ridge);
            vectors[s] = v;
        }
        // The self-normalised estimate and its error from 20 independent batches.
        var top = logWeights.Max();
        var teacher = (LinearTeacher)((PowerLawGaussianData)data).Teacher;
        var variances = ((PowerLawGaussianData)data).Variances;
        double Error(int from, int to)
        {
            var m = new double[d];
            var z = 0.0;
            for (var s = from; s < to; s++)
            {
                var w = Math.Exp(logWeights[s] - top);
                z += w;
                for (var j = 0; j < d; j++) m[j] += w * vectors[s][j];
            }
            return Enumerable.Range(0, d).Sum(j => Math.Pow(m[j] / z - teacher.Weights[j], 2) * variances[j]);
        }
        const int batches = 20;
        var batchErrors = Enumerable.Range(0, batches).Select(b => Error(b * draws / batches, (b + 1) * draws / batches)).ToArray();
        var error = Error(0, draws);
        var se = Math.Sqrt(batchErrors.Sum(e => (e - batchErrors.Average()) * (e - batchErrors.Average())) / (batches - 1) / batches);
        Assert.True(Math.Abs(exact.TestError - error) <= 4 * se + 0.002 * exact.TestError,
            $"exact mixture {exact.TestError:R}, importance sampling of the weights {error:R} ± {se:R}");
    }
}

public class LinearNetworkTheoryTests(ITestOutputHelper output)
{
    private static readonly NetworkData Data = NetworkData.PowerLawGaussian(128, 0.5, Teacher.Linear(0.5, 9));

    [Theory]
    [InlineData(1, 64)]
    [InlineData(1, 256)]
    [InlineData(2, 64)]
    [InlineData(2, 256)]
    public void ScaleMixtureTheoryMatchesTheExactPosteriorOfDeepLinearNetworks(int depth, int width)
    {
        // THEORY §7.4: the exact one-dimensional scale mixture, per dataset, against the theory's deterministic equivalent.
        var architecture = new NetworkArchitecture(128, depth, width, Activation.Linear);
        var theory = new NetworkTheory(architecture, Data, 0.05);
        foreach (var p in new[] { width / 4, width, 4 * width })
        {
            var exact = ExactLinearMixture.Average(architecture, Data, 0.05, p, datasets: 24, seed: 100 + p);
            var predicted = theory.Predict(p);
            output.WriteLine($"L = {depth}, N = {width}, P = {p}: exact {exact.TestError:G5} ± {exact.StandardError:G3}, theory {predicted.Point.TestError:G5}; " +
                $"GP {predicted.GaussianProcess.TestError:G5}; shift exact {exact.Shift / exact.GaussianProcessError:F3} ± {exact.ShiftStandardError / exact.GaussianProcessError:F3}, predicted {predicted.RelativeShift:F3}");
            Assert.True(Math.Abs(exact.TestError - predicted.Point.TestError) <= 3 * exact.StandardError + 0.05 * exact.TestError,
                $"P = {p}: exact {exact.TestError} ± {exact.StandardError}, theory {predicted.Point.TestError}");
            // The finite-width shift itself (paired on the same data), relative to the GP error.
            var measuredShift = exact.Shift / exact.GaussianProcessError;
            Assert.True(Math.Abs(measuredShift - predicted.RelativeShift) <= 3 * exact.ShiftStandardError / exact.GaussianProcessError + 0.03,
                $"P = {p}: relative shift measured {measuredShift}, predicted {predicted.RelativeShift}");
        }
    }

    [Fact]
    public void MeanFieldScalingRenormalisesTheKernelByOrderOne()
    {
        var architecture = new NetworkArchitecture(128, 1, 64, Activation.Linear, Parameterisation.MeanField);
        var theory = new NetworkTheory(architecture, Data, 0.05);
        var exact = ExactLinearMixture.Average(architecture, Data, 0.05, 64, datasets: 24, seed: 9);
        var predicted = theory.Predict(64);
        output.WriteLine($"mean-field N = 64, P = 64: exact {exact.TestError:G5} ± {exact.StandardError:G3} (⟨s⟩ = {exact.MeanScale:F2}), theory {predicted.Point.TestError:G5} (s* = {predicted.RenormalisedScale:F2})");
        Assert.True(predicted.RenormalisedScale > 5, "the data must pull the kernel scale far from 1 in the mean-field scaling");
        Assert.Equal(exact.MeanScale, predicted.Scale.Mean, 0.05 * exact.MeanScale);
        Assert.True(Math.Abs(exact.TestError - predicted.Point.TestError) <= 3 * exact.StandardError + 0.05 * exact.TestError);
    }
}

public class DeepLinearAnchorTests(ITestOutputHelper output)
{
    [Fact]
    public void CollapsedHmcOfATwoLayerLinearNetworkMatchesItsExactScaleMixture()
    {
        // THEORY §7.4: the exact one-dimensional mixture (two Gamma factors) against the sampled network, per training set.
        var data = NetworkData.PowerLawGaussian(6, 0.5, Teacher.Linear(0.5, 4));
        var architecture = new NetworkArchitecture(6, 2, 8, Activation.Linear);
        double exactSum = 0, sampledSum = 0, variance = 0;
        const int datasets = 4;
        for (var i = 0; i < datasets; i++)
        {
            var (train, test) = data.Split(12, 200, seed: 31 + i);
            var exact = ExactLinearMixture.Solve(architecture, data, 0.1, train, test);
            var sampled = NetworkSampler.CollapsedHmc(architecture, 0.1, NetworkDataset.FromRows(train.Inputs, train.Labels),
                NetworkDataset.FromRows(test.Inputs, test.Targets), new CollapsedHmcOptions(Warmup: 300, Samples: 600), seed: 5 + i);
            // The sampler's error is on its test set; the exact one is the expectation over inputs: compare on the same test set.
            var exactOnTest = ExactLinearMixture.Solve(architecture, NetworkData.FromDataset(new RgDsl.Data.Dataset(test.Inputs, new int[test.Count], "test"), test.Targets, "teacher"), 0.1, train, test);
            output.WriteLine($"training set {i}: exact {exactOnTest.TestError:G5}, sampled {sampled.TestError}, ⟨s⟩ {exact.MeanScale:F3}");
            exactSum += exactOnTest.TestError;
            sampledSum += sampled.TestError.Value;
            variance += sampled.TestError.StandardError * sampled.TestError.StandardError;
        }
        Assert.True(Math.Abs(exactSum - sampledSum) <= 3 * Math.Sqrt(variance), $"exact {exactSum / datasets}, sampled {sampledSum / datasets} ± {Math.Sqrt(variance) / datasets}");
    }

    [Fact]
    public void SaddlePointIsTheMixtureAtLargeWidthAndData()
    {
        // Li–Sompolinsky's kernel renormalisation is the saddle point of the scale integral: exact as N, P → ∞.
        var data = NetworkData.PowerLawGaussian(128, 0.5, Teacher.Linear(0.5, 9));
        var theory = new NetworkTheory(new NetworkArchitecture(128, 2, 256, Activation.Linear), data, 0.05);
        var large = theory.Predict(1024);
        output.WriteLine($"N = 256, P = 1024: mixture {large.ScaleMixture.TestError:G6}, saddle {large.SaddlePoint.TestError:G6} (s* = {large.RenormalisedScale:F3}), GP {large.GaussianProcess.TestError:G6}");
        Assert.Equal(large.ScaleMixture.TestError, large.SaddlePoint.TestError, 0.01 * large.ScaleMixture.TestError);
        // ...and the renormalisation is not small: the teacher is nine times stronger than the prior expects.
        Assert.True(large.SaddlePoint.TestError < 0.5 * large.GaussianProcess.TestError);
    }
}

public class NetworkBadInputTests
{
    private static readonly NetworkData Data = NetworkData.PowerLawGaussian(4, 0.5, Teacher.Linear(0.5));

    [Fact]
    public void BadArchitectureDataAndSizesAreRefusedWithTheirNames()
    {
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkArchitecture(4, 1, 0, Activation.Relu)).ParamName);
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkArchitecture(4, 5, 8, Activation.Relu)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkArchitecture(4, 1, 8, (Activation)9)).ParamName);
        Assert.Equal("ridge", Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkTheory(new NetworkArchitecture(4, 1, 8, Activation.Relu), Data, 0)).ParamName);
        Assert.Throws<ArgumentException>(() => new NetworkTheory(new NetworkArchitecture(5, 1, 8, Activation.Relu), Data, 0.1));
        Assert.Throws<ArgumentException>(() => new RgDsl.Data.Dataset([[1, double.NaN]], [0], "bad"));
        var small = NetworkData.FromDataset(new RgDsl.Data.Dataset([[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 0]], [0, 1, 0], "three"), [1, -1, 1], "labels");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => small.Split(3, 1, seed: 1));
        Assert.Contains("holds 3 points", e.Message);
        var model = new NetworkModel("linear", new NetworkArchitecture(4, 1, 8, Activation.Linear), Data, 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Sample(2.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(double.NaN));
        var teacher = NetworkData.PowerLawGaussian(4, 0.5, Teacher.Function(_ => double.NaN, "broken"));
        Assert.Throws<InvalidOperationException>(() => teacher.Split(2, 2, seed: 1));
    }
}
