using RgDsl.Perturbations;

namespace RgDsl.Tests.Diagrams;

/// <summary>
/// The vertices the diagram tests run on: the four kinds (with monomial and generic weights) and patterns outside
/// them, odd ones included, each with a symmetric weight scaled by a coupling g. Monomial weights carry their
/// expansion; generic ones are summed index by index.
/// </summary>
internal static class VertexCatalogue
{
    public static TheoryData<string> Names => [.. All.Keys];

    /// <summary>The patterns outside the four kinds.</summary>
    public static TheoryData<string> CustomNames => [.. All.Keys.Where(k => Make(k, 1).Legs == Legs.Pattern)];

    private static readonly Dictionary<string, Func<double, Perturbation>> All = new()
    {
        ["quadratic"] = g => Perturbation.Quadratic("r", k => g * (1 + 0.5 * k), [new Monomial(g, 0), new Monomial(0.5 * g, 1)]),
        ["mode-local"] = g => Perturbation.ModeLocal("u", k => g * Math.Sqrt(k), [new Monomial(g, 0.5)]),
        ["pair-local W=1"] = g => Perturbation.ConstantPairLocal("U", g),
        ["pair-local (kq)^1.5"] = g => Perturbation.PairLocal("W", (k, q) => g * Math.Pow(k * q, 1.5), [new Monomial(g, 1.5, 1.5)]),
        ["pair-local generic"] = g => Perturbation.PairLocal("W", (k, q) => g * (1 + Math.Exp(-Math.Abs(k - q)))),
        ["sextic k+q+p"] = g => Perturbation.PairLocal6("V", (k, q, p) => g * (k + q + p), [new Monomial(g, 1, 0, 0), new Monomial(g, 0, 1, 0), new Monomial(g, 0, 0, 1)]),
        ["sextic generic"] = g => Perturbation.PairLocal6("V", (k, q, p) => g / (1 + k * q * p)),
        ["k (source)"] = g => Perturbation.Vertex("h", "k", i => g * Math.Pow(i[0], -0.5), [new VertexMonomial(g, -0.5)]),
        ["k q"] = g => Perturbation.Vertex("M", "k q", i => g / (i[0] * i[1]), [new VertexMonomial(g, -1, -1)]),
        ["k k k"] = g => Perturbation.Vertex("c", "k k k", i => g * i[0], [new VertexMonomial(g, 1)]),
        ["k k q"] = g => Perturbation.Vertex("C", "k k q", i => g * Math.Sqrt(i[1]), [new VertexMonomial(g, 0, 0.5)]),
        ["k q p"] = g => Perturbation.Vertex("C", "k q p", _ => g, [new VertexMonomial(g, 0, 0, 0)]),
        ["k q p generic"] = g => Perturbation.Vertex("C", "k q p", i => g / (1 + i[0] * i[1] * i[2])),
        ["k k q p"] = g => Perturbation.Vertex("X", "k k q p", i => g * (i[0] + i[1] * i[2]), [new VertexMonomial(g, 1, 0, 0), new VertexMonomial(g, 0, 1, 1)]),
        ["k k q p generic"] = g => Perturbation.Vertex("X", "k k q p", i => g * Math.Exp(-0.3 * (i[1] + i[2])) * (1 + 0.1 * i[0])),
        ["k q p r"] = g => Perturbation.Vertex("Q", "k q p r", _ => g, [new VertexMonomial(g, 0, 0, 0, 0)]),
        ["k k k q q"] = g => Perturbation.Vertex("F", "k k k q q", i => g * i[1], [new VertexMonomial(g, 0, 1)]),
        ["k k k k q q"] = g => Perturbation.Vertex("S", "k k k k q q", i => g / i[0], [new VertexMonomial(g, -1, 0)]),
        ["k k k k k k"] = g => Perturbation.Vertex("S", "k k k k k k", _ => g, [new VertexMonomial(g, 0)]),
        ["k k q q p r"] = g => Perturbation.Vertex("S", "k k q q p r", _ => g, [new VertexMonomial(g, 0, 0, 0, 0)]),
        ["k q p r s u"] = g => Perturbation.Vertex("S", "k q p r s u", _ => g, [new VertexMonomial(g, 0, 0, 0, 0, 0, 0)]),
    };

    public static Perturbation Make(string name, double g) => All[name](g);
}
