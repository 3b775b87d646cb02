using RgDsl.Perturbations;
using RgDsl.Spectra;

namespace RgDsl.Tests.Validity;

/// <summary>A cubic vertex as issue 21 declared it: its action is unbounded below whatever the sign of G.</summary>
[RgModel(Modes = 12)]
public partial class CubicVertexModel
{
    [Parameter] public double G { get; set; } = 1e-3;
    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
    [Ridge] public double Kappa => 0.05;
    [Perturbation("k q p")] public double Cubic(long k, long q, long p) => G;
}

/// <summary>
/// Issue 21, item 4: a general vertex of the highest degree makes the action unbounded below when it has an odd number
/// of legs, or when it is even and negative along some direction; every result then says so (UnboundedReason set,
/// IsWithinRange false), Describe() warns. The oracle is the vertex term itself summed by hand along an explicit
/// direction (S_int(t·f) ∝ t^m with a negative coefficient), independent of the check.
/// </summary>
public class UnboundedVertexTests
{
    private const int Modes = 8;

    private static InteractingModel Model(params Perturbation[] perturbations) =>
        new(new GaussianModel("vertex", new PowerLawSpectrum(1, 2, Modes, 1, 1.5), 0.05), perturbations);

    // A constant weight with its monomial expansion (O(M) mode sums, so the second-order diagrams and HMC stay fast).
    private static Perturbation Constant(string pattern, double g) =>
        Perturbation.Vertex("V", pattern, _ => g, [new VertexMonomial(g, new double[pattern.Split(' ').Distinct().Count()])]);

    /// <summary>(1/m) Σ W f⋯f over all modes by brute force, for a vertex whose weight is constant.</summary>
    private static double VertexTerm(string pattern, double g, double[] f)
    {
        var letters = pattern.Split(' ').Distinct().ToArray();
        var legs = pattern.Split(' ');
        var counts = letters.Select(l => legs.Count(x => x == l)).ToArray();
        // A constant weight factorises: Π over indices of Σ_k f_k^(legs on that index).
        var product = counts.Aggregate(1.0, (acc, c) => acc * f.Sum(x => Math.Pow(x, c)));
        return g * product / legs.Length;
    }

    [Theory]
    [InlineData("k q p", 1e-3)]
    [InlineData("k q p", -1e-3)]
    [InlineData("k k q p", -1.0)]
    [InlineData("k k k q q p", -0.01)]
    [InlineData("k k q", 0.2)]
    public void An_unbounded_leading_vertex_is_flagged_in_every_result(string pattern, double g)
    {
        // The oracle: along f = ±(1, …, 1) the vertex term is negative for one of the signs (odd degree) or both (G < 0).
        var ones = Enumerable.Repeat(1.0, Modes).ToArray();
        var minus = ones.Select(x => -x).ToArray();
        Assert.True(Math.Min(VertexTerm(pattern, g, ones), VertexTerm(pattern, g, minus)) < 0);

        var model = Model(Constant(pattern, g));
        Assert.NotNull(model.UnboundedReason);
        Assert.Contains("unbounded below", model.UnboundedReason);
        Assert.Contains(pattern.Split(' ').Length % 2 == 1 ? "odd" : "< 0", model.UnboundedReason);
        var point = model.Predict(10);
        Assert.False(point.IsWithinRange);
        Assert.Equal(model.UnboundedReason, point.UnboundedReason);
        Assert.Contains("OUT OF RANGE", point.ToString());
        var sample = model.Sample(10, new SamplerOptions(Chains: 1, Samples: 200, Warmup: 50));
        Assert.False(sample.IsWithinRange);
        Assert.Equal(model.UnboundedReason, sample.UnboundedReason);
        Assert.Contains("WARNING", model.Describe());
    }

    [Theory]
    [InlineData("k k q p", 1.0)]          // (G/4)|f|²(Σf)² ≥ 0
    [InlineData("k k q q p p", 0.5)]      // a kind: (G/6)|f|⁶
    [InlineData("k k k k q q", 0.1)]      // (G/6) Σf⁴ · Σf² ≥ 0
    public void A_leading_vertex_that_is_never_negative_is_not_flagged(string pattern, double g)
    {
        var model = Model(Constant(pattern, g));
        Assert.Null(model.UnboundedReason);
        var point = model.Predict(10);
        Assert.Null(point.UnboundedReason);
        Assert.DoesNotContain("WARNING", model.Describe());
    }

    [Fact]
    public void A_cubic_below_a_positive_quartic_is_bounded_and_a_negative_one_is_not()
    {
        // The quartic (1/4)Σ f⁴ outgrows the cubic (g/3)(Σf)³: bounded; the cubic alone is not.
        Assert.Null(Model(Constant("k q p", 1e-3), Perturbation.ModeLocal("B", _ => 0.1)).UnboundedReason);
        Assert.NotNull(Model(Constant("k q p", 1e-3), Perturbation.ModeLocal("B", _ => -0.1)).UnboundedReason);
        // A coupling of exactly zero is no vertex at all.
        Assert.Null(Model(Constant("k q p", 0)).UnboundedReason);
    }

    [Fact]
    public void The_generated_model_flags_its_cubic_vertex()
    {
        var model = new CubicVertexModel();
        var point = model.Predict(10);
        Assert.False(point.IsWithinRange);
        Assert.Contains("odd", point.UnboundedReason);
        Assert.Contains("WARNING", model.Describe());
    }
}
