using System.Globalization;
using RgDsl.Data;
using RgDsl.Networks.Kernels;

namespace RgDsl.Networks;

/// <summary>
/// The infinite-width (NNGP) kernel of a <see cref="NetworkArchitecture"/> (THEORY §6.1): the preactivation covariance
/// Σ¹(x, y) = σ_w² x·y/d, Σ^(l+1)(x, y) = σ_w² E[φ(u)φ(v)] with (u, v) ~ N(0, Σ^l restricted to x, y), and the output
/// kernel K(x, y) = σ_a² E[φ(h^L(x)) φ(h^L(y))], the covariance of f for standard scaling (mean-field scaling divides
/// it by N and its likelihood variance by N, which leaves the mean predictor unchanged). Closed forms for linear,
/// ReLU (arc-cosine) and erf (arcsine); tanh by Mehler's series on Hermite coefficients.
/// </summary>
public sealed class NngpKernel : IKernel
{
    public NngpKernel(NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
    }

    public NetworkArchitecture Architecture { get; }

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"NNGP kernel of {(Architecture.Activation == Activation.Erf ? "an" : "a")} {Architecture.Function.Name} network, depth {Architecture.Depth}, σ_w² = {Architecture.WeightVariance:G4}, σ_a² = {Architecture.ReadoutVariance:G4}");

    /// <summary>K(x, y).</summary>
    public double Evaluate(double[] x, double[] y)
    {
        Check(x); Check(y);
        var d = Architecture.InputDimension;
        var w = Architecture.WeightVariance;
        var phi = Architecture.Function;
        double qx = w * LinearKernel.Dot(x, x) / d, qy = w * LinearKernel.Dot(y, y) / d, c = w * LinearKernel.Dot(x, y) / d;
        for (var l = 1; l < Architecture.Depth; l++)
        {
            phi.EnsureIntegrable(Math.Max(qx, qy));
            var nc = w * DualActivation.Expectation(phi, qx, qy, c);
            qx = w * DualActivation.SecondMoment(phi, qx);
            qy = w * DualActivation.SecondMoment(phi, qy);
            c = nc;
        }
        phi.EnsureIntegrable(Math.Max(qx, qy));
        return Architecture.ReadoutVariance * DualActivation.Expectation(phi, qx, qy, c);
    }

    /// <summary>The symmetric kernel matrix K(x_i, x_j) of a set of inputs (parallel over rows).</summary>
    public double[,] Matrix(IReadOnlyList<double[]> inputs) => CrossMatrix(inputs, inputs, symmetric: true);

    /// <summary>K(a_i, b_j) for two sets of inputs.</summary>
    public double[,] CrossMatrix(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b) => CrossMatrix(a, b, symmetric: ReferenceEquals(a, b));

    /// <summary>Σ^L(x_i, x_j): the covariance of the last hidden layer's preactivations h^L (what one unit of that layer sees).</summary>
    public double[,] PreactivationMatrix(IReadOnlyList<double[]> inputs) => CrossMatrix(inputs, inputs, symmetric: true, preactivation: true);

    private double[,] CrossMatrix(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b, bool symmetric, bool preactivation = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        foreach (var x in a) Check(x);
        if (!symmetric) foreach (var y in b) Check(y);
        var d = Architecture.InputDimension;
        var w = Architecture.WeightVariance;
        var depth = Architecture.Depth;
        var activation = Architecture.Function;
        // Per-point variances through the layers; the pair covariances are carried layer by layer below.
        var qa = Variances(a);
        var qb = symmetric ? qa : Variances(b);
        // tanh and declared activations: Mehler's series on per-point Hermite coefficients. The columns' data are kept;
        // a row's are made in its own iteration and dropped, so a large test set (the rows) costs no memory per point.
        var mehler = activation.BuiltIn is Activation.Tanh or null;
        var columns = mehler ? MehlerPoint.Of(activation, qb) : null;
        var result = new double[a.Count, b.Count];
        RgDsl.Networks.Linear.ParallelLoop.For(0, a.Count, i =>
        {
            var row = columns is null ? null : symmetric ? columns[i] : MehlerPoint.At(activation, qa, i);
            for (var j = symmetric ? i : 0; j < b.Count; j++)
            {
                var c = w * LinearKernel.Dot(a[i], b[j]) / d;
                for (var l = 0; l < (preactivation ? depth - 1 : depth); l++)
                {
                    var e = row is null
                        ? DualActivation.Expectation(activation, qa[l][i], qb[l][j], c)
                        : MehlerPoint.Expectation(row, columns![j], l, c / Math.Sqrt(qa[l][i] * qb[l][j]));
                    c = l < depth - 1 ? w * e : Architecture.ReadoutVariance * e;
                }
                result[i, j] = c;
                if (symmetric) result[j, i] = c;
            }
        });
        return result;

        double[][] Variances(IReadOnlyList<double[]> points)
        {
            var q = new double[depth][];
            q[0] = points.Select(x => w * LinearKernel.Dot(x, x) / d).ToArray();
            // A declared φ must have Gaussian integrals at every variance met, checked before the heavy work.
            activation.EnsureIntegrable(q[0].DefaultIfEmpty().Max());
            for (var l = 1; l < depth; l++)
            {
                q[l] = q[l - 1].Select(v => w * DualActivation.SecondMoment(activation, v)).ToArray();
                activation.EnsureIntegrable(q[l].DefaultIfEmpty().Max());
            }
            return q;
        }
    }

    private void Check(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != Architecture.InputDimension)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"an input has {x.Length} features; the network expects d = {Architecture.InputDimension}."), nameof(x));
        foreach (var v in x)
            if (!double.IsFinite(v)) throw new ArgumentException("an input has a non-finite feature (NaN or infinity).", nameof(x));
    }
}
