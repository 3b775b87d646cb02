using System.Globalization;
using RgDsl.Perturbations;
using RgDsl.Spectra;

namespace RgDsl;

/// <summary>
/// The run-time guard of the generator's reading of user code. Where the generator recognised a closed form (a power
/// law for a [Spectrum] or [Target], a unit [Multiplicity], a monomial expansion of a [Perturbation] weight), the
/// generated model solves with that form instead of calling the method. When the model is built, this guard compares
/// the two at probe modes and refuses, naming the member and the first mode where they differ, rather than silently
/// use a formula the method does not compute (an overridden member, state the generator cannot see, or a reading
/// that does not mean what the C# means). Generated code calls it; user code need not (hidden from IntelliSense).
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ClosedFormGuard
{
    /// <summary>Values agree when they differ by at most this, relative to the larger.</summary>
    public const double RelativeTolerance = 1e-12;

    /// <summary>Values both smaller than this in magnitude agree (underflow: no sum over modes can see them).</summary>
    private const double Negligible = 1e-300;

    /// <summary>The largest mode probed for an infinite rank.</summary>
    private const long LargestProbe = 1_000_000_000_000_000;

    /// <summary>
    /// The modes probed for a rank of <paramref name="modes"/>: the first 8, 24 log-spaced modes up to the largest
    /// (M, or 10¹⁵ for an infinite rank), the last mode of a power law's exact head and the first of its closed-form
    /// tail (<see cref="PowerLawSpectrum.HeadModes"/>), and M itself.
    /// </summary>
    public static IReadOnlyList<long> ProbeModes(long modes)
    {
        if (modes < 1) throw new ArgumentOutOfRangeException(nameof(modes), modes, "the number of modes must be positive.");
        var largest = Math.Min(modes, LargestProbe);
        var probes = new SortedSet<long>();
        for (long k = 1; k <= Math.Min(8, largest); k++) probes.Add(k);
        for (var i = 0; i < 24; i++) probes.Add(Math.Clamp((long)Math.Round(Math.Pow(largest, i / 23.0)), 1, largest));
        foreach (var k in new[] { PowerLawSpectrum.HeadModes, PowerLawSpectrum.HeadModes + 1L, largest })
            if (k <= largest) probes.Add(k);
        return probes.ToList();
    }

    /// <summary>
    /// Compares a mode function (λ_k, y_k² or n_k) with the closed form that stands in for it at <see cref="ProbeModes"/>.
    /// </summary>
    /// <param name="model">The model's name.</param>
    /// <param name="member">The method's name.</param>
    /// <param name="closedForm">The closed form as the generator read it ("k^-2", "Scale·k^(-1 - Alpha)", "1").</param>
    /// <param name="modes">The rank M (<see cref="RgModel.Infinite"/> for infinite).</param>
    /// <param name="method">The user's method.</param>
    /// <param name="closedFormValue">The closed form's value at k.</param>
    /// <exception cref="InvalidOperationException">The two differ at a probe mode; the message names the member and the first such mode.</exception>
    public static void CheckModeFunction(string model, string member, string closedForm, long modes, Func<long, double> method, Func<long, double> closedFormValue)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(closedFormValue);
        foreach (var k in ProbeModes(modes))
        {
            double a = method(k), b = closedFormValue(k);
            if (!Agree(a, b))
                throw Mismatch(model, member, closedForm, "k = " + k.ToString(CultureInfo.InvariantCulture), a, b, "the closed form");
        }
    }

    /// <summary>
    /// Compares each perturbation that carries both a weight method and a monomial expansion: at every pair (triple)
    /// of a probe set of modes up to <paramref name="modes"/> for pair-local weights, at every probe mode for one-leg ones.
    /// </summary>
    /// <exception cref="InvalidOperationException">A weight and its expansion differ; the message names the perturbation and the first such indices.</exception>
    public static void CheckWeights(string model, IReadOnlyList<Perturbation> perturbations, long modes)
    {
        ArgumentNullException.ThrowIfNull(perturbations);
        // Fewer probes per index than for a mode function: pairs and triples multiply them.
        var all = ProbeModes(modes);
        var probes = all.Where((_, i) => i < 5 || i % 3 == 0 || i == all.Count - 1).ToList();
        foreach (var p in perturbations)
        {
            if (p.Legs == Legs.Pattern && p.Terms is { } vertexTerms)
            {
                // A vertex of s indices: every tuple of a few probes (at most 4^6 values).
                var few = probes.Take(3).Append(probes[^1]).Distinct().ToArray();
                var letters = p.VertexPattern.LetterCount;
                var modesOf = new long[letters];
                var total = (int)Math.Pow(few.Length, letters);
                for (var n = 0; n < total; n++)
                {
                    for (int i = 0, r = n; i < letters; i++, r /= few.Length) modesOf[i] = few[r % few.Length];
                    double expected = 0;
                    foreach (var t in vertexTerms) expected += t.Evaluate(modesOf);
                    Compare(model, p.Name, string.Join(" + ", vertexTerms), p.Weight(modesOf), expected, "(" + string.Join(", ", modesOf) + ")");
                }
                continue;
            }
            if (p.Monomials is not { } terms) continue;
            var text = string.Join(" + ", terms);
            switch (p.Legs)
            {
                case Legs.PairLocal when p.Weight2 is { } w:
                    foreach (var k in probes)
                        foreach (var q in probes)
                            Compare(model, p.Name, text, w(k, q), MonomialExpansion.Evaluate(terms, k, q), $"(k, q) = ({k}, {q})");
                    break;
                case Legs.PairLocal6 when p.Weight3 is { } w:
                    foreach (var k in probes)
                        foreach (var q in probes)
                            foreach (var s in probes)
                                Compare(model, p.Name, text, w(k, q, s), MonomialExpansion.Evaluate(terms, k, q, s), $"(k, q, p) = ({k}, {q}, {s})");
                    break;
                default:
                    if (p.Weight1 is { } w1)
                        foreach (var k in all)
                            Compare(model, p.Name, text, w1(k), MonomialExpansion.Evaluate(terms, k, 1), $"k = {k}");
                    break;
            }
        }
    }

    /// <summary>
    /// Compares a declared activation φ with the polynomial the generator read it as, at
    /// <see cref="Networks.Functions.ActivationFunction.ProbePoints"/> and at ±12, ±20: they agree when
    /// |φ(z) − p(z)| ≤ <see cref="RelativeTolerance"/>·Σ_k |c_k z^k| (the rounding of the terms, so cancellation between
    /// them is no mismatch). Generated code calls this and, where they differ, uses the method numerically instead.
    /// </summary>
    /// <param name="method">The user's method.</param>
    /// <param name="coefficients">c_k of p(z) = Σ_k c_k z^k, at the instance's parameter values.</param>
    /// <param name="firstMismatch">The first probe point where they differ, with both values; null when they agree.</param>
    /// <returns>Whether they agree at every probe point.</returns>
    public static bool TryCheckActivation(Func<double, double> method, IReadOnlyList<double> coefficients, out string? firstMismatch)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(coefficients);
        firstMismatch = null;
        foreach (var z in Networks.Functions.ActivationFunction.ProbePoints.Concat([12.0, -12.0, 20.0, -20.0]))
        {
            double value = 0, scale = 0, power = 1;
            for (var k = 0; k < coefficients.Count; k++, power *= z)
            {
                value += coefficients[k] * power;
                scale += Math.Abs(coefficients[k] * power);
            }
            var actual = method(z);
            if (actual.Equals(value) || Math.Abs(actual - value) <= RelativeTolerance * scale) continue;
            firstMismatch = string.Create(CultureInfo.InvariantCulture, $"at z = {z:R} the method returns {actual:R} and the polynomial {value:R}");
            return false;
        }
        return true;
    }

    /// <summary>As <see cref="TryCheckActivation"/>, refusing a mismatch.</summary>
    /// <param name="model">The network's name.</param>
    /// <param name="member">The [Activation] method's name.</param>
    /// <param name="closedForm">The polynomial as the generator read it.</param>
    /// <param name="method">The user's method.</param>
    /// <param name="coefficients">c_k of the polynomial.</param>
    /// <exception cref="InvalidOperationException">They differ at a probe point; the message names the method and the first such z.</exception>
    public static void CheckActivation(string model, string member, string closedForm, Func<double, double> method, IReadOnlyList<double> coefficients)
    {
        if (!TryCheckActivation(method, coefficients, out var mismatch))
            throw new InvalidOperationException($"{model}.{member}: the generator read this activation as {closedForm}, but {mismatch} (tolerance {RelativeTolerance:G3} of the terms' magnitude).");
    }

    private static void Compare(string model, string member, string expansion, double method, double closedForm, string where)
    {
        if (!Agree(method, closedForm)) throw Mismatch(model, member, expansion, where, method, closedForm, "the monomial expansion");
    }

    /// <summary>Equal, within <see cref="RelativeTolerance"/>, or both negligible.</summary>
    internal static bool Agree(double a, double b) =>
        a.Equals(b)
        || Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b))
        || (Math.Abs(a) < Negligible && Math.Abs(b) < Negligible);

    private static InvalidOperationException Mismatch(string model, string member, string closedForm, string where, double method, double value, string what)
    {
        var relative = Math.Abs(method - value) / Math.Max(Math.Abs(method), Math.Abs(value));
        return new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"{model}.{member}: the generator read this member as {closedForm} and solves with that, but at {where} the method returns {method:R} and {what} {value:R} (relative difference {relative:G3}, tolerance {RelativeTolerance:G3}). ")
            + "The model refuses to run rather than use a formula the method does not compute. This happens when the member is overridden in a derived class or depends on state the generator cannot see; otherwise the generator misread the C#, which is a bug to report.");
    }
}
