using RgDsl.Perturbations;
using Xunit.Abstractions;
using RgDsl.Perturbations.Exact;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Tests.Diagrams;

/// <summary>
/// The first- and second-order terms of every vertex in the catalogue against the exact quadrature oracle on 2 modes
/// (and 3 with RGDSL_LONG_TESTS=1; THEORY.md §7.2). The oracle's moments at couplings g = 0, h, 2h, 3h, 4h determine
/// the Taylor coefficients of g and g² through a degree-4 fit (error O(h³)); h is chosen so that the first-order change
/// is about 0.1% (smaller where the oracle's box needs it). Both coefficients must agree with the diagrams within 1%,
/// and the remainders must shrink as g² (after first order) and g³ (after second order).
/// </summary>
public class QuadratureOracleTests(ITestOutputHelper output)
{
    /// <summary>The oracle's relative accuracy: about what summation rounding lets it confirm on 3-dimensional grids.</summary>
    private const double Tolerance = 1e-12;

    private static FieldTheory Theory(int modes, Perturbation p) => new(
        Enumerable.Range(1, modes).Select(k => Math.Pow(k, -2.0)).ToArray(),
        Enumerable.Range(1, modes).Select(k => Math.Pow(k, -1.5)).ToArray(), null, 4, 1, 0, [p]);

    /// <summary>Means (in standard deviations of S₀) and variances (relative to S₀'s), mode after mode: the quantities compared.</summary>
    private static double[] Scaled(FieldMoments m, FieldMoments g0) =>
        Enumerable.Range(0, g0.Mean.Count).SelectMany(i => new[] { m.Mean[i] / Math.Sqrt(g0.Variance[i]), m.Variance[i] / g0.Variance[i] }).ToArray();

    private static double[] Minus(double[] a, double[] b) => a.Select((x, i) => x - b[i]).ToArray();

    [Theory]
    [MemberData(nameof(VertexCatalogue.Names), MemberType = typeof(VertexCatalogue))]
    public void First_and_second_order_coefficients_agree_with_quadrature(string vertex)
    {
        foreach (var modes in LongTests.Enabled ? new[] { 2, 3 } : new[] { 2 })
        {
            var unit = Theory(modes, VertexCatalogue.Make(vertex, 1));
            var g0 = unit.Gaussian();
            var zero = Scaled(g0, g0);
            var c1 = Minus(Scaled(unit.Expansion(1), g0), zero);          // per unit g
            var c2 = Minus(Scaled(unit.Expansion(2), g0), Scaled(unit.Expansion(1), g0)); // per unit g²
            var r1 = c1.Max(Math.Abs);
            Assert.True(r1 > 0, $"{vertex}: no first-order effect at all");

            // The oracle at g = 0..4h; h smaller by 10 each time the oracle's box refuses the coupling.
            var h = 1e-3 / r1;
            double[][]? exact = null;
            for (var attempt = 0; attempt < 4 && exact is null; attempt++, h /= 10)
            {
                try { exact = Enumerable.Range(1, 4).Select(n => Scaled(Quadrature.Solve(Theory(modes, VertexCatalogue.Make(vertex, n * h)), Tolerance, boxIntegral: true), g0)).ToArray(); }
                catch (ArgumentException e) when (e.Message.Contains("box")) { }
            }
            Assert.NotNull(exact);
            h *= 10; // undo the last division
            var (q1, q2) = Taylor(zero, exact, h);

            var worst = 0.0;
            for (var i = 0; i < zero.Length; i++)
            {
                // In units of the change at g = h: first order ~1e-3, second ~1e-6; 1e-10 absorbs the oracle's
                // rounding (about 13 × its tolerance in the second-order fit).
                double e1 = c1[i] * h, e2 = c2[i] * h * h, x1 = q1[i] * h, x2 = q2[i] * h * h;
                Assert.True(Math.Abs(e1 - x1) <= 0.01 * Math.Abs(x1) + 1e-10, $"{vertex}, M = {modes}, {(i % 2 == 0 ? "mean" : "variance")} of mode {i / 2 + 1}: first order {e1:G6} vs quadrature {x1:G6}");
                Assert.True(Math.Abs(e2 - x2) <= 0.01 * Math.Abs(x2) + 1e-10, $"{vertex}, M = {modes}, {(i % 2 == 0 ? "mean" : "variance")} of mode {i / 2 + 1}: second order {e2:G6} vs quadrature {x2:G6}");
                if (Math.Abs(x2) > 1e-8) worst = Math.Max(worst, Math.Abs(e2 - x2) / Math.Abs(x2));
            }
            // The second-order check must not be vacuous: the oracle resolves a second-order effect wherever the
            // diagrams predict one (a linear source has none: the oracle must then find none either).
            if (c2.Max(Math.Abs) * h * h > 1e-8)
                Assert.True(q2.Max(Math.Abs) * h * h > 1e-8, $"{vertex}, M = {modes}: no second-order effect resolved at h = {h:G3}");
            else
                Assert.True(q2.Max(Math.Abs) * h * h < 1e-10, $"{vertex}, M = {modes}: the diagrams have no second order but quadrature finds {q2.Max(Math.Abs) * h * h:G3}");
            output.WriteLine(FormattableString.Invariant($"{vertex,-22} M = {modes}: h = {h:G3}, largest first-order change {r1 * h:G3}, second-order coefficients within {worst:P3} of quadrature"));
        }
    }

    /// <summary>The coefficients of g and g² of the degree-4 polynomial through (0, f0), (h, f1), …, (4h, f4).</summary>
    private static (double[] C1, double[] C2) Taylor(double[] f0, double[][] f, double h)
    {
        // Newton forward differences: Δ^n f at 0 over n steps; the polynomial's g and g² coefficients follow.
        var n = f0.Length;
        var c1 = new double[n];
        var c2 = new double[n];
        for (var i = 0; i < n; i++)
        {
            double y0 = f0[i], y1 = f[0][i], y2 = f[1][i], y3 = f[2][i], y4 = f[3][i];
            // Coefficients of the interpolating quartic (exact for polynomials of degree ≤ 4).
            c1[i] = (-25 * y0 + 48 * y1 - 36 * y2 + 16 * y3 - 3 * y4) / (12 * h);
            c2[i] = (35 * y0 - 104 * y1 + 114 * y2 - 56 * y3 + 11 * y4) / (24 * h * h);
        }
        return (c1, c2);
    }

    [Theory]
    [MemberData(nameof(VertexCatalogue.Names), MemberType = typeof(VertexCatalogue))]
    public void Remainders_shrink_as_g_squared_after_first_order_and_g_cubed_after_second(string vertex)
    {
        var modes = LongTests.Enabled ? 3 : 2;
        var unit = Theory(modes, VertexCatalogue.Make(vertex, 1));
        var g0 = unit.Gaussian();
        var zero = Scaled(g0, g0);
        var c1 = Minus(Scaled(unit.Expansion(1), g0), zero);
        var c2 = Minus(Scaled(unit.Expansion(2), g0), Scaled(unit.Expansion(1), g0));
        var h = 0.03 / c1.Max(Math.Abs);
        var firstRatios = new List<double>();
        var secondRatios = new List<double>();
        foreach (var g in new[] { h, h / 3, h / 9 })
        {
            FieldMoments exact;
            try { exact = Quadrature.Solve(Theory(modes, VertexCatalogue.Make(vertex, g)), Tolerance, boxIntegral: true); }
            catch (ArgumentException e) when (e.Message.Contains("box")) { h /= 10; firstRatios.Clear(); secondRatios.Clear(); continue; }
            var x = Scaled(exact, g0);
            var first = x.Select((v, i) => Math.Abs(v - zero[i] - g * c1[i])).Max();
            var second = x.Select((v, i) => Math.Abs(v - zero[i] - g * c1[i] - g * g * c2[i])).Max();
            firstRatios.Add(first / (g * g));
            secondRatios.Add(second / (g * g * g));
        }
        Assert.Equal(3, firstRatios.Count);
        if (c2.Max(Math.Abs) == 0)
        {
            // No diagram beyond first order (a linear source shifts the mean exactly): the remainder is rounding.
            Assert.True(firstRatios.Zip(new[] { h, h / 3, h / 9 }).All(t => t.First * t.Second * t.Second < 1e-10), $"{vertex}: first order should be exact");
            return;
        }
        output.WriteLine(FormattableString.Invariant($"{vertex,-22} remainder/g² = {string.Join(", ", firstRatios.Select(r => r.ToString("G3")))}; remainder/g³ = {string.Join(", ", secondRatios.Select(r => r.ToString("G3")))}"));
        Assert.True(firstRatios.Max() < 1.5 * firstRatios.Min(), $"{vertex}: first-order remainder/g² = {string.Join(", ", firstRatios)}");
        Assert.True(secondRatios.Max() < 3 * secondRatios.Min() + 1e-6 * firstRatios.Min() / h, $"{vertex}: second-order remainder/g³ = {string.Join(", ", secondRatios)}");
    }
}
