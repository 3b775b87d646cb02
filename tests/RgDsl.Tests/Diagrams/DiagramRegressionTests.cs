using RgDsl.Diagrams;
using RgDsl.Perturbations;
using RgDsl.Perturbations.Solvers;

namespace RgDsl.Tests.Diagrams;

/// <summary>
/// The enumerated diagrams of the four kinds reproduce the first-order results of the one-mode potentials (Stein's
/// lemma, <see cref="FieldTheory.FirstOrder"/>) and the class corrections of <see cref="FieldTheory.ClassCorrections"/>
/// to rounding: the engine is a generalisation, not a second theory.
/// </summary>
public class DiagramRegressionTests
{
    public static TheoryData<string> Kinds => ["quadratic", "mode-local", "pair-local W=1", "pair-local (kq)^1.5", "pair-local generic", "sextic k+q+p", "sextic generic"];

    private static FieldTheory Theory(int modes, Perturbation p, IReadOnlyList<long>? multiplicities = null) => new(
        Enumerable.Range(1, modes).Select(k => Math.Pow(k, -2.0)).ToArray(),
        Enumerable.Range(1, modes).Select(k => Math.Pow(k, -1.5)).ToArray(), multiplicities, 40, 0.5, 0, [p]);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void First_order_diagrams_equal_the_one_mode_potentials(string kind)
    {
        foreach (var (modes, multiplicities) in new[] { (3, (long[]?)null), (40, null), (12, Enumerable.Range(1, 12).Select(k => (long)(k % 3 + 1)).ToArray()) })
        {
            var theory = Theory(modes, VertexCatalogue.Make(kind, 1e-3), multiplicities);
            var legacy = theory.FirstOrder();
            var engine = theory.Expansion(1);
            var g0 = theory.Gaussian();
            for (var i = 0; i < modes; i++)
            {
                // The corrections agree to rounding: of the correction, and of the moment it is added to (a few ulp).
                var dm = legacy.Mean[i] - g0.Mean[i];
                var dg = legacy.Variance[i] - g0.Variance[i];
                Assert.True(Math.Abs(engine.Mean[i] - legacy.Mean[i]) <= 1e-10 * Math.Abs(dm) + 4e-16 * Math.Abs(legacy.Mean[i]), $"{kind}, M = {modes}, mode {i + 1}: mean {engine.Mean[i]:R} vs {legacy.Mean[i]:R}");
                Assert.True(Math.Abs(engine.Variance[i] - legacy.Variance[i]) <= 1e-10 * Math.Abs(dg) + 4e-16 * legacy.Variance[i], $"{kind}, M = {modes}, mode {i + 1}: variance {engine.Variance[i]:R} vs {legacy.Variance[i]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Diagrams_of_the_four_kinds_reproduce_todays_class_corrections(string kind)
    {
        var p = VertexCatalogue.Make(kind, 1e-3);
        var theory = Theory(60, p);
        var legacy = theory.ClassCorrections()[p.Name];
        var engine = theory.DiagramCorrections(1).Select(x => (Class: DiagramRules.Classify(p.VertexPattern, x.Diagram), x.Correction)).ToList();
        foreach (var (diagramClass, value) in legacy)
        {
            var match = engine.Where(x => x.Class == diagramClass).ToList();
            Assert.True(match.Count == 1, $"{kind}: {diagramClass} found {match.Count} times among {string.Join(", ", engine.Select(x => x.Class))}");
            Assert.Equal(value, match[0].Correction, Math.Abs(value) * 1e-10 + 1e-300);
        }
        // The classes the old table left out (the sextic's contractions on the mode itself) are the only additions,
        // and all of them together are the first-order change of the error: δε₁ = −2 Σ n (y − f̄⁰) δ₁f̄.
        Assert.Equal(legacy.Count, engine.Count(x => x.Class != DiagramClass.Other));
        var g0 = theory.Gaussian();
        var first = theory.FirstOrder();
        double linear = 0;
        for (var i = 0; i < theory.Modes; i++) linear += -2 * (theory.Amplitude[i] - g0.Mean[i]) * (first.Mean[i] - g0.Mean[i]);
        linear /= theory.Error(g0);
        Assert.Equal(linear, engine.Sum(x => x.Correction), Math.Abs(linear) * 1e-10);
    }

    [Fact]
    public void A_pattern_of_one_of_the_four_kinds_is_that_kind()
    {
        var p = Perturbation.Vertex("U", "q q k k", i => 2.0, [new VertexMonomial(2.0, 0, 0)]);
        Assert.Equal(Legs.PairLocal, p.Legs);
        Assert.Equal(2.0, p.Weight2!(3, 5));
        Assert.True(Theory(5, p).TryHartree(out _, out _));
        Assert.Equal(Legs.ModeLocal, Perturbation.Vertex("u", "k k k k", i => 1.0).Legs);
        Assert.Equal(Legs.PairLocal6, Perturbation.Vertex("v", "k q p p q k", i => 1.0).Legs);
        Assert.Equal(Legs.Pattern, Perturbation.Vertex("c", "k q p", i => 1.0).Legs);
    }
}
