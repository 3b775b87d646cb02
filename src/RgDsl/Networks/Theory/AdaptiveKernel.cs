using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Functions;
using RgDsl.Validity;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The kernel-adaptation saddle of a one-hidden-layer network in the mean-field scaling (THEORY §6.5; Seroussi, Naveh
/// and Ringel 2023; Rubin et al. 2025; Lauditi, Bordelon and Pehlevan 2025): f = Σ_i a_i φ(w_i·x/√d)/N with
/// w ~ N(0, σ_w² I), a ~ N(0, σ_a²) and likelihood exp(−(N/2κ)|f(X) − y|²). Integrating the readout leaves
/// −(N/2) yᵀ(K̂ + κI)⁻¹y with K̂ the average over units of σ_a² φ(Xw_i)φ(Xw_i)ᵀ; at N → ∞ the units become independent
/// draws of the tilted measure
/// p(w) ∝ p₀(w) exp((σ_a²/2)(α·φ(Xw/√d))²),  α = (K_ad + κI)⁻¹y,  K_ad = σ_a² E_p[φ(Xw/√d)φ(Xw/√d)ᵀ],
/// solved self-consistently, and the posterior-mean predictor is kernel regression with K_ad, its test entries from
/// the same measure. Neglected (the 1/N corrections): the log-determinant −½ ln det(K̂ + κI), which is O(P) against
/// the O(N) action, and the fluctuations of the N units around the saddle.
/// <para>
/// Linear φ (<see cref="AdaptiveKernelMethod.GaussianTilt"/>, exact): the tilt is Gaussian, a rank-one change of the
/// weights' covariance along Xᵀα, K_ad = K + (Kα)(Kα)ᵀ/(1 − αᵀKα). Then K_ad α = s Kα with s = 1/(1 − αᵀKα), so
/// α = (sK + κI)⁻¹y and the predictor is the GP's at kernel sK, with s the root of 1 − 1/s = yᵀ(sK+κ)⁻¹K(sK+κ)⁻¹y —
/// the large-N saddle of the exact scale mixture (s = |a|²/(Nσ_a²), Gamma(N/2, 2/N) prior). The root is unique and
/// s ≥ 1 (the left side rises from −∞ to 1, the right side falls), so linear φ never reaches the transition.
/// </para>
/// <para>
/// Any other φ (<see cref="AdaptiveKernelMethod.ImportanceSampling"/>): the tilted measure sees w only through the P
/// pre-activations, so it is sampled exactly in the row space of the data (the orthogonal part keeps its prior,
/// <see cref="TiltedUnitSampler"/>), by self-normalised importance sampling from a Gaussian proposal refitted to it;
/// its Monte-Carlo error is that of Units samples (reported as the effective sample fraction). The saddle is the
/// minimum of the convex action S(α) = Λ(α) + ½κ|α|² − α·y with Λ(α) = ln E₀ exp((σ_a²/2)(α·φ)²) (the dual of the
/// large-deviation problem over the unit measure, Donsker–Varadhan; the min-max of Lauditi et al.): ∇S = (K_ad + κ)α − y
/// vanishes exactly at the self-consistency condition, and ∇²S = K_ad + κI + σ_a⁴ Cov[(α·φ)φ]. With common random
/// numbers the estimate of Λ is a log-sum-exp of convex functions, so convex too; it is minimised by Newton's method
/// from α = 0 (no tilt) with an Armijo test, a trust region on the effective sample size, and the proposal refitted
/// at each iterate. A step that would make the measure non-normalisable (for φ growing linearly:
/// G = σ_a² max_e (α·φ_∞(Be))² ≥ 1) is halved; when the iterate itself is pressed against G = 1 and no step helps, the
/// saddle is reported as the feature-learning transition, not as an error. For ReLU, G is bracketed: a search gives
/// a lower bound, on which the step test and the transition verdict rest (so a reported transition is certain: the
/// blocked step does have G ≥ 1), and an enumeration of the sets of active units an upper bound; an adapted saddle whose
/// bracket reaches 1 is flagged as undecided.
/// </para>
/// <para>
/// Superlinear φ (z + εz³): the tilt beats the prior far out along every direction it sees, so the saddle is
/// metastable. The sampler keeps only draws in the basin of the prior's mode (the unit potential rises along the ray
/// from 0), the lowest barrier ΔU of that potential is found by descent on the sphere (exact for one unit against its
/// closed form; ΔU ∝ 1/ε at fixed α), Newton steps are kept where ΔU ≥ <see cref="MinimumBarrier"/>, and a saddle that
/// needs a lower barrier is the transition: the units leave the basin and grow onto the target (condensation). With
/// P &gt; d the labels have a part no linear feature reaches, α is of order 1/κ there, and the cubic features reach it:
/// the barrier is then low even for small ε (measured N = 64, P = 16, d = 8: ΔU ≈ 1–3 for ε = 0.1 and 0.3 at κ from 0.05
/// to 2, against ln N = 4.2), and the sampled networks' errors lie far above the NNGP's and the saddle's.
/// </para>
/// </summary>
public static partial class AdaptiveKernel
{
    /// <summary>The saddle for an architecture with one or two hidden layers (its activation, σ_w², σ_a²) on one training set.</summary>
    /// <exception cref="ArgumentException">Depth above 2, a ridge ≤ 0, bad inputs or labels (named).</exception>
    /// <exception cref="InvalidOperationException">The fixed point did not converge (iterations and residual in the message).</exception>
    public static AdaptiveKernelSolution Solve(NetworkArchitecture architecture, double ridge, double[][] inputs, double[] labels, AdaptiveKernelOptions? options = null) =>
        TrySolve(architecture, ridge, inputs, labels, options, out var solution, out var error) ? solution : throw new InvalidOperationException(error);

    /// <summary>
    /// The saddle for an architecture with one hidden layer (<see cref="TrySolve(ActivationFunction, double, double, double, double[][], double[], AdaptiveKernelOptions?, out AdaptiveKernelSolution?, out string?)"/>)
    /// or two (<see cref="TrySolveTwoLayers"/>) on one training set; false when the fixed point does not converge, with why.
    /// </summary>
    /// <exception cref="ArgumentException">Depth above 2, a ridge ≤ 0, bad inputs or labels (named).</exception>
    public static bool TrySolve(NetworkArchitecture architecture, double ridge, double[][] inputs, double[] labels, AdaptiveKernelOptions? options,
        [NotNullWhen(true)] out AdaptiveKernelSolution? solution, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture.Depth switch
        {
            1 => TrySolve(architecture.Function, architecture.WeightVariance, architecture.ReadoutVariance, ridge, inputs, labels, options, out solution, out error),
            2 => TrySolveTwoLayers(architecture, ridge, inputs, labels, options, out solution, out error),
            _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the adaptive-kernel saddle is implemented for one and two hidden layers; this network has {architecture.Depth}."), nameof(architecture)),
        };
    }

    /// <summary>As <see cref="TrySolve(ActivationFunction, double, double, double, double[][], double[], AdaptiveKernelOptions?, out AdaptiveKernelSolution?, out string?)"/>, throwing when the fixed point does not converge.</summary>
    /// <exception cref="InvalidOperationException">The fixed point did not converge (iterations and residual in the message).</exception>
    public static AdaptiveKernelSolution Solve(ActivationFunction activation, double weightVariance, double readoutVariance, double ridge,
        double[][] inputs, double[] labels, AdaptiveKernelOptions? options = null) =>
        TrySolve(activation, weightVariance, readoutVariance, ridge, inputs, labels, options, out var solution, out var error)
            ? solution : throw new InvalidOperationException(error);

    /// <summary>
    /// Solves the saddle on one training set. Returns false (with the iteration count and residual in
    /// <paramref name="error"/>) when the fixed point does not converge; a saddle without a normalisable solution is a
    /// successful result with <see cref="AdaptiveKernelPhase.FeatureLearningTransition"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A ridge ≤ 0 (mean-field with κ = 0 has no saddle), bad variances, inputs or labels (named), or a run larger than the memory budget.</exception>
    public static bool TrySolve(ActivationFunction activation, double weightVariance, double readoutVariance, double ridge, double[][] inputs, double[] labels,
        AdaptiveKernelOptions? options, [NotNullWhen(true)] out AdaptiveKernelSolution? solution, [NotNullWhen(false)] out string? error)
    {
        options ??= AdaptiveKernelOptions.Default;
        Validate(activation, weightVariance, readoutVariance, ridge, inputs, labels, options);
        var method = options.Method == AdaptiveKernelMethod.Auto
            ? activation.IsLinear ? AdaptiveKernelMethod.GaussianTilt : AdaptiveKernelMethod.ImportanceSampling
            : options.Method;
        if (method == AdaptiveKernelMethod.GaussianTilt)
        {
            if (!activation.IsLinear) throw new ArgumentException($"the Gaussian tilt is exact for linear φ only; {activation.Name} needs importance sampling.", nameof(options));
            solution = GaussianTilt(activation.PositiveSlope, weightVariance, readoutVariance, ridge, inputs, labels);
            error = null;
            return true;
        }
        return TryImportanceSampling(activation, weightVariance, readoutVariance, ridge, inputs, labels, options, out solution, out error);
    }

    private static void Validate(ActivationFunction activation, double weightVariance, double readoutVariance, double ridge, double[][] inputs, double[] labels, AdaptiveKernelOptions options)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        options.Validate();
        if (ridge == 0)
            throw new ArgumentException("mean-field with a ridge of zero: the likelihood exp(−(N/2κ)|f − y|²) pins f to the labels and the saddle α = (K_ad + κI)⁻¹y does not exist; use κ > 0.", nameof(ridge));
        if (!double.IsFinite(ridge) || ridge < 0) throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "the ridge κ must be positive and finite.");
        if (!double.IsFinite(weightVariance) || weightVariance <= 0) throw new ArgumentOutOfRangeException(nameof(weightVariance), weightVariance, "σ_w² must be positive and finite.");
        if (!double.IsFinite(readoutVariance) || readoutVariance <= 0) throw new ArgumentOutOfRangeException(nameof(readoutVariance), readoutVariance, "σ_a² must be positive and finite.");
        if (inputs.Length < 1) throw new ArgumentException("at least one training input is needed.", nameof(inputs));
        if (labels.Length != inputs.Length) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{labels.Length} labels for {inputs.Length} inputs."), nameof(labels));
        var d = inputs[0]?.Length ?? 0;
        if (d < 1) throw new ArgumentException("the inputs need at least one feature.", nameof(inputs));
        foreach (var x in inputs)
        {
            if (x is null || x.Length != d) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"every input must have d = {d} features."), nameof(inputs));
            if (x.Any(v => !double.IsFinite(v))) throw new ArgumentException("an input has a non-finite feature.", nameof(inputs));
        }
        if (labels.Any(v => !double.IsFinite(v))) throw new ArgumentException("a label is not finite.", nameof(labels));
        // The tilted measure integrates φ² against the prior of the pre-activations: φ must be integrable at the largest variance.
        activation.EnsureIntegrable(weightVariance * inputs.Max(x => x.Sum(v => v * v)) / d);
        // Samples (M×r), features (two M×P copies) and the P×P kernels.
        var p = (double)inputs.Length;
        var bytes = 8.0 * (options.Units * (Math.Min(p, d) + 2 * p) + 4 * p * p + p * d);
        MemoryBudget.Check(bytes, string.Create(CultureInfo.InvariantCulture, $"the adaptive-kernel saddle with {options.Units} units on P = {p}"), nameof(options), "use fewer AdaptiveKernelOptions.Units or a smaller P.");
    }

    /// <summary>Linear φ(z) = c z: the exact Gaussian tilt (see the class remarks).</summary>
    private static AdaptiveKernelSolution GaussianTilt(double slope, double weightVariance, double readoutVariance, double ridge, double[][] inputs, double[] labels)
    {
        var d = inputs[0].Length;
        var factor = readoutVariance * slope * slope * weightVariance / d;
        var x = Matrix<double>.Build.DenseOfRowArrays(inputs);
        var k = x.TransposeAndMultiply(x) * factor;
        var evd = k.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Select(e => Math.Max(e.Real, 0)).ToArray();
        var projected = evd.EigenVectors.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(labels));
        double Equation(double s) => 1 - 1 / s - Enumerable.Range(0, lambda.Length).Sum(i => lambda[i] * projected[i] * projected[i] / Math.Pow(s * lambda[i] + ridge, 2));
        // 1 − 1/s − g(s) rises from ≤ 0 at s = 1 to 1 at s = ∞: bracket, then bisect in ln s.
        double lo = 0, hi = 1;
        var steps = 0;
        while (Equation(Math.Exp(hi)) < 0 && hi < 700) { lo = hi; hi *= 2; steps++; }
        if (Equation(1) >= 0) hi = 0;
        for (; hi - lo > 1e-14 * Math.Max(1, hi) && steps < 400; steps++)
        {
            var mid = 0.5 * (lo + hi);
            if (Equation(Math.Exp(mid)) < 0) lo = mid; else hi = mid;
        }
        var scale = Math.Exp(0.5 * (lo + hi));
        var alpha = evd.EigenVectors * Vector<double>.Build.Dense(lambda.Length, i => projected[i] / (scale * lambda[i] + ridge));
        var ka = k * alpha;
        var adapted = k + scale * ka.OuterProduct(ka);
        var g = alpha.DotProduct(ka);
        double[] Predict(double[][] test)
        {
            var t = Matrix<double>.Build.DenseOfRowArrays(test);
            if (t.ColumnCount != d) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"test inputs need d = {d} features."), nameof(test));
            return (t * (x.TransposeThisAndMultiply(alpha)) * (factor * scale)).ToArray();
        }
        return new AdaptiveKernelSolution(AdaptiveKernelPhase.Adapted, AdaptiveKernelMethod.GaussianTilt, alpha, adapted, k, steps,
            Math.Abs(Equation(scale)), g, 1, null, [], Predict)
        {
            // Λ = −½ ln(1 − σ_a²c² αᵀCα), so ∂Λ/∂C = ½σ_a²c² s ααᵀ.
            TiltStrengthUpperBound = g, CovarianceResponse = alpha.OuterProduct(alpha) * (0.5 * readoutVariance * slope * slope * scale),
        };
    }
}
