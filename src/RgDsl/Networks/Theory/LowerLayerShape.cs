using MathNet.Numerics.LinearAlgebra;
using RgDsl.Networks.Data;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Kernels;
using RgDsl.Networks.Linear;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The lower layers' kernel fluctuations of a deep network at first order in 1/N (THEORY §6.6; Roberts, Yaida and
/// Hanin 2022, ch. 4–5), on one training set. Layer l's N units make the preactivation covariance of layer l + 1,
/// Ĉ^{l+1} = (1/N) Σ_i ψ_iψ_iᵀ with ψ = σ_w φ(h), h ~ N(0, C^l); it fluctuates at O(1/√N) around its NNGP value C^{l+1},
/// and the layers above carry the fluctuation to the output kernel E[K̂ | lower layers]. At first order:
/// <list type="bullet">
/// <item>the carrying is linear, δK = J δĈ^{l+1}, with J the composed derivative of the dual maps above
/// (<see cref="LayerJacobian"/>: entry (a, b) of a dual map depends on C_aa, C_bb and C_ab only, so
/// δF_ab = G_ab δC_ab + H_ab δC_aa + H_ba δC_bb at every depth). Cov(δK) = (1/N) Cov_ψ[J(ψψᵀ)] enters the prior of f
/// as a fourth cumulant (its three pairings), contracted with the training set as in <see cref="ShapeFirstOrder"/>:
/// C_e = 3 Cov_ψ[g(J ψψᵀ)]_e with g(M)_e = (M_eX α)[αᵀM_XXα − tr(A⁻¹M_XX)] − 2(M_eX A⁻¹ M_XX α), and
/// δf̄ = (C − Σ_·X A⁻¹ C_X)/6. The covariance is estimated from random units of every lower layer (the same number
/// as the last layer's unit cumulant), the units' J(ψψᵀ) never formed;</item>
/// <item>the output kernel's O(1/N) mean shift δK̄ (RYH's next-to-leading-order kernel), the second-order part of each
/// dual map, ½F″[δC, δC], carried up by the derivatives of the maps above. It is estimated from lower networks of width
/// <see cref="ReferenceWidth"/> by antithetic pairs, ½[F(C + Δ) + F(C − Δ)] − F(C) with Δ = Ĉ − C, whose noise is
/// O(1/N) like the mean itself, and enters as a change of the prior covariance: δf̄ = δK̄_·X α − Σ_·X A⁻¹ δK̄_XX α.</item>
/// </list>
/// Both are N times their O(1/N) size here, and <see cref="AtWidth"/> divides by the network's width.
/// <para>
/// The scale mixture already integrates each lower layer's weight norm g_l ~ Gamma(N/2, 2/N), entering the kernel scale
/// as g_l^η_l (<see cref="KernelScalePrior"/>): at first order a covariance Var(s) K⊗K with Var(s) = Σ_l 2η_l²/N and a
/// mean shift (E s − 1) K with E s − 1 = Σ_l η_l(η_l − 1)/N. Those parts are subtracted (the changes per unit Var(s) and
/// per unit mean shift are returned for that), so only the shape of the lower layers' fluctuations is added. For linear
/// layers nothing remains: the three pairings of a Wishart matrix's covariance equal those of a scale of variance
/// 2/N, which is why a deep linear network is exactly a scale mixture (a test).
/// </para>
/// </summary>
internal static class LowerLayerShape
{
    /// <summary>
    /// The width of the lower networks drawn for the mean shift: large enough that their O(1/N²) part is below the
    /// Monte-Carlo error, small enough that a draw costs n²·128 (the result is N times its 1/N size and serves every width).
    /// </summary>
    internal const int ReferenceWidth = 128;

    /// <summary>
    /// Whether <see cref="NetworkTheory"/> adds the lower layers' part: deep networks of non-homogeneous units (erf, tanh,
    /// declared φ). Not for linear networks (the scale mixture is their exact prior) nor ReLU: sampled ReLU networks at
    /// P = N/4 (d = 16, κ = 0.05, 48 training sets) agree with the last layer's shape term alone and not with the lower
    /// layers' first-order part on top (L = 3, N = 128: −0.376 ± 0.012 sampled, −0.386 without, −0.518 with; at L = 2
    /// the part is −0.01 ± 0.01). A ReLU layer's norm fluctuations (E φ⁴/(E φ²)² = 6 against 3 for Gaussian units) are
    /// not those of the Gamma factors the scale mixture holds, and the excess, a random input-dependent scale, enters
    /// here at first order where the kernel's scale needs an exact treatment (THEORY §6.3).
    /// </summary>
    public static bool AppliesTo(NetworkArchitecture architecture) =>
        architecture.Depth > 1 && !architecture.Function.IsLinear
        && !(architecture.Function.BuiltIn is { } builtIn && Activations.IsPositivelyHomogeneous(builtIn));

    /// <summary>Whether the shape correction of a theory with these options adds the lower layers' part (the option, else <see cref="AppliesTo"/>).</summary>
    internal static bool IsAdded(NetworkArchitecture architecture, NetworkTheoryOptions options) =>
        architecture.Depth > 1 && (options.ShapeLowerLayers ?? AppliesTo(architecture));

    /// <summary>Test-error changes of one training set, each per unit of its small parameter.</summary>
    /// <param name="Fluctuation">N·δε from the lower layers' whole first-order fluctuation (covariance and mean shift).</param>
    /// <param name="ScaleVariance">δε per unit Var(s) of a pure kernel-scale fluctuation (its three pairings, as a cumulant).</param>
    /// <param name="ScaleMean">δε per unit mean shift E s − 1 of the kernel scale.</param>
    internal readonly record struct Changes(double Fluctuation, double ScaleVariance, double ScaleMean);

    /// <summary>The first-order test-error changes of one training set (see the class remarks).</summary>
    /// <param name="architecture">The network (depth ≥ 2).</param>
    /// <param name="points">The training points, then the test points.</param>
    /// <param name="p">The number of training points.</param>
    /// <param name="residuals">f̄ − y at the test points (the GP posterior mean at the prior scale minus the clean target).</param>
    /// <param name="sigma">The prior covariance priorScale·K on all points.</param>
    /// <param name="aInverse">(Σ_XX + ν I)⁻¹.</param>
    /// <param name="alpha">(Σ_XX + ν I)⁻¹ y.</param>
    /// <param name="priorScale">s/β: the prior covariance is priorScale · K.</param>
    /// <param name="units">Random units per lower layer for the covariance part.</param>
    /// <param name="draws">Lower networks drawn for the mean shift.</param>
    /// <param name="random">Their generator.</param>
    internal static Changes OneDataset(NetworkArchitecture architecture, double[][] points, int p, double[] residuals, Matrix<double> sigma,
        Matrix<double> aInverse, Vector<double> alpha, double priorScale, int units, int draws, Random random)
    {
        var n = points.Length;
        var layers = NngpLayers(architecture, points);
        var contraction = new Contraction(p, sigma, aInverse, alpha, residuals);
        var depth = architecture.Depth;
        // maps[k]: the derivative of the dual map from C^k (k = 2…depth; the last one feeds the output kernel).
        var maps = new LayerJacobian[depth + 1];
        for (var k = 2; k <= depth; k++)
            maps[k] = LayerJacobian.Of(architecture.Function, layers[k - 1], k < depth ? architecture.WeightVariance : architecture.ReadoutVariance * priorScale);
        var cumulant = Vector<double>.Build.Dense(n);
        var outward = maps[depth];
        for (var l = depth - 1; l >= 1; l--)
        {
            // Layer l's units make the fluctuation of C^{l+1}; `outward` carries it to the output kernel.
            cumulant += UnitCovariance(architecture, points, layers[l - 1], layers[l], l == 1, outward, contraction, units, random) * 3;
            if (l > 1) outward = outward.After(maps[l]);
        }
        var meanShift = MeanShift(architecture, points, layers, maps, priorScale, draws, random);
        var full = contraction.FromCumulant(cumulant) + contraction.FromKernel(meanShift);
        var scaleVariance = contraction.FromCumulant(3 * contraction.G(sigma));
        var scaleMean = contraction.FromKernel(sigma);
        return new Changes(full, scaleVariance, scaleMean);
    }

    /// <summary>
    /// Cov_u[g(J(ψψᵀ))] over one layer's units ψ = σ_w φ(h), h ~ N(0, C^l): the covariance part per unit 1/N of the
    /// fluctuation δC^{l+1} = (1/N) Σ_i (ψ_iψ_iᵀ − C^{l+1}) carried to the output by J (linear in it), contracted as g.
    /// The units' J(ψψᵀ) are never formed: g needs only products with α and A⁻¹, done for all units at once.
    /// </summary>
    private static Vector<double> UnitCovariance(NetworkArchitecture architecture, double[][] points, double[] covariance, double[] next, bool firstLayer,
        LayerJacobian jacobian, Contraction contraction, int units, Random random)
    {
        var n = points.Length;
        var psi = UnitFeatures(architecture, points, covariance, firstLayer, units, random);
        var sum = contraction.SumOfG(psi, jacobian);
        // The exact mean E ψψᵀ = C^{l+1} (`next`, the NNGP covariance already made), carried by J (the sample mean ΨᵀΨ/U, which costs U·n², was
        // measured to leave the spread over training sets as it is).
        var mean = jacobian.Apply(next, n);
        return sum / units - contraction.G(mean);
    }

    /// <summary>ψ = σ_w φ(h) for random units of a layer whose preactivations have covariance C (units × n).</summary>
    private static Matrix<double> UnitFeatures(NetworkArchitecture architecture, double[][] points, double[] covariance, bool firstLayer, int units, Random random)
    {
        var n = points.Length;
        var d = architecture.InputDimension;
        Matrix<double> h;
        if (firstLayer)
        {
            var x = Matrix<double>.Build.Dense(n, d, (i, j) => points[i][j]);
            var w = Matrix<double>.Build.Dense(units, d, (_, _) => StandardNormal.Sample(random) * Math.Sqrt(architecture.WeightVariance / d));
            h = w.TransposeAndMultiply(x);
        }
        else
        {
            // A pivoted factor: a linear layer's covariance has rank d only.
            var (factor, rank) = Cholesky.PivotedFactor(covariance, n);
            var xi = Matrix<double>.Build.Dense(units, rank, (_, _) => StandardNormal.Sample(random));
            h = xi.TransposeAndMultiply(Matrix<double>.Build.DenseOfRowMajor(n, rank, factor));
        }
        var sw = Math.Sqrt(architecture.WeightVariance);
        return h.Map(v => sw * architecture.Function.Value(v));
    }

    /// <summary>The lower layers' part of δε at width N: (1/N)[full − Σ 2η_l² · ScaleVariance − Σ η_l(η_l − 1) · ScaleMean].</summary>
    /// <param name="changes">One training set's changes.</param>
    /// <param name="width">N.</param>
    /// <param name="exponents">η_l of the lower layers' scale factors (depth − 1 of them).</param>
    internal static double AtWidth(Changes changes, int width, IReadOnlyList<double> exponents)
    {
        double variance = 0, mean = 0;
        foreach (var eta in exponents) { variance += 2 * eta * eta; mean += eta * (eta - 1); }
        return (changes.Fluctuation - variance * changes.ScaleVariance - mean * changes.ScaleMean) / width;
    }

    /// <summary>C^1 … C^L, the NNGP preactivation covariances of every hidden layer on the points (row-major n×n).</summary>
    internal static double[][] NngpLayers(NetworkArchitecture architecture, double[][] points)
    {
        int n = points.Length, d = architecture.InputDimension;
        var layers = new double[architecture.Depth][];
        var first = new double[n * n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b <= a; b++)
            {
                double dot = 0;
                for (var j = 0; j < d; j++) dot += points[a][j] * points[b][j];
                first[a * n + b] = first[b * n + a] = architecture.WeightVariance * dot / d;
            }
        layers[0] = first;
        for (var l = 1; l < architecture.Depth; l++)
        {
            layers[l] = Dual(architecture.Function, layers[l - 1], n);
            Scale(layers[l], architecture.WeightVariance);
        }
        return layers;
    }

    /// <summary>F(C)_ab = E[φ(u)φ(v)] at (u, v) ~ N(0, (C_aa, C_ab; C_ab, C_bb)) for every pair (row-major n×n).</summary>
    internal static double[] Dual(ActivationFunction phi, double[] c, int n)
    {
        var result = new double[n * n];
        var mehler = phi.BuiltIn is Activation.Tanh or null;
        var points = mehler ? new MehlerPoint[n] : null;
        if (points is not null)
            for (var a = 0; a < n; a++) points[a] = new MehlerPoint(phi, [Math.Max(c[a * n + a], 0)]);
        for (var a = 0; a < n; a++)
            for (var b = 0; b <= a; b++)
            {
                double qa = c[a * n + a], qb = c[b * n + b], cab = c[a * n + b];
                var value = points is null || qa <= 0 || qb <= 0
                    ? DualActivation.Expectation(phi, qa, qb, cab)
                    : MehlerPoint.Expectation(points[a], points[b], 0, Math.Clamp(cab / Math.Sqrt(qa * qb), -1, 1));
                result[a * n + b] = result[b * n + a] = value;
            }
        return result;
    }

    private static void Scale(double[] x, double factor)
    {
        for (var i = 0; i < x.Length; i++) x[i] *= factor;
    }

    /// <summary>
    /// The output kernel's O(1/N) mean shift per unit 1/N (times the prior scale), from lower networks of width
    /// <see cref="ReferenceWidth"/>: the second-order part of each layer's dual map, from antithetic pairs, carried up
    /// by the next layers' derivatives (see the class remarks).
    /// </summary>
    private static Matrix<double> MeanShift(NetworkArchitecture architecture, double[][] points, double[][] layers, LayerJacobian[] maps, double priorScale,
        int draws, Random random)
    {
        int n = points.Length, depth = architecture.Depth, width = ReferenceWidth, d = architecture.InputDimension;
        var phi = architecture.Function;
        var sw = architecture.WeightVariance;
        var readout = architecture.ReadoutVariance * priorScale;
        // secondOrder[k]: Σ over draws of the second-order part of the map from Ĉ^k (k = 2…depth; k = depth feeds the output).
        var secondOrder = new double[depth + 1][];
        using var team = WorkerTeam.Single();
        var product = new MatrixProduct(team);
        var inputs = new double[n * d];
        for (var e = 0; e < n; e++) Array.Copy(points[e], 0, inputs, e * d, d);
        // F(C^{l+1}) at the NNGP: the next layer's covariance over σ_w², and the top one's dual for the output.
        var nngpDuals = new double[depth][];
        for (var l = 1; l < depth; l++) nngpDuals[l] = l < depth - 1 ? layers[l + 1].Select(v => v / sw).ToArray() : Dual(phi, layers[l], n);
        var h = new double[width * n];
        for (var draw = 0; draw < draws; draw++)
        {
            // Layer 1: h = W x/√d, then h^{l+1} = W φ(h^l)/√N_ref; Ĉ^{l+1} = σ_w² φ(h^l)ᵀφ(h^l)/N_ref.
            var weights = Gaussian(width * d, Math.Sqrt(sw), random);
            product.Multiply(false, weights, 0, d, true, inputs, 0, d, h, 0, n, width, n, d, alpha: 1 / Math.Sqrt(d));
            for (var l = 1; l < depth; l++)
            {
                var features = Apply(phi, h);
                var covariance = new double[n * n];
                product.Gram(false, features, 0, n, covariance, n, width, sw / width, mirror: true);
                var nngp = layers[l];
                for (var i = 0; i < covariance.Length; i++) covariance[i] -= nngp[i];
                var (plus, minus) = Antithetic(phi, nngp, covariance, n);
                var factor = l < depth - 1 ? sw : readout;
                var second = secondOrder[l + 1] ??= new double[n * n];
                for (var i = 0; i < second.Length; i++) second[i] += factor * (0.5 * (plus[i] + minus[i]) - nngpDuals[l][i]);
                if (l == depth - 1) break;
                var next = Gaussian(width * width, Math.Sqrt(sw), random);
                product.Multiply(false, next, 0, width, false, features, 0, n, h, 0, n, width, n, width, alpha: 1 / Math.Sqrt(width));
            }
        }
        // m^2 = 0 (E Ĉ² = C² exactly), m^{k+1} = J_k m^k + (second-order part of the map from Ĉ^k), up to the output.
        var shift = new double[n * n];
        for (var k = 2; k <= depth; k++)
        {
            var carried = k > 2 ? maps[k].Apply(shift, n).ToRowMajorArray() : new double[n * n];
            var second = secondOrder[k]!;
            for (var i = 0; i < shift.Length; i++) shift[i] = carried[i] + second[i] / draws;
        }
        return Matrix<double>.Build.DenseOfRowMajor(n, n, shift) * width;
    }

    /// <summary>F(C + Δ) and F(C − Δ).</summary>
    private static (double[] Plus, double[] Minus) Antithetic(ActivationFunction phi, double[] c, double[] delta, int n)
    {
        var plus = new double[n * n];
        var minus = new double[n * n];
        for (var i = 0; i < plus.Length; i++) { plus[i] = c[i] + delta[i]; minus[i] = c[i] - delta[i]; }
        return (Dual(phi, plus, n), Dual(phi, minus, n));
    }

    private static double[] Apply(ActivationFunction phi, double[] h)
    {
        var result = new double[h.Length];
        for (var i = 0; i < h.Length; i++) result[i] = phi.Value(h[i]);
        return result;
    }

    private static double[] Gaussian(int count, double sd, Random random)
    {
        var x = new double[count];
        for (var i = 0; i < count; i++) x[i] = sd * StandardNormal.Sample(random);
        return x;
    }

    /// <summary>The contractions of one training set: g(M), and δε from a cumulant vector or a kernel change.</summary>
    private sealed class Contraction(int p, Matrix<double> sigma, Matrix<double> aInverse, Vector<double> alpha, double[] residuals)
    {
        private readonly int _n = sigma.RowCount;

        /// <summary>g(M)_e = (M_eX α)[αᵀ M_XX α − tr(A⁻¹ M_XX)] − 2 (M_eX A⁻¹ M_XX α)_e.</summary>
        public Vector<double> G(Matrix<double> m)
        {
            var mX = m.SubMatrix(0, _n, 0, p);
            var ma = mX * alpha;
            var quadratic = alpha.DotProduct(ma.SubVector(0, p));
            double trace = 0;
            for (var i = 0; i < p; i++)
                for (var j = 0; j < p; j++) trace += aInverse[i, j] * m[j, i];
            var inner = mX * (aInverse * ma.SubVector(0, p));
            return ma * (quadratic - trace) - 2 * inner;
        }

        /// <summary>
        /// Σ_u g(X_u) over units ψ_u (rows of <paramref name="psi"/>) with X_u = J(ψ_uψ_uᵀ), X_eb = G_eb ψ_eψ_b + H_eb ψ_e² + H_be ψ_b²,
        /// by products of all units at once (X_u is never formed).
        /// </summary>
        public Vector<double> SumOfG(Matrix<double> psi, LayerJacobian j)
        {
            var units = psi.RowCount;
            var psiX = psi.SubMatrix(0, units, 0, p);
            var squares = psi.PointwiseMultiply(psi);
            var squaresX = squares.SubMatrix(0, units, 0, p);
            var gX = j.G.SubMatrix(0, _n, 0, p); // G_{·X}: n×p
            var hX = j.H.SubMatrix(0, _n, 0, p); // H_{·X}: n×p
            var hXRows = j.H.SubMatrix(0, p, 0, _n); // H_{X·}: p×n
            // r = Xα for every unit (units×n).
            var r = Times(psiX, alpha).TransposeAndMultiply(gX).PointwiseMultiply(psi)
                + squares.PointwiseMultiply(Row(hX * alpha, units)) + Times(squaresX, alpha) * hXRows;
            var rX = r.SubMatrix(0, units, 0, p);
            var quadratic = rX * alpha;
            // tr(A⁻¹X) = ψ_Xᵀ(A⁻¹∘G_XX)ψ_X + 2 Σ_a ψ_a² Σ_b A⁻¹_ab H_ab.
            var b = aInverse.PointwiseMultiply(j.G.SubMatrix(0, p, 0, p));
            var w = aInverse.PointwiseMultiply(j.H.SubMatrix(0, p, 0, p)).RowSums();
            var trace = (psiX * b).PointwiseMultiply(psiX).RowSums() + 2 * (squaresX * w);
            // X A⁻¹ X α = X v with v = A⁻¹ (Xα)_X.
            var v = rX * aInverse;
            var s = psiX.PointwiseMultiply(v).TransposeAndMultiply(gX).PointwiseMultiply(psi)
                + squares.PointwiseMultiply(v.TransposeAndMultiply(hX)) + squaresX.PointwiseMultiply(v) * hXRows;
            var sum = Vector<double>.Build.Dense(_n);
            for (var u = 0; u < units; u++)
            {
                var factor = quadratic[u] - trace[u];
                for (var e = 0; e < _n; e++) sum[e] += r[u, e] * factor - 2 * s[u, e];
            }
            return sum;
        }

        /// <summary>Each row of m times the vector v elementwise.</summary>
        private static Matrix<double> Times(Matrix<double> m, Vector<double> v) => m.Multiply(Matrix<double>.Build.DiagonalOfDiagonalVector(v));

        /// <summary>A matrix whose rows all equal v.</summary>
        private static Matrix<double> Row(Vector<double> v, int rows) => Matrix<double>.Build.Dense(rows, v.Count, (_, e) => v[e]);

        /// <summary>δε of the cumulant vector C: δf̄ = (C − Σ_·X A⁻¹ C_X)/6 at the test points.</summary>
        public double FromCumulant(Vector<double> c)
        {
            var correction = aInverse * c.SubVector(0, p);
            return Change(e => (c[e] - Row(sigma, e, correction)) / 6);
        }

        /// <summary>δε of a change δK of the prior covariance: δf̄ = δK_·X α − Σ_·X A⁻¹ δK_XX α.</summary>
        public double FromKernel(Matrix<double> change)
        {
            var direct = change.SubMatrix(0, _n, 0, p) * alpha;
            var correction = aInverse * direct.SubVector(0, p);
            return Change(e => direct[e] - Row(sigma, e, correction));
        }

        private static double Row(Matrix<double> matrix, int e, Vector<double> v)
        {
            double sum = 0;
            for (var m = 0; m < v.Count; m++) sum += matrix[e, m] * v[m];
            return sum;
        }

        private double Change(Func<int, double> shift)
        {
            double change = 0;
            for (var x = 0; x < residuals.Length; x++) change += 2 * residuals[x] * shift(p + x);
            return change / residuals.Length;
        }
    }
}

/// <summary>
/// The derivative of one layer's dual map C ↦ factor·F(C) at C (or a composition of several), acting on a change δC
/// of the layer's preactivation covariance: δF_ab = G_ab δC_ab + H_ab δC_aa + H_ba δC_bb. Entry (a, b) of F depends on
/// C_aa, C_bb and C_ab only, and the diagonal on the diagonal only, so compositions keep this form (G on the diagonal
/// holds dF_aa/dC_aa, H is zero there). Derivatives are central differences of the dual at relative steps of 10⁻⁴.
/// </summary>
internal sealed class LayerJacobian(Matrix<double> g, Matrix<double> h)
{
    private const double Step = 1e-4;

    /// <summary>∂F_ab/∂C_ab off the diagonal, dF_aa/dC_aa on it.</summary>
    public Matrix<double> G { get; } = g;
    /// <summary>∂F_ab/∂C_aa off the diagonal (zero on it).</summary>
    public Matrix<double> H { get; } = h;

    /// <summary>The derivative of C ↦ factor·F(C) at C (row-major n×n).</summary>
    public static LayerJacobian Of(ActivationFunction phi, double[] c, double factor)
    {
        var n = (int)Math.Round(Math.Sqrt(c.Length));
        var q = Enumerable.Range(0, n).Select(a => c[a * n + a]).ToArray();
        var dual = new PointDuals(phi, q, Step);
        var g = Matrix<double>.Build.Dense(n, n);
        var h = Matrix<double>.Build.Dense(n, n);
        Linear.ParallelLoop.For(0, n, a =>
        {
            for (var b = 0; b < n; b++)
            {
                if (a == b)
                {
                    g[a, a] = factor * (dual.SecondMoment(a, +1) - dual.SecondMoment(a, -1)) / (2 * Step * q[a]);
                    continue;
                }
                var cab = c[a * n + b];
                var dc = Step * Math.Sqrt(q[a] * q[b]);
                g[a, b] = factor * (dual.Value(a, 0, b, 0, cab + dc) - dual.Value(a, 0, b, 0, cab - dc)) / (2 * dc);
                h[a, b] = factor * (dual.Value(a, +1, b, 0, cab) - dual.Value(a, -1, b, 0, cab)) / (2 * Step * q[a]);
            }
        });
        return new LayerJacobian(g, h);
    }

    /// <summary>This map after <paramref name="inner"/>: G = G∘G_in, H_ab = G_ab H_in,ab + H_ab G_in,aa.</summary>
    public LayerJacobian After(LayerJacobian inner)
    {
        var n = G.RowCount;
        var g = G.PointwiseMultiply(inner.G);
        var h = Matrix<double>.Build.Dense(n, n, (a, b) => a == b ? 0 : G[a, b] * inner.H[a, b] + H[a, b] * inner.G[a, a]);
        return new LayerJacobian(g, h);
    }

    /// <summary>δF for a change δC (row-major n×n).</summary>
    public Matrix<double> Apply(double[] change, int n) =>
        Matrix<double>.Build.Dense(n, n, (a, b) => G[a, b] * change[a * n + b] + H[a, b] * change[a * n + a] + H[b, a] * change[b * n + b]);

    /// <summary>E[φ(u)φ(v)] with each point's variance at q, q(1 + step) or q(1 − step) (Mehler's data made once per variant).</summary>
    private sealed class PointDuals
    {
        private readonly ActivationFunction _phi;
        private readonly double[] _q;
        private readonly double _step;
        private readonly MehlerPoint[][]? _points; // [variant + 1][point]

        public PointDuals(ActivationFunction phi, double[] q, double step)
        {
            _phi = phi; _q = q; _step = step;
            if (phi.BuiltIn is Activation.Tanh or null)
                _points = [.. new[] { -1, 0, 1 }.Select(v => q.Select(x => new MehlerPoint(phi, [x * (1 + v * step)])).ToArray())];
        }

        private double Variance(int a, int variant) => _q[a] * (1 + variant * _step);

        public double Value(int a, int variantA, int b, int variantB, double c)
        {
            double qa = Variance(a, variantA), qb = Variance(b, variantB);
            if (_points is null || qa <= 0 || qb <= 0) return DualActivation.Expectation(_phi, qa, qb, c);
            return MehlerPoint.Expectation(_points[variantA + 1][a], _points[variantB + 1][b], 0, Math.Clamp(c / Math.Sqrt(qa * qb), -1, 1));
        }

        public double SecondMoment(int a, int variant) => DualActivation.SecondMoment(_phi, Variance(a, variant));
    }
}
