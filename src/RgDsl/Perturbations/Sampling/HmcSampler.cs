using System.Globalization;
using RgDsl.Perturbations.Solvers;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using RgDsl.Statistics;
using RgDsl.Validity;

using RgDsl.Perturbations;

namespace RgDsl.Perturbations.Sampling;

/// <summary>
/// Hamiltonian Monte Carlo on all fields of S = S₀ + S_int (THEORY.md §7.2). Coordinates are standardised by the S₀
/// moments, x = (f − f̄⁰)/√G⁰, so that S₀ = Σ x²/2 is an isotropic unit oscillator. The integrator splits the
/// Hamiltonian: the oscillator part is integrated exactly (a rotation of (x, p) by the step ε) between half kicks by
/// ∇S_int ("split HMC", Shahbaba et al. 2014). It is symplectic and reversible, so the chain is exact, and its energy
/// error comes from S_int alone: for the weak couplings of near-Gaussian networks steps of order one are accepted in
/// any dimension, where plain leapfrog needs ε ∝ d^(−1/4). Trajectories of length about π/2 then give nearly
/// independent draws. The step size is adapted in warm-up by dual averaging (Hoffman and Gelman 2014), capped at the
/// trajectory length. Chains run in parallel with seeds Seed + c.
/// The field-theory error Σ n (y − f̄)² is estimated from the sample means with the bias Σ Var(f̄) removed; its
/// standard error comes from batch means (20 batches per chain) through the linearisation 2 Σ (f̄ − y) δf̄, and
/// the effective sample size of that linear observable from Geyer's initial monotone sequence.
/// </summary>
internal static class HmcSampler
{
    private const int BatchesPerChain = 20;

    public static SampleResult Sample(FieldTheory theory, double gaussianTestError, SamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(theory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Chains < 1 || options.Chains > SamplerOptions.MaxChains)
            throw new ArgumentOutOfRangeException(nameof(options), options.Chains,
                $"SamplerOptions.Chains must be between 1 and {SamplerOptions.MaxChains}: chains run in parallel and each pays its own warm-up, so more of them add warm-ups, not precision; raise Samples instead.");
        if (options.Samples < 2 * BatchesPerChain) throw new ArgumentOutOfRangeException(nameof(options), options.Samples, $"SamplerOptions.Samples must be at least {2 * BatchesPerChain}.");
        if (options.Warmup < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Warmup, "SamplerOptions.Warmup must be non-negative.");
        if ((long)options.Warmup + options.Samples > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), (long)options.Warmup + options.Samples, $"SamplerOptions.Warmup + Samples must be at most {int.MaxValue} iterations per chain.");
        if (!(options.TargetAcceptance is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.TargetAcceptance, "SamplerOptions.TargetAcceptance must lie in (0, 1).");
        if (!(options.TrajectoryLength > 0) || !double.IsFinite(options.TrajectoryLength))
            throw new ArgumentOutOfRangeException(nameof(options), options.TrajectoryLength, "SamplerOptions.TrajectoryLength must be positive and finite.");
        if (options.MaxStepsPerTrajectory < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxStepsPerTrajectory, "SamplerOptions.MaxStepsPerTrajectory must be at least 1.");

        var fieldMode = new List<int>();
        for (var i = 0; i < theory.Modes; i++)
            for (var c = 0; c < theory.Multiplicity[i]; c++) fieldMode.Add(i);
        var fields = fieldMode.Count;
        CheckMemory(options, fields);
        var gaussian = theory.Gaussian();
        var gaussianError = theory.Error(gaussian);
        // The result is relative to the Gaussian error (δ = ε/ε₀ − 1): refuse up front when there is none to compare with.
        if (!(gaussianError > 0) || !double.IsFinite(gaussianError))
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"HMC: the Gaussian field-theory error at P = {theory.DatasetSize:R} is {gaussianError:R} (no target power and no label noise, or underflow), so the relative correction δ = ε/ε₀ − 1 is undefined; give the model a target or label noise."));
        var center = fieldMode.Select(i => gaussian.MeanArray[i]).ToArray();
        var scale = fieldMode.Select(i => Math.Sqrt(gaussian.VarianceArray[i])).ToArray();
        var target = fieldMode.Select(i => theory.Amplitude[i]).ToArray();
        // Direction of the linearised error observable, fixed before sampling (at the Gaussian means).
        var direction = new double[fields];
        for (var i = 0; i < fields; i++) direction[i] = 2 * (center[i] - target[i]) * scale[i];

        var chains = new ChainResult[options.Chains];
        Parallel.For(0, options.Chains, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            var evaluator = new ActionEvaluator(theory.Perturbations, fieldMode.Select(i => (long)i + 1).ToArray());
            chains[c] = RunChain(evaluator, center, scale, direction, options, options.Seed + c);
        });

        // Means and variances per field, then per mode (the copies of a mode are exchangeable: average them).
        var total = (double)options.Chains * options.Samples;
        var fieldMean = new double[fields];
        var fieldSecond = new double[fields];
        foreach (var chain in chains)
            for (var i = 0; i < fields; i++) { fieldMean[i] += chain.Sum[i] / total; fieldSecond[i] += chain.SumSquares[i] / total; }
        var batches = chains.SelectMany(ch => ch.BatchMeans).ToList();
        var b = batches.Count;
        // Var(f̄_i) from batch means, the bias of (y − f̄)², and the linearised batch observable.
        double bias = 0;
        var z = new double[b];
        for (var i = 0; i < fields; i++)
        {
            double v = 0;
            for (var j = 0; j < b; j++)
            {
                var d = batches[j][i] - fieldMean[i];
                v += d * d;
                z[j] += 2 * (fieldMean[i] - target[i]) * d;
            }
            bias += v / (b - 1) / b;
        }
        double error = theory.Noise;
        for (var i = 0; i < fields; i++) error += (target[i] - fieldMean[i]) * (target[i] - fieldMean[i]);
        error -= bias;
        var errorSe = Math.Sqrt(z.Sum(x => x * x) / (b - 1) / b);

        double variance = 0;
        var modeMean = new double[theory.Modes];
        var modeVariance = new double[theory.Modes];
        for (var i = 0; i < fields; i++)
        {
            var v = fieldSecond[i] - fieldMean[i] * fieldMean[i];
            variance += v;
            var mode = fieldMode[i];
            modeMean[mode] += fieldMean[i] / theory.Multiplicity[mode];
            modeVariance[mode] += v / theory.Multiplicity[mode];
        }
        var ess = chains.Sum(ch => ch.EffectiveSamples);
        var relative = new Estimate(error / gaussianError - 1, errorSe / gaussianError);
        if (!double.IsFinite(relative.Value) || !double.IsFinite(relative.StandardError) || !double.IsFinite(gaussianTestError * (1 + relative.Value)))
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"HMC at P = {theory.DatasetSize:R}: the relative correction δ = ε/ε₀ − 1 = {relative.Value:R} is not finite (sampled field-theory error {error:R} against the Gaussian {gaussianError:R}); the target power is too small against the couplings' effect to express it relative to the Gaussian error."));
        return new SampleResult(
            theory.DatasetSize,
            new Estimate(error, errorSe),
            gaussianError,
            relative,
            new Estimate(gaussianTestError * (1 + relative.Value), gaussianTestError * relative.StandardError),
            new Estimate(error + variance, errorSe),
            ess,
            chains.Average(ch => ch.Acceptance),
            chains.Average(ch => ch.StepSize),
            new FieldMoments(modeMean, modeVariance),
            options.Chains,
            options.Samples)
        { OutOfRangeReason = NotMixedReason(chains, options) };
    }

    /// <summary>Below this acceptance rate a chain has barely moved from where warm-up left it.</summary>
    internal const double MinimumAcceptance = 0.1;

    /// <summary>Why the chains have not mixed, or null: a chain whose step size adapted down to its floor, or that rarely accepts.</summary>
    private static string? NotMixedReason(ChainResult[] chains, SamplerOptions options)
    {
        var floor = MinimumStep(options);
        var stuck = chains.Count(c => c.StepSize <= floor * 1.000001 || c.Acceptance < MinimumAcceptance);
        return stuck == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"the sampler has not mixed: {stuck} of {chains.Length} chains accept under {MinimumAcceptance:G2} of proposals or adapted their step size down to the floor TrajectoryLength / MaxStepsPerTrajectory = {floor:G3} (acceptance {chains.Average(c => c.Acceptance):F2}, step {chains.Average(c => c.StepSize):G3}); the action is too stiff or unbounded below for HMC at these couplings");
    }

    /// <summary>The smallest step the adaptation may take: at most <see cref="SamplerOptions.MaxStepsPerTrajectory"/> steps per proposal.</summary>
    private static double MinimumStep(SamplerOptions options) => options.TrajectoryLength / options.MaxStepsPerTrajectory;

    /// <summary>
    /// Each chain keeps a trace of its samples and, per field, sums, sums of squares and batch means (kept until the
    /// chains are combined), plus its working vectors; refused up front when that cannot fit.
    /// </summary>
    private static void CheckMemory(SamplerOptions options, int fields)
    {
        var perChain = 8.0 * (options.Samples + (2 + BatchesPerChain + 8) * (double)fields);
        var bytes = options.Chains * perChain + 8.0 * 6 * fields;
        var fit = Math.Max(0, (MemoryBudget.Usable / options.Chains / 8 - (2 + BatchesPerChain + 8) * (double)fields));
        MemoryBudget.Check(bytes, string.Create(CultureInfo.InvariantCulture, $"HMC with {options.Chains} chains of {options.Samples} samples over {fields} fields"), nameof(options),
            string.Create(CultureInfo.InvariantCulture, $"lower SamplerOptions.Samples (at most about {Math.Floor(fit):0} per chain with {options.Chains} chains fit) or SamplerOptions.Chains."));
    }

    private sealed record ChainResult(double[] Sum, double[] SumSquares, List<double[]> BatchMeans, double Acceptance, double StepSize, double EffectiveSamples);

    private static ChainResult RunChain(ActionEvaluator evaluator, double[] center, double[] scale, double[] direction, SamplerOptions options, int seed)
    {
        var n = center.Length;
        // The network samplers' generator (NormalGenerator): MathNet's xoshiro256** and its normal sampler.
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = Normal.Sample(random, 0, 1);
        var f = new double[n];
        var grad = new double[n];
        var p = new double[n];
        var x0 = new double[n];
        var g0 = new double[n];

        // The interaction part only: S_int(f(x)) and its gradient in x.
        double Potential(double[] position, double[] gradient)
        {
            for (var i = 0; i < n; i++) f[i] = center[i] + scale[i] * position[i];
            Array.Clear(gradient);
            var s = evaluator.Evaluate(f, gradient, true);
            for (var i = 0; i < n; i++) gradient[i] *= scale[i];
            return s;
        }

        static double Oscillator(double[] x, double[] p)
        {
            double h = 0;
            for (var i = 0; i < x.Length; i++) h += 0.5 * (x[i] * x[i] + p[i] * p[i]);
            return h;
        }

        var u = Potential(x, grad);
        if (!double.IsFinite(u)) throw new InvalidOperationException("HMC: the action is not finite at the starting point.");
        var minimumStep = MinimumStep(options);
        var adaptation = new DualAveraging(0.5, options.TargetAcceptance, minimumStep, options.TrajectoryLength);

        var sum = new double[n];
        var sumSquares = new double[n];
        var batchMeans = new List<double[]>();
        var batch = new double[n];
        var batchSize = options.Samples / BatchesPerChain;
        var trace = new double[options.Samples];
        var accepted = 0;
        var total = options.Warmup + options.Samples;
        for (var iteration = 0; iteration < total; iteration++)
        {
            var warm = iteration < options.Warmup;
            var step = adaptation.Step(warm) * (0.9 + 0.2 * random.NextDouble());
            // At most MaxStepsPerTrajectory steps: a step adapted towards 0 (a rejecting chain) must not stall the run.
            var steps = (int)Math.Clamp(Math.Round(options.TrajectoryLength / step), 1, options.MaxStepsPerTrajectory);
            Array.Copy(x, x0, n);
            Array.Copy(grad, g0, n);
            for (var i = 0; i < n; i++) p[i] = Normal.Sample(random, 0, 1);
            var h0 = u + Oscillator(x, p);
            double uNew = u;
            var (sin, cos) = Math.SinCos(step);
            for (var s = 0; s < steps; s++)
            {
                for (var i = 0; i < n; i++)
                {
                    var pi = p[i] - 0.5 * step * grad[i];
                    var xi = x[i];
                    x[i] = xi * cos + pi * sin;
                    p[i] = pi * cos - xi * sin;
                }
                uNew = Potential(x, grad);
                for (var i = 0; i < n; i++) p[i] -= 0.5 * step * grad[i];
                if (!double.IsFinite(uNew)) break;
            }
            var logAccept = double.IsFinite(uNew) ? Math.Min(0, h0 - (uNew + Oscillator(x, p))) : double.NegativeInfinity;
            if (Math.Log(random.NextDouble()) < logAccept) { u = uNew; if (!warm) accepted++; }
            else { Array.Copy(x0, x, n); Array.Copy(g0, grad, n); }

            if (warm)
            {
                adaptation.Update(logAccept);
                continue;
            }
            var k = iteration - options.Warmup;
            double linear = 0;
            for (var i = 0; i < n; i++)
            {
                var fi = center[i] + scale[i] * x[i];
                sum[i] += fi;
                sumSquares[i] += fi * fi;
                batch[i] += fi;
                linear += direction[i] * x[i];
            }
            trace[k] = linear;
            if ((k + 1) % batchSize == 0 && batchMeans.Count < BatchesPerChain)
            {
                batchMeans.Add(batch.Select(v => v / batchSize).ToArray());
                Array.Clear(batch);
            }
        }
        return new ChainResult(sum, sumSquares, batchMeans, (double)accepted / options.Samples, adaptation.AdaptedStep, EffectiveSampleSize.Geyer(trace));
    }
}
