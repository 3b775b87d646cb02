using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Theory;
using Xunit.Abstractions;

namespace RgDsl.Tests.Networks;

/// <summary>
/// The importance draws of the one-unit tilted measure against Langevin chains run on the measure itself
/// (<see cref="AdaptiveKernelSolution.MassCheck"/>), and the parity that lets the proposal be reflected.
/// </summary>
public class AdaptiveKernelMassTests(ITestOutputHelper output)
{
    private static readonly ActivationFunction Tanh = ActivationFunction.Of(Activation.Tanh);

    private AdaptiveKernelSolution Solve(int d, double teacherPower, double ridge, int p, int seed, int units = 2048)
    {
        var data = NetworkData.PowerLawGaussian(d, 0.5, Teacher.Linear(0.5, teacherPower), labelNoise: 0.01);
        // 500 test points: the training labels' noise comes from the same stream, so the sets are those measured by hand.
        var (train, _) = data.Split(p, 500, seed);
        var solution = AdaptiveKernel.Solve(Tanh, 1, 1, ridge, train.Inputs, train.Labels, new AdaptiveKernelOptions(Units: units));
        output.WriteLine(FormattableString.Invariant(
            $"d = {d}, κ = {ridge}, P = {p}, set {seed}: {solution.Phase}, {solution.EffectiveSampleFraction:P1} effective, chains' mean tilt {solution.MassCheck?.ChainTilt:G4} ± {solution.MassCheck?.ChainError:G2}, draws' {solution.MassCheck?.SampledTilt:G4}, ½(Σ|α|)² = {0.5 * Math.Pow(solution.Alpha.Sum(Math.Abs), 2):G5}"));
        return solution;
    }

    [Fact]
    public void ChainsFindMassTheDrawsMiss()
    {
        // d = 8, P = 16, κ = 0.05 (P > d: α has a part of order 1/κ no smooth feature reaches): chains started at the
        // draws' own heaviest samples and at the prior drift to units that saturate tanh along α's sign pattern. A
        // separate Langevin program (20,000 steps per chain, 32 chains from 0.3·N(0, I), not this code) found a mean
        // (α·φ)²/2 of 30 on this set at the draws' α; the draws hold 3.5. No tanh unit exceeds ½(Σ|α|)².
        var solution = Solve(8, 1, 0.05, 16, seed: 100);
        var check = Assert.IsType<TiltMassCheck>(solution.MassCheck);
        var population = Assert.IsType<TiltPopulation>(solution.Population);
        var bound = 0.5 * Math.Pow(population.ImportanceAlpha.Sum(Math.Abs), 2);
        Assert.True(check.Missed);
        Assert.InRange(check.ChainTilt, 3 * check.SampledTilt, bound);
        // The particle population settles (the long ParticlePopulationAgainstNetworks compares it with networks) and is
        // the solution: a smaller α (2,048 particles: |α| 5.87 against the draws' 6.56), self-consistent with its kernel.
        output.WriteLine(FormattableString.Invariant($"population: residual {population.Residual:G3}, acceptance {population.Acceptance:P0}, |α| {Norm(solution.Alpha):G4} against the draws' {Norm(population.ImportanceAlpha):G4}"));
        Assert.True(population.Settled);
        Assert.Equal(AdaptiveKernelMethod.ParticlePopulation, solution.Method);
        Assert.InRange(Norm(solution.Alpha) / Norm(population.ImportanceAlpha), 0.8, 0.95);
        var (train, _) = NetworkData.PowerLawGaussian(8, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01).Split(16, 500, 100);
        var kernel = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(solution.Kernel) + 0.05 * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(16);
        var residual = kernel * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfEnumerable(solution.Alpha) - MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(train.Labels);
        Assert.True(residual.L2Norm() < 1e-8 * Norm(train.Labels), $"(K + κ)α − y = {residual.L2Norm()}");
        Assert.DoesNotContain(solution.Warnings, w => w.Contains("miss the tilted measure's mass", StringComparison.Ordinal));
    }

    [Fact]
    public void PopulationThatDoesNotSettleLeavesTheDrawsAndSaysSo()
    {
        // The set of ChainsFindMassTheDrawsMiss with a population cut to 5 sweeps and no burn-in: its α, from one
        // kernel of particles barely moved, is far from the running α relaxed a fifth of the way towards it, so it
        // does not settle (residual 0.0365 against the tolerance 0.02); the solution must then be the draws' own (α and
        // predictor as with the draws alone), with the missed-mass warning saying the population did not settle.
        var (train, test) = NetworkData.PowerLawGaussian(8, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01).Split(16, 500, 100);
        var options = new AdaptiveKernelOptions(Units: 2048);
        var cut = AdaptiveKernel.Solve(Tanh, 1, 1, 0.05, train.Inputs, train.Labels, options with { PopulationLength = (0, 5) });
        var drawsAlone = AdaptiveKernel.Solve(Tanh, 1, 1, 0.05, train.Inputs, train.Labels, options with { Method = AdaptiveKernelMethod.ImportanceSampling });
        var population = Assert.IsType<TiltPopulation>(cut.Population);
        output.WriteLine(FormattableString.Invariant($"cut population: residual {population.Residual:G3} after {population.BurnIn} + {population.Sweeps} sweeps"));
        Assert.False(population.Settled);
        Assert.Equal((0, 5), (population.BurnIn, population.Sweeps));
        Assert.Equal(AdaptiveKernelMethod.ImportanceSampling, cut.Method);
        Assert.Equal(drawsAlone.Alpha, cut.Alpha);
        Assert.Equal(drawsAlone.Alpha, population.ImportanceAlpha);
        Assert.Equal(drawsAlone.Predict(test.Inputs), cut.Predict(test.Inputs));
        Assert.Null(drawsAlone.Population);
        var warning = Assert.Single(cut.Warnings, w => w.Contains("miss the tilted measure's mass", StringComparison.Ordinal));
        Assert.Contains(FormattableString.Invariant($"did not settle either (residual {population.Residual:G3} after 0 + 5 sweeps)"), warning, StringComparison.Ordinal);
    }

    [Fact]
    public void PopulationPastItsBudgetIsNotRunAndTheWarningSaysSo()
    {
        // The same set with a population budget below its estimate (2,000 sweeps × 2,048 particles × P = 16 ×
        // (1.2(2r + 1) + P/5) = 1.5e9 operations at r = 8): the draws' saddle stays, and the warning names the budget.
        var (train, _) = NetworkData.PowerLawGaussian(8, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01).Split(16, 500, 100);
        var solution = AdaptiveKernel.Solve(Tanh, 1, 1, 0.05, train.Inputs, train.Labels, new AdaptiveKernelOptions(Units: 2048) { PopulationWorkBudget = 1e9 });
        Assert.True(solution.MassCheck!.Missed);
        Assert.Null(solution.Population);
        Assert.Equal(AdaptiveKernelMethod.ImportanceSampling, solution.Method);
        var warning = Assert.Single(solution.Warnings, w => w.Contains("miss the tilted measure's mass", StringComparison.Ordinal));
        Assert.Contains("the particle population that would settle the whole measure was not run: it needs about 1.5E+09 operations, more than AdaptiveKernelOptions.PopulationWorkBudget = 1E+09", warning, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => AdaptiveKernel.Solve(Tanh, 1, 1, 0.05, train.Inputs, train.Labels, new AdaptiveKernelOptions { PopulationWorkBudget = double.NaN }));
    }

    private static double Norm(IEnumerable<double> v) => Math.Sqrt(v.Sum(x => x * x));

    [Fact]
    public void ChainsAgreeWithTheDrawsWhereTheTiltIsModerate()
    {
        // The main job's feature-learning family (d = 8, teacher power 4, κ = 0.5), whose saddle agrees with sampled networks.
        foreach (var (d, power, ridge, p) in new[] { (8, 4.0, 0.5, 32), (8, 4.0, 0.5, 64) })
        {
            var check = Assert.IsType<TiltMassCheck>(Solve(d, power, ridge, p, seed: 100).MassCheck);
            Assert.False(check.Missed);
            Assert.True(Math.Abs(check.ChainTilt - check.SampledTilt) <= 4 * check.ChainError + 0.1 * check.SampledTilt,
                $"chains {check.ChainTilt} ± {check.ChainError} against the draws' {check.SampledTilt}");
        }
    }

    [Fact]
    public void ReluChainsReachMassTheDrawsMiss()
    {
        // ReLU grows linearly, so the chains may also leave for infinity (a non-normalisable measure); here (d = 16,
        // P = 64, κ = 0.05) they stay finite but reach a mean tilt two orders of magnitude above the draws', along
        // directions from which the search of the tilt strength finds G ≥ 1.
        var data = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        var (train, _) = data.Split(64, 500, 100);
        var solution = AdaptiveKernel.Solve(ActivationFunction.Of(Activation.Relu), 1, 1, 0.05, train.Inputs, train.Labels, new AdaptiveKernelOptions(Units: 4096));
        var check = Assert.IsType<TiltMassCheck>(solution.MassCheck);
        output.WriteLine(FormattableString.Invariant($"ReLU: chains {check.ChainTilt:G4} ± {check.ChainError:G2} ({check.EscapedChains} escaped) against the draws' {check.SampledTilt:G4}; G from the chains {check.ChainTiltStrength:G4}"));
        Assert.True(check.Missed);
        Assert.True(check.ChainTilt > 20 * check.SampledTilt);
        // Far out ReLU is its own asymptote: the chains' last states seed the tilt strength's search, which finds G ≥ 1.
        Assert.True(check.NotNormalisable);
        Assert.Contains(solution.Warnings, w => w.Contains("transition missed by the draws", StringComparison.Ordinal));
    }

    private static AdaptiveKernelSolution SolveRelu(int d, int p, double ridge, out double[][] inputs)
    {
        var data = NetworkData.PowerLawGaussian(d, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        var (train, _) = data.Split(p, 500, 100);
        inputs = train.Inputs;
        return AdaptiveKernel.Solve(ActivationFunction.Of(Activation.Relu), 1, 1, ridge, train.Inputs, train.Labels, new AdaptiveKernelOptions(Units: 4096));
    }

    [Fact]
    public void ChainsShowAReluUnitsMeasureIsNotNormalisableAboveRank128()
    {
        // d = P = 160 (rank 160 > 128: 8 chains), ReLU, κ = 1, 4,096 samples: the draws converge (21% effective) with the
        // tilt search's lower bound below 1, and the chains drift out along a direction where the tilt beats the prior
        // (with 2,048 samples the iteration itself meets G ≥ 1 and reports the transition). Checked here without the
        // library: for ReLU, ln p̃(te) = −t²/2 + (σ_a²/2)(α·relu(X te/√d))² = (t²/2)(G(e) − 1) (σ_w = σ_a = 1; for d ≤ P
        // the sampler's coordinates are w/σ_w themselves), so G(e) ≥ 1 means the density does not fall along the ray.
        var (d, p) = (160, 160);
        var solution = SolveRelu(d, p, 1, out var inputs);
        var check = Assert.IsType<TiltMassCheck>(solution.MassCheck);
        output.WriteLine(FormattableString.Invariant(
            $"ReLU d = P = 160, κ = 1: {solution.EffectiveSampleFraction:P1} effective; chains {check.ChainTilt:G4} ± {check.ChainError:G2} against the draws' {check.SampledTilt:G4}; G from the chains {check.ChainTiltStrength:G4}"));
        Assert.Equal(TiltedUnitSampler.HighRankChains, check.Chains);
        Assert.True(check.NotNormalisable);
        Assert.True(check.Missed);
        var e = Assert.IsType<double[]>(check.ChainTiltDirection);
        Assert.Equal(d, e.Length);
        Assert.Equal(1, Math.Sqrt(e.Sum(v => v * v)), 9);
        double projection = 0;
        for (var mu = 0; mu < p; mu++)
        {
            double h = 0;
            for (var j = 0; j < d; j++) h += inputs[mu][j] * e[j];
            projection += solution.Alpha[mu] * Math.Max(h / Math.Sqrt(d), 0);
        }
        Assert.True(projection * projection >= 1, $"G(e) = {projection * projection}");
        Assert.Equal(check.ChainTiltStrength!.Value, projection * projection, 6);
        Assert.Contains(solution.Warnings, w => w.Contains("transition missed by the draws", StringComparison.Ordinal) && w.Contains("≥ 1", StringComparison.Ordinal));
    }

    [Fact]
    public void ChainsAgreeWithTheDrawsAboveRank128WhereTheTiltIsWeak()
    {
        // The same inputs at κ = 16: 8 chains, mean tilt within 4 s.e. + 10% of the draws' (0.717 ± 0.035 against 0.720
        // with 4,096 samples).
        var check = Assert.IsType<TiltMassCheck>(SolveRelu(160, 160, 16, out _).MassCheck);
        output.WriteLine(FormattableString.Invariant($"κ = 16: chains {check.ChainTilt:G4} ± {check.ChainError:G2} against the draws' {check.SampledTilt:G4}; G from the chains {check.ChainTiltStrength:G4}"));
        Assert.Equal(TiltedUnitSampler.HighRankChains, check.Chains);
        Assert.False(check.Missed);
        Assert.True(check.ChainTiltStrength < 1);
        Assert.True(Math.Abs(check.ChainTilt - check.SampledTilt) <= 4 * check.ChainError + 0.1 * check.SampledTilt);
    }

    /// <summary>
    /// Where the check fails, the networks against the saddle near the prior's mode (the draws alone) and the particle
    /// population (the solver's default, which settles one where the chains find mass the draws miss): tanh, d = 16,
    /// κ = 0.05, linear teacher, P = 32 to 256, N = 64 and 256, 4 training sets, 4,096 samples or particles; collapsed
    /// HMC 150 + 200 on the same sets (300 + 600 at P = 256); 16.5 min in Release. Asserted at P ≤ 128, where the
    /// networks' chains mix: the population within 3 s.e. + 10% of the networks. Measured: the table in docs/NETWORKS.md §3c.
    /// </summary>
    [LongFact]
    public void NetworksFollowThePopulationWhereTheChecksFail()
    {
        var data = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        foreach (var p in new[] { 32, 64, 128, 256 })
        {
            // The saddle does not depend on N (N → ∞); width 64 names the architecture.
            var saddle = new NetworkArchitecture(16, 1, 64, Activation.Tanh, Parameterisation.MeanField);
            var draws = AdaptiveKernelAverage.Compute(saddle, data, 0.05, p, 4, testPoints: 300, seed: 11,
                new AdaptiveKernelOptions(Units: 4096, Method: AdaptiveKernelMethod.ImportanceSampling));
            var population = AdaptiveKernelAverage.Compute(saddle, data, 0.05, p, 4, testPoints: 300, seed: 11, new AdaptiveKernelOptions(Units: 4096));
            output.WriteLine(FormattableString.Invariant(
                $"P = {p}: draws' saddle {draws.TestError}, population {population.TestError}, NNGP {draws.GaussianProcessError}; population on {population.Solutions.Count(s => s.Method == AdaptiveKernelMethod.ParticlePopulation)} of 4 sets (residuals ")
                + string.Join(", ", population.Solutions.Select(s => FormattableString.Invariant($"{s.Population?.Residual:G2}"))) + "; chains/draws: "
                + string.Join(", ", population.Solutions.Select(s => FormattableString.Invariant($"{s.MassCheck?.ChainTilt:F1}/{s.MassCheck?.SampledTilt:F1}"))) + ")");
            foreach (var width in new[] { 64, 256 })
            {
                var architecture = new NetworkArchitecture(16, 1, width, Activation.Tanh, Parameterisation.MeanField);
                var hmc = p <= 128 ? new CollapsedHmcOptions(Warmup: 150, Samples: 200) : new CollapsedHmcOptions(Warmup: 300, Samples: 600);
                var sampled = NetworkExperiments.Run(architecture, data, 0.05, p, NetworkSamplerKind.CollapsedHmc,
                    new NetworkExperimentOptions(Datasets: 4, TestPoints: 300, Seed: 11, CollapsedHmc: hmc));
                output.WriteLine(FormattableString.Invariant(
                    $"  N = {width}: networks {sampled.TestError}; draws − networks {Paired(draws, sampled, data.LabelNoise)}, population − networks {Paired(population, sampled, data.LabelNoise)} (paired){(sampled.IsReliable ? "" : "; " + string.Join("; ", sampled.Warnings.Take(1)))}"));
                if (p <= 128) AdaptiveKernelNetworkTests.AssertAgree(population, sampled, data.LabelNoise);
            }
        }
    }

    private static string Paired(AdaptiveKernelPrediction theory, NetworkExperiment sampled, double noise)
    {
        var (mean, se) = AdaptiveKernelNetworkTests.PairedDifference(theory, sampled, noise);
        return FormattableString.Invariant($"{mean:F4} ± {se:F4}");
    }

    /// <summary>
    /// The particle population (<see cref="AdaptiveKernelMethod.ParticlePopulation"/>) against sampled networks on the
    /// same training set, where the Langevin check finds mass the importance draws miss and where it does not: tanh,
    /// linear teacher (power 1; 4 with κ = 0.5), set 100, 4,096 samples or particles; mean-field networks of N = 256 and
    /// 2,048 by collapsed HMC (300 + 600 proposals, one chain, from the prior), the error of their mean predictor on the
    /// same 500 test points. Also each unit's tilt T_j = ½(α·tanh(Xz_j/√d))² at the importance draws' α, read off the
    /// networks' weights and the population's particles here, and the share above three times the draws' mean. Measured
    /// (7.8 min in Release): the rows in docs/NETWORKS.md §3c, "A population of particles".
    /// </summary>
    [LongFact]
    public void ParticlePopulationAgainstNetworks()
    {
        foreach (var (d, power, ridge, p) in new[] { (8, 1.0, 0.05, 16), (8, 1.0, 0.05, 32), (16, 1.0, 0.05, 16), (16, 1.0, 0.05, 32), (16, 1.0, 0.05, 64), (8, 4.0, 0.5, 32) })
        {
            var solution = Solve(d, power, ridge, p, seed: 100, units: 4096);
            var data = NetworkData.PowerLawGaussian(d, 0.5, Teacher.Linear(0.5, power), labelNoise: 0.01);
            var (train, test) = data.Split(p, 500, 100);
            double Error(double[] f) => f.Zip(test.Targets, (a, b) => (a - b) * (a - b)).Average();
            // The importance draws alone (Method = ImportanceSampling: the same draws, no population), and T_j at their α.
            var drawsOnly = AdaptiveKernel.Solve(Tanh, 1, 1, ridge, train.Inputs, train.Labels, new AdaptiveKernelOptions(Units: 4096, Method: AdaptiveKernelMethod.ImportanceSampling));
            var importance = Error(drawsOnly.Predict(test.Inputs));
            var threshold = 3 * solution.MassCheck!.SampledTilt;
            double UnitTilt(ReadOnlySpan<double> z)
            {
                double projection = 0;
                for (var mu = 0; mu < p; mu++)
                {
                    double h = 0;
                    for (var i = 0; i < d; i++) h += train.Inputs[mu][i] * z[i];
                    projection += drawsOnly.Alpha[mu] * Math.Tanh(h / Math.Sqrt(d));
                }
                return 0.5 * projection * projection;
            }
            var particles = solution.PopulationParticles;
            var particleShare = particles is null ? double.NaN : Enumerable.Range(0, particles.RowCount).Count(m => UnitTilt(particles.Row(m).ToArray()) > threshold) / (double)particles.RowCount;
            var networks = new List<(int Width, double Error, double Share)>();
            foreach (var width in new[] { 256, 2048 })
            {
                var architecture = new NetworkArchitecture(d, 1, width, Activation.Tanh, Parameterisation.MeanField);
                var options = new CollapsedHmcOptions(Warmup: 300, Samples: 600, Chains: 1);
                using var team = new RgDsl.Networks.Linear.WorkerTeam(2);
                var chain = new RgDsl.Networks.Sampling.CollapsedHmcChain(new RgDsl.Networks.Propagation.WeightLayout(architecture), ridge,
                    NetworkDataset.FromRows(train.Inputs, train.Labels), NetworkDataset.FromRows(test.Inputs, test.Targets), options, 7, team);
                var shares = new List<double>();
                for (var t = 0; t < options.Warmup + options.Samples; t++)
                {
                    chain.Iterate();
                    if (t >= options.Warmup && (t - options.Warmup) % 20 == 0)
                        shares.Add(Enumerable.Range(0, width).Count(j => UnitTilt(chain.Weights.Slice(j * d, d)) > threshold) / (double)width);
                }
                var record = chain.Record;
                networks.Add((width, Error(Enumerable.Range(0, test.Count).Select(i => Enumerable.Range(0, record.Count).Average(s => record.Predictions[s * test.Count + i])).ToArray()), shares.Average()));
            }
            var predicted = Error(solution.Predict(test.Inputs));
            output.WriteLine(FormattableString.Invariant(
                $"| tanh | {d} | {p} | {ridge} | {solution.MassCheck?.ChainTilt:G3} ± {solution.MassCheck?.ChainError:G2} / {solution.MassCheck?.SampledTilt:G3} | {importance:G4} | {(solution.Population is { } pop ? $"{(pop.Settled ? "settled" : "not settled")}, residual {pop.Residual:G2}" : "not run")} | {predicted:G4} | {string.Join(" | ", networks.Select(n => $"{n.Error:G4} ({n.Share:P1})"))} | {particleShare:P1} |"));
            var reference = networks[^1].Error;
            if (solution.Method == AdaptiveKernelMethod.ParticlePopulation)
            {
                Assert.True(Math.Abs(predicted - reference) <= 0.1 * reference, $"population {predicted} against the networks' {reference}");
                Assert.True(Math.Abs(predicted - reference) <= Math.Abs(importance - reference), $"population {predicted}, importance {importance}, networks {reference}");
                Assert.True(Math.Abs(particleShare - networks[^1].Share) <= 0.02 + 0.2 * networks[^1].Share, $"particles {particleShare}, networks' units {networks[^1].Share}");
            }
            else if (solution.Population is { Settled: false } && solution.MassCheck!.Missed)
                Assert.Contains(solution.Warnings, w => w.Contains("did not settle", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// One input in one dimension (P = d = 1, b = 1): the unit's measure p(z) ∝ N(z; 0, 1) exp(½α² tanh²z) has two modes
    /// at ±z* once α &gt; 1, and the saddle α(K + κ) = y with K = E_p[tanh²z] is a one-dimensional root that quadrature
    /// gives exactly (g(α) = α(K(α) + κ) − y rises with α). The importance sampler (with its reflected proposal) must
    /// reproduce it.
    /// </summary>
    [Fact]
    public void BimodalUnitMeasureInOneDimensionMatchesQuadrature()
    {
        const double ridge = 0.05, label = 3;
        static double Kernel(double alpha)
        {
            double weight = 0, moment = 0;
            for (var i = 0; i <= 24_000; i++)
            {
                var z = -12 + i * 1e-3;
                var t = Math.Tanh(z);
                var w = Math.Exp(-0.5 * z * z + 0.5 * alpha * alpha * t * t - 0.5 * alpha * alpha);
                weight += w; moment += w * t * t;
            }
            return moment / weight;
        }
        double lo = 0, hi = label / ridge;
        for (var i = 0; i < 200; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid * (Kernel(mid) + ridge) < label) lo = mid; else hi = mid;
        }
        var exactAlpha = 0.5 * (lo + hi);
        var solution = AdaptiveKernel.Solve(Tanh, 1, 1, ridge, [[1.0]], [label], new AdaptiveKernelOptions(Units: 4096));
        output.WriteLine(FormattableString.Invariant(
            $"α: sampled {solution.Alpha[0]:G6}, quadrature {exactAlpha:G6}; K: sampled {solution.Kernel[0, 0]:G6}, quadrature {Kernel(exactAlpha):G6}; {solution.EffectiveSampleFraction:P1} effective; chains {solution.MassCheck?.ChainTilt:G4} against the draws' {solution.MassCheck?.SampledTilt:G4}"));
        Assert.True(exactAlpha > 1.5, "the measure is bimodal (α > 1) at this label");
        Assert.Equal(exactAlpha, solution.Alpha[0], 2e-3 * exactAlpha);
        Assert.Equal(Kernel(exactAlpha), solution.Kernel[0, 0], 2e-3);
        Assert.False(solution.MassCheck!.Missed);
        // The reflected mixture fits both modes (measured 98% of the samples effective).
        Assert.True(solution.EffectiveSampleFraction > 0.9, $"{solution.EffectiveSampleFraction:P1} effective");
    }

    [Fact]
    public void ParityIsReadFromBuiltInsPolynomialsAndProbes()
    {
        Assert.Equal(-1, ActivationFunction.Of(Activation.Tanh).Parity);
        Assert.Equal(-1, ActivationFunction.Of(Activation.Erf).Parity);
        Assert.Equal(-1, ActivationFunction.Of(Activation.Linear).Parity);
        Assert.Equal(0, ActivationFunction.Of(Activation.Relu).Parity);
        Assert.Equal(-1, ActivationFunction.Polynomial("z + z³", 0, 1, 0, 1).Parity);
        Assert.Equal(1, ActivationFunction.Polynomial("1 + z²", 1, 0, 1).Parity);
        Assert.Equal(0, ActivationFunction.Polynomial("z + z²", 0, 1, 1).Parity);
        Assert.Equal(-1, new ActivationFunction("sin", Math.Sin).Parity);
        Assert.Equal(1, new ActivationFunction("cos", Math.Cos).Parity);
        Assert.Equal(0, new ActivationFunction("softplus", z => Math.Log(1 + Math.Exp(z))).Parity);
        // Odd near 0 only: probed out to z = 5.88.
        Assert.Equal(0, new ActivationFunction("tanh clipped above 3", z => z > 3 ? 1 : Math.Tanh(z)).Parity);
    }

    [Fact]
    public void ReflectedProposalKeepsTheSamplesEffective()
    {
        // d = 16, P = 32, κ = 0.05: the previous commit's single Gaussian centred at zero kept 13–17% of the samples
        // effective on sets like this one (4,096 units); the reflected mixture ½N(m, C) + ½N(−m, C), chosen by its draws,
        // keeps more than a quarter (43% here, 31% on set 102).
        var data = NetworkData.PowerLawGaussian(16, 0.5, Teacher.Linear(0.5, 1), labelNoise: 0.01);
        foreach (var seed in new[] { 100 })
        {
            var (train, _) = data.Split(32, 1, seed);
            // The draws alone (the chains find a little more mass here, and a particle population would follow).
            var solution = AdaptiveKernel.Solve(Tanh, 1, 1, 0.05, train.Inputs, train.Labels, new AdaptiveKernelOptions(Units: 4096, Method: AdaptiveKernelMethod.ImportanceSampling));
            output.WriteLine(FormattableString.Invariant($"set {seed}: {solution.EffectiveSampleFraction:P1} effective"));
            Assert.True(solution.EffectiveSampleFraction > 0.25, $"{solution.EffectiveSampleFraction:P1} effective");
        }
    }
}
