using RgDsl.Perturbations;
using RgDsl.Perturbations.Exact;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Tests.Perturbations;

/// <summary>
/// First-order perturbation theory and Hartree against exact quadrature on 2 and 3 modes, for every term kind: the
/// error must shrink like g² (error/g² bounded as g falls over two decades).
/// </summary>
public class FirstOrderTests
{
    public static TheoryData<string> Kinds => ["Quadratic", "ModeLocal", "PairLocalConstant", "PairLocalMonomial", "PairLocalGeneric", "PairLocal6Monomial", "PairLocal6Generic"];

    internal static Perturbation Make(string kind, double g) => kind switch
    {
        "Quadratic" => Perturbation.Quadratic("r", k => g * (1 + 0.5 * k)),
        "ModeLocal" => Perturbation.ModeLocal("u", k => g * Math.Pow(k, 0.5)),
        "PairLocalConstant" => Perturbation.ConstantPairLocal("U", g),
        "PairLocalMonomial" => Perturbation.PairLocal("W", (k, q) => g * Math.Pow(k * q, 1.5), [new Monomial(g, 1.5, 1.5)]),
        "PairLocalGeneric" => Perturbation.PairLocal("W", (k, q) => g * (1 + Math.Exp(-Math.Abs(k - q)))),
        "PairLocal6Monomial" => Perturbation.PairLocal6("V", (k, q, p) => g * (k + q + p), [new Monomial(g, 1, 0, 0), new Monomial(g, 0, 1, 0), new Monomial(g, 0, 0, 1)]),
        "PairLocal6Generic" => Perturbation.PairLocal6("V", (k, q, p) => g / (1 + k * q * p)),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>Largest error of means (in standard deviations) and variances (relative).</summary>
    internal static double MaxError(FieldMoments approx, FieldMoments exact)
    {
        double e = 0;
        for (var i = 0; i < exact.Mean.Count; i++)
        {
            e = Math.Max(e, Math.Abs(approx.Mean[i] - exact.Mean[i]) / Math.Sqrt(exact.Variance[i]));
            e = Math.Max(e, Math.Abs(approx.Variance[i] - exact.Variance[i]) / exact.Variance[i]);
        }
        return e;
    }

    // Couplings are scaled to the mode variances (G ~ 0.1 here) so that g = 1 is a strong interaction.
    private static FieldTheory Theory(int modes, Perturbation p) => QuadratureTests.Theory(modes, 4, 1, p);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void First_order_error_shrinks_like_g_squared(string kind)
    {
        foreach (var modes in new[] { 2, 3 })
        {
            var ratios = new List<double>();
            foreach (var g in new[] { 0.1, 0.01, 0.001 })
            {
                var theory = Theory(modes, Make(kind, g));
                var exact = Quadrature.Solve(theory);
                ratios.Add(MaxError(theory.FirstOrder(), exact) / (g * g));
            }
            // error/g² must stay bounded; with an O(g²) law it is nearly constant across the two decades.
            Assert.True(ratios.Max() < 3 * ratios.Min() + 1e-6, $"{kind}, M = {modes}: error/g² = {string.Join(", ", ratios.Select(r => r.ToString("G3")))}");
            // and first order must actually be first order: the Gaussian error is O(g), far above it at g = 0.001
            // (the sextic weight k+q+p ≥ 3 times sixth moments makes its effective expansion parameter ~10g).
            var t = Theory(modes, Make(kind, 0.001));
            var q = Quadrature.Solve(t);
            Assert.True(MaxError(t.Gaussian(), q) > 20 * MaxError(t.FirstOrder(), q), $"{kind}: first order is no better than the Gaussian theory");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Hartree_is_at_least_as_accurate_as_first_order_at_small_coupling(string kind)
    {
        foreach (var g in new[] { 0.03, 0.003 })
        {
            var theory = Theory(3, Make(kind, g));
            var exact = Quadrature.Solve(theory);
            var first = MaxError(theory.FirstOrder(), exact);
            var hartree = MaxError(theory.Hartree(), exact);
            Assert.True(hartree <= first * 1.0001 + 1e-13, $"{kind}, g = {g}: Hartree error {hartree:G3} > first-order error {first:G3}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Vanishing_coupling_gives_the_Gaussian_theory_to_rounding(string kind)
    {
        var theory = Theory(3, Make(kind, 0));
        var gaussian = theory.Gaussian();
        foreach (var approx in new[] { theory.FirstOrder(), theory.Hartree() })
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(gaussian.Mean[i], approx.Mean[i]);
                Assert.Equal(gaussian.Variance[i], approx.Variance[i]);
            }
    }
}
