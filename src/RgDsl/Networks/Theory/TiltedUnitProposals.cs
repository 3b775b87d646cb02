using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Data;
using RgDsl.Networks.Functions;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The importance proposals of <see cref="TiltedUnitSampler"/> beyond the single fitted Gaussian — the reflected
/// mixture of a symmetric measure and the choice between candidates by draws — and the check of a draw's mass by
/// Markov chains run on the tilted measure itself.
/// <para>
/// Why the check: a proposal refitted to its own weighted draws only finds mass its draws already reach. For a bounded
/// φ and a strong tilt (P &gt; d at small κ, where α has a part of order 1/κ no smooth feature reaches), the tilted
/// measure can put almost all its mass on units that saturate φ along a sign pattern matching α, far from the prior's
/// mode, while the refitted proposal stays at the prior's mode with healthy effective samples. Measured (tanh,
/// σ_w² = σ_a² = 1, κ = 0.05, linear teacher; a separate Langevin program, 32 chains of 20,000 steps from 0.3·N(0, I) at
/// the converged α): d = 16, P = 64, three training sets: the chains' kernel trace 1.65–1.77 times the sampler's and
/// α far from self-consistent under the chains' kernel; d = 8, P = 16: one set of two with every chain at
/// |α·φ| = 128.9 ± 0.1 (a fully saturated unit along a separable sign pattern); d = 16, P = 16 and 32: within 2–3% on
/// the sets checked with 16,384 samples; the main job's family (d = 8, κ = 0.5, P = 16–64): within 2–4%. Fitting
/// proposals to the chains' states did not help: the saturated region is not Gaussian (a proposal fitted to it kept
/// 1–5 of 4,096 samples effective while its normaliser was e^9–e^22 times the sampler's). Where the check finds such
/// mass for a bounded φ, a population of Langevin particles whose α follows their own kernel (<see cref="SolvePopulation"/>)
/// gives the saddle of the whole measure; where it does not settle, the check's warning stands. The check is one-sided:
/// it reports mass the chains reach in their 3,600 steps and cannot show that none is missing.
/// </para>
/// </summary>
internal sealed partial class TiltedUnitSampler
{
    /// <summary>Markov chains of <see cref="CheckMass"/> (half started from the prior, half from the draw's heaviest samples) up to rank <see cref="FullEigenRank"/>.</summary>
    internal const int ExplorationChains = 16;

    /// <summary>
    /// Chains above rank <see cref="FullEigenRank"/>, where each step costs 2P·r: on MNIST (d = 784) at P = 1,024, 16 chains
    /// took 12 s beside the saddle's 7 s (ReLU, κ = 256; a scratch timing), 8 take half that.
    /// </summary>
    internal const int HighRankChains = 8;

    /// <summary>The chains <see cref="CheckMass"/> runs at rank <paramref name="rank"/>.</summary>
    internal static int CheckChains(int rank) => rank <= FullEigenRank ? ExplorationChains : HighRankChains;

    /// <summary>Steps per chain after the warm-up, and the warm-up's steps (the step size adapts during it).</summary>
    internal const int ExplorationSteps = 3200, ExplorationWarmup = 400;

    /// <summary>Every this many steps a chain's state is kept.</summary>
    internal const int ChainThinning = 4;

    private int _checks; // seeds each check's chains apart

    /// <summary>
    /// The proposal N(m, C) with C^{1/2} = I + E diag(s) Eᵀ (the resolved directions E, r×k, and s = √λ − 1), or, when
    /// <paramref name="Reflected"/>, the even mixture ½N(m, C) + ½N(−m, C) of a symmetric measure. The draws come from
    /// N(m, C) only: the weights p/q of an even p and q are even, and so is every average the saddle takes (K_ad, the
    /// curvature, Λ, the response, and the predictor (α·φ(h))φ(h*), a product of two odd or two even functions), so a draw
    /// from one half averages as one from both.
    /// </summary>
    private sealed record Proposal(Vector<double> Mean, Matrix<double> Directions, Vector<double> Stretch, bool Reflected)
    {
        public static Proposal Prior(int r) => new(Vector<double>.Build.Dense(r), Matrix<double>.Build.Dense(r, 0), Vector<double>.Build.Dense(0), false);

        /// <summary>½ ln det C.</summary>
        public double LogDetHalf => Stretch.Sum(v => Math.Log(1 + v));

        /// <summary>C^{−1/2} applied to the rows of <paramref name="z"/> (M×r).</summary>
        private Matrix<double> Whiten(Matrix<double> z)
        {
            if (Stretch.Count == 0) return z;
            var along = z * Directions;
            for (var k = 0; k < Stretch.Count; k++) along.SetColumn(k, along.Column(k) * (1 / (1 + Stretch[k]) - 1));
            return z + along.TransposeAndMultiply(Directions);
        }

        /// <summary>μ̃ = C^{−1/2}m: the other half's offset in the whitened coordinates ξ is −2μ̃ (zero unless reflected).</summary>
        private Vector<double> Reflection => Reflected ? Whiten(Mean.ToRowMatrix()).Row(0) : Vector<double>.Build.Dense(Mean.Count);

        /// <summary>ln q at whitened points ξ = C^{−1/2}(z − m) (M×r), up to the constant −(r/2) ln 2π every proposal shares.</summary>
        public double[] LogDensity(Matrix<double> xi)
        {
            var norms = xi.RowNorms(2);
            var log = new double[xi.RowCount];
            var reflection = Reflection;
            var shift = reflection.DotProduct(reflection);
            var cross = Reflected ? xi * reflection : null;
            for (var m = 0; m < log.Length; m++)
            {
                log[m] = -0.5 * norms[m] * norms[m] - LogDetHalf;
                // ln ½(1 + N(z; −m, C)/N(z; m, C)), the ratio being exp(−2ξ·μ̃ − 2|μ̃|²).
                if (cross is not null) log[m] += SoftPlus(-2 * cross[m] - 2 * shift) - Math.Log(2);
            }
            return log;
        }

        private static double SoftPlus(double t) => Math.Max(t, 0) + Math.Log(1 + Math.Exp(-Math.Abs(t)));
    }

    /// <summary>ln q of the current proposal at its own draws (whose whitened coordinates are the base normals ξ).</summary>
    private double[] LogProposal() => _proposal.LogDensity(_xi);

    /// <summary>
    /// Of the candidates (and the current proposal, whose draw is given), the one whose draw at the same tilt estimates
    /// the largest normaliser Λ = ln E_q[p̃/q] among those with at least <see cref="MinimumChoiceSamples"/> effective
    /// samples, then, of those within ln 2 of it, the one with the most effective samples. The normaliser comes first
    /// because a proposal that misses part of the mass still shows healthy effective samples, but it underestimates the
    /// normaliser by the part it misses. Returns the chosen proposal with its draw.
    /// </summary>
    private (Proposal Proposal, TiltedDraw Draw) Choose(TiltedDraw draw, List<Proposal> candidates)
    {
        var scored = new List<(Proposal Proposal, TiltedDraw Draw)> { (_proposal, draw) };
        foreach (var candidate in candidates)
        {
            _proposal = candidate;
            var trial = Redraw(draw);
            if (double.IsFinite(trial.LogMean)) scored.Add((candidate, trial));
        }
        var eligible = scored.Where(c => c.Draw.EffectiveSamples >= MinimumChoiceSamples).ToList();
        if (eligible.Count == 0) eligible = scored;
        var top = eligible.Max(c => c.Draw.LogMean);
        return eligible.Where(c => c.Draw.LogMean >= top - Math.Log(2)).MaxBy(c => c.Draw.EffectiveSamples);
    }

    /// <summary>Effective samples a candidate's draw needs for its normaliser to count in <see cref="Choose"/>.</summary>
    internal const double MinimumChoiceSamples = 20;

    /// <summary>A draw with the current proposal at the tilt of <paramref name="draw"/>.</summary>
    private TiltedDraw Redraw(TiltedDraw draw) =>
        draw.Alpha is { } alpha ? Draw(alpha)
        : draw.Form is { } form ? DrawQuadratic(form)
        : throw new InvalidOperationException("a draw without its tilt cannot be repeated.");

    /// <summary>EM iterations of <see cref="Reflected"/>.</summary>
    internal const int ReflectionIterations = 50;

    /// <summary>
    /// The even mixture ½N(m, C) + ½N(−m, C) fitted to weighted samples of a symmetric measure by EM with a shared C:
    /// with the second moment S = E[zzᵀ], each step sets m = E[t z] and C = S − mmᵀ with t = tanh(zᵀC⁻¹m) (the
    /// difference of the two halves' responsibilities), started from t = sign(z·v) along S's leading eigenvector v
    /// (two modes at ±m sit along it). A unit whose bounded φ saturates towards ±m, both signs tilted alike, is what a
    /// single Gaussian centred at zero covers badly. C keeps only its resolved directions, as in <see cref="Fit"/>.
    /// The samples may come from one half of a reflected proposal: S and the EM steps use only even averages and
    /// the sign flips t, so they see the symmetric measure.
    /// </summary>
    private Proposal Reflected(Matrix<double> z, double[] weights, double effectiveSamples)
    {
        var second = Gram(ScaleRows(z, weights.Select(Math.Sqrt).ToArray()), 1);
        var evd = second.Evd(Symmetricity.Symmetric);
        var axis = evd.EigenVectors.Column(evd.EigenValues.Count - 1);
        var signs = (z * axis).Map(v => v >= 0 ? 1.0 : -1.0);
        var w = Vector<double>.Build.DenseOfArray(weights);
        var mean = Vector<double>.Build.Dense(Rank);
        var covariance = second;
        for (var iteration = 0; iteration < ReflectionIterations; iteration++)
        {
            var next = z.TransposeThisAndMultiply(signs.PointwiseMultiply(w));
            covariance = second - next.OuterProduct(next);
            var moved = (next - mean).L2Norm();
            mean = next;
            var factor = covariance.ToColumnMajorArray();
            if (!Linear.Cholesky.TryFactor(factor, Rank)) return Proposal.Prior(Rank);
            var solved = mean.ToArray();
            Linear.Cholesky.Solve(factor, Rank, solved);
            signs = (z * Vector<double>.Build.DenseOfArray(solved)).Map(Math.Tanh);
            if (moved <= 1e-6 * Math.Max(mean.L2Norm(), 1e-12)) break;
        }
        var (edge, lowerEdge) = Edges(effectiveSamples);
        var (values, vectors) = ResolvedDirections(covariance, edge, lowerEdge);
        return new Proposal(mean, vectors, values.Map(v => Math.Sqrt(v) - 1), Reflected: true);
    }

    /// <summary>
    /// Whether the draw holds the tilted measure's mass: <see cref="ExplorationChains"/> Metropolis-adjusted Langevin
    /// chains on the measure itself (half started from the prior, half from the draw's heaviest samples) give the mean
    /// tilt T (the exponent: (σ_a²/2)(α·φ)² or ½φᵀQφ) per chain, set beside the draw's weighted mean of T. A draw that
    /// misses mass the chains reach has a much smaller mean tilt. For φ growing linearly a chain that passes
    /// |u| = <see cref="EscapeRadius"/>·√r has left for infinity: the measure is not normalisable there (counted in
    /// <see cref="TiltMassCheck.EscapedChains"/>). Null where no check is made (φ superlinear, whose measure is never
    /// normalisable) or when a chain's energy stops being finite. The chains' last states are kept
    /// (<see cref="TiltMassCheck.ChainEnds"/>): for φ growing linearly they seed the search of the tilt strength.
    /// </summary>
    public TiltMassCheck? CheckMass(TiltedDraw draw)
    {
        if (!_checkable) return null;
        var exploration = _checks++;
        var chains = CheckChains(Rank);
        var heaviest = Enumerable.Range(0, draw.Weights.Length).OrderByDescending(m => draw.Weights[m]).Take(chains / 2).ToArray();
        var kept = ExplorationSteps / ChainThinning;
        var means = new double[chains];
        var ends = new double[chains][];
        Parallel.For(0, chains, chain =>
        {
            var random = new Random(unchecked(_seed * 7919 + exploration * 104729 + chain));
            var u = chain < heaviest.Length ? draw.Samples.Row(heaviest[chain]).ToArray() : Enumerable.Range(0, Rank).Select(_ => StandardNormal.Sample(random)).ToArray();
            var states = RunChain(u, draw, random, kept);
            if (states is { Length: > 0 }) ends[chain] = states[^1];
            var (gradient, tilt) = (new double[Rank], new ChainTilt(this, draw));
            means[chain] = states is null ? double.PositiveInfinity
                : states.Length == kept ? states.Average(v => 0.5 * TensorPrimitives.Dot(v, v) - tilt.Energy(v, gradient)) : double.NaN;
        });
        if (means.Any(double.IsNaN)) return null;
        var escaped = means.Count(double.IsPositiveInfinity);
        means = means.Where(double.IsFinite).ToArray();
        var weighted = 0.0;
        for (var m = 0; m < draw.Weights.Length; m++)
        {
            if (draw.Weights[m] == 0) continue;
            var z = draw.Samples.Row(m);
            weighted += draw.Weights[m] * (draw.LogTargets[m] + 0.5 * z.DotProduct(z));
        }
        var mean = means.Length == 0 ? double.PositiveInfinity : means.Average();
        var error = means.Length < 2 ? double.PositiveInfinity : Math.Sqrt(means.Sum(v => (v - mean) * (v - mean)) / (means.Length - 1) / means.Length);
        return new TiltMassCheck(mean, error, weighted) { EscapedChains = escaped, Chains = chains, ChainEnds = ends.Where(e => e is not null).ToArray() };
    }

    /// <summary>Chains past this many √r from the origin have left for infinity (φ growing linearly, a non-normalisable measure).</summary>
    internal const double EscapeRadius = 1000;

    /// <summary>One chain from <paramref name="u"/>; its kept states, none when its energy stopped being finite, or null when it escaped (<see cref="EscapeRadius"/>).</summary>
    private double[][]? RunChain(double[] u, TiltedDraw draw, Random random, int kept)
    {
        var r = u.Length;
        var (gradient, trialGradient, trial) = (new double[r], new double[r], new double[r]);
        var tilt = new ChainTilt(this, draw);
        var energy = tilt.Energy(u, gradient);
        var step = 0.5 / Math.Sqrt(r);
        var states = new List<double[]>(kept);
        var escape = EscapeRadius * EscapeRadius * r;
        for (var t = 0; t < ExplorationWarmup + ExplorationSteps; t++)
        {
            if (TensorPrimitives.Dot(u, u) > escape) return null;
            var accepted = MalaAccepts(tilt, u, gradient, energy, step, random, trial, trialGradient, out var trialEnergy);
            if (!double.IsFinite(energy) || double.IsNaN(trialEnergy)) return [];
            if (accepted)
            {
                (u, trial) = (trial, u);
                (gradient, trialGradient) = (trialGradient, gradient);
                energy = trialEnergy;
            }
            if (t < ExplorationWarmup) step *= accepted ? 1.02 : 0.98;
            else if ((t - ExplorationWarmup) % ChainThinning == 0) states.Add((double[])u.Clone());
        }
        return [.. states];
    }

    /// <summary>
    /// One Metropolis-adjusted Langevin proposal from u (energy U, gradient ∇U) at step h: the trial u − (h²/2)∇U + hξ
    /// with its energy and gradient written to <paramref name="trial"/> and <paramref name="trialGradient"/>; true when
    /// it is accepted (a trial whose energy is not finite never is). The caller moves to the trial. Used by the check's
    /// chains and by the particle population.
    /// </summary>
    private static bool MalaAccepts(ChainTilt tilt, double[] u, double[] gradient, double energy, double step, Random random,
        double[] trial, double[] trialGradient, out double trialEnergy)
    {
        var r = u.Length;
        for (var k = 0; k < r; k++) trial[k] = u[k] - 0.5 * step * step * gradient[k] + step * StandardNormal.Sample(random);
        trialEnergy = tilt.Energy(trial, trialGradient);
        double forward = 0, backward = 0;
        for (var k = 0; k < r; k++)
        {
            var f = trial[k] - u[k] + 0.5 * step * step * gradient[k];
            var b = u[k] - trial[k] + 0.5 * step * step * trialGradient[k];
            forward += f * f; backward += b * b;
        }
        return double.IsFinite(trialEnergy) && Math.Log(random.NextDouble()) < energy - trialEnergy + (forward - backward) / (2 * step * step);
    }

    /// <summary>
    /// The energy U(u) = |u|²/2 − T(h), h = Bu, of one chain on a draw's tilted measure, with its own buffers (a chain
    /// takes 3,600 steps; nothing is allocated per step). Bu and Bᵀ∂T/∂h run along B's columns (r products of length
    /// P, vectorised over the data), and φ, φ′ are evaluated together on the whole of h (<see cref="VectorActivations"/>).
    /// </summary>
    private sealed class ChainTilt(TiltedUnitSampler sampler, double[]? alpha, double[][]? form)
    {
        /// <summary>The tilt of a draw (its α, or its form Q).</summary>
        public ChainTilt(TiltedUnitSampler sampler, TiltedDraw draw) : this(sampler, draw.Alpha?.ToArray(), draw.Form?.ToRowArrays()) { }

        private readonly double[][] _columns = sampler.ReducedColumns;
        private readonly double[]? _alpha = alpha;   // read at every call: a population's α may change between sweeps
        private readonly double[][]? _form = form;
        private readonly double[] _h = new double[sampler.ReducedRows.Length], _slope = new double[sampler.ReducedRows.Length],
            _features = new double[sampler.ReducedRows.Length];

        /// <summary>U(u), and its gradient u − Bᵀ∂T/∂h written to <paramref name="gradient"/>.</summary>
        public double Energy(double[] u, double[] gradient)
        {
            Array.Clear(_h);
            for (var k = 0; k < u.Length; k++) TensorPrimitives.MultiplyAdd(_columns[k], u[k], _h, _h);
            // _features = φ(h), _slope = φ′(h) for now.
            VectorActivations.Apply(sampler._phi, _h, _features, _slope);
            double tilt;
            if (_alpha is { } alpha)
            {
                // T = (σ_a²/2)(α·φ)², ∂T/∂h_i = σ_a²(α·φ)α_i φ′(h_i).
                var projection = TensorPrimitives.Dot(alpha, _features);
                tilt = 0.5 * sampler._readoutVariance * projection * projection;
                TensorPrimitives.Multiply(_slope, alpha, _slope);
                TensorPrimitives.Multiply(_slope, sampler._readoutVariance * projection, _slope);
            }
            else
            {
                // T = ½φᵀQφ, ∂T/∂h_i = φ′(h_i)(Qφ)_i.
                tilt = 0;
                for (var i = 0; i < _h.Length; i++)
                {
                    var formed = TensorPrimitives.Dot(_form![i], _features);
                    tilt += 0.5 * _features[i] * formed;
                    _slope[i] *= formed;
                }
            }
            for (var k = 0; k < u.Length; k++) gradient[k] = u[k] - TensorPrimitives.Dot(_columns[k], _slope);
            return 0.5 * TensorPrimitives.Dot(u, u) - tilt;
        }
    }
}
