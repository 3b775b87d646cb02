using System.Numerics.Tensors;
using RgDsl.Networks.Functions;

namespace RgDsl.Networks.Kernels;

/// <summary>
/// The dual of an activation: E[φ(u) φ(v)] for (u, v) jointly Gaussian with variances q_u, q_v and covariance c
/// (THEORY §6.1: one layer of the NNGP recursion). Closed forms for linear, ReLU (arc-cosine, Cho–Saul) and erf
/// (arcsine, Williams); tanh by Mehler's formula on normalised Hermite coefficients. Close to |ρ| = 1 the truncated
/// series is completed by its remainder at ρ = ±1 (known from a one-dimensional integral) times |ρ|^n of the first
/// omitted order, which makes the result continuous and exact at ρ = ±1; relative accuracy about 1e-7 for
/// variances q ≤ 4 (checked against a 600-point product rule in the tests).
/// </summary>
internal static class DualActivation
{
    /// <summary>Hermite coefficients kept in Mehler's series.</summary>
    internal const int MehlerTerms = 96;
    /// <summary>Above this |correlation| Mehler's series is completed by its remainder (see the class remarks).</summary>
    internal const double MehlerMaxCorrelation = 0.9;
    private const int QuadratureOrder = 400;

    /// <summary>E[φ(u)²] for u ~ N(0, q).</summary>
    public static double SecondMoment(Activation activation, double q)
    {
        if (q <= 0) return activation switch { Activation.Linear or Activation.Relu or Activation.Erf or Activation.Tanh => 0, _ => Unknown(activation) };
        return activation switch
        {
            Activation.Linear => q,
            Activation.Relu => q / 2,
            Activation.Erf => 2 / Math.PI * Math.Asin(2 * q / (1 + 2 * q)),
            Activation.Tanh => OneDimensional(activation, q, static (x, _) => x * x),
            _ => Unknown(activation),
        };
    }

    /// <summary>E[φ(u) φ(v)] for u ~ N(0, qu), v ~ N(0, qv), Cov(u, v) = c.</summary>
    public static double Expectation(Activation activation, double qu, double qv, double c)
    {
        if (qu <= 0 || qv <= 0) return activation == Activation.Tanh || activation == Activation.Erf || activation == Activation.Relu || activation == Activation.Linear ? 0 : Unknown(activation);
        switch (activation)
        {
            case Activation.Linear:
                return c;
            case Activation.Relu:
            {
                var norm = Math.Sqrt(qu * qv);
                var cos = Math.Clamp(c / norm, -1, 1);
                var theta = Math.Acos(cos);
                return norm / (2 * Math.PI) * (Math.Sin(theta) + (Math.PI - theta) * cos);
            }
            case Activation.Erf:
                return 2 / Math.PI * Math.Asin(Math.Clamp(2 * c / Math.Sqrt((1 + 2 * qu) * (1 + 2 * qv)), -1, 1));
            case Activation.Tanh:
            {
                var rho = Math.Clamp(c / Math.Sqrt(qu * qv), -1, 1);
                var au = HermiteCoefficients(activation, qu);
                var av = HermiteCoefficients(activation, qv);
                return Math.Abs(rho) <= MehlerMaxCorrelation ? Mehler(au, av, rho) : CompletedMehler(activation, qu, qv, au, av, rho);
            }
            default:
                return Unknown(activation);
        }
    }

    /// <summary>
    /// a_n = E[φ(√q z) h_n(z)] for the normalised Hermite polynomials h_n = He_n/√(n!), n &lt; <see cref="MehlerTerms"/>:
    /// then E[φ(u)φ(v)] = Σ_n a_n(q_u) a_n(q_v) ρⁿ (Mehler).
    /// </summary>
    public static double[] HermiteCoefficients(Activation activation, double q) => HermiteCoefficients(z => Activations.Value(activation, z), q);

    private static double[] HermiteCoefficients(Func<double, double> phi, double q) => HermiteCoefficients(NodeValues(phi, q));

    /// <summary>a_n = Σ_i w_i φ(√q z_i) h_n(z_i) from φ at the nodes (<see cref="NodeValues"/>).</summary>
    internal static double[] HermiteCoefficients(double[] nodeValues)
    {
        var table = WeightedHermite.Value;
        var a = new double[MehlerTerms];
        for (var i = 0; i < nodeValues.Length; i++)
            if (nodeValues[i] != 0) TensorPrimitives.MultiplyAdd(table.AsSpan(i * MehlerTerms, MehlerTerms), nodeValues[i], a, a);
        return a;
    }

    /// <summary>
    /// w_i h_n(z_i) of the quadrature rule for n &lt; <see cref="MehlerTerms"/>, by node: the Hermite coefficients of a
    /// point then cost one φ per node and a vector multiply-add, not the recurrence per node and point.
    /// </summary>
    private static readonly Lazy<double[]> WeightedHermite = new(() =>
    {
        var (nodes, weights) = GaussHermite.Rule(QuadratureOrder);
        var table = new double[nodes.Length * MehlerTerms];
        for (var i = 0; i < nodes.Length; i++)
        {
            double previous = 0, current = 1; // h_{-1}, h_0
            for (var n = 0; n < MehlerTerms; n++)
            {
                table[i * MehlerTerms + n] = weights[i] * current;
                var next = (nodes[i] * current - Math.Sqrt(n) * previous) / Math.Sqrt(n + 1);
                previous = current;
                current = next;
            }
        }
        return table;
    });

    public static double Mehler(double[] au, double[] av, double rho)
    {
        double sum = 0, power = 1;
        for (var n = 0; n < au.Length; n++)
        {
            sum += au[n] * av[n] * power;
            power *= rho;
        }
        return sum;
    }

    private static double OneDimensional(Activation activation, double q, Func<double, double, double> g) =>
        OneDimensional(z => Activations.Value(activation, z), q, g);

    private static double OneDimensional(Func<double, double> phi, double q, Func<double, double, double> g)
    {
        var (nodes, weights) = GaussHermite.Rule(QuadratureOrder);
        var sq = Math.Sqrt(q);
        double sum = 0;
        for (var i = 0; i < nodes.Length; i++) sum += weights[i] * g(phi(sq * nodes[i]), nodes[i]);
        return sum;
    }

    /// <summary>
    /// Mehler's series plus its remainder: the even and odd remainders at ρ = ±1 are E[φ(√qu z)φ(±√qv z)] minus the
    /// truncated sums, and the remainder at ρ is approximated by them times |ρ|^n of the first omitted even and odd
    /// orders (every omitted term carries at least that power).
    /// </summary>
    internal static double CompletedMehler(Activation activation, double qu, double qv, double[] au, double[] av, double rho) =>
        CompletedMehler(z => Activations.Value(activation, z), qu, qv, au, av, rho);

    private static double CompletedMehler(Func<double, double> phi, double qu, double qv, double[] au, double[] av, double rho) =>
        CompletedMehler(au, av, NodeValues(phi, qu), NodeValues(phi, qv), rho);

    /// <summary>φ(√q z_i) at the nodes of the quadrature rule: the one-dimensional integrals of the completion (see below).</summary>
    internal static double[] NodeValues(Func<double, double> phi, double q)
    {
        var nodes = GaussHermite.Rule(QuadratureOrder).Nodes;
        var sq = Math.Sqrt(q);
        var values = new double[nodes.Length];
        for (var i = 0; i < nodes.Length; i++) values[i] = phi(sq * nodes[i]);
        return values;
    }

    /// <summary>
    /// Mehler's series completed near |ρ| = 1 from both points' <see cref="NodeValues"/>: E[φ(√qu z)φ(±√qv z)] is a dot
    /// product over the nodes (φ(−√qv z_i) is the value at the mirrored node of the symmetric rule).
    /// </summary>
    internal static double CompletedMehler(double[] au, double[] av, double[] nodeValuesU, double[] nodeValuesV, double rho)
    {
        double even = 0, odd = 0;
        for (var n = 0; n < au.Length; n++)
            if (n % 2 == 0) even += au[n] * av[n]; else odd += au[n] * av[n];
        var weights = GaussHermite.Rule(QuadratureOrder).Weights;
        double plus = 0, minus = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var u = weights[i] * nodeValuesU[i];
            plus += u * nodeValuesV[i];
            minus += u * nodeValuesV[GaussHermite.Mirror(weights.Length, i)];
        }
        var evenRemainder = (plus + minus) / 2 - even;
        var oddRemainder = (plus - minus) / 2 - odd;
        var firstEven = au.Length % 2 == 0 ? au.Length : au.Length + 1;
        var firstOdd = au.Length % 2 == 1 ? au.Length : au.Length + 1;
        var magnitude = Math.Abs(rho);
        return Mehler(au, av, rho) + evenRemainder * Math.Pow(magnitude, firstEven) + oddRemainder * Math.Sign(rho) * Math.Pow(magnitude, firstOdd);
    }

    /// <summary>E[φ(u)²] for u ~ N(0, q), any activation: a built-in's closed form, a polynomial's exact Hermite sum, else quadrature.</summary>
    public static double SecondMoment(ActivationFunction phi, double q)
    {
        if (phi.BuiltIn is { } builtIn) return SecondMoment(builtIn, q);
        if (q <= 0) return phi.Value(0) * phi.Value(0);
        if (phi.IsDeclaredPolynomial)
        {
            var a = PolynomialHermiteCoefficients(phi.PolynomialCoefficients!, q);
            return Mehler(a, a, 1);
        }
        return OneDimensional(phi.Value, q, static (x, _) => x * x);
    }

    /// <summary>E[φ(u) φ(v)] for u ~ N(0, qu), v ~ N(0, qv), Cov(u, v) = c, any activation (see <see cref="SecondMoment(ActivationFunction, double)"/>).</summary>
    public static double Expectation(ActivationFunction phi, double qu, double qv, double c)
    {
        if (phi.BuiltIn is { } builtIn) return Expectation(builtIn, qu, qv, c);
        if (qu <= 0 || qv <= 0)
            return qu <= 0 && qv <= 0 ? phi.Value(0) * phi.Value(0) : phi.Value(0) * Mean(phi, Math.Max(qu, qv));
        var rho = Math.Clamp(c / Math.Sqrt(qu * qv), -1, 1);
        var au = HermiteCoefficients(phi, qu);
        var av = HermiteCoefficients(phi, qv);
        return phi.IsDeclaredPolynomial || Math.Abs(rho) <= MehlerMaxCorrelation ? Mehler(au, av, rho) : CompletedMehler(phi, qu, qv, au, av, rho);
    }

    /// <summary>
    /// a_n(q) = E[φ(√q z) h_n(z)] (h_n = He_n/√(n!)): exact and finite for a declared polynomial
    /// (<see cref="PolynomialHermiteCoefficients"/>), by quadrature otherwise (<see cref="MehlerTerms"/> of them).
    /// </summary>
    public static double[] HermiteCoefficients(ActivationFunction phi, double q) =>
        phi.BuiltIn is { } builtIn ? HermiteCoefficients(builtIn, q)
        : phi.IsDeclaredPolynomial ? PolynomialHermiteCoefficients(phi.PolynomialCoefficients!, q)
        : HermiteCoefficients(phi.Value, q);

    /// <summary>
    /// Mehler's series completed near |ρ| = 1 (see <see cref="CompletedMehler(Activation, double, double, double[], double[], double)"/>);
    /// a declared polynomial's finite series needs no completion.
    /// </summary>
    internal static double CompletedMehler(ActivationFunction phi, double qu, double qv, double[] au, double[] av, double rho) =>
        phi.BuiltIn is { } builtIn ? CompletedMehler(builtIn, qu, qv, au, av, rho)
        : phi.IsDeclaredPolynomial ? Mehler(au, av, rho)
        : CompletedMehler(phi.Value, qu, qv, au, av, rho);

    /// <summary>
    /// The normalised Hermite coefficients of φ(√q z) for φ(u) = Σ_k c_k u^k, exactly: with
    /// z^k = Σ_j k!/(j! 2^j (k−2j)!) He_(k−2j)(z) and h_n = He_n/√(n!),
    /// a_n(q) = √(n!) Σ_(j ≥ 0) c_(n+2j) q^((n+2j)/2) (n+2j)!/(n! j! 2^j). Then E[φ(u)φ(v)] = Σ_n a_n(q_u) a_n(q_v) ρⁿ
    /// exactly (Mehler's series ends at the degree), the NNGP kernel of one layer in closed form.
    /// </summary>
    public static double[] PolynomialHermiteCoefficients(IReadOnlyList<double> c, double q)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (!(q >= 0) || double.IsInfinity(q)) throw new ArgumentOutOfRangeException(nameof(q), q, "the pre-activation variance q must be finite and non-negative.");
        var degree = c.Count - 1;
        var a = new double[degree + 1];
        var sq = Math.Sqrt(q);
        for (var n = 0; n <= degree; n++)
        {
            // term_j = c_(n+2j) q^((n+2j)/2) (n+2j)!/(n! j! 2^j), built up by its ratio in j.
            double sum = 0, ratio = Math.Pow(sq, n); // (n+2j)!/(n! j! 2^j) q^((n+2j)/2) at j = 0
            for (var j = 0; n + 2 * j <= degree; j++)
            {
                sum += c[n + 2 * j] * ratio;
                var k = n + 2 * j;
                ratio *= q * (k + 1) * (k + 2) / (2.0 * (j + 1));
            }
            a[n] = sum * Math.Sqrt(Factorial(n));
        }
        return a;
    }

    private static double Factorial(int n)
    {
        var f = 1.0;
        for (var i = 2; i <= n; i++) f *= i;
        return f;
    }

    private static double Mean(ActivationFunction phi, double q) =>
        phi.IsDeclaredPolynomial ? PolynomialHermiteCoefficients(phi.PolynomialCoefficients!, q)[0] : OneDimensional(phi.Value, q, static (x, _) => x);

    private static double Unknown(Activation activation) =>
        throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation; use Linear, Relu, Erf or Tanh.");
}
