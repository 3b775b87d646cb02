using RgDsl.Networks.Functions;

namespace RgDsl.Networks.Kernels;

/// <summary>
/// What Mehler's series needs of one input point at every layer, for the NNGP kernel of tanh and declared activations:
/// its Hermite coefficients (computed at construction) and, on first use and once, φ at the quadrature nodes for the
/// series' completion near |ρ| = 1 (<see cref="DualActivation.CompletedMehler(double[], double[], double[], double[], double)"/>).
/// A pair then costs the series and at most a dot product, never φ per node and pair.
/// </summary>
internal sealed class MehlerPoint
{
    private readonly ActivationFunction _phi;
    private readonly double[] _variances;
    private readonly double[][] _coefficients;
    private readonly double[]?[] _nodeValues;

    /// <param name="phi">The activation.</param>
    /// <param name="variances">The point's preactivation variance q at each layer.</param>
    /// <param name="keepNodeValues">
    /// Keep φ at the nodes from the coefficients' quadrature (a point used for a moment, a row of a cross matrix), instead
    /// of evaluating φ there again on first use (a stored point, whose 400 values per layer are kept only if needed).
    /// </param>
    public MehlerPoint(ActivationFunction phi, double[] variances, bool keepNodeValues = false)
    {
        _phi = phi;
        _variances = variances;
        _coefficients = new double[variances.Length][];
        _nodeValues = new double[]?[variances.Length];
        for (var l = 0; l < variances.Length; l++)
        {
            if (keepNodeValues && !phi.IsDeclaredPolynomial)
            {
                _nodeValues[l] = DualActivation.NodeValues(phi.Value, variances[l]);
                _coefficients[l] = DualActivation.HermiteCoefficients(_nodeValues[l]!);
            }
            else _coefficients[l] = DualActivation.HermiteCoefficients(phi, variances[l]);
        }
    }

    /// <summary>E[φ(u)φ(v)] at a layer for u of point <paramref name="u"/>, v of point <paramref name="v"/> and correlation ρ.</summary>
    public static double Expectation(MehlerPoint u, MehlerPoint v, int layer, double rho) =>
        u._phi.IsDeclaredPolynomial || Math.Abs(rho) <= DualActivation.MehlerMaxCorrelation
            ? DualActivation.Mehler(u._coefficients[layer], v._coefficients[layer], rho)
            : DualActivation.CompletedMehler(u._coefficients[layer], v._coefficients[layer], u.NodeValues(layer), v.NodeValues(layer), rho);

    // Several threads may ask at once: each computes the same values, the first stored wins.
    private double[] NodeValues(int layer) =>
        Volatile.Read(ref _nodeValues[layer])
        ?? Interlocked.CompareExchange(ref _nodeValues[layer], DualActivation.NodeValues(_phi.Value, _variances[layer]), null)
        ?? _nodeValues[layer]!;

    /// <summary>The points' data, one per column of the per-layer variances q[layer][point].</summary>
    public static MehlerPoint[] Of(ActivationFunction phi, double[][] q)
    {
        var points = new MehlerPoint[q[0].Length];
        Linear.ParallelLoop.For(0, points.Length, i => points[i] = new MehlerPoint(phi, Column(q, i)));
        return points;
    }

    /// <summary>Point <paramref name="i"/>'s data from the per-layer variances q[layer][point], for a moment (its node values kept).</summary>
    public static MehlerPoint At(ActivationFunction phi, double[][] q, int i) => new(phi, Column(q, i), keepNodeValues: true);

    private static double[] Column(double[][] q, int i) => q.Select(layer => layer[i]).ToArray();
}
