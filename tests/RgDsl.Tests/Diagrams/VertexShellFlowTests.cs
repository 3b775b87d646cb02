using RgDsl.Perturbations;
using RgDsl.Tests.Perturbations;
using Xunit.Abstractions;
using RgDsl.Flow;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Tests.Diagrams;

/// <summary>
/// The one-loop shell flow for any vertex pattern (<see cref="VertexShellFlow"/>), against exact oracles: the effective
/// action of mode 1 after modes 2 and 3 are integrated out exactly (two-dimensional quadrature of exp(−S)), and the
/// direct first-order prediction.
/// </summary>
public class VertexShellFlowTests(ITestOutputHelper output)
{
    /// <summary>The monomial vertices of the catalogue with at least two indices (one-index vertices induce nothing).</summary>
    /// <remarks>Couplings small enough that the O(g²) remainder is below a tenth of the induced O(g) part.</remarks>
    public static TheoryData<string, double> Inducing => new()
    {
        { "k q", 0.02 }, { "k k q", 0.02 }, { "k q p", 0.02 }, { "k k q p", 0.005 }, { "k q p r", 0.005 }, { "k k k q q", 0.02 }, { "k k k k q q", 0.02 },
        { "k k q q p r", 0.005 }, { "k q p r s u", 0.001 }, { "sextic k+q+p", 0.005 }, { "pair-local (kq)^1.5", 0.02 },
    };

    [Theory]
    [MemberData(nameof(Inducing))]
    public void Induced_couplings_match_the_exact_shell_integral_to_one_loop(string name, double g)
    {
        foreach (var width in new[] { 0.0, 1.0 }) // single-mode shells; modes 2 and 3 in one shell
        {
            var (remainder, induced) = Compare(name, g, width);
            var (half, halfInduced) = Compare(name, g / 2, width);
            output.WriteLine(FormattableString.Invariant($"{name,-20} g={g} dℓ={width}: induced {induced:E3} ({halfInduced:E3} at g/2), remainder {remainder:E3} ({half:E3}), ratio {remainder / half:F2}"));
            Assert.True(induced > 1e-4, $"{name}: the shell must induce something on mode 1 ({induced:E3})");
            Assert.InRange(halfInduced / induced, 0.45, 0.55); // the induced part is O(g)
            Assert.True(remainder < 0.1 * induced, $"{name}, dℓ = {width}: flow and exact effective actions differ by {remainder:E3}, not small against the induced {induced:E3}");
            Assert.InRange(remainder / half, 3.2, 4.8); // and what is left is O(g²)
        }
    }

    /// <summary>
    /// Over f₁ within 3 standard deviations of its S₀ mean: the largest difference (up to a constant) between the exact
    /// S_eff(f₁) = −ln ∫df₂df₃ e^{−S} and S₀(f₁) plus the flow's vertices on mode 1, and the largest induced part
    /// (the flow's vertices minus the declared one restricted to mode 1).
    /// </summary>
    private static (double Remainder, double Induced) Compare(string name, double g, double width)
    {
        var vertex = VertexCatalogue.Make(name, g);
        var theory = QuadratureTests.Theory(3, 2, 1, vertex);
        var flow = VertexShellFlow.Run(theory, new ShellFlowOptions(ShellWidth: width, StopScale: 1));
        Assert.Null(flow.Instability);
        var last = flow.Vertices![^1];
        Assert.Equal(1, last.Scale);
        double FlowPolynomial(double f) => last.Vertices.Sum(v => v.Diagonal(1) * Math.Pow(f, LegCount(v.Pattern)) / LegCount(v.Pattern));
        double Declared(double f) => vertex.Weight(Enumerable.Repeat(1L, vertex.VertexPattern.LetterCount).ToArray()) * Math.Pow(f, vertex.VertexPattern.LegCount) / vertex.VertexPattern.LegCount;

        var gaussian = theory.Gaussian();
        var evaluator = new ActionEvaluator(theory.Perturbations, [1, 2, 3]);
        const int Nodes = 121;
        const double HalfWidth = 8;
        var f2 = Grid(gaussian.Mean[1], Math.Sqrt(gaussian.Variance[1]));
        var f3 = Grid(gaussian.Mean[2], Math.Sqrt(gaussian.Variance[2]));
        double[] Grid(double mean, double sd) => Enumerable.Range(0, Nodes).Select(j => mean + sd * (-HalfWidth + 2 * HalfWidth * j / (Nodes - 1))).ToArray();
        double S0(int i, double f) => 0.5 * theory.A0[i] * f * f - theory.H[i] * f;
        // −ln ∫ e^{−(S₀₂ + S₀₃ + S_int)}, by the trapezoidal rule (geometric convergence for a Gaussian-like integrand).
        double Effective(double f1)
        {
            var exponents = new double[Nodes * Nodes];
            var f = new double[3];
            f[0] = f1;
            for (var a = 0; a < Nodes; a++)
                for (var b = 0; b < Nodes; b++)
                {
                    f[1] = f2[a]; f[2] = f3[b];
                    exponents[a * Nodes + b] = -(S0(1, f2[a]) + S0(2, f3[b]) + evaluator.Evaluate(f, Span<double>.Empty, false));
                }
            var max = exponents.Max();
            double edge = 0, sum = 0;
            for (var a = 0; a < Nodes; a++)
                for (var b = 0; b < Nodes; b++)
                {
                    var w = Math.Exp(exponents[a * Nodes + b] - max);
                    sum += w;
                    if (a == 0 || b == 0 || a == Nodes - 1 || b == Nodes - 1) edge = Math.Max(edge, w);
                }
            Assert.True(edge < 1e-12, $"the box must hold the integrand (edge {edge:E2})");
            return -(max + Math.Log(sum));
        }
        var m1 = gaussian.Mean[0];
        var sd1 = Math.Sqrt(gaussian.Variance[0]);
        var points = Enumerable.Range(-6, 13).Select(j => m1 + sd1 * j / 2.0).ToArray();
        double Difference(double f) => Effective(f) - FlowPolynomial(f);
        var reference = Difference(m1);
        var remainder = points.Max(f => Math.Abs(Difference(f) - reference));
        var induced = points.Max(f => Math.Abs(FlowPolynomial(f) - Declared(f) - (FlowPolynomial(m1) - Declared(m1))));
        return (remainder, induced);
    }

    private static int LegCount(string pattern) => pattern.Split(' ').Length;

    /// <summary>A power-law model of 300 modes with its threshold k_P = 100 (P/κ = 10⁴).</summary>
    private static FieldTheory Threshold(Perturbation vertex) =>
        new(Enumerable.Range(1, 300).Select(k => Math.Pow(k, -2.0)).ToArray(), Enumerable.Range(1, 300).Select(k => Math.Pow(k, -2.0)).ToArray(), null, 100, 0.01, 0, [vertex]);

    [Theory]
    [InlineData("k q p", 0.04)]
    [InlineData("k k q p", 1e-4)]
    [InlineData("k k q q p r", 0.2)]
    [InlineData("sextic k+q+p", 0.5)]
    public void Flowed_prediction_at_the_threshold_agrees_with_first_order_to_O_g(string name, double g)
    {
        (double Flow, double First, double Gaussian) Errors(double g)
        {
            var theory = Threshold(VertexCatalogue.Make(name, g));
            var flow = ShellFlow.Run(theory, new ShellFlowOptions(StopScale: 100));
            Assert.Null(flow.Instability);
            Assert.Contains("vertex flow", flow.Scheme);
            return (theory.Error(flow.Moments!), theory.Error(theory.FirstOrder()), theory.Error(theory.Gaussian()));
        }
        var (flow, first, gaussian) = Errors(g);
        var (flowHalf, firstHalf, _) = Errors(g / 2);
        output.WriteLine(FormattableString.Invariant($"{name}: g={g:G3}: ε₀ {gaussian:G6}, first order δ {first - gaussian:E3}, flow − first {flow - first:E3}; at g/2: {firstHalf - gaussian:E3}, {flowHalf - firstHalf:E3}; ratio {(flow - first) / (flowHalf - firstHalf):F2}"));
        Assert.True(Math.Abs(first - gaussian) > 1e-4 * gaussian, "first order must move the error measurably");
        Assert.True(Math.Abs(flow - first) < 0.1 * Math.Abs(first - gaussian), $"flow {flow} and first order {first} differ at O(g) (Gaussian {gaussian})");
        Assert.InRange((flow - first) / (flowHalf - firstHalf), 3.2, 4.8);
    }

    [Fact]
    public void A_weight_without_monomials_is_refused_naming_what_applies()
    {
        var theory = Threshold(VertexCatalogue.Make("k k q p generic", 1e-4));
        var e = Assert.Throws<NotSupportedException>(() => ShellFlow.Run(theory));
        Assert.Contains("sums of monomials", e.Message);
        Assert.Contains("Approximation.SecondOrder", e.Message);
    }

    [Fact]
    public void A_cubic_vertex_flows_into_a_linear_term_and_a_sextic_into_quartic_and_ridge_terms()
    {
        var cubic = ShellFlow.Run(Threshold(VertexCatalogue.Make("k q p", 1e-4)), new ShellFlowOptions(StopScale: 100)).Vertices![^1];
        Assert.Equal(["k q p", "k q", "k"], cubic.Vertices.Select(v => v.Pattern));
        var sextic = ShellFlow.Run(Threshold(VertexCatalogue.Make("sextic k+q+p", 1e-7)), new ShellFlowOptions(StopScale: 100)).Vertices![^1];
        Assert.Equal(["k k q q p p", "k k q q", "k k"], sextic.Vertices.Select(v => v.Pattern));
        // Positive couplings and ⟨f_p²⟩ > 0 on the shell give a positive ridge correction.
        Assert.All(sextic.Of("k k")!.Terms, t => Assert.True(t.Coefficient > 0));
    }
}
