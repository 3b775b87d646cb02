using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using RgDsl.Diagrams;

using RgDsl.Perturbations;

namespace RgDsl.Perturbations.Solvers;

/// <summary>Means f̄_k and variances G_k of the mode amplitudes (index k − 1).</summary>
public sealed class FieldMoments
{
    internal FieldMoments(double[] mean, double[] variance)
    {
        MeanArray = mean; VarianceArray = variance;
        Mean = Array.AsReadOnly(mean); Variance = Array.AsReadOnly(variance);
    }

    /// <summary>f̄_k.</summary>
    public IReadOnlyList<double> Mean { get; }
    /// <summary>G_k.</summary>
    public IReadOnlyList<double> Variance { get; }

    // The solvers' own loops index the arrays directly.
    internal double[] MeanArray { get; }
    internal double[] VarianceArray { get; }
}

/// <summary>
/// The equivalent-kernel field theory S = S₀ + S_int of THEORY.md §2.1/§3.2 on a finite set of modes:
/// S₀ = Σ_k [f_k²/(2λ_k) + (P/2κ)(f_k − y_k)²] with y_k = √(y_k²) ≥ 0, each of the n_k degenerate copies of a mode a
/// field of its own, plus the declared perturbations. Gaussian moments: a_k = 1/λ_k + P/κ, G_k = 1/a_k,
/// f̄_k = (P/κ) y_k / a_k.
/// </summary>
public sealed class FieldTheory
{
    /// <summary>Generic pair-local sextic weights cost O(M³): above this many modes they are refused.</summary>
    public const int MaxModesForGenericSextic = 400;

    internal readonly double[] Lambda, Amplitude, Multiplicity, Index;
    internal readonly double[] A0, H; // a_k, h_k

    /// <param name="eigenvalues">λ_k, k = 1..M.</param>
    /// <param name="targetPowers">y_k².</param>
    /// <param name="multiplicities">n_k (null: all 1).</param>
    /// <param name="datasetSize">P &gt; 0.</param>
    /// <param name="ridge">κ &gt; 0: the field theory needs a positive ridge.</param>
    /// <param name="noise">σ² ≥ 0, added to the field-theory error.</param>
    /// <param name="perturbations">The interaction terms.</param>
    public FieldTheory(IReadOnlyList<double> eigenvalues, IReadOnlyList<double> targetPowers, IReadOnlyList<long>? multiplicities,
        double datasetSize, double ridge, double noise, IReadOnlyList<Perturbation> perturbations)
    {
        if (!double.IsFinite(ridge) || ridge <= 0)
            throw new ArgumentException(FormattableString.Invariant($"the interacting field theory needs a positive ridge κ (P/κ multiplies the data term); got {ridge:R}."), nameof(ridge));
        if (!double.IsFinite(datasetSize) || datasetSize <= 0)
            throw new ArgumentException(FormattableString.Invariant($"the dataset size P must be positive and finite; got {datasetSize:R}."), nameof(datasetSize));
        if (!double.IsFinite(noise) || noise < 0)
            throw new ArgumentException(FormattableString.Invariant($"the label-noise variance σ² must be non-negative and finite; got {noise:R}."), nameof(noise));
        var m = eigenvalues.Count;
        if (m == 0 || targetPowers.Count != m || (multiplicities is not null && multiplicities.Count != m))
            throw new ArgumentException("eigenvalues, target powers and multiplicities must have the same positive length.");
        Lambda = new double[m]; Amplitude = new double[m]; Multiplicity = new double[m]; Index = new double[m];
        A0 = new double[m]; H = new double[m];
        var dataWeight = datasetSize / ridge;
        for (var i = 0; i < m; i++)
        {
            Lambda[i] = eigenvalues[i];
            Amplitude[i] = Math.Sqrt(targetPowers[i]);
            Multiplicity[i] = multiplicities?[i] ?? 1;
            Index[i] = i + 1;
            A0[i] = 1 / Lambda[i] + dataWeight;
            H[i] = dataWeight * Amplitude[i];
        }
        DatasetSize = datasetSize; Ridge = ridge; Noise = noise;
        Perturbations = perturbations;
        foreach (var p in perturbations)
            if (p.Legs == Legs.PairLocal6 && p.Monomials is null && m > MaxModesForGenericSextic)
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                    $"perturbation {p.Name}: a pair-local sextic weight that is not a sum of monomials costs O(M³); {m} modes exceed the limit of {MaxModesForGenericSextic}. Write the weight as a sum of terms c·k^a·q^b·p^c."));
    }

    public int Modes => Lambda.Length;

    private ModelDiagrams? _diagrams;

    /// <summary>The diagrams of the declared vertices (shared with the generator's analysis).</summary>
    internal ModelDiagrams Diagrams => _diagrams ??= new ModelDiagrams(Perturbations.Select(p => p.VertexPattern).ToList(), Perturbations.Select(p => p.Name).ToList());

    public double DatasetSize { get; }
    public double Ridge { get; }
    public double Noise { get; }
    public IReadOnlyList<Perturbation> Perturbations { get; }

    /// <summary>The moments of S₀.</summary>
    public FieldMoments Gaussian()
    {
        var mean = new double[Modes];
        var variance = new double[Modes];
        for (var i = 0; i < Modes; i++) { variance[i] = 1 / A0[i]; mean[i] = H[i] / A0[i]; }
        return new FieldMoments(mean, variance);
    }

    /// <summary>Σ_k n_k (y_k − f̄_k)² + σ²: the test error of the mean predictor in the field theory.</summary>
    public double Error(FieldMoments moments)
    {
        double s = Noise;
        for (var i = 0; i < Modes; i++)
        {
            var d = Amplitude[i] - moments.MeanArray[i];
            s += Multiplicity[i] * d * d;
        }
        return s;
    }

    /// <summary>Σ_k n_k G_k: what the posterior variance adds to the Bayesian error.</summary>
    public double TotalVariance(FieldMoments moments)
    {
        double s = 0;
        for (var i = 0; i < Modes; i++) s += Multiplicity[i] * moments.VarianceArray[i];
        return s;
    }

    /// <summary>
    /// First-order perturbation theory (Wick's theorem / Stein's lemma): with V_k(f) = A f²/2 + B f⁴/4 + C f⁶/6 the
    /// one-mode potential of mode k with the other modes averaged over S₀,
    /// f̄ = m − G (A m + B⟨f³⟩ + C⟨f⁵⟩) and G' = G − G² (A + 3B⟨f²⟩ + 5C⟨f⁴⟩), moments of S₀. Vertices outside the four
    /// kinds (<see cref="Legs.Pattern"/>) add their first-order diagrams (<see cref="SecondOrder"/>).
    /// </summary>
    public FieldMoments FirstOrder()
    {
        var g0 = Gaussian();
        var (a, b, c) = OneModePotentials(g0);
        var mean = new double[Modes];
        var variance = new double[Modes];
        for (var i = 0; i < Modes; i++)
        {
            double m = g0.MeanArray[i], g = g0.VarianceArray[i];
            var (e2, e3, e4, e5) = GaussianMoments(m, g);
            mean[i] = m - g * (a[i] * m + b[i] * e3 + c[i] * e5);
            variance[i] = g - g * g * (a[i] + 3 * b[i] * e2 + 5 * c[i] * e4);
        }
        var custom = Enumerable.Range(0, Perturbations.Count).Where(p => Perturbations[p].Legs == Legs.Pattern).ToList();
        if (custom.Count > 0)
        {
            var evaluator = new DiagramEvaluator(this, g0);
            evaluator.AddPerMode(custom.SelectMany(p => Diagrams.Connected(DiagramObservable.Mean, p)), mean);
            evaluator.AddPerMode(custom.SelectMany(p => Diagrams.Connected(DiagramObservable.Variance, p)), variance);
        }
        return new FieldMoments(mean, variance);
    }

    /// <summary>
    /// Perturbation theory to second order in the couplings, from the diagrams of every vertex and pair of vertices
    /// (<see cref="DiagramEnumerator"/>): f̄ = f̄⁰ − κ(f, V) + ½κ(f, V, V) and G = G⁰ − κ(f, f, V) + ½κ(f, f, V, V), each
    /// joint cumulant of S₀ the sum of its connected Wick contractions. Exact to O(g²): the error against the exact
    /// moments shrinks like g³. Monomial weights cost O(M) per power sum; other weights O(M^(c+1)) per diagram with c
    /// summed indices (<see cref="DiagramEvaluator.MaxGenericTerms"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">A weight without monomials whose diagrams would cost too much on this many modes.</exception>
    public FieldMoments SecondOrder() => Expansion(2);

    /// <summary>The moments to the given order (1 or 2) from the diagrams alone (for the four kinds too).</summary>
    internal FieldMoments Expansion(int order)
    {
        var g0 = Gaussian();
        var mean = (double[])g0.MeanArray.Clone();
        var variance = (double[])g0.VarianceArray.Clone();
        var evaluator = new DiagramEvaluator(this, g0);
        for (var o = 1; o <= order; o++)
        {
            evaluator.AddPerMode(Diagrams.AllConnected(DiagramObservable.Mean, o), mean);
            evaluator.AddPerMode(Diagrams.AllConnected(DiagramObservable.Variance, o), variance);
        }
        return new FieldMoments(mean, variance);
    }

    /// <summary>
    /// Each test-error diagram to the given order with its relative correction δε/ε₀ (ε₀ = Σ n (y − f̄⁰)², label noise
    /// left out): the terms whose sum is the expansion of the field-theory error, first order
    /// −2Σ(y − f̄⁰)δ₁f̄ and second order −2Σ(y − f̄⁰)δ₂f̄ + Σ(δ₁f̄)².
    /// </summary>
    internal IReadOnlyList<(Diagram Diagram, double Correction)> DiagramCorrections(int maxOrder)
    {
        var g0 = Gaussian();
        var gaussianError = Error(g0) - Noise;
        var evaluator = new DiagramEvaluator(this, g0);
        return Diagrams.AllTestError(maxOrder).Select(d => (d, evaluator.Projected(d) / gaussianError)).ToList();
    }

    /// <summary>Each G_k diagram up to the given order (1 or 2) with its relative correction δ(Σ n G)/Σ n G⁰.</summary>
    internal IReadOnlyList<(Diagram Diagram, double Correction)> VarianceCorrections(int maxOrder = 1)
    {
        var evaluator = new DiagramEvaluator(this, Gaussian());
        var total = evaluator.GaussianVariance;
        return Enumerable.Range(1, maxOrder).SelectMany(o => Diagrams.AllConnected(DiagramObservable.Variance, o))
            .Select(d => (d, evaluator.Projected(d) / total)).ToList();
    }

    /// <summary>Options of the Hartree iteration.</summary>
    public sealed record HartreeOptions(double Tolerance = 1e-12, int MaxIterations = 500, double Damping = 1.0);

    /// <summary>
    /// Hartree resummation: the first-order self-energies evaluated with the dressed moments,
    /// f̄ = h/(a + Σᵐ), G = 1/(a + Σᴳ) with Σᵐ = A + B(f̄² + 3G) + C(f̄⁴ + 10f̄²G + 15G²) and
    /// Σᴳ = A + 3B(f̄² + G) + 5C(f̄⁴ + 6f̄²G + 3G²), iterated until the largest relative change is below the tolerance.
    /// </summary>
    public bool TryHartree(out FieldMoments moments, [NotNullWhen(false)] out string? error, HartreeOptions? options = null)
    {
        options ??= new HartreeOptions();
        if (Perturbations.FirstOrDefault(p => p.Legs == Legs.Pattern) is { } custom)
        {
            moments = Gaussian();
            error = $"Hartree resums the self-energies of the four kinds of terms; '{custom.Name}' is a vertex \"{custom.Pattern}\" outside them: use SecondOrder (exact to O(g²)) or FirstOrder.";
            return false;
        }
        var current = Gaussian();
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var (a, b, c) = OneModePotentials(current);
            var mean = new double[Modes];
            var variance = new double[Modes];
            double change = 0;
            for (var i = 0; i < Modes; i++)
            {
                double m = current.MeanArray[i], g = current.VarianceArray[i];
                var (e2, _, e4, _) = GaussianMoments(m, g);
                var sigmaMean = a[i] + b[i] * (m * m + 3 * g) + c[i] * (m * m * m * m + 10 * m * m * g + 15 * g * g);
                var sigmaVariance = a[i] + 3 * b[i] * e2 + 5 * c[i] * e4;
                var meanDenominator = A0[i] + sigmaMean;
                var varianceDenominator = A0[i] + sigmaVariance;
                if (!(varianceDenominator > 0) || !(meanDenominator > 0))
                {
                    moments = current;
                    error = string.Create(CultureInfo.InvariantCulture,
                        $"Hartree: the dressed inverse variance of mode {i + 1} is {varianceDenominator:G4} ≤ 0 (the couplings are too negative for a stable Gaussian approximation); use FirstOrder or smaller couplings.");
                    return false;
                }
                var newMean = H[i] / meanDenominator;
                var newVariance = 1 / varianceDenominator;
                mean[i] = m + options.Damping * (newMean - m);
                variance[i] = g + options.Damping * (newVariance - g);
                change = Math.Max(change, Math.Abs(mean[i] - m) / (Math.Abs(mean[i]) + Math.Sqrt(variance[i])));
                change = Math.Max(change, Math.Abs(variance[i] - g) / variance[i]);
            }
            current = new FieldMoments(mean, variance);
            if (!double.IsFinite(change)) break;
            if (change <= options.Tolerance) { moments = current; error = null; return true; }
        }
        moments = current;
        error = $"Hartree: the self-consistent iteration did not converge in {options.MaxIterations} iterations (tolerance {options.Tolerance:G3}); use FirstOrder, smaller couplings, or damping below 1.";
        return false;
    }

    /// <summary>Hartree moments or <see cref="InvalidOperationException"/> with the reason.</summary>
    public FieldMoments Hartree(HartreeOptions? options = null) =>
        TryHartree(out var moments, out var error, options) ? moments : throw new InvalidOperationException(error);

    /// <summary>
    /// The first-order relative change δε/ε of the field-theory error, split into the diagram classes of THEORY.md
    /// §4 for each perturbation (keyed by its name): δFTE_class = 2 Σ_k n_k (y_k − f̄_k) G_k f̄_k Σᵐ_class,k over S₀
    /// moments, divided by FTE₀ = Σ n (y − f̄)². Self-energies per <see cref="DiagramClass"/>: mass insertion (Σᵐ = w);
    /// on-mode fluctuation (3wG) and on-mode signal (w f̄²); fluctuation tadpole (Σ_q W G_q), signal tadpole
    /// (Σ_q W f̄_q²) and cross contraction (2W(k,k)G_k); double fluctuation tadpole (Σ_qp W G_q G_p),
    /// fluctuation-signal tadpole (Σ_qp W (G_q f̄_p² + f̄_q² G_p)) and double signal tadpole (Σ_qp W f̄_q² f̄_p²);
    /// the sextic's contractions on the mode itself are not classified.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<DiagramClass, double>> ClassCorrections()
    {
        var g0 = Gaussian();
        var n = Modes;
        var gaussianError = Error(g0) - Noise;
        var weight = new double[n]; // 2 n_k (y_k − f̄_k) G_k f̄_k / FTE₀
        var fluctuation = new double[n];
        var signal = new double[n];
        for (var i = 0; i < n; i++)
        {
            weight[i] = 2 * Multiplicity[i] * (Amplitude[i] - g0.MeanArray[i]) * g0.VarianceArray[i] * g0.MeanArray[i] / gaussianError;
            fluctuation[i] = g0.VarianceArray[i];
            signal[i] = g0.MeanArray[i] * g0.MeanArray[i];
        }
        double Project(Func<int, double> selfEnergy)
        {
            double s = 0;
            for (var i = 0; i < n; i++) s += weight[i] * selfEnergy(i);
            return s;
        }
        var result = new Dictionary<string, IReadOnlyDictionary<DiagramClass, double>>();
        foreach (var p in Perturbations)
        {
            var classes = new Dictionary<DiagramClass, double>();
            switch (p.Legs)
            {
                case Legs.Quadratic:
                    classes[DiagramClass.MassInsertion] = Project(i => p.Weight1!(i + 1));
                    break;
                case Legs.ModeLocal:
                    classes[DiagramClass.OnModeFluctuation] = Project(i => 3 * p.Weight1!(i + 1) * fluctuation[i]);
                    classes[DiagramClass.OnModeSignal] = Project(i => p.Weight1!(i + 1) * signal[i]);
                    break;
                case Legs.PairLocal:
                {
                    var tadpoleG = PairSums(p, fluctuation);
                    var tadpoleS = PairSums(p, signal);
                    classes[DiagramClass.FluctuationTadpole] = Project(i => tadpoleG[i]);
                    classes[DiagramClass.SignalTadpole] = Project(i => tadpoleS[i]);
                    classes[DiagramClass.CrossContraction] = Project(i => 2 * p.Weight2!(i + 1, i + 1) * fluctuation[i]);
                    break;
                }
                case Legs.PairLocal6:
                {
                    classes[DiagramClass.DoubleFluctuationTadpole] = Project(TripleSums(p, fluctuation, fluctuation));
                    var gs = TripleSums(p, fluctuation, signal);
                    var sg = TripleSums(p, signal, fluctuation);
                    classes[DiagramClass.FluctuationSignalTadpole] = Project(i => gs(i) + sg(i));
                    classes[DiagramClass.DoubleSignalTadpole] = Project(TripleSums(p, signal, signal));
                    break;
                }
            }
            result[p.Name] = classes;
        }
        return result;
    }

    /// <summary>Σ_q n_q W(k,q) x_q for every k: O(M·terms) for monomials, O(M²) otherwise.</summary>
    private double[] PairSums(Perturbation p, double[] x)
    {
        var n = Modes;
        var result = new double[n];
        if (p.Monomials is { } terms)
        {
            var sums = PowerSums(terms.Select(t => t.R), x);
            for (var i = 0; i < n; i++)
                foreach (var t in terms) result[i] += t.Coefficient * MonomialExpansion.Pow(Index[i], t.P) * sums[t.R];
            return result;
        }
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) result[i] += Multiplicity[j] * p.Weight2!(i + 1, j + 1) * x[j];
        return result;
    }

    /// <summary>k ↦ Σ_qp n_q n_p W(k,q,p) x_q z_p: O(M·terms) for monomials, O(M²) per k otherwise.</summary>
    private Func<int, double> TripleSums(Perturbation p, double[] x, double[] z)
    {
        if (p.Monomials is { } terms)
        {
            var sx = PowerSums(terms.Select(t => t.R), x);
            var sz = PowerSums(terms.Select(t => t.U), z);
            return i => terms.Sum(t => t.Coefficient * MonomialExpansion.Pow(Index[i], t.P) * sx[t.R] * sz[t.U]);
        }
        return i =>
        {
            double s = 0;
            for (var j = 0; j < Modes; j++)
                for (var l = 0; l < Modes; l++) s += Multiplicity[j] * Multiplicity[l] * p.Weight3!(i + 1, j + 1, l + 1) * x[j] * z[l];
            return s;
        };
    }

    /// <summary>E[f²], E[f³], E[f⁴], E[f⁵] for f ~ N(m, g): E fⁿ = m E fⁿ⁻¹ + (n−1) g E fⁿ⁻².</summary>
    internal static (double E2, double E3, double E4, double E5) GaussianMoments(double m, double g)
    {
        var e1 = m;
        var e2 = m * e1 + g;
        var e3 = m * e2 + 2 * g * e1;
        var e4 = m * e3 + 3 * g * e2;
        var e5 = m * e4 + 4 * g * e3;
        return (e2, e3, e4, e5);
    }

    /// <summary>
    /// The coefficients (A_k, B_k, C_k) of each mode's one-mode potential A f²/2 + B f⁴/4 + C f⁶/6, from every
    /// perturbation with the other fields averaged over the given moments.
    /// </summary>
    internal (double[] A, double[] B, double[] C) OneModePotentials(FieldMoments moments)
    {
        var n = Modes;
        var a = new double[n];
        var b = new double[n];
        var c = new double[n];
        var mu2 = new double[n];
        var mu4 = new double[n];
        for (var i = 0; i < n; i++)
        {
            var (e2, _, e4, _) = GaussianMoments(moments.MeanArray[i], moments.VarianceArray[i]);
            mu2[i] = e2; mu4[i] = e4;
        }
        foreach (var p in Perturbations)
        {
            switch (p.Legs)
            {
                case Legs.Quadratic:
                    for (var i = 0; i < n; i++) a[i] += p.Weight1!(i + 1);
                    break;
                case Legs.ModeLocal:
                    for (var i = 0; i < n; i++) b[i] += p.Weight1!(i + 1);
                    break;
                case Legs.PairLocal:
                    AddPairLocal(p, mu2, a, b);
                    break;
                case Legs.PairLocal6:
                    AddPairLocal6(p, mu2, mu4, a, b, c);
                    break;
            }
        }
        return (a, b, c);
    }

    // (1/4) Σ W f_k² f_q²: A_k = Σ_{other fields q} W(k,q) μ2_q, B_k = W(k,k).
    private void AddPairLocal(Perturbation p, double[] mu2, double[] a, double[] b)
    {
        var n = Modes;
        if (p.Monomials is { } monomials)
        {
            var terms = monomials.ToArray();
            var sums = PowerSums(terms.Select(t => t.R), mu2);
            var termSums = terms.Select(t => sums[t.R]).ToArray();
            var constant = terms.All(t => t.P == 0 && t.R == 0); // W = const: no powers per mode at all
            for (var i = 0; i < n; i++)
            {
                double tadpole = 0, diagonal = 0;
                if (constant)
                    for (var t = 0; t < terms.Length; t++) { tadpole += terms[t].Coefficient * termSums[t]; diagonal += terms[t].Coefficient; }
                else
                    for (var t = 0; t < terms.Length; t++)
                    {
                        var kp = MonomialExpansion.Pow(Index[i], terms[t].P);
                        tadpole += terms[t].Coefficient * kp * termSums[t];
                        diagonal += terms[t].Coefficient * kp * MonomialExpansion.Pow(Index[i], terms[t].R);
                    }
                a[i] += tadpole - diagonal * mu2[i];
                b[i] += diagonal;
            }
            return;
        }
        var w = p.Weight2!;
        for (var i = 0; i < n; i++)
        {
            double tadpole = 0;
            for (var j = 0; j < n; j++) tadpole += Multiplicity[j] * w(i + 1, j + 1) * mu2[j];
            var diagonal = w(i + 1, i + 1);
            a[i] += tadpole - diagonal * mu2[i];
            b[i] += diagonal;
        }
    }

    // (1/6) Σ W f_k² f_q² f_p²: A_k = Σ_{q,p ≠ k} W(k,q,p)⟨f_q² f_p²⟩, B_k = 2 Σ_{q≠k} W(k,k,q) μ2_q, C_k = W(k,k,k).
    private void AddPairLocal6(Perturbation p, double[] mu2, double[] mu4, double[] a, double[] b, double[] c)
    {
        var n = Modes;
        var excess = new double[n]; // μ4 − μ2²: what the q = p terms add beyond the product of second moments
        for (var i = 0; i < n; i++) excess[i] = mu4[i] - mu2[i] * mu2[i];
        Func<int, int, int, double> w;
        Func<int, double> pairSum, diagonalPairSum, excessSum; // Σ_{q,p} n n W(k,q,p) μ2 μ2, Σ_p n W(k,k,p) μ2, Σ_q n W(k,q,q) excess
        if (p.Monomials is { } terms)
        {
            var s2 = PowerSums(terms.SelectMany(t => new[] { t.R, t.U }), mu2);
            var sx = PowerSums(terms.Select(t => t.R + t.U), excess);
            w = (i, j, l) => MonomialExpansion.Evaluate(terms, Index[i], Index[j], Index[l]);
            pairSum = i => terms.Sum(t => t.Coefficient * MonomialExpansion.Pow(Index[i], t.P) * s2[t.R] * s2[t.U]);
            diagonalPairSum = i => terms.Sum(t => t.Coefficient * MonomialExpansion.Pow(Index[i], t.P + t.R) * s2[t.U]);
            excessSum = i => terms.Sum(t => t.Coefficient * MonomialExpansion.Pow(Index[i], t.P) * sx[t.R + t.U]);
        }
        else
        {
            var f = p.Weight3!;
            w = (i, j, l) => f(i + 1, j + 1, l + 1);
            pairSum = i =>
            {
                double s = 0;
                for (var j = 0; j < n; j++)
                    for (var l = 0; l < n; l++) s += Multiplicity[j] * Multiplicity[l] * w(i, j, l) * mu2[j] * mu2[l];
                return s;
            };
            diagonalPairSum = i => { double s = 0; for (var l = 0; l < n; l++) s += Multiplicity[l] * w(i, i, l) * mu2[l]; return s; };
            excessSum = i => { double s = 0; for (var j = 0; j < n; j++) s += Multiplicity[j] * w(i, j, j) * excess[j]; return s; };
        }
        for (var i = 0; i < n; i++)
        {
            var wkkk = w(i, i, i);
            var dps = diagonalPairSum(i);
            // Remove the field k itself from the sums over q and p (n'_q = n_q − δ_qk).
            var others = pairSum(i) - 2 * dps * mu2[i] + wkkk * mu2[i] * mu2[i] + excessSum(i) - wkkk * excess[i];
            a[i] += others;
            b[i] += 2 * (dps - wkkk * mu2[i]);
            c[i] += wkkk;
        }
    }

    /// <summary>Σ_q n_q q^e x_q for each distinct exponent e.</summary>
    private Dictionary<double, double> PowerSums(IEnumerable<double> exponents, double[] x)
    {
        var result = new Dictionary<double, double>();
        foreach (var e in exponents.Distinct())
        {
            double s = 0;
            for (var j = 0; j < Modes; j++) s += Multiplicity[j] * MonomialExpansion.Pow(Index[j], e) * x[j];
            result[e] = s;
        }
        return result;
    }
}
