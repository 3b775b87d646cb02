using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Functions;

namespace RgDsl.Networks.Theory;

public static partial class AdaptiveKernel
{
    /// <summary>The effective sample fraction of the importance sampler below which a solution is flagged.</summary>
    public const double MinimumEffectiveFraction = 0.02;

    /// <summary>
    /// The proposal is refitted at most this many times, then frozen even if the residual is still above
    /// <see cref="AdaptiveKernelOptions.AdaptationTolerance"/> (at high rank the refitted estimate's own noise can stay above it).
    /// </summary>
    internal const int MaximumAdaptations = 20;

    /// <summary>A Newton step is shortened until its draw keeps this fraction of effective samples (the proposal follows the measure).</summary>
    internal const double StepEffectiveFraction = 0.05;

    /// <summary>
    /// Newton's method on the convex action S(α) = Λ(α) + ½κ|α|² − α·y (see the class remarks), from α = 0, with a
    /// step halved while the measure would not be normalisable and, once the proposal is frozen, until S decreases
    /// (Armijo). The proposal is refitted to the tilted measure at each iterate until the residual is below
    /// <see cref="AdaptiveKernelOptions.AdaptationTolerance"/>, then frozen, so the last iterations minimise one
    /// deterministic function.
    /// </summary>
    private static bool TryImportanceSampling(ActivationFunction phi, double weightVariance, double readoutVariance, double ridge, double[][] inputs, double[] labels,
        AdaptiveKernelOptions options, [NotNullWhen(true)] out AdaptiveKernelSolution? solution, [NotNullWhen(false)] out string? error)
    {
        var sampler = new TiltedUnitSampler(phi, weightVariance, readoutVariance, inputs, options.Units, options.Seed);
        var p = inputs.Length;
        var y = Vector<double>.Build.DenseOfArray(labels);
        var alpha = Vector<double>.Build.Dense(p);
        var prior = sampler.Draw(alpha);
        var draw = prior;
        var draws = 1;
        var frozen = false;
        var adaptations = 0;
        var residual = double.PositiveInfinity;
        double Action(TiltedDraw d, Vector<double> a) => d.LogMean + 0.5 * ridge * a.DotProduct(a) - a.DotProduct(y);
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            residual = Residual(draw, ridge, y, alpha);
            if (draws > options.MaxDraws)
            {
                solution = null;
                error = string.Create(CultureInfo.InvariantCulture,
                    $"the adaptive-kernel saddle ({phi.Name}, P = {p}, κ = {ridge:G4}) did not converge within {options.MaxDraws} draws of the importance samples ({iteration - 1} iterations): residual |α′ − α|/|α′| = {residual:G3} > tolerance {options.Tolerance:G3}. Raise MaxDraws or Units.");
                return false;
            }
            if (frozen && residual < options.Tolerance)
            {
                solution = Finish(AdaptiveKernelPhase.Adapted, phi, readoutVariance, ridge, sampler, draw, prior, alpha, y, iteration, residual, null, options.DeferMassCheck, options.Population);
                error = null;
                return true;
            }
            if (!frozen)
            {
                draw = sampler.Adapt(draw, alpha);
                draws++;
                adaptations++;
                // Refitting re-draws the estimate, so the residual cannot fall below its Monte-Carlo noise while it goes on.
                frozen = residual < options.AdaptationTolerance || adaptations >= MaximumAdaptations;
            }
            var gradient = draw.Kernel * alpha + ridge * alpha - y;
            var hessian = draw.Kernel + draw.Curvature!;
            for (var i = 0; i < p; i++) hessian[i, i] += ridge;
            var solved = gradient.All(double.IsFinite) ? TrySolvePositive(hessian, gradient) : null;
            if (solved is null || double.IsNaN(residual))
            {
                solution = null;
                error = string.Create(CultureInfo.InvariantCulture,
                    $"the adaptive-kernel saddle ({phi.Name}, P = {p}, κ = {ridge:G4}) lost numerical precision at iteration {iteration}: the action's curvature is not positive definite or its gradient not finite (residual {residual:G3}); the importance weights cannot represent the tilted measure. Use more Units or a smaller tilt (larger κ).");
                return false;
            }
            var direction = -solved;
            var action = Action(draw, alpha);
            var slope = gradient.DotProduct(direction);
            var step = options.Damping;
            var blocked = false;
            while (true)
            {
                var next = alpha + step * direction;
                var normalisable = phi.Growth switch
                {
                    ActivationGrowth.Linear => LargestTilt(phi, readoutVariance, sampler, next, draw) < 1 - options.NormalisabilityMargin,
                    ActivationGrowth.Superlinear => sampler.LowestBarrier(next, draw, quick: true).Height >= MinimumBarrier,
                    _ => true,
                };
                TiltedDraw? trial = normalisable ? sampler.Draw(next) : null;
                if (trial is not null) draws++;
                // Both draws use the same proposal and random numbers, so Ŝ is one convex function here; the trial must
                // also keep enough effective samples for the proposal to be refitted from it (a trust region).
                if (trial is not null && trial.EffectiveSamples >= Math.Min(StepEffectiveFraction * options.Units, 0.5 * draw.EffectiveSamples)
                    && Action(trial, next) <= action + 1e-4 * step * slope)
                {
                    alpha = next; draw = trial;
                    break;
                }
                blocked |= !normalisable;
                step /= 2;
                if (step >= options.MinimumDamping) continue;
                // A transition only when the iterate itself is pressed against the boundary G = 1 (within 5%).
                if (!blocked || !NearBoundary(phi, readoutVariance, sampler, alpha, draw))
                {
                    // Newton on a convex function fails to decrease only at round-off: converged if the residual says so.
                    if (frozen && residual < Math.Sqrt(options.Tolerance)) break;
                    solution = null;
                    error = string.Create(CultureInfo.InvariantCulture,
                        $"the adaptive-kernel saddle ({phi.Name}, P = {p}, κ = {ridge:G4}) stalled at iteration {iteration}: no step down to {options.MinimumDamping:G2} of Newton's keeps the measure normalisable, decreases the action and keeps half the effective samples ({draw.EffectiveSamples:F0} of {options.Units}); residual {residual:G3}. Use more Units.");
                    return false;
                }
                var target = alpha + direction;
                var transition = phi.Growth == ActivationGrowth.Superlinear
                    ? BarrierReport(phi, readoutVariance, ridge, sampler, sampler.LowestBarrier(target, draw), draw, iteration)
                    : TransitionReport(phi, readoutVariance, weightVariance, ridge, p, sampler, alpha, target, draw, iteration);
                solution = Finish(AdaptiveKernelPhase.FeatureLearningTransition, phi, readoutVariance, ridge, sampler, draw, prior, alpha, y, iteration, residual, transition, options.DeferMassCheck, options.Population);
                error = null;
                return true;
            }
            if (frozen && step < options.MinimumDamping)
            {
                solution = Finish(AdaptiveKernelPhase.Adapted, phi, readoutVariance, ridge, sampler, draw, prior, alpha, y, iteration, residual, null, options.DeferMassCheck, options.Population);
                error = null;
                return true;
            }
        }
        solution = null;
        error = string.Create(CultureInfo.InvariantCulture,
            $"the adaptive-kernel saddle ({phi.Name}, P = {p}, κ = {ridge:G4}) did not converge in {options.MaxIterations} iterations: residual |α′ − α|/|α′| = {residual:G3} > tolerance {options.Tolerance:G3}. Raise MaxIterations or Units.");
        return false;
    }

    /// <summary>|α′ − α|/|α′| with α′ = (K_ad(α) + κI)⁻¹y.</summary>
    private static double Residual(TiltedDraw draw, double ridge, Vector<double> y, Vector<double> alpha)
    {
        var target = Target(draw.Kernel, ridge, y);
        return (target - alpha).L2Norm() / Math.Max(target.L2Norm(), 1e-300);
    }

    /// <summary>α′ = (K + κI)⁻¹y (NaN when K + κI is not numerically positive definite).</summary>
    internal static Vector<double> Target(Matrix<double> kernel, double ridge, Vector<double> y)
    {
        var a = kernel.Clone();
        for (var i = 0; i < a.RowCount; i++) a[i, i] += ridge;
        return TrySolvePositive(a, y) ?? Vector<double>.Build.Dense(y.Count, double.NaN);
    }

    /// <summary>A⁻¹b by Cholesky, or null when A is not numerically positive definite (or not finite).</summary>
    private static Vector<double>? TrySolvePositive(Matrix<double> a, Vector<double> b)
    {
        // The project's Cholesky (3–4× MathNet's managed one, docs/SPEED.md); a is symmetric, so its column-major array
        // is its row-major one.
        var n = a.RowCount;
        var factor = a.ToColumnMajorArray();
        if (!factor.All(double.IsFinite) || !Linear.Cholesky.TryFactor(factor, n)) return null;
        var x = b.ToArray();
        Linear.Cholesky.Solve(factor, n, x);
        return Vector<double>.Build.DenseOfArray(x);
    }

    /// <summary>
    /// G = σ_a² max over unit e of (α·φ_∞(B e))². Exact when c₊ = c₋ (then α·φ_∞(Be) = c α·Be, maximised along Bᵀα);
    /// otherwise (ReLU) the best of an ascent e ← ±∇A/|∇A| (A(e) = α·φ_∞(Be) is positively homogeneous, so its
    /// maximum on the sphere satisfies e ∝ ∇A) started from ±Bᵀα and the heaviest samples: a lower bound.
    /// </summary>
    private static double LargestTilt(ActivationFunction phi, double readoutVariance, TiltedUnitSampler sampler, Vector<double> alpha, TiltedDraw draw)
    {
        var v = sampler.ReducedB.TransposeThisAndMultiply(alpha);
        if (phi.PositiveSlope == phi.NegativeSlope) return readoutVariance * phi.PositiveSlope * phi.PositiveSlope * v.DotProduct(v);
        var heaviest = Enumerable.Range(0, draw.Weights.Length).OrderByDescending(m => draw.Weights[m]).Take(4).Select(m => draw.Samples.Row(m).ToArray());
        return LargestTilt(phi, readoutVariance, sampler, alpha, heaviest.Prepend(v.ToArray()));
    }

    /// <summary>The ascent of <see cref="LargestTilt(ActivationFunction, double, TiltedUnitSampler, Vector{double}, TiltedDraw)"/> from ±each of <paramref name="seeds"/>.</summary>
    private static double LargestTilt(ActivationFunction phi, double readoutVariance, TiltedUnitSampler sampler, Vector<double> alpha, IEnumerable<double[]> seeds) =>
        LargestTiltDirection(phi, readoutVariance, sampler, alpha, seeds).Value;

    /// <summary>
    /// G from the ascent from ±each of <paramref name="seeds"/>, and the unit direction e (reduced coordinates) where it
    /// was met; for c₊ = c₋ the exact G along Bᵀα.
    /// </summary>
    private static (double Value, double[]? Direction) LargestTiltDirection(ActivationFunction phi, double readoutVariance, TiltedUnitSampler sampler, Vector<double> alpha, IEnumerable<double[]> seeds)
    {
        if (phi.PositiveSlope == phi.NegativeSlope)
        {
            var v = sampler.ReducedB.TransposeThisAndMultiply(alpha);
            var norm = v.L2Norm();
            return (readoutVariance * phi.PositiveSlope * phi.PositiveSlope * norm * norm, norm > 0 ? (v / norm).ToArray() : null);
        }
        var starts = seeds.SelectMany(s => new[] { (double[])s.Clone(), s.Select(x => -x).ToArray() }).ToList();
        if (starts.Count == 0) return (0, null);
        // The ascent runs 30 steps of two matrix–vector products from each of 10 starts, at every line-search step: on
        // the rows of B as arrays (MathNet's managed products made this the saddle's largest cost for ReLU at P = 512).
        var rows = sampler.ReducedRows;
        var a = alpha.ToArray();
        // The starts are independent: spread over the cores (each ascent is deterministic, so the maximum is too).
        var found = new (double Value, double[]? Direction)[starts.Count];
        Parallel.For(0, starts.Count, i => found[i] = Ascend(phi, rows, a, starts[i]));
        var best = found.MaxBy(f => f.Value);
        return (readoutVariance * best.Value, best.Direction);
    }

    /// <summary>
    /// The largest (α·φ_∞(Be))² met on the ascent e ← ∇A/|∇A| from <paramref name="e"/> (overwritten), and the unit
    /// direction where it was met (null when none was finite).
    /// </summary>
    private static (double Value, double[]? Direction) Ascend(ActivationFunction phi, double[][] rows, double[] a, double[] e)
    {
        var (h, weights, gradient) = (new double[rows.Length], new double[rows.Length], new double[rows[0].Length]);
        double best = 0;
        double[]? direction = null;
        Normalise(e);
        for (var step = 0; step < 30 && e.All(double.IsFinite); step++)
        {
            double projection = 0;
            for (var mu = 0; mu < rows.Length; mu++)
            {
                h[mu] = TensorPrimitives.Dot(rows[mu], e);
                projection += a[mu] * phi.Asymptotic(h[mu]);
            }
            if (!double.IsFinite(projection)) break;
            if (projection * projection > best || direction is null) (best, direction) = (projection * projection, (double[])e.Clone());
            for (var mu = 0; mu < rows.Length; mu++) weights[mu] = a[mu] * phi.AsymptoticDerivative(h[mu]) * Math.Sign(projection);
            Array.Clear(gradient);
            for (var mu = 0; mu < rows.Length; mu++)
                if (weights[mu] != 0) TensorPrimitives.MultiplyAdd(rows[mu], weights[mu], gradient, gradient);
            if (TensorPrimitives.Norm(gradient) == 0) break;
            Normalise(gradient);
            // A fixed point e ∝ ∇A(e) revisits itself: nothing more to find from this start.
            var moved = TensorPrimitives.Distance(gradient, e);
            gradient.CopyTo(e, 0);
            if (moved < 1e-12) break;
        }
        return (best, direction);
    }

    private static void Normalise(double[] e) => TensorPrimitives.Divide(e, TensorPrimitives.Norm(e), e);

    /// <summary>
    /// Whether the iterate itself is pressed against the boundary of normalisability: G ≥ 0.95 (linear growth), or a
    /// barrier below twice <see cref="MinimumBarrier"/> (superlinear).
    /// </summary>
    private static bool NearBoundary(ActivationFunction phi, double readoutVariance, TiltedUnitSampler sampler, Vector<double> alpha, TiltedDraw draw) =>
        phi.Growth == ActivationGrowth.Superlinear
            ? sampler.LowestBarrier(alpha, draw).Height < 2 * MinimumBarrier
            : LargestTilt(phi, readoutVariance, sampler, alpha, draw) >= 0.95;

    /// <summary>Subsets of the positive (or negative) α's enumerated by <see cref="TiltUpperBound"/> before it falls back to Cauchy–Schwarz.</summary>
    private const int MaximumEnumerated = 16;

    /// <summary>
    /// An upper bound on G = σ_a² max_e (α·φ_∞(Be))² for c₊ ≠ c₋ (ReLU-like φ_∞(z) = c₊ max(z, 0) + c₋ min(z, 0)), so that a
    /// saddle whose normalisability the search (<see cref="LargestTilt(ActivationFunction, double, TiltedUnitSampler, Vector{double}, TiltedDraw)"/>, a lower bound) cannot decide is flagged.
    /// φ_∞ = c₋ z + δ max(z, 0) with δ = c₊ − c₋, so A(e) = c₋ (Bᵀα)·e + Σ_μ δα_μ max(b_μ·e, 0): the positive terms are a
    /// maximum over subsets S of active units, each negative one is at most λ δα_μ b_μ·e for λ ∈ [0, 1], so
    /// max_e A ≤ min_λ max_S |c₋Bᵀα + λ Σ_{δα&lt;0} δα_μ b_μ + Σ_S δα_μ b_μ| (likewise for −A); the subsets are enumerated
    /// when there are at most 16, else bounded by Cauchy–Schwarz. Exact when all δα_μ share a sign; loose otherwise.
    /// </summary>
    internal static double TiltUpperBound(ActivationFunction phi, double readoutVariance, Matrix<double> b, Vector<double> alpha)
    {
        var (cMinus, delta) = (phi.NegativeSlope, phi.PositiveSlope - phi.NegativeSlope);
        var linear = b.TransposeThisAndMultiply(alpha) * cMinus;
        double best = 0;
        foreach (var sign in new[] { 1.0, -1.0 })
        {
            // sign·A(e) = sign·c₋(Bᵀα)·e + Σ_μ c_μ max(b_μ·e, 0) with c_μ = sign·δ·α_μ. The terms with c_μ > 0 are
            // max over subsets S; those with c_μ < 0 are at most λ c_μ b_μ·e for any λ ∈ [0, 1] (max(x, 0) ≥ λx). So
            // max_e sign·A ≤ min_λ max_S |sign·c₋Bᵀα + λ Σ_{c_μ<0} c_μ b_μ + Σ_{μ∈S} c_μ b_μ|, λ on a grid.
            var c = Enumerable.Range(0, alpha.Count).Select(m => sign * delta * alpha[m]).ToArray();
            var rows = Enumerable.Range(0, alpha.Count).Where(m => c[m] > 0).ToArray();
            var terms = rows.Select(m => b.Row(m) * c[m]).ToArray();
            var negative = Vector<double>.Build.Dense(linear.Count);
            for (var m = 0; m < c.Length; m++) if (c[m] < 0) negative += b.Row(m) * c[m];
            var signBest = double.PositiveInfinity;
            foreach (var lambda in new[] { 0, 0.25, 0.5, 0.75, 1 })
            {
                var offset = linear * sign + lambda * negative;
                double largest = 0;
                if (rows.Length <= MaximumEnumerated)
                {
                    for (var mask = 0; mask < 1 << rows.Length; mask++)
                    {
                        var v = offset.Clone();
                        for (var k = 0; k < rows.Length; k++) if ((mask >> k & 1) == 1) v += terms[k];
                        largest = Math.Max(largest, v.DotProduct(v));
                    }
                }
                else
                {
                    var bound = offset.L2Norm() + terms.Sum(t => t.L2Norm());
                    largest = bound * bound;
                }
                signBest = Math.Min(signBest, largest);
            }
            best = Math.Max(best, signBest);
        }
        return readoutVariance * best;
    }

    private static string TransitionReport(ActivationFunction phi, double readoutVariance, double weightVariance, double ridge, int p,
        TiltedUnitSampler sampler, Vector<double> alpha, Vector<double> target, TiltedDraw draw, int iteration) =>
        FormattableString.Invariant(
            $"feature-learning transition: the tilted measure of one unit stops being normalisable ({phi.Name}, P = {p}, κ = {ridge:G4}, σ_w² = {weightVariance:G4}, σ_a² = {readoutVariance:G4}); ") +
            FormattableString.Invariant($"the tilt strength G = σ_a² max_e (α·φ_∞(Be))² is at least {LargestTilt(phi, readoutVariance, sampler, alpha, draw):G4} at the last iterate and {LargestTilt(phi, readoutVariance, sampler, target, draw):G4} at the iteration's target (G ≥ 1 is not normalisable), at iteration {iteration}: ") +
            "no saddle with a normalisable unit measure; at N → ∞ a vanishing fraction of units condenses onto the target";

    private static AdaptiveKernelSolution Finish(AdaptiveKernelPhase phase, ActivationFunction phi, double readoutVariance, double ridge, TiltedUnitSampler sampler,
        TiltedDraw draw, TiltedDraw prior, Vector<double> alpha, Vector<double> labels, int iterations, double residual, string? transition, bool deferCheck, (int BurnIn, int Sweeps, double Budget)? length)
    {
        var warnings = new List<string>();
        var fraction = draw.EffectiveSamples / draw.Weights.Length;
        if (fraction < MinimumEffectiveFraction)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"the importance weights are degenerate: {draw.EffectiveSamples:F0} effective of {draw.Weights.Length} samples (below {MinimumEffectiveFraction:P0}); use more Units"));
        (double Height, double Radius)? barrier = null;
        if (phi.Growth == ActivationGrowth.Superlinear)
        {
            barrier = sampler.LowestBarrier(alpha, draw);
            if (phase == AdaptiveKernelPhase.Adapted && barrier.Value.Height < MinimumBarrier)
            {
                phase = AdaptiveKernelPhase.FeatureLearningTransition;
                transition = BarrierReport(phi, readoutVariance, ridge, sampler, barrier.Value, draw, iterations);
            }
            else if (phase == AdaptiveKernelPhase.Adapted) phase = AdaptiveKernelPhase.Metastable;
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{phi.Name} grows faster than linearly: the tilted unit measure is not normalisable for any α ≠ 0; this is the metastable saddle, the measure restricted to the basin of the prior's mode (the resummed expansion in the non-linearity), whose lowest barrier is ΔU = {barrier.Value.Height:G3} at |w|/σ_w = {barrier.Value.Radius:G3} ({draw.Outside:P1} of the draws lay beyond it); what it leaves out is of order e^(−ΔU) per unit"));
        }
        if (transition is not null) warnings.Add(transition);
        var check = transition is null && !deferCheck ? sampler.CheckMass(draw) : null;
        double? tilt = phi.Growth == ActivationGrowth.Linear ? LargestTilt(phi, readoutVariance, sampler, alpha, draw) : null;
        if (check is not null && tilt is not null)
        {
            // The chains' last states seed the search too: far out, a linearly growing φ is φ_∞, and a chain drifting
            // outwards follows a direction where the tilt nearly cancels the prior.
            var (fromChains, direction) = LargestTiltDirection(phi, readoutVariance, sampler, alpha, check.ChainEnds);
            check = check with { ChainTiltStrength = fromChains, ChainTiltDirection = direction };
            tilt = Math.Max(tilt.Value, fromChains);
        }
        var wanted = length is not null && ShouldSettlePopulation(phi, check);
        var populationWork = AdaptiveKernelTheory.PopulationWork(draw.Weights.Length, sampler.ReducedB.RowCount, sampler.Rank, length?.BurnIn + length?.Sweeps ?? 0);
        var population = wanted && populationWork <= length!.Value.Budget ? sampler.SolvePopulation(labels, ridge, draw, length.Value.BurnIn, length.Value.Sweeps, 17) : null;
        var settled = population is { Residual: <= TiltPopulation.Tolerance };
        if (!settled && MassCheckWarning(check, phi, "", "the saddle's α", "(σ_a²/2)(α·φ)²") is { } missed)
            warnings.Add(missed + (population is not null
                ? string.Create(CultureInfo.InvariantCulture, $"; a population of {draw.Weights.Length} Langevin particles with α following their kernel did not settle either (residual {population.Residual:G3} after {length!.Value.BurnIn} + {length.Value.Sweeps} sweeps)")
                : wanted
                    ? string.Create(CultureInfo.InvariantCulture, $"; the particle population that would settle the whole measure was not run: it needs about {populationWork:G2} operations, more than AdaptiveKernelOptions.PopulationWorkBudget = {length!.Value.Budget:G2}")
                    : ""));
        double? upper = tilt;
        if (tilt is { } lower && phi.PositiveSlope != phi.NegativeSlope)
        {
            upper = Math.Max(lower, TiltUpperBound(phi, readoutVariance, sampler.ReducedB, alpha));
            if (phase == AdaptiveKernelPhase.Adapted && upper >= 1 && lower < 1)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"normalisability not decided: the tilt strength G lies in [{lower:G4}, {upper:G4}] (search and bound for {phi.Name}) and G ≥ 1 would mean no normalisable saddle (the transition); the saddle may be past it"));
        }
        // At a transition α is the last normalisable iterate, and K_ad and the predictor belong to it.
        var final = transition is null ? draw : sampler.Draw(alpha);
        var summary = population is null ? null : new TiltPopulation(draw.Weights.Length, length!.Value.BurnIn, length.Value.Sweeps, population.Residual, population.Acceptance, alpha.ToArray());
        var (deferred, response) = (transition is null && deferCheck ? () => sampler.CheckMass(draw) : (Func<TiltMassCheck?>?)null, phi.IsSmooth ? sampler.CovarianceResponse(final, alpha) : null);
        AdaptiveKernelSolution Build(AdaptiveKernelMethod method, Vector<double> a, Matrix<double> kernel, double finalResidual, Func<double[][], double[]> predict) =>
            new(phase, method, a, kernel, prior.Kernel, iterations, finalResidual, tilt, fraction, transition, warnings, predict)
            {
                BarrierHeight = barrier?.Height, TiltStrengthUpperBound = upper, MassCheck = check, Population = summary,
                PopulationParticles = settled ? population!.Snapshots[^1].Samples : null,
                DeferredMassCheck = deferred, CovarianceResponse = response,
            };
        return settled
            ? Build(AdaptiveKernelMethod.ParticlePopulation, population!.Alpha, population.Kernel, population.Residual, test => AveragePrediction(sampler, population.Snapshots, test))
            : Build(AdaptiveKernelMethod.ImportanceSampling, alpha, final.Kernel, residual, test => sampler.Predict(final, test));
    }

    /// <summary>Sweeps of <see cref="TiltedUnitSampler.SolvePopulation"/> before and while its kernel is averaged.</summary>
    internal const int PopulationBurnIn = 400, PopulationSweeps = 1600;

    /// <summary>
    /// Whether the draws' mass is in doubt enough to settle a particle population: a bounded φ whose Langevin chains
    /// reach a mean tilt above the draws' by more than 3 of their standard errors and 5% (for a φ growing linearly
    /// the missed mass is the transition the check reports).
    /// </summary>
    private static bool ShouldSettlePopulation(ActivationFunction phi, TiltMassCheck? check) =>
        phi.Growth == ActivationGrowth.Bounded && check is { } c && c.ChainTilt - c.SampledTilt > Math.Max(3 * c.ChainError, 0.05 * Math.Abs(c.SampledTilt));

    /// <summary>The mean predictor over a population's snapshots.</summary>
    private static double[] AveragePrediction(TiltedUnitSampler sampler, IReadOnlyList<TiltedDraw> snapshots, double[][] test)
    {
        var sum = new double[test.Length];
        foreach (var snapshot in snapshots) TensorPrimitives.Add(sum, sampler.Predict(snapshot, test), sum);
        TensorPrimitives.Divide(sum, snapshots.Count, sum);
        return sum;
    }

    /// <summary>
    /// The warning of a failed <see cref="TiltMassCheck"/> (null when it passed or was not made): chains that show the
    /// measure is not normalisable (a transition the draws missed), or mass the draws never reach.
    /// </summary>
    /// <param name="check">The check, or null when none was made.</param>
    /// <param name="phi">The activation (what the missed mass is differs for bounded and unbounded φ).</param>
    /// <param name="layer">Prefix naming the layer ("" for one hidden layer).</param>
    /// <param name="tilt">Where the chains ran ("the saddle's α", "the final tilt").</param>
    /// <param name="exponent">The tilt's exponent as a formula.</param>
    internal static string? MassCheckWarning(TiltMassCheck? check, ActivationFunction phi, string layer, string tilt, string exponent) => check switch
    {
        { NotNormalisable: true } => string.Create(CultureInfo.InvariantCulture,
            $"{layer}feature-learning transition missed by the draws: Langevin chains on one unit's measure at {tilt} {(check.EscapedChains > 0 ? $"left for infinity ({check.EscapedChains} of {check.Chains}, past {TiltedUnitSampler.EscapeRadius:G3}·√r in |w|/σ_w)" : $"reached directions where the tilt strength G = σ_a² max_e (α·φ_∞(Be))² is {check.ChainTiltStrength:G4} ≥ 1")}, so the measure is not normalisable there (φ grows linearly, and the draws and the tilt strength's search from them give only lower bounds): no normalisable saddle; the point cannot be trusted"),
        { Missed: true } => string.Create(CultureInfo.InvariantCulture,
            $"{layer}the importance draws miss the tilted measure's mass: Langevin chains on one unit's measure at {tilt} reach a mean exponent {exponent} = {check.ChainTilt:G4} ± {check.ChainError:G2} against the draws' {check.SampledTilt:G4} ({MissedMass(check, phi)}), so this is the saddle of the measure near the prior's mode, not the N → ∞ saddle (not computed). {MissedMassEvidence}"),
        _ => null,
    };

    /// <summary>Where the mass the draws miss lies: saturated units for a bounded φ, far-out units for a linearly growing one.</summary>
    private static string MissedMass(TiltMassCheck check, ActivationFunction phi) => phi.Growth == ActivationGrowth.Bounded
        ? "units saturating φ along the tilt's sign pattern, which the draws never reach"
        : check.ChainTiltStrength is { } g
            ? string.Create(CultureInfo.InvariantCulture, $"units far out along directions where the tilt nearly cancels the prior: the tilt strength from the chains' states is at least {g:G4}, so the saddle may be past the transition G = 1")
            : "units far from the prior's mode, which the draws never reach";

    /// <summary>What was measured where the Langevin check finds mass the draws miss (ends the warning).</summary>
    internal const string MissedMassEvidence =
        "Measured where this happens (tanh, d = 16, κ = 0.05, linear teacher, 4 training sets, 4,096 samples; networks of N = 64 and 256 by collapsed HMC from the prior on the same sets): this saddle lies below the networks by 1% at P = 32, 3–5% at P = 64, 9–10% at P = 128 and 17% at P = 256 (paired; δ of the other sign from P = 128 on), while the particle population on the whole measure, the solver's answer where it settles, lies within 0.3%, 1–3%, 4–5% and 6% of them (docs/NETWORKS.md §3c)";

    /// <summary>
    /// The barrier ΔU of the unit's potential (superlinear φ) below which the metastable saddle is not reported as a
    /// prediction: a unit crosses it with probability of order e^(−ΔU) per unit.
    /// </summary>
    public const double MinimumBarrier = 1;

    private static string BarrierReport(ActivationFunction phi, double readoutVariance, double ridge, TiltedUnitSampler sampler,
        (double Height, double Radius) barrier, TiltedDraw draw, int iteration) =>
        string.Create(CultureInfo.InvariantCulture,
            $"feature-learning transition: {phi.Name} grows faster than linearly and the tilt overwhelms the prior near the prior's mode (P = {sampler.ReducedB.RowCount}, κ = {ridge:G4}, σ_a² = {readoutVariance:G4}): at iteration {iteration} the saddle needs a unit potential whose lowest barrier is ΔU = {barrier.Height:G3} < {MinimumBarrier:G2} (at |w|/σ_w = {barrier.Radius:G3}; {draw.Outside:P1} of the draws beyond it), so no metastable saddle exists: the units leave the basin of the prior's mode and grow onto the target (condensation); the numbers are the last admissible iterate's and are not a prediction");
}
