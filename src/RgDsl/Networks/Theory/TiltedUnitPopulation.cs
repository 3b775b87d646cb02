using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Data;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The one-layer saddle by a population of Langevin particles: M units, each moved by Metropolis-adjusted Langevin
/// steps on the tilted measure at the current α, and α relaxed towards (K̂ + κI)⁻¹y with K̂ = (σ_a²/M) Σ φ(Bu_m)φ(Bu_m)ᵀ
/// the particles' own kernel. Its stationary state is the self-consistent saddle of the whole measure, wherever the
/// mass lies (the N → ∞ limit of the collapsed network without the finite-width terms), which the importance draws miss
/// when the measure holds mass on saturated units (<see cref="CheckMass"/>). It is as good as the particles' mixing:
/// between regions separated by a barrier the proportions are those the particles reach in the sweeps run.
/// </summary>
internal sealed partial class TiltedUnitSampler
{
    /// <summary>
    /// Runs the population from <paramref name="start"/>'s samples (resampled by weight), its kernel relaxed a fifth of
    /// the way towards the particles' K̂ every <see cref="PopulationUpdate"/> sweeps from the start's (α = (K + κI)⁻¹y
    /// following it): <paramref name="burnIn"/> sweeps, the Langevin step adapting to 57% acceptance, then
    /// <paramref name="sweeps"/> more over which K̂ is averaged.
    /// </summary>
    public PopulationSaddle SolvePopulation(Vector<double> labels, double ridge, TiltedDraw start, int burnIn, int sweeps, int seed)
    {
        var (m, r, p) = (_xi.RowCount, Rank, _reducedB.RowCount);
        var particles = Resample(start, m, new Random(unchecked(_seed * 31 + seed)));
        var running = start.Kernel.Clone();
        var current = AdaptiveKernel.Target(running, ridge, labels);
        var alpha = current.ToArray();
        var step = 0.5 / Math.Sqrt(r);
        var sum = Matrix<double>.Build.Dense(p, p);
        var alphaSum = Vector<double>.Build.Dense(p);
        var (accepted, proposed, updates) = (0L, 0L, 0);
        var snapshots = new List<Matrix<double>>();
        var cache = new ParticleEnergies(m, r);
        for (var sweep = 0; sweep < burnIn + sweeps; sweep++)
        {
            var (a, count) = Sweep(particles, alpha, cache, step, unchecked((_seed * 31 + seed) * 7_919 + sweep));
            if (sweep < burnIn) step *= Math.Exp(0.5 * ((double)a / count - 0.57));
            else { accepted += a; proposed += count; }
            if ((sweep + 1) % PopulationUpdate != 0) continue;
            var kernel = PopulationKernel(particles);
            running += 0.2 * (kernel - running);
            current = AdaptiveKernel.Target(running, ridge, labels);
            Array.Copy(current.ToArray(), alpha, p);
            cache.Stale = true;
            if (sweep < burnIn) continue;
            sum += kernel;
            alphaSum += current;
            updates++;
            if (updates % Math.Max(1, sweeps / PopulationUpdate / PopulationSnapshots) == 0 && snapshots.Count < PopulationSnapshots)
                snapshots.Add(Matrix<double>.Build.DenseOfRowArrays(particles));
        }
        var averaged = sum / Math.Max(1, updates);
        var final = AdaptiveKernel.Target(averaged, ridge, labels);
        var mean = alphaSum / Math.Max(1, updates);
        var draws = snapshots.Select(s => EqualWeightDraw(s, final)).ToArray();
        return new PopulationSaddle(final, averaged, (final - mean).L2Norm() / Math.Max(final.L2Norm(), 1e-300),
            proposed == 0 ? 0 : (double)accepted / proposed, draws);
    }

    /// <summary>Sweeps between updates of α in <see cref="SolvePopulation"/>, and the particle snapshots kept for the predictor.</summary>
    internal const int PopulationUpdate = 5, PopulationSnapshots = 8;

    /// <summary>Each particle's energy and its gradient at the current α (recomputed once after α moves).</summary>
    private sealed class ParticleEnergies(int particles, int rank)
    {
        public readonly double[] Energy = new double[particles];
        public readonly double[][] Gradient = Enumerable.Range(0, particles).Select(_ => new double[rank]).ToArray();
        public bool Stale = true;
    }

    /// <summary>One MALA step of every particle at α (blocks of particles on the cores, each block its own random stream); accepted and proposed counts.</summary>
    private (long Accepted, long Proposed) Sweep(double[][] particles, double[] alpha, ParticleEnergies cache, double step, int seed)
    {
        const int blocks = 32;
        var accepted = new long[blocks];
        var stale = cache.Stale;
        Parallel.For(0, blocks, block =>
        {
            var random = new Random(unchecked(seed * 31 + block));
            var tilt = new ChainTilt(this, alpha, null);
            var (trialGradient, trial) = (new double[Rank], new double[Rank]);
            for (var k = block; k < particles.Length; k += blocks)
            {
                var (u, gradient) = (particles[k], cache.Gradient[k]);
                if (stale) cache.Energy[k] = tilt.Energy(u, gradient);
                if (MalaAccepts(tilt, u, gradient, cache.Energy[k], step, random, trial, trialGradient, out var trialEnergy))
                {
                    Array.Copy(trial, u, Rank);
                    Array.Copy(trialGradient, gradient, Rank);
                    cache.Energy[k] = trialEnergy;
                    accepted[block]++;
                }
            }
        });
        cache.Stale = false;
        return (accepted.Sum(), particles.Length);
    }

    /// <summary>K̂ = (σ_a²/M) Φᵀ Φ of the particles.</summary>
    private Matrix<double> PopulationKernel(double[][] particles)
    {
        var features = Product(Matrix<double>.Build.DenseOfRowArrays(particles), _reducedB, transposeB: true);
        features.MapInplace(_phi.Value);
        return Gram(features, _readoutVariance / particles.Length);
    }

    /// <summary>The particles as a draw with equal weights at α (for the predictor at test inputs).</summary>
    private TiltedDraw EqualWeightDraw(Matrix<double> states, Vector<double> alpha)
    {
        var features = Product(states, _reducedB, transposeB: true);
        features.MapInplace(_phi.Value);
        var weights = Enumerable.Repeat(1.0 / states.RowCount, states.RowCount).ToArray();
        return new TiltedDraw(states, weights, (features * alpha).ToArray(), Gram(features, _readoutVariance / states.RowCount), null, 0, states.RowCount) { Alpha = alpha };
    }

    /// <summary>Systematic resampling of a weighted draw into <paramref name="count"/> equally weighted states.</summary>
    private static double[][] Resample(TiltedDraw draw, int count, Random random)
    {
        var result = new double[count][];
        var (cumulative, index) = (draw.Weights[0], 0);
        var offset = random.NextDouble() / count;
        for (var k = 0; k < count; k++)
        {
            var u = offset + (double)k / count;
            while (u > cumulative && index < draw.Weights.Length - 1) cumulative += draw.Weights[++index];
            result[k] = draw.Samples.Row(index).ToArray();
        }
        return result;
    }
}

/// <summary>What <see cref="TiltedUnitSampler.SolvePopulation"/> found.</summary>
/// <param name="Alpha">(K̄ + κI)⁻¹y with K̄ the particles' kernel averaged after the burn-in.</param>
/// <param name="Kernel">K̄.</param>
/// <param name="Residual">|α − ᾱ|/|α|, ᾱ the mean of the running α after the burn-in.</param>
/// <param name="Acceptance">The Langevin steps' acceptance after the burn-in.</param>
/// <param name="Snapshots">Particle states after the burn-in, as equally weighted draws at α (for the predictor).</param>
internal sealed record PopulationSaddle(Vector<double> Alpha, Matrix<double> Kernel, double Residual, double Acceptance, IReadOnlyList<TiltedDraw> Snapshots);
