using System.Globalization;
using RgDsl.Perturbations.Solvers;

using RgDsl.Perturbations;

namespace RgDsl.Flow;

/// <summary>Options of the one-loop shell flow.</summary>
/// <param name="ShellWidth">dℓ of logarithmic shells (Λ → Λ e^(−dℓ)); 0 removes one mode per shell.</param>
/// <param name="StopScale">Λ at which the flow stops; the modes at or below it are then treated together with the couplings reached there.</param>
/// <param name="PointsPerDecade">How densely the running couplings are recorded.</param>
internal sealed record ShellFlowOptions(double ShellWidth = 0, long StopScale = 0, int PointsPerDecade = 20);

/// <summary>
/// The running couplings after the modes above Λ are integrated out: the tadpole coefficients R_i (slow modes get
/// a_k += Σ_i R_i k^{e_i}) and the quartic coefficients C_ij (W(k,k') = Σ_ij C_ij k^{e_i} k'^{e_j}), for the exponent
/// set e of the pair-local weights. For W = 1 these are r = R₀ (plus any constant quadratic coupling) and U = C₀₀.
/// </summary>
public sealed record CouplingFlowPoint(double Scale, double RgTime, IReadOnlyList<double> Tadpole, IReadOnlyList<IReadOnlyList<double>> Quartic)
{
    /// <summary>A snapshot of the running coefficients (copied, so that the flow can go on changing its own).</summary>
    internal static CouplingFlowPoint Record(double scale, double rgTime, double[] tadpole, double[,] quartic) =>
        new(scale, rgTime, Array.AsReadOnly((double[])tadpole.Clone()),
            Array.AsReadOnly(Enumerable.Range(0, quartic.GetLength(0))
                .Select(i => (IReadOnlyList<double>)Array.AsReadOnly(Enumerable.Range(0, quartic.GetLength(1)).Select(j => quartic[i, j]).ToArray())).ToArray()));
}

/// <summary>The result of <see cref="ShellFlow.Run"/>.</summary>
/// <param name="Exponents">The exponent set of the pair-local flow's coefficients (empty for the vertex flow).</param>
/// <param name="Points">The pair-local flow's running (R, C) (empty for the vertex flow: see <see cref="Vertices"/>).</param>
/// <param name="Moments">Each mode's moments, or null when the flow became unstable.</param>
/// <param name="Instability">Why the flow stopped, or null.</param>
public sealed record ShellFlowResult(IReadOnlyList<double> Exponents, IReadOnlyList<CouplingFlowPoint> Points, FieldMoments? Moments, string? Instability)
{
    /// <summary>
    /// The running vertices of the vertex flow (models with a pair-local sextic or a vertex outside the four kinds),
    /// recorded like <see cref="Points"/>; null for the pair-local flow.
    /// </summary>
    public IReadOnlyList<VertexFlowPoint>? Vertices { get; init; }

    /// <summary>Which flow ran and what it leaves out.</summary>
    public string Scheme { get; init; } = ShellFlow.PairLocalScheme;

    /// <summary>True when every mode kept a positive effective inverse variance.</summary>
    public bool Stable => Instability is null;
}

/// <summary>
/// One-loop Wilsonian shell flow in mode space (THEORY.md §3.3). Pair-local weights must be sums of monomials
/// c·k^p·q^r; then the flow closes on the coefficients (R, C) over the exponent set. Going down from the cutoff,
/// each shell σ with effective a_q = a⁰_q + w_q + Σ R_i q^{e_i} updates the slow modes by
/// R_i += Σ_j C_ij Σ_{q∈σ} n_q q^{e_j} ⟨f_q²⟩ (tadpole) and C_il −= Σ_jm C_ij C_lm Σ_{q∈σ} n_q q^{e_j+e_m}(G_q² + 2G_q f̄_q²)
/// (bubble). The observables then come from an upward pass: each mode's self-energy is its UV tadpole from the flow
/// plus the contributions of the modes below and beside it with the couplings of its own shell, and its own
/// diagonal term, as in first order; so with single-mode shells the flow agrees with first order to O(g²) and adds
/// the running of the couplings on top. Quadratic and mode-local terms enter each mode directly; non-monomial pair
/// weights are not supported here (use FirstOrder or Hartree). A model with a pair-local sextic or any vertex outside
/// the four kinds runs the vertex flow instead (<see cref="VertexShellFlow"/>), which tracks every sub-pattern the shell
/// integration generates.
/// </summary>
internal static class ShellFlow
{
    public static ShellFlowResult Run(FieldTheory theory, ShellFlowOptions? options = null)
    {
        options ??= new ShellFlowOptions();
        if (options.ShellWidth < 0 || !double.IsFinite(options.ShellWidth)) throw new ArgumentOutOfRangeException(nameof(options), options.ShellWidth, "ShellFlowOptions.ShellWidth must be ≥ 0.");
        if (options.StopScale < 0) throw new ArgumentOutOfRangeException(nameof(options), options.StopScale, "ShellFlowOptions.StopScale must be ≥ 0.");
        // A pair-local sextic or a vertex outside the four kinds generates sub-vertices the (R, C) flow does not
        // track: the vertex flow follows every sub-pattern.
        if (theory.Perturbations.Any(p => p.Legs is not (Legs.Quadratic or Legs.ModeLocal or Legs.PairLocal)))
        {
            if (options.ShellWidth > 0 || theory.Modes <= MaxSingleModeShells) return VertexShellFlow.Run(theory, options);
            var wide = VertexShellFlow.Run(theory, options with { ShellWidth = WideShellWidth });
            return wide with { Scheme = wide.Scheme + string.Create(CultureInfo.InvariantCulture,
                $"; log shells of dℓ = {WideShellWidth} instead of single modes (single-mode shells cost O(M²) above {MaxSingleModeShells} modes)") };
        }
        var n = theory.Modes;
        var quadratic = new double[n];
        var modeLocal = new double[n];
        var terms = new List<Monomial>();
        foreach (var p in theory.Perturbations)
        {
            switch (p.Legs)
            {
                case Legs.Quadratic: for (var i = 0; i < n; i++) quadratic[i] += p.Weight1!(i + 1); break;
                case Legs.ModeLocal: for (var i = 0; i < n; i++) modeLocal[i] += p.Weight1!(i + 1); break;
                case Legs.PairLocal when p.Monomials is { } m: terms.AddRange(m); break;
                case Legs.PairLocal:
                    throw new NotSupportedException($"ShellFlow needs pair-local weights that are sums of monomials c·k^p·q^r; '{p.Name}' is not. Use Approximation.Hartree or FirstOrder.");
                default:
                    throw new InvalidOperationException("unreachable: the vertex flow handles the other kinds.");
            }
        }
        var exponents = terms.SelectMany(t => new[] { t.P, t.R }).Distinct().OrderBy(e => e).ToArray();
        if (exponents.Length == 0) exponents = [0];
        var e = exponents.Length;
        var slot = exponents.Select((x, i) => (x, i)).ToDictionary(t => t.x, t => t.i);
        var c = new double[e, e];
        foreach (var t in terms) c[slot[t.P], slot[t.R]] += t.Coefficient;
        var r = new double[e];

        // k^{e_i} per mode, computed once.
        var powers = new double[e][];
        for (var i = 0; i < e; i++)
        {
            powers[i] = new double[n];
            for (var k = 0; k < n; k++) powers[i][k] = MonomialExpansion.Pow(theory.Index[k], exponents[i]);
        }

        var shells = Shells(n, options);
        var stop = (int)Math.Min(options.StopScale, n);

        var downMean = new double[n];
        var downVariance = new double[n];
        // Couplings in force when each shell was integrated, flat: e tadpoles then e² quartic coefficients per shell.
        var stride = e + e * e;
        var shellCouplings = new double[shells.Count * stride];
        var points = new List<CouplingFlowPoint> { CouplingFlowPoint.Record(n, 0, r, c) };
        var nextRecord = Math.Log10(n) - 1.0 / options.PointsPerDecade;
        var t1 = new double[e];
        var t2 = new double[e, e];
        for (var s = 0; s < shells.Count; s++)
        {
            var (lo, hi) = shells[s];
            for (var i = 0; i < e; i++)
            {
                shellCouplings[s * stride + i] = r[i];
                for (var j = 0; j < e; j++) shellCouplings[s * stride + e + i * e + j] = c[i, j];
            }
            Array.Clear(t1);
            Array.Clear(t2);
            for (var q = lo; q < hi; q++)
            {
                var a = theory.A0[q] + quadratic[q];
                for (var i = 0; i < e; i++) a += r[i] * powers[i][q];
                if (!(a > 0))
                    return Unstable(exponents, points, q, a);
                var g = 1 / a;
                var m = theory.H[q] / a;
                downMean[q] = m; downVariance[q] = g;
                var mu2 = g + m * m;
                var bubble = g * g + 2 * g * m * m;
                var weight = theory.Multiplicity[q];
                for (var j = 0; j < e; j++)
                {
                    t1[j] += weight * powers[j][q] * mu2;
                    for (var l = 0; l < e; l++) t2[j, l] += weight * powers[j][q] * powers[l][q] * bubble;
                }
            }
            if (s == shells.Count - 1 && stop > 0) break; // the kept modes are not integrated out
            // The couplings before this shell are the ones just stored.
            double Old(int i, int j) => shellCouplings[s * stride + e + i * e + j];
            for (var i = 0; i < e; i++)
                for (var j = 0; j < e; j++) r[i] += Old(i, j) * t1[j];
            for (var i = 0; i < e; i++)
                for (var l = 0; l < e; l++)
                {
                    double d = 0;
                    for (var j = 0; j < e; j++)
                        for (var m = 0; m < e; m++) d += Old(i, j) * Old(l, m) * t2[j, m];
                    c[i, l] = Old(i, l) - d;
                }
            var scale = lo; // modes above lo are gone
            if (scale == 0 || Math.Log10(Math.Max(scale, 1)) <= nextRecord || s == shells.Count - 1)
            {
                points.Add(CouplingFlowPoint.Record(scale, Math.Log((double)n / Math.Max(scale, 1)), r, c));
                nextRecord = Math.Log10(Math.Max(scale, 1)) - 1.0 / options.PointsPerDecade;
            }
        }

        // Upward pass: final moments with the couplings of each mode's own shell.
        var mean = new double[n];
        var variance = new double[n];
        var finished = new double[e];  // Σ over finished (lower) modes of n q^e ⟨f²⟩
        var beside = new double[e];
        for (var s = shells.Count - 1; s >= 0; s--)
        {
            var (lo, hi) = shells[s];
            var offset = s * stride;
            Array.Clear(beside);
            for (var q = lo; q < hi; q++)
                for (var j = 0; j < e; j++) beside[j] += theory.Multiplicity[q] * powers[j][q] * (downVariance[q] + downMean[q] * downMean[q]);
            for (var q = lo; q < hi; q++)
            {
                double a = quadratic[q], diagonal = 0;
                for (var i = 0; i < e; i++)
                {
                    a += shellCouplings[offset + i] * powers[i][q];
                    for (var j = 0; j < e; j++)
                    {
                        var cij = shellCouplings[offset + e + i * e + j];
                        a += cij * powers[i][q] * (finished[j] + beside[j]);
                        diagonal += cij * powers[i][q] * powers[j][q];
                    }
                }
                double m = downMean[q], g = downVariance[q];
                a -= diagonal * (g + m * m); // a field does not see itself in the tadpole
                var b = diagonal + modeLocal[q];
                var sigmaMean = a + b * (m * m + 3 * g);
                var sigmaVariance = a + 3 * b * (m * m + g);
                var inverse = theory.A0[q] + sigmaVariance;
                if (!(inverse > 0) || !(theory.A0[q] + sigmaMean > 0))
                    return Unstable(exponents, points, q, inverse);
                mean[q] = theory.H[q] / (theory.A0[q] + sigmaMean);
                variance[q] = 1 / inverse;
            }
            for (var q = lo; q < hi; q++)
                for (var j = 0; j < e; j++) finished[j] += theory.Multiplicity[q] * powers[j][q] * (variance[q] + mean[q] * mean[q]);
        }
        return new ShellFlowResult(Array.AsReadOnly(exponents), points.AsReadOnly(), new FieldMoments(mean, variance), null);
    }

    /// <summary>What the pair-local flow computes, for the result.</summary>
    public const string PairLocalScheme = "pair-local flow: tadpole and bubble of quadratic, mode-local and pair-local couplings (THEORY.md §3.3)";

    /// <summary>Above this many modes the vertex flow integrates log shells of <see cref="WideShellWidth"/> instead of single modes.</summary>
    public const int MaxSingleModeShells = 2000;

    /// <summary>dℓ of the vertex flow's shells on more than <see cref="MaxSingleModeShells"/> modes when single-mode shells were asked for.</summary>
    public const double WideShellWidth = 0.02;

    /// <summary>The shells from the top, [lo, hi) in 0-based mode indices; the modes kept below the stop scale form the last one.</summary>
    internal static List<(int Lo, int Hi)> Shells(int n, ShellFlowOptions options)
    {
        var shells = new List<(int Lo, int Hi)>();
        var stop = (int)Math.Min(options.StopScale, n);
        var top = n;
        while (top > stop)
        {
            var lo = options.ShellWidth == 0 ? top - 1 : (int)Math.Floor(top * Math.Exp(-options.ShellWidth));
            lo = Math.Clamp(lo, stop, top - 1);
            shells.Add((lo, top));
            top = lo;
        }
        if (stop > 0) shells.Add((0, stop));
        return shells;
    }

    private static ShellFlowResult Unstable(double[] exponents, List<CouplingFlowPoint> points, int mode, double inverse) =>
        new(Array.AsReadOnly(exponents), points.AsReadOnly(), null, string.Create(CultureInfo.InvariantCulture,
            $"the effective inverse variance of mode {mode + 1} reached {inverse:G4} ≤ 0: the flow ran into the instability of a negative quartic coupling"));
}
