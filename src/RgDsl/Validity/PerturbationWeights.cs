using System.Globalization;
using RgDsl.Perturbations;

namespace RgDsl.Validity;

/// <summary>
/// What the declared weights say before any solver runs: a weight that is NaN or infinite at some mode is refused (an
/// ArgumentException naming the perturbation and the mode), and an action whose leading (highest-order) term is
/// negative along some direction is unbounded below, so Hartree, the shell flow and HMC are at most asymptotic there.
/// When a general vertex (<see cref="Legs.Pattern"/>) is of the highest degree, <see cref="LeadingVertices"/> decides:
/// an odd leading degree is always unbounded, an even one is probed.
/// Weights do not depend on P: the check runs once per model.
/// </summary>
internal static class PerturbationWeights
{
    /// <summary>Generic (non-monomial) pair weights are probed on the diagonal and, up to this many modes, on every pair.</summary>
    private const int MaxModesForAllPairs = 1_000;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for a non-finite weight; returns why the action is unbounded below, or null.
    /// </summary>
    public static string? Check(string model, IReadOnlyList<Perturbation> perturbations, long[] multiplicity)
    {
        var m = multiplicity.Length;
        // Leading coefficient per mode along its own axis: the sextic one where there is one, else the quartic one.
        var quartic = new double[m];
        var sextic = new double[m];
        double uniformQuartic = 0, uniformSextic = 0;
        foreach (var p in perturbations)
        {
            if (p.Monomials is { } terms)
                foreach (var t in terms)
                    if (!double.IsFinite(t.Coefficient) || !double.IsFinite(t.P) || !double.IsFinite(t.R) || !double.IsFinite(t.U))
                        throw NonFinite(model, p, "monomial " + t);
            switch (p.Legs)
            {
                case Legs.Quadratic:
                    for (var k = 1; k <= m; k++) Finite(model, p, p.Weight1!(k), k);
                    break;
                case Legs.ModeLocal:
                    for (var k = 1; k <= m; k++)
                    {
                        var w = Finite(model, p, p.Weight1!(k), k);
                        quartic[k - 1] += w;
                        uniformQuartic += multiplicity[k - 1] * w;
                    }
                    break;
                case Legs.PairLocal:
                    for (var k = 1; k <= m; k++) quartic[k - 1] += Finite(model, p, p.Weight2!(k, k), k, k);
                    if (m <= MaxModesForAllPairs)
                        for (var k = 1; k <= m; k++)
                            for (var q = 1; q <= m; q++)
                                uniformQuartic += (double)multiplicity[k - 1] * multiplicity[q - 1] * Finite(model, p, p.Weight2!(k, q), k, q);
                    else
                        uniformQuartic += Finite(model, p, p.Weight2!(1, m), 1, m) + Finite(model, p, p.Weight2!(m, 1), m, 1);
                    break;
                case Legs.PairLocal6:
                    for (var k = 1; k <= m; k++) sextic[k - 1] += Finite(model, p, p.Weight3!(k, k, k), k, k, k);
                    uniformSextic += Finite(model, p, p.Weight3!(1, 1, m), 1, 1, m) + Finite(model, p, p.Weight3!(1, m, m), 1, m, m);
                    break;
            }
        }
        // A general vertex of the highest degree (odd, or an even pattern outside the four kinds) decides on its own.
        var leadingVertex = LeadingVertices.Check(perturbations, m, out var decided);
        if (decided) return leadingVertex;
        for (var i = 0; i < m; i++)
        {
            var leading = sextic[i] != 0 ? sextic[i] : quartic[i];
            if (leading < 0)
                return string.Create(CultureInfo.InvariantCulture,
                    $"the action is unbounded below: along mode k = {i + 1} alone its {(sextic[i] != 0 ? "sextic" : "quartic")} weight is {leading:G4} < 0, so Hartree, the shell flow and HMC describe at most a metastable state (asymptotic results)");
        }
        var anySextic = sextic.Any(s => s != 0);
        var uniform = anySextic ? uniformSextic : uniformQuartic;
        if (uniform < 0)
            return string.Create(CultureInfo.InvariantCulture,
                $"the action is unbounded below: along equal amplitudes on all modes its {(anySextic ? "sextic" : "quartic")} weights sum to {uniform:G4} < 0, so Hartree, the shell flow and HMC describe at most a metastable state (asymptotic results)");
        return null;
    }

    private static double Finite(string model, Perturbation p, double w, params long[] modes) =>
        double.IsFinite(w) ? w : throw NonFinite(model, p, string.Create(CultureInfo.InvariantCulture, $"the weight at ({string.Join(", ", modes)}) is {w:R}"));

    private static ArgumentException NonFinite(string model, Perturbation p, string what) =>
        new($"{model}: perturbation {p.Name} ({p.Legs}): {what}; every weight and coupling must be finite (a [Parameter] set to NaN or infinity?).", "perturbations");
}
