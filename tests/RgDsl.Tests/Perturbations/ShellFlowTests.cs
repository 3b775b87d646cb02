using RgDsl.Perturbations;
using RgDsl.Flow;
using RgDsl.Perturbations.Exact;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Tests.Perturbations;

public class ShellFlowTests
{
    public static TheoryData<string> FlowKinds => ["Quadratic", "ModeLocal", "PairLocalConstant", "PairLocalMonomial"];

    private static double MaxError(FieldMoments approx, FieldMoments exact) => FirstOrderTests.MaxError(approx, exact);

    [Theory]
    [MemberData(nameof(FlowKinds))]
    public void Shell_flow_is_at_least_as_accurate_as_first_order_against_quadrature(string kind)
    {
        foreach (var g in new[] { 0.03, 0.003 })
        {
            var theory = QuadratureTests.Theory(3, 4, 1, FirstOrderTests.Make(kind, g));
            var exact = Quadrature.Solve(theory);
            var flow = ShellFlow.Run(theory).Moments!;
            var first = MaxError(theory.FirstOrder(), exact);
            Assert.True(MaxError(flow, exact) <= first * 1.0001 + 1e-13, $"{kind}, g = {g}: flow {MaxError(flow, exact):G3} vs first order {first:G3}");
        }
    }

    [Theory]
    [InlineData("PairLocalConstant")]
    [InlineData("PairLocalMonomial")]
    public void Single_mode_shells_reproduce_first_order_to_order_g_squared_on_many_modes(string kind)
    {
        // 300 modes: the difference flow − first order, divided by g², must stay bounded over two decades of g.
        var ratios = new List<double>();
        foreach (var g in new[] { 1e-4, 1e-5, 1e-6 })
        {
            var p = kind == "PairLocalConstant" ? Perturbation.ConstantPairLocal("U", 1e3 * g) : FirstOrderTests.Make(kind, g);
            var theory = new FieldTheory(Enumerable.Range(1, 300).Select(k => Math.Pow(k, -2.0)).ToArray(),
                Enumerable.Range(1, 300).Select(k => Math.Pow(k, -1.5)).ToArray(), null, 50, 0.05, 0, [p]);
            var flow = ShellFlow.Run(theory).Moments!;
            var first = theory.FirstOrder();
            var gaussian = theory.Gaussian();
            ratios.Add(MaxError(flow, first) / (g * g));
            Assert.True(MaxError(flow, first) < 0.05 * MaxError(gaussian, first), $"{kind}, g = {g}: flow differs from first order by as much as first order from Gaussian");
        }
        Assert.True(ratios.Max() < 3 * ratios.Min(), $"{kind}: |flow − first order|/g² = {string.Join(", ", ratios.Select(x => x.ToString("G3")))}");
    }

    [Fact]
    public void Constant_coupling_flow_closes_on_r_and_U_with_the_bubble_lowering_U()
    {
        var theory = new FieldTheory(Enumerable.Range(1, 1000).Select(k => 1.0 / k / k).ToArray(),
            Enumerable.Range(1, 1000).Select(k => 1.0 / k / k).ToArray(), null, 100, 0.01, 0, [Perturbation.ConstantPairLocal("U", 0.5)]);
        var result = ShellFlow.Run(theory);
        Assert.Equal([0.0], result.Exponents);
        var u = result.Points.Select(p => p.Quartic[0][0]).ToList();
        var rr = result.Points.Select(p => p.Tadpole[0]).ToList();
        Assert.Equal(0.5, u[0]);
        for (var i = 1; i < u.Count; i++)
        {
            Assert.True(u[i] < u[i - 1], "dU = −U² Σ(G² + 2G f̄²) < 0");
            Assert.True(rr[i] > rr[i - 1], "dr = U Σ ⟨f²⟩ > 0 for U > 0");
        }
        Assert.Equal(0, result.Points[^1].Scale); // run to the end: every mode integrated out
    }

    [Fact]
    public void Log_bins_and_single_mode_shells_agree_at_small_coupling()
    {
        var theory = new FieldTheory(Enumerable.Range(1, 2000).Select(k => Math.Pow(k, -2.0)).ToArray(),
            Enumerable.Range(1, 2000).Select(k => Math.Pow(k, -2.0)).ToArray(), null, 100, 0.01, 0, [Perturbation.ConstantPairLocal("U", 0.01)]);
        var single = theory.Error(ShellFlow.Run(theory).Moments!);
        var binned = theory.Error(ShellFlow.Run(theory, new ShellFlowOptions(ShellWidth: 0.1)).Moments!);
        var gaussian = theory.Error(theory.Gaussian());
        Assert.True(Math.Abs(single - binned) < 0.01 * Math.Abs(single - gaussian), $"single {single:R}, binned {binned:R}, Gaussian {gaussian:R}");
    }

    [Fact]
    public void Unsupported_weights_are_refused_with_the_alternative()
    {
        var theory = QuadratureTests.Theory(3, 4, 1, FirstOrderTests.Make("PairLocalGeneric", 0.01));
        Assert.Contains("Hartree", Assert.Throws<NotSupportedException>(() => ShellFlow.Run(theory)).Message);
    }

    [Fact]
    public void Strong_negative_coupling_reports_the_instability()
    {
        var theory = QuadratureTests.Theory(3, 4, 1, Perturbation.ConstantPairLocal("U", -50));
        var result = ShellFlow.Run(theory);
        Assert.False(result.Stable);
        Assert.Contains("≤ 0", result.Instability);
        Assert.Null(result.Moments);
    }
}
