using RgDsl.Networks.Functions;

namespace RgDsl.Networks.Kernels;

/// <summary>
/// E[φ(u)²] for u ~ N(0, q) (<see cref="DualActivation.SecondMoment(ActivationFunction, double)"/>) as a table in ln q,
/// for activations whose second moment is a 400-point quadrature (tanh, declared non-polynomial φ): the layer-scale
/// solver of the proportional regime evaluates it millions of times (every layer, every pool input, every step of two
/// nested iterations), which took minutes for a depth-4 tanh network. Closed forms (linear, ReLU, erf, polynomials) are
/// passed through.
/// </summary>
/// <remarks>
/// The table covers q ∈ [10⁻⁶, 10⁶] at a step of 1/128 in ln q and interpolates by the cubic through the four nearest
/// nodes; the error is about h⁴/24 · |∂⁴g/∂(ln q)⁴| ≈ 2·10⁻¹⁰ relative for tanh (the tests check 10⁻⁸ against the
/// quadrature). Outside the range the quadrature is called.
/// </remarks>
internal sealed class SecondMomentTable
{
    private const double LogMin = -13.815510557964274; // ln 10⁻⁶
    private const double LogMax = 13.815510557964274;
    private const double Step = 1.0 / 128;
    private readonly ActivationFunction _phi;
    private readonly double[]? _values;

    public SecondMomentTable(ActivationFunction phi)
    {
        ArgumentNullException.ThrowIfNull(phi);
        _phi = phi;
        if (!NeedsQuadrature(phi)) return;
        var count = (int)Math.Ceiling((LogMax - LogMin) / Step) + 1;
        var values = new double[count];
        Linear.ParallelLoop.For(0, count, i => values[i] = Node(phi, Math.Exp(LogMin + i * Step)));
        _values = values;
    }

    /// <summary>A node of the table; NaN where the quadrature fails or overflows (a fast-growing φ at large q), so that <see cref="Value"/> calls it there and its error surfaces.</summary>
    private static double Node(ActivationFunction phi, double q)
    {
        try { return DualActivation.SecondMoment(phi, q); }
        catch (ArgumentException) { return double.NaN; }
    }

    /// <summary>Whether the activation's second moment is a quadrature (so the table is worth building).</summary>
    public static bool NeedsQuadrature(ActivationFunction phi) =>
        phi.BuiltIn is Activation.Tanh || (phi.BuiltIn is null && !phi.IsDeclaredPolynomial);

    /// <summary>E[φ(u)²], u ~ N(0, q).</summary>
    public double Value(double q)
    {
        if (_values is null || !(q > 0)) return DualActivation.SecondMoment(_phi, q);
        var x = (Math.Log(q) - LogMin) / Step;
        var i = (int)Math.Floor(x) - 1; // nodes i … i + 3 around x
        if (i < 0 || i + 3 >= _values.Length) return DualActivation.SecondMoment(_phi, q);
        var t = x - (i + 1); // in [0, 1) between nodes i + 1 and i + 2
        double y0 = _values[i], y1 = _values[i + 1], y2 = _values[i + 2], y3 = _values[i + 3];
        if (!double.IsFinite(y0 + y1 + y2 + y3)) return DualActivation.SecondMoment(_phi, q);
        // Lagrange cubic through (−1, y0), (0, y1), (1, y2), (2, y3).
        return -t * (t - 1) * (t - 2) / 6 * y0 + (t + 1) * (t - 1) * (t - 2) / 2 * y1
            - (t + 1) * t * (t - 2) / 2 * y2 + (t + 1) * t * (t - 1) / 6 * y3;
    }
}
