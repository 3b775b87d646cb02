using RgDsl.Networks;
using RgDsl.Networks.Functions;
using RgDsl.Networks.Kernels;

namespace RgDsl.Tests.Networks;

/// <summary>
/// Declared activations (<see cref="ActivationFunction"/>): a polynomial's closed-form Hermite kernel against an
/// independent two-dimensional trapezoid rule (no Hermite polynomials involved), a numerically evaluated φ = sin against
/// its closed-form dual E[sin u sin v] = e^(−(q_u+q_v)/2) sinh c, at depths 1–3, and the checks on bad φ.
/// </summary>
public class DeclaredActivationTests
{
    private static readonly ActivationFunction Cubic = ActivationFunction.Polynomial("Cubic", 0, 1, 0, 0.3);
    private static readonly ActivationFunction Quartic = ActivationFunction.Polynomial("Quartic", 0.2, -0.5, 0.7, 0, -0.1);

    /// <summary>E[φ(u)φ(v)] by the trapezoid rule on [−10, 10]², step 0.05 (exponentially accurate for Gaussian integrands).</summary>
    private static double Trapezoid(Func<double, double> phi, double qu, double qv, double c)
    {
        const double h = 0.05, limit = 10;
        var n = (int)(2 * limit / h);
        var rho = c / Math.Sqrt(qu * qv);
        var orthogonal = Math.Sqrt(Math.Max(0, 1 - rho * rho));
        double su = Math.Sqrt(qu), sv = Math.Sqrt(qv), sum = 0;
        for (var i = 0; i <= n; i++)
        {
            var z1 = -limit + i * h;
            var w1 = Math.Exp(-z1 * z1 / 2);
            var u = phi(su * z1);
            double inner = 0;
            for (var j = 0; j <= n; j++)
            {
                var z2 = -limit + j * h;
                inner += Math.Exp(-z2 * z2 / 2) * phi(sv * (rho * z1 + orthogonal * z2));
            }
            sum += w1 * u * inner;
        }
        return sum * h * h / (2 * Math.PI);
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.3)]
    [InlineData(0.5, 2.0, -0.6)]
    [InlineData(1.7, 1.7, 0.95)]
    [InlineData(2.5, 0.8, 0.0)]
    public void Polynomial_dual_kernel_matches_two_dimensional_quadrature(double qu, double qv, double rho)
    {
        var c = rho * Math.Sqrt(qu * qv);
        foreach (var phi in new[] { Cubic, Quartic })
        {
            var expected = Trapezoid(phi.Value, qu, qv, c);
            var exact = DualActivation.Expectation(phi, qu, qv, c);
            Assert.Equal(expected, exact, 1e-10 * Math.Max(1, Math.Abs(expected)));
            Assert.Equal(Trapezoid(phi.Value, qu, qu, qu), DualActivation.SecondMoment(phi, qu), 1e-10 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void Cubic_second_moment_has_its_closed_form()
    {
        // φ = z + εz³, u ~ N(0, q): E[φ²] = q + 2ε·3q² + ε²·15q³ (Gaussian moments 1, 3, 15).
        const double eps = 0.3, q = 1.4;
        Assert.Equal(q + 6 * eps * q * q + 15 * eps * eps * q * q * q, DualActivation.SecondMoment(Cubic, q), 1e-12);
        // Hermite coefficients at q: a_1 = √q + 3ε q^(3/2), a_3 = ε q^(3/2) √6, the rest 0.
        var a = DualActivation.PolynomialHermiteCoefficients([0, 1, 0, eps], q);
        double[] expected = [0, Math.Sqrt(q) + 3 * eps * Math.Pow(q, 1.5), 0, eps * Math.Pow(q, 1.5) * Math.Sqrt(6)];
        Assert.Equal(expected.Length, a.Length);
        for (var n = 0; n < a.Length; n++) Assert.Equal(expected[n], a[n], 1e-13);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cubic_network_kernel_matches_the_quadrature_recursion_at_every_depth(int depth)
    {
        var architecture = new NetworkArchitecture(3, depth, 16, Cubic, weightVariance: 0.8, readoutVariance: 1.3);
        var kernel = new NngpKernel(architecture);
        double[][] points = [[0.3, -1.1, 0.7], [1.2, 0.4, -0.5], [-0.2, 0.9, 1.4]];
        var matrix = kernel.Matrix(points);
        for (var i = 0; i < points.Length; i++)
            for (var j = 0; j < points.Length; j++)
            {
                var expected = Recursion(Cubic.Value, points[i], points[j], depth, 0.8, 1.3, Trapezoid);
                Assert.Equal(expected, matrix[i, j], 1e-9 * Math.Abs(expected));
                Assert.Equal(expected, kernel.Evaluate(points[i], points[j]), 1e-9 * Math.Abs(expected));
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Numerical_activation_matches_the_closed_form_dual_of_sine(int depth)
    {
        // φ = sin read as a plain delegate (Gauss–Hermite coefficients, Mehler completed near |ρ| = 1) against
        // E[sin u sin v] = e^(−(q_u+q_v)/2) sinh c, E[sin² u] = (1 − e^(−2q))/2.
        var sine = new ActivationFunction("Sine", Math.Sin);
        var architecture = new NetworkArchitecture(3, depth, 16, sine, weightVariance: 1.5);
        var kernel = new NngpKernel(architecture);
        double[][] points = [[0.3, -1.1, 0.7], [1.2, 0.4, -0.5], [0.31, -1.05, 0.72], [0, 0.2, 0.1]];
        var matrix = kernel.Matrix(points);
        static double Dual(Func<double, double> _, double qu, double qv, double c) => Math.Exp(-(qu + qv) / 2) * Math.Sinh(c);
        for (var i = 0; i < points.Length; i++)
            for (var j = 0; j < points.Length; j++)
            {
                var expected = Recursion(Math.Sin, points[i], points[j], depth, 1.5, 1, Dual);
                Assert.Equal(expected, matrix[i, j], 1e-7 * Math.Max(1e-3, Math.Abs(expected)));
            }
    }

    /// <summary>The NNGP recursion of THEORY §6.1 with a given dual E[φ(u)φ(v)].</summary>
    private static double Recursion(Func<double, double> phi, double[] x, double[] y, int depth, double w, double a,
        Func<Func<double, double>, double, double, double, double> dual)
    {
        double Dot(double[] p, double[] q) => p.Zip(q, (s, t) => s * t).Sum();
        double qx = w * Dot(x, x) / x.Length, qy = w * Dot(y, y) / x.Length, c = w * Dot(x, y) / x.Length;
        for (var l = 1; l < depth; l++)
        {
            var next = w * dual(phi, qx, qy, c);
            qx = w * dual(phi, qx, qx, qx);
            qy = w * dual(phi, qy, qy, qy);
            c = next;
        }
        return a * dual(phi, qx, qy, c);
    }

    [Fact]
    public void Vector_path_of_a_polynomial_gives_value_and_exact_derivative()
    {
        double[] h = [-3, -0.5, 0, 0.25, 2, 7];
        var value = new double[h.Length];
        var derivative = new double[h.Length];
        VectorActivations.Apply(Cubic, h, value, derivative);
        for (var i = 0; i < h.Length; i++)
        {
            Assert.Equal(h[i] + 0.3 * h[i] * h[i] * h[i], value[i], 1e-12 * Math.Max(1, Math.Abs(value[i])));
            Assert.Equal(1 + 0.9 * h[i] * h[i], derivative[i], 1e-12 * Math.Max(1, Math.Abs(derivative[i])));
        }
    }

    [Fact]
    public void A_function_growing_like_exp_z_squared_is_refused_before_the_kernel_is_computed()
    {
        var fast = new ActivationFunction("Fast", z => Math.Exp(z * z));
        var kernel = new NngpKernel(new NetworkArchitecture(2, 1, 8, fast));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<ArgumentException>(() => kernel.Matrix([[1.0, 0.5], [0.2, -0.3]]));
        Assert.Equal("activation", e.ParamName);
        Assert.Contains("grows too fast", e.Message);
        Assert.Contains("'Fast'", e.Message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1));
        // exp(z²/8) is integrable while q < 2: accepted at q ≈ 0.6, refused at q = 8.
        var slow = new ActivationFunction("Slow", z => Math.Exp(z * z / 8));
        var slowKernel = new NngpKernel(new NetworkArchitecture(2, 1, 8, slow));
        Assert.True(double.IsFinite(slowKernel.Evaluate([1.0, 0.5], [0.2, -0.3])));
        Assert.Throws<ArgumentException>(() => slowKernel.Evaluate([4.0, 0], [0.2, -0.3]));
    }

    [Fact]
    public void Bad_activations_are_refused_when_made()
    {
        var constant = Assert.Throws<ArgumentException>(() => new ActivationFunction("Flat", _ => 0.5));
        Assert.Contains("constant", constant.Message);
        var nan = Assert.Throws<ArgumentException>(() => new ActivationFunction("Log", Math.Log));
        Assert.Contains("at z = 0", nan.Message);
        Assert.Throws<ArgumentException>(() => ActivationFunction.Polynomial("Constant", 3));
        Assert.Throws<ArgumentException>(() => ActivationFunction.Polynomial("Bad", 0, double.NaN));
        Assert.Throws<ArgumentException>(() => ActivationFunction.Polynomial("Long", new double[30]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkArchitecture(2, 1, 8, Activation.Custom));
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationFunction.Of(Activation.Custom));
    }

    [Fact]
    public void Guard_accepts_the_same_polynomial_and_finds_a_different_one()
    {
        Func<double, double> method = z => z + 0.1 * z * z * z;
        Assert.True(ClosedFormGuard.TryCheckActivation(method, [0, 1, 0, 0.1], out var none));
        Assert.Null(none);
        Assert.False(ClosedFormGuard.TryCheckActivation(method, [0, 1, 0, 0.1000001], out var mismatch));
        Assert.Contains("z = ", mismatch);
        // Cancellation between terms is no mismatch: z − z³/6 near its root √6 is small against its terms.
        Func<double, double> sine3 = z => z - z * z * z / 6;
        Assert.True(ClosedFormGuard.TryCheckActivation(sine3, [0, 1, 0, -1.0 / 6], out _));
        Assert.Throws<InvalidOperationException>(() => ClosedFormGuard.CheckActivation("Net", "Phi", "z", Math.Sin, [0, 1]));
    }

    [Fact]
    public void Built_in_paths_are_unchanged_by_the_general_representation()
    {
        // The enum constructor and the ActivationFunction of the same built-in give the same architecture and kernel.
        var byEnum = new NetworkArchitecture(3, 2, 8, Activation.Tanh);
        var byFunction = new NetworkArchitecture(3, 2, 8, ActivationFunction.Of(Activation.Tanh));
        Assert.Equal(byEnum, byFunction);
        Assert.Equal(Activation.Tanh, byFunction.Activation);
        Assert.Equal(Activation.Custom, new NetworkArchitecture(3, 1, 8, Cubic).Activation);
        Assert.Equal(Activation.Relu, (byEnum with { Activation = Activation.Relu }).Function.BuiltIn);
    }
}
