using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Data;
using RgDsl.Networks.Linear;

namespace RgDsl.Networks.Theory;

/// <summary>The first-order shape correction of a network's learning curve (see <see cref="ShapeFirstOrder"/>).</summary>
/// <param name="RelativeCorrection">δ: the relative change of the test error caused by the shape fluctuations, Σ δε / Σ ε over the datasets.</param>
/// <param name="StandardError">Its Monte-Carlo error (datasets and random units).</param>
/// <param name="Datasets">Training sets averaged.</param>
/// <param name="Units">Random units per dataset that estimate the unit's fourth cumulant.</param>
public sealed record ShapeCorrection(double RelativeCorrection, double StandardError, int Datasets, int Units)
{
    /// <summary>
    /// The part of <see cref="RelativeCorrection"/> from the lower layers' shape fluctuations and the kernel's O(1/N)
    /// mean shift (<see cref="LowerLayerShape"/>; depth ≥ 2 only, else null).
    /// </summary>
    public double? LowerLayers { get; init; }
    /// <summary>The standard error of <see cref="LowerLayers"/>.</summary>
    public double? LowerLayersError { get; init; }
    /// <summary>Lower networks drawn per training set for <see cref="LowerLayers"/> (0 at depth 1).</summary>
    public int LowerLayerDraws { get; init; }
}

/// <summary>
/// The first-order shape correction's per-training-set pieces, from which <see cref="At"/> makes the correction at
/// any width: the last layer's part is linear in c = 3/(N+2), the lower layers' part in 1/N minus the scale parts the
/// scale mixture already holds (<see cref="LowerLayerShape.AtWidth"/>).
/// </summary>
/// <param name="Errors">ε of each training set (the GP at the prior scale).</param>
/// <param name="LastLayer">δε of each set per unit c from the last layer's unit cumulant.</param>
/// <param name="Lower">The lower layers' changes of each set (null at depth 1).</param>
/// <param name="Units">Random units per set.</param>
/// <param name="LowerDraws">Lower networks drawn per set.</param>
internal sealed record ShapeEstimate(double[] Errors, double[] LastLayer, LowerLayerShape.Changes[]? Lower, int Units, int LowerDraws)
{
    /// <summary>The correction at width N, with the lower layers' scale exponents η_l (those of the scale mixture's prior).</summary>
    public ShapeCorrection At(int width, IReadOnlyList<double> exponents)
    {
        var c = 3.0 / (width + 2);
        var n = Errors.Length;
        var lower = Lower is null ? null : Lower.Select(l => LowerLayerShape.AtWidth(l, width, exponents)).ToArray();
        var total = Enumerable.Range(0, n).Select(i => c * LastLayer[i] + (lower?[i] ?? 0)).ToArray();
        var (delta, se) = Ratio(total, Errors);
        var correction = new ShapeCorrection(delta, se, n, Units) { LowerLayerDraws = Lower is null ? 0 : LowerDraws };
        if (lower is null) return correction;
        var (lowerDelta, lowerSe) = Ratio(lower, Errors);
        return correction with { LowerLayers = lowerDelta, LowerLayersError = lowerSe };
    }

    /// <summary>Σ changes / Σ errors over independent training sets, with its delta-method standard error.</summary>
    private static (double Ratio, double StandardError) Ratio(double[] changes, double[] errors)
    {
        var sumErrors = errors.Sum();
        var ratio = changes.Sum() / sumErrors;
        double variance = 0;
        for (var i = 0; i < errors.Length; i++)
        {
            var r = changes[i] - ratio * errors[i];
            variance += r * r;
        }
        var n = errors.Length;
        return (ratio, n > 1 ? Math.Sqrt(variance * n / (n - 1)) / sumErrors : double.NaN);
    }
}

/// <summary>
/// The shape fluctuations at first order, exactly at finite P (THEORY §6.3). Given the readout, f = Σ_i a_i φ_i/√N is
/// a sum of N independent unit feature processes, so after the kernel scale s is integrated out its prior has,
/// besides the covariance Σ = sK/β, the fourth cumulant c·κ^abcd with c = 3/(N+2) and κ the fourth cumulant of one
/// unit's (scaled) features ψ = √(s/β) σ_a φ_w (Σ = E ψψᵀ). With the Edgeworth expansion of the prior, the shift of
/// the posterior-mean predictor is Cov(f_x, Q) under the Gaussian posterior, Q = (c/24) κ^abcd He_abcd(f), which Stein's
/// lemma reduces to
/// δf̄(x) = (1/6) [C_x − Σ_xX A⁻¹ C_X],  C_e = c Σ_bcd κ^ebcd T_bcd,  T_bcd = α_bα_cα_d − (A⁻¹_bc α_d + A⁻¹_bd α_c + A⁻¹_cd α_b),
/// with A = Σ_XX + (κ/β) I and α = A⁻¹y. Contracted with T the cumulant needs only the units' projections
/// u = ψ_X·α and v = ψ_Xᵀ A⁻¹ ψ_X: Σ κ^ebcd T_bcd = E_w[ψ_e (u³ − 3uv)] − 3[(Σα)_e (αᵀΣ_XXα − tr A⁻¹Σ_XX) − 2 (Σ_eX A⁻¹Σ_XX α)],
/// the last bracket being the Gaussian (pairing) part. E_w is a Monte-Carlo average over random units; for depth 1 a
/// unit is φ(w·x/√d), deeper its preactivation is drawn from the NNGP covariance of the last hidden layer; the
/// finite-width fluctuations of the lower layers are added by <see cref="LowerLayerShape"/>. The change of the test error is
/// δε = (2/T) Σ_x (f̄(x) − y(x)) δf̄(x), averaged over training sets. Unlike an equivalent-kernel reduction in the
/// kernel's eigenbasis, this keeps every index pattern of the cumulant and the exact posterior of each training set,
/// which the sampled networks show to matter (the tests compare both with collapsed HMC).
/// </summary>
internal static class ShapeFirstOrder
{
    /// <summary>Estimates the pieces of the first-order shape correction at one dataset size and kernel scale.</summary>
    /// <param name="architecture">The network (width, depth, activation, parameterisation).</param>
    /// <param name="kernel">Its NNGP kernel.</param>
    /// <param name="data">The input distribution and teacher.</param>
    /// <param name="ridge">The ridge κ.</param>
    /// <param name="scale">The kernel scale s at which the shape correction is taken.</param>
    /// <param name="datasetSize">The number of training points P.</param>
    /// <param name="datasets">Training sets averaged over.</param>
    /// <param name="units">Random units in the Monte-Carlo average of the unit cumulant.</param>
    /// <param name="testPoints">Test points per training set.</param>
    /// <param name="seed">Seed of the training sets and units.</param>
    /// <param name="lowerDraws">Lower networks drawn per training set for the kernel's O(1/N) mean shift (depth ≥ 2).</param>
    /// <param name="lowerLayers">Add the lower layers' fluctuations (<see cref="LowerLayerShape"/>; depth ≥ 2 only).</param>
    public static ShapeEstimate Estimate(NetworkArchitecture architecture, NngpKernel kernel, NetworkData data, double ridge, double scale,
        int datasetSize, int datasets, int units, int testPoints, int seed, int lowerDraws, bool lowerLayers = true)
    {
        var beta = architecture.LikelihoodScale;
        var errors = new double[datasets];
        var changes = new double[datasets];
        var lower = lowerLayers && architecture.Depth > 1 ? new LowerLayerShape.Changes[datasets] : null;
        RgDsl.Networks.Linear.ParallelLoop.For(0, datasets, i =>
        {
            var (train, test) = data.Split(datasetSize, testPoints, seed + 7919 * i);
            var result = OneDataset(architecture, kernel, train, test, ridge / beta, scale / beta, data.LabelNoise, units, new Random(seed + 104_729 * i + 1),
                lower is null ? 0 : lowerDraws, new Random(seed + 130_363 * i + 2));
            (errors[i], changes[i]) = (result.Error, result.Change);
            if (lower is not null) lower[i] = result.Lower!.Value;
        });
        return new ShapeEstimate(errors, changes, lower, units, lowerDraws);
    }

    /// <summary>
    /// (ε, δε) of one training set: the GP-at-scale test error and its first-order shape change per unit c (the weight
    /// 3/(N+2) of the unit cumulant, applied by <see cref="ShapeEstimate.At"/>), and the lower layers' changes.
    /// </summary>
    /// <param name="architecture">The network.</param>
    /// <param name="kernel">Its NNGP kernel K.</param>
    /// <param name="train">The training set (its labels are fitted).</param>
    /// <param name="test">The test set (its clean targets are the reference).</param>
    /// <param name="noiseVariance">ν = κ/β.</param>
    /// <param name="priorScale">s/β: the prior covariance is priorScale · K.</param>
    /// <param name="labelNoise">σ², added to the test error.</param>
    /// <param name="units">Random units in the Monte-Carlo average.</param>
    /// <param name="random">Their generator.</param>
    /// <param name="lowerDraws">Lower networks drawn for the lower layers' fluctuations (0: leave them out).</param>
    /// <param name="lowerRandom">Their generator.</param>
    internal static (double Error, double Change, LowerLayerShape.Changes? Lower) OneDataset(NetworkArchitecture architecture, NngpKernel kernel, LabeledSample train, LabeledSample test,
        double noiseVariance, double priorScale, double labelNoise, int units, Random random, int lowerDraws = 0, Random? lowerRandom = null)
    {
        int p = train.Count, t = test.Count, n = p + t, d = architecture.InputDimension;
        var points = train.Inputs.Concat(test.Inputs).ToArray();
        var sigma = Matrix<double>.Build.DenseOfArray(kernel.Matrix(points)) * priorScale;
        var sigmaXX = sigma.SubMatrix(0, p, 0, p);
        var sigmaAX = sigma.SubMatrix(0, n, 0, p); // rows: every point, columns: training points
        var a = sigmaXX.Clone();
        for (var i = 0; i < p; i++) a[i, i] += noiseVariance;
        var cholesky = a.Cholesky();
        var aInverse = cholesky.Solve(Matrix<double>.Build.DenseIdentity(p));
        var alpha = cholesky.Solve(Vector<double>.Build.DenseOfArray(train.Labels));
        var mean = sigmaAX * alpha; // the GP posterior mean at every point

        // Units: ψ = √(priorScale) σ_a φ(h) at all points, h = w·x/√d (depth 1) or h = L ξ with L L^T = Σ^L (deeper).
        using var team = WorkerTeam.Single();
        var product = new MatrixProduct(team);
        var psi = new double[units * n];
        if (architecture.Depth == 1)
        {
            var weights = new double[units * d];
            var sw = Math.Sqrt(architecture.WeightVariance);
            for (var i = 0; i < weights.Length; i++) weights[i] = sw * StandardNormal.Sample(random);
            var inputs = new double[n * d];
            for (var e = 0; e < n; e++) Array.Copy(points[e], 0, inputs, e * d, d);
            product.Multiply(false, weights, 0, d, true, inputs, 0, d, psi, 0, n, units, n, d, alpha: 1 / Math.Sqrt(d));
        }
        else
        {
            var preactivation = Matrix<double>.Build.DenseOfArray(kernel.PreactivationMatrix(points));
            var jitter = 1e-10 * preactivation.Diagonal().Average();
            for (var i = 0; i < n; i++) preactivation[i, i] += jitter;
            var factor = preactivation.Cholesky().Factor.ToRowMajorArray();
            var xi = new double[units * n];
            for (var i = 0; i < xi.Length; i++) xi[i] = StandardNormal.Sample(random);
            product.Multiply(false, xi, 0, n, true, factor, 0, n, psi, 0, n, units, n, n);
        }
        var unitScale = Math.Sqrt(priorScale * architecture.ReadoutVariance);
        for (var i = 0; i < psi.Length; i++) psi[i] = unitScale * architecture.Function.Value(psi[i]);

        // u_r = ψ_X·α and v_r = ψ_Xᵀ A⁻¹ ψ_X for every unit (one R×P by P×P product).
        var psiX = new double[units * p];
        for (var r = 0; r < units; r++) Array.Copy(psi, r * n, psiX, r * p, p);
        var aInverseFlat = aInverse.ToRowMajorArray();
        var projected = new double[units * p];
        product.Multiply(psiX, aInverseFlat, projected, units, p, p);
        var alphaArray = alpha.ToArray();
        var expectation = new double[n];
        for (var r = 0; r < units; r++)
        {
            double u = 0, v = 0;
            for (var m = 0; m < p; m++)
            {
                u += psiX[r * p + m] * alphaArray[m];
                v += psiX[r * p + m] * projected[r * p + m];
            }
            var weight = u * u * u - 3 * u * v;
            for (var e = 0; e < n; e++) expectation[e] += psi[r * n + e] * weight;
        }
        // The Gaussian (pairing) part, subtracted exactly.
        var sigmaAlpha = sigmaAX * alpha;
        var quadratic = alpha.DotProduct(sigmaXX * alpha);
        var trace = aInverse.TraceOfProduct(sigmaXX);
        var cross = sigmaAX * (aInverse * (sigmaXX * alpha));
        var contraction = Vector<double>.Build.Dense(n, e => expectation[e] / units - 3 * (sigmaAlpha[e] * (quadratic - trace) - 2 * cross[e]));
        var contractionX = contraction.SubVector(0, p);
        var correction = aInverse * contractionX;
        double error = 0, change = 0;
        var residuals = new double[t];
        for (var x = 0; x < t; x++)
        {
            var e = p + x;
            double kx = 0;
            for (var m = 0; m < p; m++) kx += sigma[e, m] * correction[m];
            var shift = (contraction[e] - kx) / 6;
            var residual = residuals[x] = mean[e] - test.Targets[x];
            error += residual * residual;
            change += 2 * residual * shift;
        }
        LowerLayerShape.Changes? lower = lowerDraws > 0
            ? LowerLayerShape.OneDataset(architecture, points, p, residuals, sigma, aInverse, alpha, priorScale, units, lowerDraws, lowerRandom ?? new Random(random.Next()))
            : null;
        return (error / t + labelNoise, change / t, lower);
    }

    private static double TraceOfProduct(this Matrix<double> a, Matrix<double> b)
    {
        double sum = 0;
        for (var i = 0; i < a.RowCount; i++)
            for (var j = 0; j < a.ColumnCount; j++) sum += a[i, j] * b[j, i];
        return sum;
    }
}
