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
        var flow = new PairLocalFlow(theory, options);
        return flow.Down() ?? flow.Up();
    }

    /// <summary>
    /// The (R, C) flow of one model: the couplings r_i (tadpoles) and c_ij (quartic) on the distinct exponents of the
    /// pair-local monomials, integrated shell by shell from the cutoff down, then the moments on the way up.
    /// </summary>
    private sealed class PairLocalFlow
    {
        private readonly FieldTheory _theory;
        private readonly ShellFlowOptions _options;
        private readonly int _n, _e, _stride;
        private readonly double[] _quadratic, _modeLocal, _exponents, _r;
        private readonly double[,] _c;
        private readonly double[][] _powers;               // k^{e_i} per mode, computed once
        private readonly List<(int Lo, int Hi)> _shells;
        private readonly double[] _downMean, _downVariance;
        private readonly double[] _shellCouplings;         // per shell, flat: e tadpoles then e² quartic coefficients
        private readonly List<CouplingFlowPoint> _points;

        public PairLocalFlow(FieldTheory theory, ShellFlowOptions options)
        {
            _theory = theory; _options = options; _n = theory.Modes;
            _quadratic = new double[_n]; _modeLocal = new double[_n];
            var terms = CollectTerms(theory, _quadratic, _modeLocal);
            _exponents = terms.SelectMany(t => new[] { t.P, t.R }).Distinct().OrderBy(x => x).ToArray();
            if (_exponents.Length == 0) _exponents = [0];
            _e = _exponents.Length;
            var slot = _exponents.Select((x, i) => (x, i)).ToDictionary(t => t.x, t => t.i);
            _c = new double[_e, _e];
            foreach (var t in terms) _c[slot[t.P], slot[t.R]] += t.Coefficient;
            _r = new double[_e];
            _powers = new double[_e][];
            for (var i = 0; i < _e; i++)
            {
                _powers[i] = new double[_n];
                for (var k = 0; k < _n; k++) _powers[i][k] = MonomialExpansion.Pow(theory.Index[k], _exponents[i]);
            }
            _shells = Shells(_n, options);
            _downMean = new double[_n]; _downVariance = new double[_n];
            _stride = _e + _e * _e;
            _shellCouplings = new double[_shells.Count * _stride];
            _points = [CouplingFlowPoint.Record(_n, 0, _r, _c)];
        }

        private static List<Monomial> CollectTerms(FieldTheory theory, double[] quadratic, double[] modeLocal)
        {
            var n = theory.Modes;
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
            return terms;
        }

        /// <summary>Downward pass: integrates the shells out, running the couplings; null, or the unstable result.</summary>
        public ShellFlowResult? Down()
        {
            int n = _n, e = _e;
            var stop = (int)Math.Min(_options.StopScale, n);
            var nextRecord = Math.Log10(n) - 1.0 / _options.PointsPerDecade;
            var t1 = new double[e];
            var t2 = new double[e, e];
            for (var s = 0; s < _shells.Count; s++)
            {
                var (lo, hi) = _shells[s];
                StoreCouplings(s);
                if (ShellLoops(lo, hi, t1, t2) is { } unstable) return unstable;
                if (s == _shells.Count - 1 && stop > 0) break; // the kept modes are not integrated out
                RunCouplings(s, t1, t2);
                var scale = lo; // modes above lo are gone
                if (scale == 0 || Math.Log10(Math.Max(scale, 1)) <= nextRecord || s == _shells.Count - 1)
                {
                    _points.Add(CouplingFlowPoint.Record(scale, Math.Log((double)n / Math.Max(scale, 1)), _r, _c));
                    nextRecord = Math.Log10(Math.Max(scale, 1)) - 1.0 / _options.PointsPerDecade;
                }
            }
            return null;
        }

        private void StoreCouplings(int s)
        {
            for (var i = 0; i < _e; i++)
            {
                _shellCouplings[s * _stride + i] = _r[i];
                for (var j = 0; j < _e; j++) _shellCouplings[s * _stride + _e + i * _e + j] = _c[i, j];
            }
        }

        /// <summary>The shell's tadpole (t1) and bubble (t2) sums, and its modes' moments on the way down.</summary>
        private ShellFlowResult? ShellLoops(int lo, int hi, double[] t1, double[,] t2)
        {
            Array.Clear(t1);
            Array.Clear(t2);
            for (var q = lo; q < hi; q++)
            {
                var a = _theory.A0[q] + _quadratic[q];
                for (var i = 0; i < _e; i++) a += _r[i] * _powers[i][q];
                if (!(a > 0))
                    return Unstable(_exponents, _points, q, a);
                var g = 1 / a;
                var m = _theory.H[q] / a;
                _downMean[q] = m; _downVariance[q] = g;
                var mu2 = g + m * m;
                var bubble = g * g + 2 * g * m * m;
                var weight = _theory.Multiplicity[q];
                for (var j = 0; j < _e; j++)
                {
                    t1[j] += weight * _powers[j][q] * mu2;
                    for (var l = 0; l < _e; l++) t2[j, l] += weight * _powers[j][q] * _powers[l][q] * bubble;
                }
            }
            return null;
        }

        /// <summary>r_i += Σ_j c_ij t1_j and c_il −= Σ_jm c_ij c_lm t2_jm, with the couplings in force before shell s.</summary>
        private void RunCouplings(int s, double[] t1, double[,] t2)
        {
            int e = _e;
            double Old(int i, int j) => _shellCouplings[s * _stride + e + i * e + j];
            for (var i = 0; i < e; i++)
                for (var j = 0; j < e; j++) _r[i] += Old(i, j) * t1[j];
            for (var i = 0; i < e; i++)
                for (var l = 0; l < e; l++)
                {
                    double d = 0;
                    for (var j = 0; j < e; j++)
                        for (var m = 0; m < e; m++) d += Old(i, j) * Old(l, m) * t2[j, m];
                    _c[i, l] = Old(i, l) - d;
                }
        }

        /// <summary>Upward pass: final moments with the couplings of each mode's own shell.</summary>
        public ShellFlowResult Up()
        {
            var mean = new double[_n];
            var variance = new double[_n];
            var finished = new double[_e];  // Σ over finished (lower) modes of n q^e ⟨f²⟩
            var beside = new double[_e];
            for (var s = _shells.Count - 1; s >= 0; s--)
            {
                var (lo, hi) = _shells[s];
                Array.Clear(beside);
                for (var q = lo; q < hi; q++)
                    for (var j = 0; j < _e; j++) beside[j] += _theory.Multiplicity[q] * _powers[j][q] * (_downVariance[q] + _downMean[q] * _downMean[q]);
                for (var q = lo; q < hi; q++)
                    if (FinalMoments(s, q, finished, beside, mean, variance) is { } unstable) return unstable;
                for (var q = lo; q < hi; q++)
                    for (var j = 0; j < _e; j++) finished[j] += _theory.Multiplicity[q] * _powers[j][q] * (variance[q] + mean[q] * mean[q]);
            }
            return new ShellFlowResult(Array.AsReadOnly(_exponents), _points.AsReadOnly(), new FieldMoments(mean, variance), null);
        }

        private ShellFlowResult? FinalMoments(int s, int q, double[] finished, double[] beside, double[] mean, double[] variance)
        {
            var offset = s * _stride;
            double a = _quadratic[q], diagonal = 0;
            for (var i = 0; i < _e; i++)
            {
                a += _shellCouplings[offset + i] * _powers[i][q];
                for (var j = 0; j < _e; j++)
                {
                    var cij = _shellCouplings[offset + _e + i * _e + j];
                    a += cij * _powers[i][q] * (finished[j] + beside[j]);
                    diagonal += cij * _powers[i][q] * _powers[j][q];
                }
            }
            double m = _downMean[q], g = _downVariance[q];
            a -= diagonal * (g + m * m); // a field does not see itself in the tadpole
            var b = diagonal + _modeLocal[q];
            var sigmaMean = a + b * (m * m + 3 * g);
            var sigmaVariance = a + 3 * b * (m * m + g);
            var inverse = _theory.A0[q] + sigmaVariance;
            if (!(inverse > 0) || !(_theory.A0[q] + sigmaMean > 0))
                return Unstable(_exponents, _points, q, inverse);
            mean[q] = _theory.H[q] / (_theory.A0[q] + sigmaMean);
            variance[q] = 1 / inverse;
            return null;
        }
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
