using System.Globalization;
using RgDsl.Perturbations.Solvers;

using RgDsl.Perturbations;

namespace RgDsl.Perturbations.Exact;

/// <summary>
/// The exact oracle for tiny models (THEORY.md §7.2): the moments of exp(−S) over at most 3 fields by the trapezoidal
/// rule on a box of ±12 Gaussian standard deviations around the S₀ mean. For integrands analytic in a strip and
/// decaying like a Gaussian the rule converges geometrically in the number of nodes; the grid is doubled until the
/// moments change by less than the tolerance (relative to each mode's mean scale and variance). An action with a vertex
/// of odd degree (or, on request, any action) is unbounded below, so exp(−S) has no integral over all fields; then
/// the oracle is the integral over the box itself, whose moments have the same asymptotic expansion in the couplings
/// (the box only cuts exponentially small tails), and it is refused unless exp(−S) on the box's faces is below
/// <see cref="EdgeTolerance"/> of its peak.
/// </summary>
internal static class Quadrature
{
    /// <summary>At most this many fields (modes counted with multiplicity).</summary>
    public const int MaxFields = 3;

    /// <summary>The box: ±this many Gaussian standard deviations around the S₀ mean.</summary>
    private const double HalfWidth = 12;

    /// <summary>For a box integral: the largest exp(−S) on the box's faces relative to its peak.</summary>
    public const double EdgeTolerance = 1e-14;

    /// <summary>Exact means and variances per mode, or an exception saying why they cannot be computed.</summary>
    /// <param name="theory">A field theory with at most <see cref="MaxFields"/> fields.</param>
    /// <param name="tolerance">Relative accuracy of the moments (default 1e-11, so the observables are good to 1e-9).</param>
    /// <param name="boxIntegral">Integrate over the box even when the action is bounded below (for negative couplings at small magnitude).</param>
    public static FieldMoments Solve(FieldTheory theory, double tolerance = 1e-11, bool boxIntegral = false)
    {
        ArgumentNullException.ThrowIfNull(theory);
        var fields = new List<int>();
        for (var i = 0; i < theory.Modes; i++)
            for (var c = 0; c < theory.Multiplicity[i]; c++) fields.Add(i);
        if (fields.Count > MaxFields)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Quadrature handles at most {MaxFields} fields (modes counted with multiplicity); this theory has {fields.Count}. Restrict the model to its first modes, or use Sample (HMC)."));
        var gaussian = theory.Gaussian();
        var evaluator = new ActionEvaluator(theory.Perturbations, fields.Select(i => (long)i + 1).ToArray());
        var box = boxIntegral || theory.Perturbations.Any(p => !p.VertexPattern.IsEven);
        if (!box) CheckBoundedBelow(evaluator, fields.Count);

        FieldMoments? previous = null;
        for (var nodes = 33; nodes <= 2049; nodes = 2 * nodes - 1)
        {
            if (Math.Pow(nodes, fields.Count) > 4e7) break;
            var (current, edge) = Integrate(theory, fields, gaussian, evaluator, nodes);
            if (box && !(edge <= EdgeTolerance))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Quadrature: the action is unbounded below (a vertex of odd degree or a negative coupling), so the oracle integrates over the box of ±12 standard deviations; there exp(−S) reaches {edge:G3} of its peak on the box's faces (limit {EdgeTolerance:G3}): the couplings are too large for the box to stand for the perturbative expansion."));
            // A bounded action whose mass reaches the box's faces: the couplings moved the fields by more than the box
            // (12 standard deviations of S₀), so the box misses part of the integral.
            if (!box && !(edge <= EdgeTolerance))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Quadrature: exp(−S) reaches {edge:G3} of its peak on the faces of the box of ±12 S₀ standard deviations (limit {EdgeTolerance:G3}): the couplings move the fields further than the box reaches; this oracle is for couplings that keep them near the S₀ Gaussian."), nameof(theory));
            if (previous is not null && Converged(previous, current, gaussian, tolerance) && Resolved(current, fields, gaussian, nodes)) return current;
            previous = current;
        }
        throw new InvalidOperationException($"Quadrature did not reach the relative tolerance {tolerance:G3} on grids of up to 4e7 nodes: the integrand is too far from the S₀ Gaussian, or narrower than the finest grid resolves (couplings too large for this oracle).");
    }

    private static void CheckBoundedBelow(ActionEvaluator evaluator, int fields)
    {
        // exp(−S) must be integrable: along every direction S_int must not run to −∞ faster than S₀ grows.
        // Probe the leading (largest-power) behaviour on rays.
        var random = new Random(12345);
        var f = new double[fields];
        for (var trial = 0; trial < 200; trial++)
        {
            for (var i = 0; i < fields; i++) f[i] = random.NextDouble() * 2 - 1;
            if (trial < fields) { Array.Clear(f); f[trial] = 1; }
            for (var i = 0; i < fields; i++) f[i] *= 1e4;
            var s = evaluator.Evaluate(f, Span<double>.Empty, false);
            if (s < -1e-3 * f.Sum(x => x * x) * 1e4)
                throw new ArgumentException("Quadrature: the action is unbounded below (a negative quartic or sextic coupling dominates at large fields), so exp(−S) is not integrable; the perturbative results are asymptotic only.");
        }
    }

    /// <summary>The moments on the grid, and the largest exp(−S) on the box's faces relative to the largest anywhere.</summary>
    /// <exception cref="InvalidOperationException">The action is NaN or −∞ somewhere on the grid, or +∞ everywhere.</exception>
    private static (FieldMoments Moments, double Edge) Integrate(FieldTheory theory, List<int> fields, FieldMoments gaussian, ActionEvaluator evaluator, int nodes)
    {
        var d = fields.Count;
        var grid = new double[d][];
        var s0 = new double[d][];
        for (var a = 0; a < d; a++)
        {
            var i = fields[a];
            var sd = Math.Sqrt(gaussian.VarianceArray[i]);
            grid[a] = new double[nodes];
            s0[a] = new double[nodes];
            for (var j = 0; j < nodes; j++)
            {
                var x = -HalfWidth + 2 * HalfWidth * j / (nodes - 1);
                grid[a][j] = gaussian.MeanArray[i] + sd * x;
                s0[a][j] = 0.5 * x * x; // S₀ relative to its minimum, exactly
            }
        }
        double z = 0;
        var sum1 = new double[d];
        var sum2 = new double[d];
        var f = new double[d];
        var index = new int[d];
        var total = (long)Math.Pow(nodes, d);
        // Weights exp(−(S − S_min)) relative to the smallest action seen so far (a running log-sum-exp): shifting by S at
        // the Gaussian mean overflowed to ∞/∞ = NaN once a large coupling put the minimum far below it.
        double least = double.PositiveInfinity, leastOnFace = double.PositiveInfinity;
        for (long flat = 0; flat < total; flat++)
        {
            var rest = flat;
            double s = 0;
            var onFace = false;
            for (var a = 0; a < d; a++)
            {
                index[a] = (int)(rest % nodes);
                rest /= nodes;
                f[a] = grid[a][index[a]];
                s += s0[a][index[a]];
                onFace |= index[a] == 0 || index[a] == nodes - 1;
            }
            var action = s + evaluator.Evaluate(f, Span<double>.Empty, false);
            if (double.IsNaN(action) || double.IsNegativeInfinity(action))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Quadrature: the action is {action} at the fields ({string.Join(", ", f.Select(x => x.ToString("G4", CultureInfo.InvariantCulture)))}); the couplings are too large for this oracle."));
            if (onFace) leastOnFace = Math.Min(leastOnFace, action);
            if (double.IsPositiveInfinity(action)) continue; // weight 0
            if (action < least)
            {
                var rescale = double.IsPositiveInfinity(least) ? 0 : Math.Exp(action - least);
                z *= rescale;
                for (var a = 0; a < d; a++) { sum1[a] *= rescale; sum2[a] *= rescale; }
                least = action;
            }
            var weight = Math.Exp(least - action);
            z += weight;
            for (var a = 0; a < d; a++)
            {
                var dx = f[a] - gaussian.MeanArray[fields[a]];
                sum1[a] += weight * dx;
                sum2[a] += weight * dx * dx;
            }
        }
        if (double.IsPositiveInfinity(least))
            throw new InvalidOperationException("Quadrature: the action is +∞ on the whole grid; the couplings are too large for this oracle.");
        var mean = new double[theory.Modes];
        var variance = new double[theory.Modes];
        for (var a = 0; a < d; a++)
        {
            // Deviations from the S₀ mean are small, so ⟨dx²⟩ − ⟨dx⟩² does not cancel even when |f̄| ≫ √G.
            var shiftMean = sum1[a] / z;
            mean[fields[a]] = gaussian.MeanArray[fields[a]] + shiftMean;
            variance[fields[a]] = sum2[a] / z - shiftMean * shiftMean;
        }
        return (new FieldMoments(mean, variance), Math.Exp(least - leastOnFace));
    }

    /// <summary>
    /// The grid is at most <see cref="MaxSpacingPerWidth"/> of each field's standard deviation apart. A peak narrower
    /// than the spacing sits on one node in successive grids (each doubling keeps the old nodes), so their moments
    /// agree without being right.
    /// </summary>
    private static bool Resolved(FieldMoments moments, List<int> fields, FieldMoments gaussian, int nodes)
    {
        foreach (var i in fields)
        {
            var spacing = 2 * HalfWidth * Math.Sqrt(gaussian.VarianceArray[i]) / (nodes - 1);
            if (!(spacing <= MaxSpacingPerWidth * Math.Sqrt(moments.VarianceArray[i]))) return false;
        }
        return true;
    }

    /// <summary>The largest grid spacing per standard deviation of the integrand: the trapezoidal error of a Gaussian is then about exp(−2π²/0.5²) ≈ 1e-34.</summary>
    private const double MaxSpacingPerWidth = 0.5;

    private static bool Converged(FieldMoments a, FieldMoments b, FieldMoments gaussian, double tolerance)
    {
        for (var i = 0; i < a.MeanArray.Length; i++)
        {
            var scale = Math.Abs(b.MeanArray[i]) + Math.Sqrt(gaussian.VarianceArray[i]);
            if (Math.Abs(a.MeanArray[i] - b.MeanArray[i]) > tolerance * scale) return false;
            if (Math.Abs(a.VarianceArray[i] - b.VarianceArray[i]) > tolerance * Math.Abs(b.VarianceArray[i])) return false;
        }
        return true;
    }
}
