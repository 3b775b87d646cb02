using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Functions;
using RgDsl.Validity;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The kernel-adaptation saddle of a mean-field network with two hidden layers (THEORY §6.5): f = Σ_i a_i φ(h²_i)/N,
/// h²_i = Σ_j W_ij φ(h¹_j)/√N, h¹_j = w_j·x/√d, W ~ N(0, σ_w²), likelihood exp(−(N/2κ)|f(X) − y|²).
/// <para>
/// Given the first layer, the second layer's units are independent with pre-activations h² ~ N(0, C¹) on the data,
/// C¹ = σ_w²·(1/N)Σ_j φ(h¹_j)φ(h¹_j)ᵀ its empirical kernel; integrating them and the readout is the one-layer saddle
/// with that covariance, whose log-weight is N·V(C¹), V(C) = min_α [Λ₂(α; C) + ½κ|α|² − α·y],
/// Λ₂ = ln E_{h~N(0,C)} exp((σ_a²/2)(α·φ(h))²). The first layer's N units then make C¹ a large deviation of their own
/// empirical measure: at N → ∞ each follows the tilted measure p(w) ∝ p₀(w) exp(σ_w² φ(h¹)ᵀ Γ φ(h¹)), Γ = ∂V/∂C¹ on
/// the training inputs (envelope theorem: ∂Λ₂/∂C at the second layer's saddle α), which Gaussian integration by parts
/// twice (Price's theorem) gives as an average over the second layer's tilted measure of the derivatives of its tilt,
/// without C⁻¹ (<see cref="TiltedUnitSampler.CovarianceResponse"/>; the equal form ½C⁻¹(E₂[hhᵀ] − C)C⁻¹ amplifies
/// the samples' noise along the small eigenvalues of C¹ by 10⁸ for tanh at P = 24, d = 12). So the saddle is a pair
/// of tilted unit measures, solved as a fixed point (Anderson mixing, then a running mean where the samples' noise sets a floor): first layer (tilt Γ) → C¹ on training and test inputs →
/// the one-layer saddle on h² ~ N(0, C¹) (<see cref="TrySolve(ActivationFunction, double, double, double, double[][], double[], AdaptiveKernelOptions?, out AdaptiveKernelSolution?, out string?)"/>, its inputs the rows of a factor F of C¹, FFᵀ = C¹,
/// so w·x/√d = z·F_e) → Γ → first layer. Test inputs enter the second layer through their row f* = F⁻¹C¹_{X*} and the
/// remainder √(C¹_** − |f*|²) in a coordinate the training rows leave at zero, which the one-layer sampler draws
/// independently: their joint law with the training pre-activations is exact.
/// </para>
/// <para>
/// Linear φ: both tilts are Gaussian. The first layer's weights have precision I/σ_w² − c²XᵀQX/d (Q = 2σ_w²Γ), the
/// second is the one-layer closed form, and Γ = ½σ_a²c² s₂ ααᵀ is rank one, so the saddle is the N → ∞ saddle of the
/// exact product-of-Gammas mixture, s₁ = s₂ = t with 1 − 1/t = t·yᵀ(t²K + κ)⁻¹K(t²K + κ)⁻¹y (the tests check both).
/// Other φ: the first layer by importance sampling in the row space of the data (<see cref="TiltedUnitSampler.DrawQuadratic"/>),
/// the second by the one-layer importance sampler. Neglected, as for one layer: the log-determinant and the units'
/// fluctuations around the saddle (O(P/N)). Not implemented: φ growing faster than linearly (its one-layer saddle is
/// already metastable), φ with a kink such as ReLU (its φ″ is a delta, which the samples do not resolve), and depth &gt; 2.
/// </para>
/// </summary>
public static partial class AdaptiveKernel
{
    /// <summary>Outer (layer-to-layer) iterations before the two-layer saddle gives up with its residual.</summary>
    public const int MaximumLayerIterations = 80;

    /// <summary>
    /// The first layer's importance samples per Units: its tilt is a full quadratic form and its samples cost M·P·(P + r)
    /// against the second layer's M·P·2P per draw and many draws per solve, so more of them are cheap.
    /// </summary>
    internal const int FirstLayerUnits = 4;

    /// <summary>The mixing of the outer iteration's Anderson steps (the share of the new residual taken).</summary>
    internal const double LayerDamping = 0.5;

    /// <summary>Iterations without a new smallest residual after which the tilt is averaged instead (sampled layers).</summary>
    internal const int StallIterations = 5;

    /// <summary>Iterations of the running mean of the tilt before the saddle is returned.</summary>
    internal const int AveragingIterations = 16;

    /// <summary>The longest Anderson step, in plain mixing steps.</summary>
    internal const double MaximumExtrapolation = 4;

    /// <summary>Halvings of a step after which the second layer's failure to converge ends the saddle.</summary>
    internal const int MaximumBacktracks = 6;

    /// <summary>Earlier iterates the outer iteration's Anderson steps combine.</summary>
    internal const int LayerMemory = 5;

    /// <summary>
    /// Converged when a full step to the second layer's response Q′ would change the first layer's kernel by less than
    /// this, |C¹(Q′) − C¹(Q)|_F/|C¹(Q′)|_F (after the first layer's proposal is frozen), where either layer is sampled;
    /// linear φ, in closed form, converges to <see cref="AdaptiveKernelOptions.Tolerance"/>. A sampled saddle whose
    /// residual stalls at its Monte-Carlo floor ends after <see cref="AveragingIterations"/> steps of the running mean.
    /// </summary>
    public const double LayerTolerance = 1e-3;

    /// <summary>
    /// Whether the saddle is implemented for this architecture: one hidden layer (any φ), or two with a φ whose derivative
    /// is continuous (<see cref="ActivationFunction.IsSmooth"/>) and that grows at most linearly.
    /// </summary>
    public static bool Applies(NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture.Depth == 1
            || (architecture.Depth == 2 && architecture.Function.IsSmooth && architecture.Function.Growth != ActivationGrowth.Superlinear);
    }

    /// <summary>As <see cref="TrySolveTwoLayers"/>, throwing when the fixed point does not converge.</summary>
    /// <exception cref="InvalidOperationException">The fixed point did not converge (iterations and residual in the message).</exception>
    public static AdaptiveKernelSolution SolveTwoLayers(NetworkArchitecture architecture, double ridge, double[][] inputs, double[] labels, AdaptiveKernelOptions? options = null) =>
        TrySolveTwoLayers(architecture, ridge, inputs, labels, options, out var solution, out var error) ? solution : throw new InvalidOperationException(error);

    /// <summary>
    /// The two-layer saddle on one training set (see the remarks above). Returns false with the outer iteration count and
    /// residual (or the inner saddle's own error) in <paramref name="error"/>; a tilt that stops being normalisable in
    /// either layer is a successful result with <see cref="AdaptiveKernelPhase.FeatureLearningTransition"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Depth ≠ 2, a superlinear φ, a ridge ≤ 0, bad inputs or labels (named), or a run larger than the memory budget.</exception>
    public static bool TrySolveTwoLayers(NetworkArchitecture architecture, double ridge, double[][] inputs, double[] labels, AdaptiveKernelOptions? options,
        [NotNullWhen(true)] out AdaptiveKernelSolution? solution, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        options ??= AdaptiveKernelOptions.Default;
        if (architecture.Depth != 2)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the two-layer saddle needs two hidden layers; this network has {architecture.Depth}."), nameof(architecture));
        var phi = architecture.Function;
        Validate(phi, architecture.WeightVariance, architecture.ReadoutVariance, ridge, inputs, labels, options);
        if (phi.Growth == ActivationGrowth.Superlinear)
            throw new ArgumentException($"the two-layer saddle is not implemented for {phi.Name}, which grows faster than linearly (its one-layer saddle is already metastable).", nameof(architecture));
        if (!phi.IsSmooth)
            throw new ArgumentException($"the two-layer saddle is not implemented for {phi.Name}, whose derivative jumps (a kink): the second layer's response ∂Λ/∂C then has a delta term the importance samples do not resolve.", nameof(architecture));
        // The first layer's FirstLayerUnits·Units samples (their normals, pre-activations, features and tilted products on
        // the P inputs) and the P×P tilts, kernels and factors of the layer iteration, besides what Validate counted.
        var p = (double)inputs.Length;
        var firstLayerBytes = 8.0 * (FirstLayerUnits * (double)options.Units * (Math.Min(p, inputs[0].Length) + 3 * p) + 12 * p * p);
        MemoryBudget.Check(firstLayerBytes, string.Create(CultureInfo.InvariantCulture, $"the two-layer adaptive-kernel saddle with {FirstLayerUnits * options.Units} first-layer samples on P = {p}"),
            nameof(options), "use fewer AdaptiveKernelOptions.Units or a smaller P.");
        var exact = phi.IsLinear && options.Method != AdaptiveKernelMethod.ImportanceSampling;
        var first = exact ? (FirstLayer)new GaussianFirstLayer(phi.PositiveSlope, architecture.WeightVariance, inputs)
            : new SampledFirstLayer(phi, architecture.WeightVariance, inputs, options);
        return new TwoLayerIteration(architecture, ridge, inputs, labels, options, first).TryRun(out solution, out error);
    }

    /// <summary>The damped fixed point between the two layers' tilted measures.</summary>
    private sealed class TwoLayerIteration(NetworkArchitecture architecture, double ridge, double[][] inputs, double[] labels, AdaptiveKernelOptions options, FirstLayer first)
    {
        private readonly int _p = inputs.Length;

        public bool TryRun([NotNullWhen(true)] out AdaptiveKernelSolution? solution, [NotNullWhen(false)] out string? error)
        {
            var form = Matrix<double>.Build.Dense(_p, _p);
            first.Update(form);
            var priorTrace = first.Kernel.Trace();
            var residual = double.PositiveInfinity;
            var mixing = new AndersonMixing(LayerMemory, LayerDamping);
            var (best, improved, averaged) = (double.PositiveInfinity, 0, 0);
            Matrix<double>? previous = null;
            var backtracks = 0;
            // Closed forms in both layers make the map exact: converge to the options' tolerance; sampled ones to LayerTolerance.
            var tolerance = first.Exact ? options.Tolerance : Math.Max(options.Tolerance, LayerTolerance);
            for (var iteration = 1; iteration <= MaximumLayerIterations; iteration++)
            {
                if (LayerFactor.TryOf(first.Kernel, architecture.Function.IsLinear) is not { } factor)
                {
                    (solution, error) = (null, string.Create(CultureInfo.InvariantCulture,
                        $"two hidden layers, layer iteration {iteration}: the first layer's kernel C¹ on the {_p} training inputs is not finite or not positive definite (trace {first.Kernel.Trace():G4}, {first.EffectiveFraction:P1} of its importance samples effective); the first layer's tilted measure cannot be represented. Use more Units or a larger κ."));
                    return false;
                }
                if (!TrySolve(architecture.Function, 1, architecture.ReadoutVariance, ridge, factor.TrainingRows(), labels, options with { DeferMassCheck = true }, out var second, out var inner))
                {
                    // The last step may have taken the first layer where the second's saddle is out of reach: halve it.
                    if (previous is null || ++backtracks > MaximumBacktracks)
                    {
                        (solution, error) = (null, string.Create(CultureInfo.InvariantCulture, $"two hidden layers, layer iteration {iteration}: the second layer's saddle failed{(backtracks > 0 ? string.Create(CultureInfo.InvariantCulture, $" after {backtracks - 1} halvings of the step") : "")}: {inner}"));
                        return false;
                    }
                    form = previous + 0.5 * (form - previous);
                    first.Update(form, adapt: false);
                    mixing.Reset();
                    continue;
                }
                backtracks = 0;
                if (second.Phase == AdaptiveKernelPhase.FeatureLearningTransition)
                {
                    solution = Finish(second, factor, priorTrace, iteration, residual, second.Transition);
                    error = null;
                    return true;
                }
                var next = second.CovarianceResponse! * (2 * architecture.WeightVariance);
                // The residual is what the first layer's kernel would do on a full step, |C¹(Q′) − C¹(Q)|/|C¹(Q′)|: Q′ itself
                // is dominated by the samples' noise in directions the first layer's features hardly reach.
                var kernelAt = first.KernelAt(next);
                residual = iteration == 1 ? double.PositiveInfinity : (kernelAt - first.Kernel).FrobeniusNorm() / kernelAt.FrobeniusNorm();
                if (first.Frozen && (residual < tolerance || averaged > AveragingIterations))
                {
                    solution = Finish(second, factor, priorTrace, iteration, residual, null);
                    error = null;
                    return true;
                }
                // A sampled second layer refits its proposal on every call, so Q′ is noisy and the residual stalls at a
                // floor no step removes: once it has not improved for StallIterations, the tilt becomes the running
                // mean of the Q′ that follow (Robbins–Monro steps 1/(k + 1)), the fixed point of the map's mean.
                if (residual < best) (best, improved) = (residual, iteration);
                if (averaged == 0 && first.Frozen && iteration - improved >= StallIterations) averaged = 1;
                // The map Q → Q′ falls steeply (a stronger first-layer tilt makes C¹ larger and the second layer's α
                // smaller), so plain iteration oscillates: Anderson mixing over the last few iterates instead.
                var trial = iteration == 1 ? next : averaged > 0 ? form + (next - form) / ++averaged : mixing.Next(form, next - form);
                var (accepted, halved, transition, stall) = Limit(form, trial, iteration, residual);
                if (halved) mixing.Reset();
                if (stall is not null)
                {
                    (solution, error) = (null, stall);
                    return false;
                }
                if (transition is not null)
                {
                    solution = Finish(second, factor, priorTrace, iteration, residual, transition);
                    error = null;
                    return true;
                }
                trial = accepted!;
                (previous, form) = (form, trial);
                first.Update(form, adapt: residual >= options.AdaptationTolerance && iteration < MaximumAdaptations);
            }
            (solution, error) = (null, string.Create(CultureInfo.InvariantCulture,
                $"the two-layer adaptive-kernel saddle ({architecture.Function.Name}, P = {_p}, κ = {ridge:G4}) did not converge in {MaximumLayerIterations} layer iterations: the first layer's tilt changes by {residual:G3} (relative) per iteration, above {tolerance:G3}. Use more Units."));
            return false;
        }

        /// <summary>
        /// The step from Q towards the trial tilt, halved until it is admissible: a first-layer tilt past normalisability
        /// is halved towards the current one, and a step goes at most half way from the current tilt strength to 1 (near
        /// it C¹ grows as 1/(1 − G)); as in the one-layer saddle, the new tilt must keep StepEffectiveFraction of the
        /// first layer's samples effective under the current proposal (or half of those now effective, if fewer), so
        /// that the proposal can be refitted to it. Below the smallest step: the transition when normalisability
        /// blocks it, else a stall (an error).
        /// </summary>
        private (Matrix<double>? Step, bool Halved, string? Transition, string? Stall) Limit(Matrix<double> form, Matrix<double> trial, int iteration, double residual)
        {
            var direction = trial - form;
            var limit = Math.Min(1 - options.NormalisabilityMargin, 0.5 * (1 + first.TiltStrength(form)));
            bool Normalisable(Matrix<double> q) => first.TiltStrength(q) < limit;
            var keep = Math.Min(StepEffectiveFraction, 0.5 * first.EffectiveFraction);
            var step = 1.0;
            while (!Normalisable(trial) || first.EffectiveFractionAt(trial) < keep)
            {
                step /= 2;
                if (step < options.MinimumDamping)
                    return Normalisable(trial)
                        ? (null, true, null, string.Create(CultureInfo.InvariantCulture,
                            $"the two-layer adaptive-kernel saddle ({architecture.Function.Name}, P = {_p}, κ = {ridge:G4}) stalled at layer iteration {iteration}: no step down to {options.MinimumDamping:G2} towards the second layer's response keeps {keep:P1} of the first layer's {FirstLayerUnits * options.Units} importance samples effective (now {first.EffectiveFraction:P1}; residual {residual:G3}). Use more Units."))
                        : (null, true, string.Create(CultureInfo.InvariantCulture,
                            $"feature-learning transition in the first layer: its tilted unit measure stops being normalisable at layer iteration {iteration} ({architecture.Function.Name}, P = {_p}, κ = {ridge:G4}; tilt strength {first.TiltStrength(trial):G4} ≥ 1 for any step towards the second layer's response)"), null);
                trial = form + step * direction;
            }
            return (trial, step < 1, null, null);
        }

        private AdaptiveKernelSolution Finish(AdaptiveKernelSolution second, LayerFactor factor, double priorTrace, int iterations, double residual, string? transition)
        {
            var prior = Matrix<double>.Build.DenseOfArray(new NngpKernel(architecture).Matrix(inputs));
            var adapted = Matrix<double>.Build.DenseOfArray(second.Kernel);
            var warnings = second.Warnings.Select(w => "second layer: " + w).ToList();
            if (first.EffectiveFraction < MinimumEffectiveFraction)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"first layer: the importance weights are degenerate ({first.EffectiveFraction:P1} effective samples, below {MinimumEffectiveFraction:P0}); use more Units"));
            if (first.Bounded is { } note) warnings.Add(note);
            if (MassCheckWarning(transition is null ? first.CheckMass() : null, architecture.Function, "first layer: ", "the final tilt", "½φᵀQφ") is { } missed) warnings.Add(missed);
            if (MassCheckWarning(second.DeferredMassCheck?.Invoke(), architecture.Function, "second layer: ", "the saddle's α", "(σ_a²/2)(α·φ)²") is { } secondMissed) warnings.Add(secondMissed);
            var phase = transition is null ? AdaptiveKernelPhase.Adapted : AdaptiveKernelPhase.FeatureLearningTransition;
            var layer = first;
            double[] Predict(double[][] test)
            {
                var (cross, diagonal) = layer.TestKernel(test);
                return second.Predict(factor.TestRows(cross, diagonal));
            }
            return new AdaptiveKernelSolution(phase, second.Method, Vector<double>.Build.DenseOfEnumerable(second.Alpha), adapted, prior, iterations, residual,
                second.TiltStrength, Math.Min(first.EffectiveFraction, second.EffectiveSampleFraction), transition, warnings, Predict)
            {
                TiltStrengthUpperBound = second.TiltStrengthUpperBound,
                LayerScales = [first.Kernel.Trace() / priorTrace, adapted.Trace() / prior.Trace()],
            };
        }
    }

    /// <summary>
    /// Anderson mixing (type II) of a fixed point x = g(x): with r = g(x) − x and the differences ΔX, ΔR of the last
    /// iterates, γ = argmin |r − ΔRγ| and x′ = x + βr − (ΔX + βΔR)γ; with no history, or when the step would be longer
    /// than <see cref="MaximumExtrapolation"/> plain steps βr, x′ = x + βr.
    /// </summary>
    private sealed class AndersonMixing(int memory, double mixing)
    {
        private readonly List<(Vector<double> X, Vector<double> R)> _history = [];

        public void Reset() => _history.Clear();

        public Matrix<double> Next(Matrix<double> x, Matrix<double> residual)
        {
            var (xv, rv) = (Vector<double>.Build.DenseOfArray(x.ToColumnMajorArray()), Vector<double>.Build.DenseOfArray(residual.ToColumnMajorArray()));
            _history.Add((xv, rv));
            if (_history.Count > memory + 1) _history.RemoveAt(0);
            var next = xv + mixing * rv;
            var m = _history.Count - 1;
            if (m > 0)
            {
                var dx = Matrix<double>.Build.Dense(xv.Count, m, (i, j) => _history[j + 1].X[i] - _history[j].X[i]);
                var dr = Matrix<double>.Build.Dense(xv.Count, m, (i, j) => _history[j + 1].R[i] - _history[j].R[i]);
                var gamma = dr.Svd(true).Solve(rv);
                var extrapolated = next - (dx + mixing * dr) * gamma;
                // Nearly dependent differences (noisy residuals) can extrapolate wildly: then the plain mixing step, afresh.
                if (gamma.All(double.IsFinite) && (extrapolated - xv).L2Norm() <= MaximumExtrapolation * mixing * rv.L2Norm()) next = extrapolated;
                else _history.RemoveRange(0, _history.Count - 1);
            }
            return Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, next.ToArray());
        }
    }

    /// <summary>
    /// A factor F of the first layer's kernel on the training inputs, FFᵀ = C (Cholesky for a non-linear φ, whose kernel
    /// is full rank and changes smoothly; the eigenvectors above 1e-12 of the largest for linear φ, whose kernel has the
    /// rank of the data), with F⁺ (FF⁺ projects on the range of C).
    /// </summary>
    private sealed record LayerFactor(Matrix<double> Kernel, Matrix<double> Factor, Matrix<double> Inverse)
    {
        /// <summary>The factor, or null when the kernel is not finite or (non-linear φ) not positive definite.</summary>
        public static LayerFactor? TryOf(Matrix<double> kernel, bool linear)
        {
            if (!kernel.Enumerate().All(double.IsFinite)) return null;
            try { return Of(kernel, linear); }
            catch (ArgumentException) { return null; } // MathNet's Cholesky of a matrix that is not positive definite
        }

        private static LayerFactor Of(Matrix<double> kernel, bool linear)
        {
            var c = 0.5 * (kernel + kernel.Transpose());
            if (!linear)
            {
                var jittered = c.Clone();
                var jitter = 1e-10 * c.Diagonal().Average();
                for (var i = 0; i < c.RowCount; i++) jittered[i, i] += jitter;
                var l = jittered.Cholesky().Factor;
                return new LayerFactor(jittered, l, l.Solve(Matrix<double>.Build.DenseIdentity(c.RowCount)));
            }
            var evd = c.Evd(Symmetricity.Symmetric);
            var top = evd.EigenValues.Max(e => e.Real);
            var kept = Enumerable.Range(0, c.RowCount).Where(i => evd.EigenValues[i].Real > 1e-12 * top).ToArray();
            var factor = Matrix<double>.Build.Dense(c.RowCount, kept.Length, (i, k) => evd.EigenVectors[i, kept[k]] * Math.Sqrt(evd.EigenValues[kept[k]].Real));
            var inverse = Matrix<double>.Build.Dense(kept.Length, c.RowCount, (k, i) => evd.EigenVectors[i, kept[k]] / Math.Sqrt(evd.EigenValues[kept[k]].Real));
            return new LayerFactor(factor.TransposeAndMultiply(factor), factor, inverse);
        }

        /// <summary>
        /// The second layer's inputs: √(k+1)·(F_e, 0), so that with σ_w² = 1 and d = k + 1 the pre-activation w·x/√d is
        /// z·F_e (the last coordinate is the test points' remainder).
        /// </summary>
        public double[][] TrainingRows()
        {
            var k = Factor.ColumnCount;
            var root = Math.Sqrt(k + 1.0);
            return Enumerable.Range(0, Factor.RowCount).Select(e => Enumerable.Range(0, k + 1).Select(j => j < k ? root * Factor[e, j] : 0).ToArray()).ToArray();
        }

        /// <summary>A test input's row: √(k+1)·(F⁺C_{X*}, √(C_** − |F⁺C_{X*}|²)).</summary>
        public double[][] TestRows(Matrix<double> cross, double[] diagonal)
        {
            var k = Factor.ColumnCount;
            var root = Math.Sqrt(k + 1.0);
            var inside = Inverse * cross; // k×T
            return Enumerable.Range(0, diagonal.Length).Select(t =>
            {
                var row = new double[k + 1];
                double squares = 0;
                for (var j = 0; j < k; j++) { row[j] = root * inside[j, t]; squares += inside[j, t] * inside[j, t]; }
                row[k] = root * Math.Sqrt(Math.Max(0, diagonal[t] - squares));
                return row;
            }).ToArray();
        }
    }

    /// <summary>The first layer's tilted measure p(w) ∝ p₀(w) exp(½ φ(h¹)ᵀQφ(h¹)) and its kernel C¹ = σ_w² E[φφᵀ].</summary>
    private abstract class FirstLayer
    {
        /// <summary>C¹ on the training inputs at the current tilt.</summary>
        public abstract Matrix<double> Kernel { get; }
        public abstract double EffectiveFraction { get; }
        /// <summary>Whether the measure's numerical representation is fixed (so the map Q → C¹ is deterministic).</summary>
        public abstract bool Frozen { get; }
        /// <summary>Whether the measure is integrated in closed form (linear φ; the second layer then is too).</summary>
        public virtual bool Exact => false;
        /// <summary>A caveat on <see cref="TiltStrength"/> (a lower bound only), or null.</summary>
        public virtual string? Bounded => null;

        /// <summary>The check of the current draw's mass by Langevin chains (<see cref="TiltedUnitSampler.CheckMass"/>); null when exact or not checked.</summary>
        public virtual TiltMassCheck? CheckMass() => null;
        /// <summary>Sets the tilt Q (and refits the sampler's proposal when asked).</summary>
        public abstract void Update(Matrix<double> form, bool adapt = true);
        /// <summary>C¹ on the training inputs under the tilt Q, without moving to it.</summary>
        public abstract Matrix<double> KernelAt(Matrix<double> form);
        /// <summary>The effective fraction of the current samples under the tilt Q, without moving to it (1 in closed form).</summary>
        public virtual double EffectiveFractionAt(Matrix<double> form) => 1;
        /// <summary>The tilt strength of Q: the measure is normalisable while it is below 1 (0 for bounded φ).</summary>
        public abstract double TiltStrength(Matrix<double> form);
        /// <summary>C¹ between the training and test inputs (P×T) and on the test inputs (T).</summary>
        public abstract (Matrix<double> Cross, double[] Diagonal) TestKernel(double[][] test);
    }

    /// <summary>Linear φ = c z: the tilt is Gaussian, w ~ N(0, (I/σ_w² − c²XᵀQX/d)⁻¹); exact.</summary>
    private sealed class GaussianFirstLayer(double slope, double weightVariance, double[][] inputs) : FirstLayer
    {
        private readonly Matrix<double> _x = Matrix<double>.Build.DenseOfRowArrays(inputs);
        private readonly int _d = inputs[0].Length;
        private Matrix<double> _covariance = Matrix<double>.Build.DenseIdentity(inputs[0].Length) * weightVariance;

        public override Matrix<double> Kernel => Scaled(_covariance);
        public override double EffectiveFraction => 1;
        public override bool Frozen => true;
        public override bool Exact => true;

        public override Matrix<double> KernelAt(Matrix<double> form) => Scaled(Covariance(form));

        public override void Update(Matrix<double> form, bool adapt = true) => _covariance = Covariance(form);

        private Matrix<double> Scaled(Matrix<double> covariance) => _x * covariance.TransposeAndMultiply(_x) * (weightVariance * slope * slope / _d);

        private Matrix<double> Covariance(Matrix<double> form)
        {
            var precision = Matrix<double>.Build.DenseIdentity(_d) / weightVariance - _x.TransposeThisAndMultiply(form * _x) * (slope * slope / _d);
            return precision.Inverse();
        }

        /// <summary>σ_w²c² λ_max(XᵀQX/d): the precision above stays positive while it is below 1.</summary>
        public override double TiltStrength(Matrix<double> form)
        {
            var m = _x.TransposeThisAndMultiply(form * _x) * (weightVariance * slope * slope / _d);
            return (0.5 * (m + m.Transpose())).Evd(Symmetricity.Symmetric).EigenValues.Max(e => e.Real);
        }

        public override (Matrix<double> Cross, double[] Diagonal) TestKernel(double[][] test)
        {
            var t = Matrix<double>.Build.DenseOfRowArrays(test);
            var scale = weightVariance * slope * slope / _d;
            var cross = _x * _covariance.TransposeAndMultiply(t) * scale;
            var diagonal = Enumerable.Range(0, test.Length).Select(i => t.Row(i).DotProduct(_covariance * t.Row(i)) * scale).ToArray();
            return (cross, diagonal);
        }
    }

    /// <summary>Any other φ: importance sampling in the row space of the data (<see cref="TiltedUnitSampler.DrawQuadratic"/>).</summary>
    private sealed class SampledFirstLayer(ActivationFunction phi, double weightVariance, double[][] inputs, AdaptiveKernelOptions options) : FirstLayer
    {
        // The sampler's "readout variance" is σ_w²: its kernel is then C¹ = σ_w² E[φφᵀ]. Seed: apart from the second layer's.
        private readonly TiltedUnitSampler _sampler = new(phi, weightVariance, weightVariance, inputs, FirstLayerUnits * options.Units, options.Seed + 104_729);
        private TiltedDraw? _draw;
        private bool _frozen;
        private double _largestSeen;

        public override Matrix<double> Kernel => _draw!.Kernel;
        public override double EffectiveFraction => _draw!.EffectiveSamples / _draw.Weights.Length;
        public override bool Frozen => _frozen;
        public override string? Bounded => phi.Growth == ActivationGrowth.Linear && _largestSeen > 0
            ? string.Create(CultureInfo.InvariantCulture, $"first layer: its normalisability is checked on the importance samples' directions only (the largest tilt strength seen, {_largestSeen:G3}, is a lower bound)")
            : null;

        /// <summary>
        /// Draws at Q; refits the proposal while asked to (then freezes it), and also after that whenever fewer than
        /// <see cref="StepEffectiveFraction"/> of the samples are effective (a frozen proposal that the tilt has left
        /// would otherwise let the effective samples halve at every step).
        /// </summary>
        public override void Update(Matrix<double> form, bool adapt = true)
        {
            _draw = _sampler.DrawQuadratic(form);
            _frozen |= !adapt;
            for (var refit = 0; refit < MaximumAdaptations && (!_frozen || EffectiveFraction < StepEffectiveFraction); refit++)
            {
                _draw = _sampler.Adapt(_draw);
                if (!_frozen) break;
            }
        }

        /// <summary>
        /// For φ growing linearly the exponent ½φ(Bz)ᵀQφ(Bz) grows as |z|² along every ray: normalisable while
        /// max over directions of φ(Be)ᵀQφ(Be) is below 1, bounded below here by the samples' directions (with the
        /// asymptotic slopes of φ). Bounded φ: always normalisable.
        /// </summary>
        public override double TiltStrength(Matrix<double> form)
        {
            if (phi.Growth != ActivationGrowth.Linear || _draw is null) return 0;
            var b = _sampler.ReducedB;
            var largest = 0.0;
            for (var m = 0; m < _draw.Samples.RowCount; m += 8)
            {
                var z = _draw.Samples.Row(m);
                var h = b * (z / z.L2Norm());
                var asymptotic = h.Map(v => v >= 0 ? phi.PositiveSlope * v : phi.NegativeSlope * v);
                largest = Math.Max(largest, asymptotic.DotProduct(form * asymptotic));
            }
            _largestSeen = largest;
            return largest;
        }

        public override Matrix<double> KernelAt(Matrix<double> form) => _sampler.DrawQuadratic(form).Kernel;

        public override double EffectiveFractionAt(Matrix<double> form)
        {
            var draw = _sampler.DrawQuadratic(form);
            return draw.EffectiveSamples / draw.Weights.Length;
        }

        public override (Matrix<double> Cross, double[] Diagonal) TestKernel(double[][] test) => _sampler.TestKernel(_draw!, test);

        public override TiltMassCheck? CheckMass() => _sampler.CheckMass(_draw!);
    }
}
