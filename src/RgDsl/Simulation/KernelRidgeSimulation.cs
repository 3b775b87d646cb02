using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra.Double;
using RgDsl.Gaussian;
using RgDsl.Spectra;
using RgDsl.Validity;

namespace RgDsl.Simulation;

/// <summary>
/// Kernel ridge regression on a Gaussian design (THEORY.md §7.1): Z ∈ R^{P×M} i.i.d. N(0,1), X = Z diag(√λ),
/// K = X Xᵀ, labels y = Z v + noise with v_k = y_k, α = (K + κI)⁻¹ y, predicted coefficients c = √λ ⊙ Xᵀα,
/// test error ‖c − v‖² + σ², train error κ²‖α‖²/P. Each of the n_k degenerate copies of a mode is a column of its own.
/// When P &gt; M the same estimator is solved in its primal (feature-space) form w = (XᵀX + κI)⁻¹ Xᵀ y = Xᵀα, an M × M
/// system instead of P × P, with the train error ‖y − Xw‖²/P (= κ²‖α‖²/P since κα = y − Xw).
/// </summary>
internal static class KernelRidgeSimulation
{
    public static SimulationResult Run(ISpectrum spectrum, double datasetSize, double ridge, double noise, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        CheckArguments(datasetSize, options);
        GaussianPredictor.CheckNoise(noise);
        if (!double.IsFinite(ridge) || ridge < 0) throw new ArgumentException(FormattableString.Invariant($"the ridge κ must be non-negative and finite; got {ridge:R}."), nameof(ridge));

        CheckMemory(spectrum, (int)datasetSize, options);

        // Expand multiplicities into columns, up to MaxModes.
        var lambda = new List<double>();
        var target = new List<double>();
        var truncated = false;
        for (long k = 1; k <= spectrum.Modes; k++)
        {
            var n = spectrum.Multiplicity(k);
            if (lambda.Count + n > options.MaxModes) { truncated = true; break; }
            for (var j = 0; j < n; j++) { lambda.Add(spectrum.Eigenvalue(k)); target.Add(spectrum.TargetPower(k)); }
        }
        if (lambda.Count == 0) throw new ArgumentException("SimulationOptions.MaxModes is smaller than the multiplicity of the first mode.");
        var simulated = new TableSpectrum(lambda.ToArray(), target.ToArray(), null, "simulated modes");
        var p = (int)datasetSize;
        if (ridge == 0 && p >= lambda.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ridgeless simulation needs P < {lambda.Count} simulated modes; got P = {p}."));
        var theory = GaussianPredictor.Predict(simulated, datasetSize, ridge, noise);

        var form = options.Form ?? FormFor(p, lambda.Count);
        if (form == KernelRidgeForm.Primal && ridge == 0 && p < lambda.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the primal form needs κ > 0 or P ≥ M; got κ = 0 and P = {p} < M = {lambda.Count}."), nameof(options));
        var tests = new double[options.Seeds];
        var trains = new double[options.Seeds];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reported = false;
        for (var s = 0; s < options.Seeds; s++)
        {
            (tests[s], trains[s]) = OneTrainingSet(lambda, target, p, ridge, noise, options.Seed + s, form);
            if (options.Progress is not null && (reported || clock.Elapsed >= options.ProgressDelay))
            {
                options.Progress.Report((s + 1.0) / options.Seeds);
                reported = true;
            }
        }
        var (testMean, testSe) = MeanAndError(tests);
        var (trainMean, trainSe) = MeanAndError(trains);
        return new SimulationResult(datasetSize, testMean, testSe, trainMean, trainSe, options.Seeds, lambda.Count, truncated, theory);
    }

    /// <summary>The smaller of the two linear systems: dual (P × P) when P ≤ M, primal (M × M) when P &gt; M.</summary>
    internal static KernelRidgeForm FormFor(int p, int m) => p > m ? KernelRidgeForm.Primal : KernelRidgeForm.Dual;

    /// <summary>
    /// One training set holds the P×M design, the n×n system and its Cholesky factor with n = min(P, M) (the form
    /// solved), and a few vectors of P and M; refused up front (naming the largest MaxModes that fits) when that cannot
    /// fit, before the columns are even listed.
    /// </summary>
    private static void CheckMemory(ISpectrum spectrum, int p, SimulationOptions options)
    {
        var columns = Math.Min(options.MaxModes, spectrum.ModeCount);
        var usable = MemoryBudget.Usable;
        MemoryBudget.Check(Bytes(p, columns, options.Seeds), string.Create(CultureInfo.InvariantCulture, $"Kernel ridge regression with P = {p} on {columns:G4} simulated modes"), nameof(options),
            LargestFit(p, options.Seeds, usable) is var fit && fit >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"lower SimulationOptions.MaxModes to at most {Math.Floor(fit):0} (the theory is then evaluated on the same truncated spectrum).")
                : "lower the dataset size P.");
    }

    /// <summary>The most training sets one simulation averages over (each is a P × min(P, M) solve; 10⁵ take hours).</summary>
    public const int MaxSeeds = 100_000;

    /// <summary>
    /// The checks that need no spectrum: P, the seeds and MaxModes (so that a network refuses before its spectrum is
    /// measured; the memory, which depends on the spectrum's modes, is checked by <see cref="Run"/>).
    /// </summary>
    internal static void CheckArguments(double datasetSize, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Seeds is < 2 or > MaxSeeds) throw new ArgumentOutOfRangeException(nameof(options), options.Seeds, $"SimulationOptions.Seeds must lie in 2..{MaxSeeds} (at least 2 to give a standard error).");
        if (options.MaxModes < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxModes, "SimulationOptions.MaxModes must be positive.");
        if (!double.IsFinite(datasetSize) || datasetSize < 1 || datasetSize != Math.Floor(datasetSize) || datasetSize > 20_000)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, "a simulation needs a whole number of training points P in 1..20000.");
    }

    /// <summary>Bytes one run plans: design P·M, system and factor 2n² (n = min(P, M)), vectors 6M + 3P, results per seed.</summary>
    internal static double Bytes(double p, double m, int seeds)
    {
        var n = Math.Min(p, m);
        return 8.0 * (p * m + 2.0 * n * n + 6 * m + 3 * p) + 16.0 * seeds;
    }

    /// <summary>The largest M (real) with <see cref="Bytes"/> ≤ <paramref name="usable"/>: linear in M above P, quadratic below.</summary>
    internal static double LargestFit(int p, int seeds, double usable)
    {
        var fixedBytes = 8.0 * 3 * p + 16.0 * seeds;
        if (Bytes(p, p, seeds) <= usable) return (usable - fixedBytes - 16.0 * p * p) / (8.0 * (p + 6));
        // 16 M² + 8(P + 6) M + fixed = usable.
        var b = 8.0 * (p + 6);
        var c = fixedBytes - usable;
        return c >= 0 ? 0 : (-b + Math.Sqrt(b * b - 64.0 * c)) / 32.0;
    }

    internal static (double Test, double Train) OneTrainingSet(List<double> lambda, List<double> target, int p, double ridge, double noise, int seed, KernelRidgeForm form)
    {
        var m = lambda.Count;
        var random = new Random(seed);
        var sqrtLambda = lambda.Select(Math.Sqrt).ToArray();
        var v = target.Select(Math.Sqrt).ToArray();
        // The design is drawn row by row in both forms (same seed, same numbers) and stored as rows for the dual form,
        // as columns for the primal one, so that every inner product runs over contiguous memory.
        var primal = form == KernelRidgeForm.Primal;
        var rows = primal ? null : new double[p][];
        var columns = primal ? Enumerable.Range(0, m).Select(_ => new double[p]).ToArray() : null;
        var y = new double[p];
        for (var i = 0; i < p; i++)
        {
            var row = primal ? null : new double[m];
            double label = 0;
            for (var k = 0; k < m; k++)
            {
                var z = Gaussian(random);
                label += z * v[k];
                if (primal) columns![k][i] = z * sqrtLambda[k];
                else row![k] = z * sqrtLambda[k];
            }
            if (!primal) rows![i] = row!;
            y[i] = label + (noise > 0 ? Math.Sqrt(noise) * Gaussian(random) : 0);
        }
        // c = Xᵀα (dual) = w (primal): the fitted weights on the √λ-scaled features.
        double[] c;
        double train;
        if (primal)
            (c, train) = SolvePrimal(columns!, y, ridge);
        else
            (c, train) = SolveDual(rows!, y, ridge, m);
        double test = noise;
        for (var k = 0; k < m; k++)
        {
            var d = sqrtLambda[k] * c[k] - v[k];
            test += d * d;
        }
        return (test, train);
    }

    /// <summary>α = (X Xᵀ + κI)⁻¹ y, c = Xᵀα, train error κ²‖α‖²/P.</summary>
    private static (double[] C, double Train) SolveDual(double[][] x, double[] y, double ridge, int m)
    {
        var p = x.Length;
        var kernel = new DenseMatrix(p, p);
        for (var i = 0; i < p; i++)
            for (var j = 0; j <= i; j++)
            {
                var dot = Dot(x[i], x[j]);
                kernel[i, j] = dot;
                kernel[j, i] = dot;
            }
        for (var i = 0; i < p; i++) kernel[i, i] += ridge;
        var alpha = kernel.Cholesky().Solve(DenseVector.OfArray(y));
        var c = new double[m];
        for (var i = 0; i < p; i++)
        {
            var a = alpha[i];
            var row = x[i];
            for (var k = 0; k < m; k++) c[k] += row[k] * a;
        }
        return (c, ridge * ridge * alpha.DotProduct(alpha) / p);
    }

    /// <summary>w = (XᵀX + κI)⁻¹ Xᵀ y (= Xᵀα), train error ‖y − Xw‖²/P (= κ²‖α‖²/P).</summary>
    private static (double[] C, double Train) SolvePrimal(double[][] columns, double[] y, double ridge)
    {
        var m = columns.Length;
        var p = y.Length;
        var gram = new DenseMatrix(m, m);
        var xty = new double[m];
        for (var k = 0; k < m; k++)
        {
            for (var l = 0; l <= k; l++)
            {
                var dot = Dot(columns[k], columns[l]);
                gram[k, l] = dot;
                gram[l, k] = dot;
            }
            gram[k, k] += ridge;
            xty[k] = Dot(columns[k], y);
        }
        var w = gram.Cholesky().Solve(DenseVector.OfArray(xty)).ToArray();
        var residual = (double[])y.Clone();
        for (var k = 0; k < m; k++)
        {
            var wk = w[k];
            var column = columns[k];
            for (var i = 0; i < p; i++) residual[i] -= column[i] * wk;
        }
        return (w, Dot(residual, residual) / p);
    }

    private static double Dot(double[] a, double[] b)
    {
        var va = System.Runtime.InteropServices.MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = System.Runtime.InteropServices.MemoryMarshal.Cast<double, Vector<double>>(b);
        var acc = Vector<double>.Zero;
        for (var i = 0; i < va.Length; i++) acc += va[i] * vb[i];
        var sum = System.Numerics.Vector.Sum(acc);
        for (var i = va.Length * Vector<double>.Count; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>A standard normal variate: MathNet's sampler (polar method) on the seeded uniforms.</summary>
    private static double Gaussian(Random random) => MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);

    internal static (double Mean, double StandardError) MeanAndError(double[] values) => Statistics.MeanError.Of(values);
}
