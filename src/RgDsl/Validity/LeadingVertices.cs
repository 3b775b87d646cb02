using System.Globalization;
using RgDsl.Perturbations;

namespace RgDsl.Validity;

/// <summary>
/// Whether the action S₀ + S_int is bounded below, decided from its highest-degree part when a general vertex (a
/// <see cref="Legs.Pattern"/>, e.g. "k k q p" or "k q p") takes part in it. S₀ is a positive quadratic, so at large
/// fields the term of highest total degree D (number of legs) decides:
/// <list type="bullet">
/// <item>D odd (a vertex with an odd number of legs that is not identically zero, and no higher even term): the
/// leading part changes sign with f → −f, so S → −∞ along some direction. Always flagged.</item>
/// <item>D even: the leading form L(f) = Σ (1/m) Σ W f⋯f over the degree-D vertices must be ≥ 0 everywhere. Deciding
/// that is NP-hard in general, so it is probed: along every single mode (k ≤ <see cref="AxisProbes"/>), along equal
/// amplitudes and along <see cref="RandomProbes"/> random directions on the first <see cref="ProbeModes"/> modes. A
/// negative value is a proof of unboundedness and is flagged; a form negative only along directions these probes
/// miss is not (the check is a necessary condition; every weight of constant negative sign is caught on the axes).</item>
/// </list>
/// Weights whose every probe is zero count as absent (a coupling set to 0).
/// </summary>
internal static class LeadingVertices
{
    /// <summary>Single-mode directions probed.</summary>
    public const int AxisProbes = 200;
    /// <summary>Modes spanned by the random directions (the form's sum has ProbeModes^c terms for c indices).</summary>
    public const int ProbeModes = 5;
    /// <summary>Random directions probed.</summary>
    public const int RandomProbes = 64;

    /// <summary>
    /// The reason the action is unbounded below, or null; <paramref name="decided"/> is false when no general vertex is
    /// of the highest degree (the four kinds' own checks then apply).
    /// </summary>
    public static string? Check(IReadOnlyList<Perturbation> perturbations, long modes, out bool decided)
    {
        var present = perturbations.Where(p => !IsZero(p, modes)).ToList();
        decided = false;
        if (present.Count == 0) return null;
        var degree = present.Max(Degree);
        var leading = present.Where(p => Degree(p) == degree).ToList();
        if (leading.All(p => p.Legs != Legs.Pattern)) return null;
        decided = true;
        if (degree % 2 == 1)
        {
            var odd = leading.First();
            return string.Create(CultureInfo.InvariantCulture,
                $"the action is unbounded below: its highest-degree term, {odd.Name} (\"{odd.Pattern}\", {degree} legs), is odd in the fields, so it is negative along f or −f and outgrows the Gaussian part; Hartree, the diagrams and HMC describe at most a metastable state (asymptotic results)");
        }
        for (var k = 1; k <= Math.Min(modes, AxisProbes); k++)
        {
            // Along e_k only the all-k term survives: L(e_k) = Σ W(k, …, k)/m.
            var value = leading.Sum(p => p.Weight(Enumerable.Repeat((long)k, p.VertexPattern.LetterCount).ToArray()) / p.VertexPattern.LegCount);
            if (value < 0) return Negative(leading, degree, string.Create(CultureInfo.InvariantCulture, $"along mode k = {k} alone"), value);
        }
        var r = (int)Math.Min(modes, ProbeModes);
        var f = new double[r];
        for (var k = 0; k < r; k++) f[k] = 1;
        if (Form(leading, f, r) is var uniform && uniform < 0) return Negative(leading, degree, string.Create(CultureInfo.InvariantCulture, $"along equal amplitudes on the first {r} modes"), uniform);
        var random = new Random(20_261_207);
        for (var probe = 0; probe < RandomProbes; probe++)
        {
            for (var k = 0; k < r; k++) f[k] = 2 * random.NextDouble() - 1;
            if (Form(leading, f, r) is var value && value < 0)
                return Negative(leading, degree, "along f = (" + string.Join(", ", f.Take(r).Select(x => x.ToString("0.###", CultureInfo.InvariantCulture))) + ")", value);
        }
        return null;
    }

    /// <summary>The number of legs: 2, 4, 4, 6 for the four kinds, the pattern's for a general vertex.</summary>
    public static int Degree(Perturbation p) => p.VertexPattern.LegCount;

    private static string Negative(List<Perturbation> leading, int degree, string where, double value) => string.Create(CultureInfo.InvariantCulture,
        $"the action is unbounded below: its highest-degree ({degree}-leg) part, {string.Join(" + ", leading.Select(p => $"{p.Name} (\"{p.Pattern}\")"))}, is {value:G4} < 0 {where}; Hartree, the diagrams and HMC describe at most a metastable state (asymptotic results)");

    /// <summary>L(f) = Σ_vertices (1/m) Σ_{indices ≤ n} W(indices) Π f over the first <paramref name="n"/> modes.</summary>
    private static double Form(List<Perturbation> vertices, double[] f, int n)
    {
        double total = 0;
        foreach (var p in vertices)
        {
            var pattern = p.VertexPattern;
            var indices = new long[pattern.LetterCount];
            double sum = 0;
            var count = (long)Math.Pow(n, indices.Length);
            for (long code = 0; code < count; code++)
            {
                var rest = code;
                var product = 1.0;
                for (var j = 0; j < indices.Length; j++)
                {
                    indices[j] = rest % n + 1;
                    rest /= n;
                    product *= Math.Pow(f[indices[j] - 1], pattern.Multiplicity[j]);
                }
                if (product != 0) sum += p.Weight(indices) * product;
            }
            total += sum / pattern.LegCount;
        }
        return total;
    }

    /// <summary>Whether every weight probed (all indices 1, then the first few modes in every order) is zero.</summary>
    private static bool IsZero(Perturbation p, long modes)
    {
        var n = (int)Math.Min(modes, 3);
        var indices = new long[p.VertexPattern.LetterCount];
        var count = (long)Math.Pow(n, indices.Length);
        for (long code = 0; code < count; code++)
        {
            var rest = code;
            for (var j = 0; j < indices.Length; j++) { indices[j] = rest % n + 1; rest /= n; }
            var w = p.Weight(indices);
            if (!double.IsFinite(w))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"perturbation {p.Name} (\"{p.Pattern}\"): the weight at ({string.Join(", ", indices)}) is {w:R}; every weight and coupling must be finite (a [Parameter] set to NaN or infinity?)."), "perturbations");
            if (w != 0) return false;
        }
        return true;
    }
}
