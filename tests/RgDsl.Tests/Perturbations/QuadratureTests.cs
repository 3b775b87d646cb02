using RgDsl.Perturbations;
using RgDsl.Perturbations.Exact;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Tests.Perturbations;

public class QuadratureTests
{
    internal static FieldTheory Theory(int modes, double p, double ridge, params Perturbation[] perturbations) =>
        new(Enumerable.Range(1, modes).Select(k => Math.Pow(k, -2.0)).ToArray(),
            Enumerable.Range(1, modes).Select(k => Math.Pow(k, -1.5)).ToArray(), null, p, ridge, 0, perturbations);

    [Fact]
    public void Quadrature_reproduces_the_Gaussian_moments_without_perturbations()
    {
        var theory = Theory(3, 5, 0.5);
        var exact = Quadrature.Solve(theory);
        var gaussian = theory.Gaussian();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(gaussian.Mean[i], exact.Mean[i], 1e-12);
            Assert.Equal(gaussian.Variance[i], exact.Variance[i], gaussian.Variance[i] * 1e-10);
        }
    }

    [Fact]
    public void Single_mode_quartic_matches_an_independent_one_dimensional_integral()
    {
        // One mode, (w/4) f⁴: compare with Simpson's rule on a fine grid written out here.
        const double w = 0.7;
        var theory = new FieldTheory([0.5], [0.3], null, 2, 1, 0, [Perturbation.ModeLocal("w", _ => w)]);
        var exact = Quadrature.Solve(theory);
        double a = theory.A0[0], h = theory.H[0];
        double z = 0, s1 = 0, s2 = 0;
        const int n = 200_000;
        const double lo = -8, hi = 8;
        var step = (hi - lo) / n;
        for (var j = 0; j <= n; j++)
        {
            var f = lo + j * step;
            var simpson = j == 0 || j == n ? 1 : j % 2 == 1 ? 4 : 2;
            var weight = simpson * Math.Exp(-(0.5 * a * f * f - h * f + 0.25 * w * f * f * f * f));
            z += weight; s1 += weight * f; s2 += weight * f * f;
        }
        var mean = s1 / z;
        Assert.Equal(mean, exact.Mean[0], 1e-10);
        Assert.Equal(s2 / z - mean * mean, exact.Variance[0], 1e-10);
    }

    [Fact]
    public void Unbounded_action_is_refused()
    {
        var theory = Theory(2, 5, 0.5, Perturbation.ConstantPairLocal("U", -0.1));
        Assert.Contains("unbounded below", Assert.Throws<ArgumentException>(() => Quadrature.Solve(theory)).Message);
    }

    [Fact]
    public void Too_many_fields_are_refused_with_the_count()
    {
        var theory = Theory(4, 5, 0.5);
        Assert.Contains("has 4", Assert.Throws<ArgumentException>(() => Quadrature.Solve(theory)).Message);
    }
}
