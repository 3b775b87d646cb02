using System.Globalization;
using RgDsl.Perturbations;
using RgDsl.Flow;

namespace RgDsl.Transfer;

/// <summary>What the user holds fixed when system A is carried to system B along the RG flow (THEORY.md §5).</summary>
public abstract record TransferConstraint
{
    private TransferConstraint() { }

    /// <summary>κ_B = κ_A; every coupling is solved for.</summary>
    public static TransferConstraint FixedRidge { get; } = new Ridge();

    /// <summary>The coupling of <paramref name="term"/> is kept; κ_B is solved from that term and the other couplings after it.</summary>
    public static TransferConstraint FixedCoupling(string term) =>
        string.IsNullOrWhiteSpace(term) ? throw new ArgumentException("name the perturbation whose coupling is held fixed.", nameof(term)) : new Coupling(term);

    /// <summary>
    /// The declared width-like [Parameter] <paramref name="parameter"/> (e.g. N in U = 1/N) is kept: the couplings it
    /// sets stay as declared in both systems, κ_B is solved so that the leading of them, flowed down to B's threshold,
    /// matches A's, and every coupling the width does not set is solved for as under <see cref="FixedRidge"/>. The
    /// transfer holds only if the other width-set couplings then match as well (checked; otherwise the result says
    /// that one ridge cannot match them). Which couplings the width sets is read from a declared model's declaration
    /// (<see cref="FlowTransfer.Transfer(IDeclaredModel, double, double, TransferConstraint, FlowTransferOptions?)"/>, or
    /// the generated <c>Transfer</c> member); for a run-time <see cref="InteractingModel"/> name them with
    /// <see cref="FixedWidth(string, string[])"/>.
    /// </summary>
    public static TransferConstraint FixedWidth(string parameter) =>
        string.IsNullOrWhiteSpace(parameter) ? throw new ArgumentException("name the width parameter.", nameof(parameter)) : new Width(parameter, null);

    /// <summary>As <see cref="FixedWidth(string)"/>, for a run-time model: <paramref name="terms"/> are the perturbations whose couplings the width sets.</summary>
    public static TransferConstraint FixedWidth(string parameter, params string[] terms)
    {
        if (string.IsNullOrWhiteSpace(parameter)) throw new ArgumentException("name the width parameter.", nameof(parameter));
        if (terms is null || terms.Length == 0 || terms.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("name at least one perturbation whose coupling the width sets.", nameof(terms));
        return new Width(parameter, terms.Distinct(StringComparer.Ordinal).ToArray());
    }

    internal sealed record Ridge : TransferConstraint { public override string ToString() => "fixed ridge"; }
    internal sealed record Coupling(string Term) : TransferConstraint { public override string ToString() => $"fixed coupling of {Term}"; }
    internal sealed record Width(string Parameter, IReadOnlyList<string>? Terms) : TransferConstraint
    {
        public override string ToString() => $"fixed width {Parameter}";
        public bool Equals(Width? other) => other is not null && Parameter == other.Parameter && (Terms ?? []).SequenceEqual(other.Terms ?? []);
        public override int GetHashCode() => Parameter.GetHashCode(StringComparison.Ordinal);
    }
}

/// <summary>Tolerances and effort of <see cref="FlowTransfer.Transfer(InteractingModel, double, double, TransferConstraint, FlowTransferOptions?)"/>.</summary>
/// <param name="PointTolerance">Largest |δ_B(P_B)/δ_A(P_A) − 1| for the transfer to hold.</param>
/// <param name="CurveTolerance">Largest relative difference of δ_B(sP) and δ_A(P) over the window for the transfer to hold.</param>
/// <param name="Window">The factor in P the rescaled curves are compared over, centred (in log P) on P_A.</param>
/// <param name="Points">Points of the rescaled-curve comparison.</param>
/// <param name="Tolerance">Relative tolerance of the matching of the couplings at the threshold.</param>
/// <param name="MaxIterations">Iteration limit of each solve.</param>
public sealed record FlowTransferOptions(double PointTolerance = 0.02, double CurveTolerance = 0.05, double Window = 16, int Points = 9,
    double Tolerance = 1e-10, int MaxIterations = 200);

/// <summary>One term's dimensionless coupling at the threshold in A and in B (after the transfer).</summary>
/// <param name="Term">The perturbation's name.</param>
/// <param name="Factor">g_B/g_A.</param>
/// <param name="Reference">Σᵐ(k_P)/a(k_P) of the term in A: its self-energy at A's threshold with the couplings flowed down to it.</param>
/// <param name="Transferred">The same in B at B's threshold.</param>
/// <param name="CutoffShift">|σ with the top half of the modes removed / σ − 1| in A: large when the term is cutoff-dominated.</param>
public sealed record TransferredCoupling(string Term, double Factor, double Reference, double Transferred, double CutoffShift);

/// <summary>
/// The result of a transfer along the flow. When <see cref="Holds"/> is false, <see cref="Ridge"/> and the factors are
/// null and <see cref="Reason"/> says why (no numbers are returned for a rule that does not hold).
/// </summary>
public sealed record FlowTransferResult(
    TransferConstraint Constraint,
    double ReferenceDatasetSize,
    double DatasetSize,
    double ReferenceRidge,
    double? Ridge,
    double ReferenceThreshold,
    double? Threshold,
    IReadOnlyList<TransferredCoupling>? Couplings,
    double? PointDeviation,
    double? CurveDeviation,
    bool Holds,
    string? Reason)
{
    /// <summary>g_B/g_A by term (null when the transfer does not hold).</summary>
    public IReadOnlyDictionary<string, double>? CouplingFactors => Couplings?.ToDictionary(c => c.Term, c => c.Factor);

    public override string ToString() => Holds
        ? string.Create(CultureInfo.InvariantCulture,
            $"Transfer along the flow P = {ReferenceDatasetSize:G6} → {DatasetSize:G6} ({Constraint}): κ {ReferenceRidge:G4} → {Ridge:G4}, k_P {ReferenceThreshold:G4} → {Threshold:G4}, couplings {string.Join(", ", Couplings!.Select(c => $"{c.Term} ×{c.Factor:G4}"))}; δ_B/δ_A − 1 = {PointDeviation:G3}, rescaled curves within {CurveDeviation:G3}")
        : string.Create(CultureInfo.InvariantCulture, $"Transfer along the flow P = {ReferenceDatasetSize:G6} → {DatasetSize:G6} ({Constraint}) does not hold: {Reason}");
}

/// <summary>
/// Hyperparameter transfer along the one-loop shell flow (THEORY.md §5): system B at P_B gets the ridge and couplings
/// whose couplings, flowed down to B's threshold k_P,B = k(κ_B/P_B), equal A's flowed down to k_P,A, in units of the
/// threshold mode's inverse variance a(k_P) (each term's mean self-energy Σᵐ(k_P)/a(k_P) from the flow's moments).
/// On a scale-free model (power-law spectrum, GP-matched target, no cutoff effect) this puts B on A's trajectory and
/// δ_B(sP) = δ_A(P), s = P_B/P_A; otherwise it may not, and the result is verified: δ at the two points and the
/// rescaled curves over a window are compared with first-order predictions, and a transfer that misses the
/// tolerances is returned as not holding, with the measured reason (a cutoff-dominated term, or diagram classes that
/// scale differently).
/// </summary>
public static partial class FlowTransfer
{
    /// <exception cref="ArgumentException">Non-positive or non-finite sizes, or a fixed coupling naming no perturbation.</exception>
    /// <exception cref="NotSupportedException">A term the shell flow does not treat (pair-local sextic, non-monomial pair weight).</exception>
    public static FlowTransferResult Transfer(InteractingModel model, double referenceDatasetSize, double datasetSize, TransferConstraint constraint, FlowTransferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(constraint);
        options ??= new FlowTransferOptions();
        if (!(referenceDatasetSize > 0) || !double.IsFinite(referenceDatasetSize))
            throw new ArgumentException("the reference dataset size must be positive and finite.", nameof(referenceDatasetSize));
        if (!(datasetSize > 0) || !double.IsFinite(datasetSize))
            throw new ArgumentException("the dataset size must be positive and finite.", nameof(datasetSize));
        if (!(options.Window > 1) || options.Points < 2 || !(options.PointTolerance > 0) || !(options.CurveTolerance > 0) || !(options.Tolerance > 0) || options.MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options, "Window > 1, Points ≥ 2, positive tolerances and MaxIterations ≥ 1 are needed.");
        if (model.Perturbations.Count == 0) throw new ArgumentException("the model has no perturbation to transfer.", nameof(model));
        if (constraint is TransferConstraint.Coupling fixedTerm && model.Perturbations.All(p => p.Name != fixedTerm.Term))
            throw new ArgumentException($"no perturbation named '{fixedTerm.Term}'; the model has {string.Join(", ", model.Perturbations.Select(p => p.Name))}.", nameof(constraint));
        if (constraint is TransferConstraint.Width { Terms: null } unresolved)
            throw new ArgumentException($"fixed width '{unresolved.Parameter}' on a run-time model: name the perturbations whose couplings the width sets, TransferConstraint.FixedWidth(\"{unresolved.Parameter}\", terms), or transfer the declared model, whose declaration says which they are.", nameof(constraint));
        if (constraint is TransferConstraint.Width { Terms: { } widthTerms } && widthTerms.FirstOrDefault(t => model.Perturbations.All(p => p.Name != t)) is { } unknownTerm)
            throw new ArgumentException($"the width sets no perturbation named '{unknownTerm}'; the model has {string.Join(", ", model.Perturbations.Select(p => p.Name))}.", nameof(constraint));

        var inv = CultureInfo.InvariantCulture;
        var kappaA = model.Gaussian.Ridge;
        var kA = Threshold(model, referenceDatasetSize, kappaA);
        var terms = model.Perturbations;
        var reference = terms.Select(t => Coupling(model, t, 1, kappaA, referenceDatasetSize)).ToArray();
        var half = (int)(model.Gaussian.Spectrum.Modes / 2);
        var cutoff = terms.Select((t, i) => half < 2 ? double.NaN : Math.Abs(Coupling(model.Restrict(half), t, 1, kappaA, referenceDatasetSize) / reference[i] - 1)).ToArray();

        string? failure = null;
        double kappaB = kappaA;
        var factors = new double[terms.Count];
        if (constraint is TransferConstraint.Ridge)
        {
            for (var i = 0; i < terms.Count && failure is null; i++)
                failure = SolveFactor(model, terms[i], reference[i], kappaB, datasetSize, options, out factors[i]);
        }
        else
        {
            // κ_B from one term at its declared coupling: the fixed one, or (fixed width) the width-set term with the largest threshold coupling.
            var held = constraint is TransferConstraint.Width { Terms: { } widthSet } ? widthSet.ToHashSet(StringComparer.Ordinal) : [];
            var lead = constraint is TransferConstraint.Coupling c ? terms.Select((t, i) => (t, i)).First(x => x.t.Name == c.Term).i
                : Enumerable.Range(0, terms.Count).Where(i => held.Contains(terms[i].Name)).MaxBy(i => Math.Abs(reference[i]));
            failure = SolveRidge(model, terms[lead], reference[lead], referenceDatasetSize, datasetSize, options, out kappaB);
            factors[lead] = 1;
            for (var i = 0; i < terms.Count && failure is null; i++)
            {
                if (i == lead) continue;
                if (held.Contains(terms[i].Name))
                {
                    factors[i] = 1;
                    var b = Coupling(model, terms[i], 1, kappaB, datasetSize);
                    if (Math.Abs(b / reference[i] - 1) > options.PointTolerance)
                        failure = string.Create(inv, $"at the width held fixed, κ_B = {kappaB:G4} matches {terms[lead].Name} but leaves {terms[i].Name} at {b:G4} against {reference[i]:G4} (Σᵐ/a at the threshold): one ridge cannot match both");
                }
                else failure = SolveFactor(model, terms[i], reference[i], kappaB, datasetSize, options, out factors[i]);
            }
        }
        if (failure is not null)
            return new FlowTransferResult(constraint, referenceDatasetSize, datasetSize, kappaA, null, kA, null, null, null, null, false, failure);

        var transferred = Build(model, kappaB, factors);
        var kB = Threshold(transferred, datasetSize, kappaB);
        var couplings = terms.Select((t, i) => new TransferredCoupling(t.Name, factors[i], reference[i], Coupling(transferred, transferred.Perturbations[i], 1, kappaB, datasetSize), cutoff[i])).ToList();

        // Verification against first-order predictions: at the two points and along the rescaled curves.
        var s = datasetSize / referenceDatasetSize;
        double DeltaA(double p) => model.Predict(p, Approximation.FirstOrder).NonGaussianCorrection;
        double DeltaB(double p) => transferred.Predict(p, Approximation.FirstOrder).NonGaussianCorrection;
        var point = Math.Abs(DeltaB(datasetSize) / DeltaA(referenceDatasetSize) - 1);
        double curve = 0;
        for (var i = 0; i < options.Points; i++)
        {
            var p = referenceDatasetSize * Math.Pow(options.Window, (double)i / (options.Points - 1) - 0.5);
            var a = DeltaA(p);
            curve = Math.Max(curve, Math.Abs(DeltaB(s * p) - a) / Math.Abs(a));
        }
        if (point <= options.PointTolerance && curve <= options.CurveTolerance)
            return new FlowTransferResult(constraint, referenceDatasetSize, datasetSize, kappaA, kappaB, kA, kB, couplings, point, curve, true, null);

        // Why not: a term whose threshold coupling moves when the top half of the modes is removed depends on the cutoff M, not on k_P.
        var dominated = couplings.Where(c => c.CutoffShift > 0.1).Select(c => string.Create(inv, $"{c.Term} is cutoff-dominated (its coupling at the threshold changes by {c.CutoffShift:P0} when the top half of the modes is removed)")).ToList();
        // The bias of a finite rank misses the target power beyond M, about (k_P/M)^β of it (THEORY §2.3), and more so in B, whose k_P is larger.
        var beta = Scaling.ScalingAnalyzer.FitExponents(model.Gaussian.Spectrum).Beta;
        var top = Threshold(transferred, datasetSize * Math.Sqrt(options.Window), kappaB);
        var missing = model.Gaussian.Spectrum.Modes == RgModel.Infinite || !(beta > 0) ? 0 : Math.Pow(top / model.Gaussian.Spectrum.Modes, beta);
        if (missing > options.PointTolerance)
            dominated.Add(string.Create(inv, $"the cutoff M = {model.Gaussian.Spectrum.Modes:N0} bends the curves: at the top of B's window k_P = {top:G4} and the target power beyond M, about (k_P/M)^β = {missing:P1} of the bias, is missing (raise M)"));
        var reason = string.Create(inv, $"matching the couplings at the threshold gives δ_B/δ_A − 1 = {point:G3} (tolerance {options.PointTolerance:G3}) and a largest difference of the rescaled curves over a factor {options.Window:G3} in P of {curve:G3} (tolerance {options.CurveTolerance:G3}): ")
            + (dominated.Count > 0 ? string.Join("; ", dominated) + ": the correction depends on M, not only on k_P"
                : "the term's diagram classes scale with different powers of k_P (e.g. a target that is not GP-matched, β ≠ α), so no choice of couplings keeps all of them on one trajectory");
        return new FlowTransferResult(constraint, referenceDatasetSize, datasetSize, kappaA, null, kA, null, null, point, curve, false, reason);
    }

    /// <summary>
    /// The transfer of a declared (generated) model at its current parameter values. For
    /// <see cref="TransferConstraint.FixedWidth(string)"/> the couplings the width sets are those whose weight, as the
    /// generator read it, contains the parameter; a weight the generator could not read leaves that unknown, and the
    /// result refuses with the reason.
    /// </summary>
    /// <exception cref="ArgumentException">A model without perturbations, a width that is no declared [Parameter], or one that no coupling depends on; and as <see cref="Transfer(InteractingModel, double, double, TransferConstraint, FlowTransferOptions?)"/>.</exception>
    public static FlowTransferResult Transfer(IDeclaredModel model, double referenceDatasetSize, double datasetSize, TransferConstraint constraint, FlowTransferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(constraint);
        var interacting = model.ToInteractingModel() ?? throw new ArgumentException($"{model.Name} declares no perturbation to transfer.", nameof(model));
        if (constraint is TransferConstraint.Width { Terms: null } width)
        {
            var declaration = model.Declaration;
            if (declaration.Parameters.All(p => p.Name != width.Parameter))
                throw new ArgumentException($"{model.Name} has no [Parameter] named '{width.Parameter}'; its parameters are {(declaration.Parameters.Count == 0 ? "none" : string.Join(", ", declaration.Parameters.Select(p => p.Name)))}.", nameof(constraint));
            var unread = declaration.Perturbations.Where(p => p.Formula is null).Select(p => p.Method).ToList();
            var set = declaration.Perturbations.Where(p => p.Formula is not null && Mentions(p.Formula, width.Parameter)).Select(p => p.Method).ToArray();
            if (unread.Count > 0)
                return new FlowTransferResult(constraint, referenceDatasetSize, datasetSize, interacting.Gaussian.Ridge, null, double.NaN, null, null, null, null, false,
                    $"cannot tell whether the width {width.Parameter} sets the coupling of {string.Join(", ", unread)}: the generator could not read its weight, so which couplings to hold is unknown (name them with TransferConstraint.FixedWidth(\"{width.Parameter}\", terms) on the run-time model)");
            if (set.Length == 0)
                throw new ArgumentException($"no perturbation of {model.Name} depends on '{width.Parameter}' (as the generator read their weights: {string.Join("; ", declaration.Perturbations.Select(p => p.Method + " = " + p.Formula))}); hold a coupling or the ridge instead.", nameof(constraint));
            constraint = TransferConstraint.FixedWidth(width.Parameter, set);
        }
        return Transfer(interacting, referenceDatasetSize, datasetSize, constraint, options);
    }

    /// <summary>Whether a formula as the generator writes it names <paramref name="parameter"/> as an identifier.</summary>
    private static bool Mentions(string formula, string parameter) =>
        System.Text.RegularExpressions.Regex.IsMatch(formula, @"(?<![\p{L}\p{N}_])" + System.Text.RegularExpressions.Regex.Escape(parameter) + @"(?![\p{L}\p{N}_])");

    /// <summary>The model with ridge κ and each coupling multiplied by its factor.</summary>
    public static InteractingModel Build(InteractingModel model, double ridge, IReadOnlyList<double> factors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(factors);
        var gaussian = new GaussianModel(model.Name + " (transferred)", model.Gaussian.Spectrum, ridge, model.Gaussian.Noise);
        return new InteractingModel(gaussian, model.Perturbations.Select((p, i) => p.Scaled(factors[i])).ToList());
    }

    /// <summary>The field theory's threshold: the (real) index where 1/λ_k = P/κ.</summary>
    private static double Threshold(InteractingModel model, double p, double kappa) => model.Gaussian.Spectrum.ThresholdIndex(kappa / p);

    /// <summary>
    /// Σᵐ(k_P)/a(k_P) of one term: the mean self-energy of the threshold mode in the one-loop shell flow (single-mode
    /// shells) with the couplings flowed down to it, in units of its inverse variance; interpolated in log k between
    /// the modes on either side of the real threshold.
    /// </summary>
    private static double Coupling(InteractingModel model, Perturbation term, double factor, double kappa, double p)
    {
        var single = new InteractingModel(new GaussianModel(model.Name, model.Gaussian.Spectrum, kappa, 0), [factor == 1 ? term : term.Scaled(factor)]);
        var theory = single.FieldTheory(p);
        var flow = ShellFlow.Run(theory);
        if (flow.Moments is null) return double.NaN;
        var k = Math.Clamp(Threshold(model, p, kappa), 1, theory.Modes);
        var lo = Math.Clamp((int)Math.Floor(k), 1, Math.Max(1, theory.Modes - 1));
        var hi = Math.Min(lo + 1, theory.Modes);
        double At(int mode) => theory.H[mode - 1] / flow.Moments.Mean[mode - 1] / theory.A0[mode - 1] - 1;
        if (hi == lo) return At(lo);
        var w = Math.Clamp(Math.Log(k / lo) / Math.Log((double)hi / lo), 0, 1);
        return (1 - w) * At(lo) + w * At(hi);
    }

    /// <summary>Solves c with σ_B(c) = σ_A (σ is linear in c up to the flow's O(c²)): c ← c σ_A/σ_B(c).</summary>
    private static string? SolveFactor(InteractingModel model, Perturbation term, double target, double kappa, double p, FlowTransferOptions options, out double factor)
    {
        factor = 1;
        // σ = h/(a f̄) − 1 carries a rounding error of about 1e-16 absolute: a weak term cannot be matched more finely than that.
        var tolerance = Math.Max(options.Tolerance, 64 * double.Epsilon + 1e-14 / Math.Abs(target));
        for (var i = 0; i < options.MaxIterations; i++)
        {
            var b = Coupling(model, term, factor, kappa, p);
            if (!double.IsFinite(b) || b == 0 || Math.Sign(b) != Math.Sign(target))
                return string.Create(CultureInfo.InvariantCulture, $"{term.Name}: no coupling of B reproduces A's coupling at the threshold ({target:G4}); B reaches {b:G4} at ×{factor:G4}");
            var next = factor * target / b;
            if (Math.Abs(next / factor - 1) <= tolerance) { factor = next; return null; }
            factor = next;
        }
        return $"{term.Name}: the coupling did not converge in {options.MaxIterations} iterations";
    }

    /// <summary>Solves κ_B with σ_B(κ_B) = σ_A for one term at its declared coupling: a bracket around κ_A P_B/P_A (same threshold), then bisection in log κ.</summary>
    private static string? SolveRidge(InteractingModel model, Perturbation term, double target, double pA, double pB, FlowTransferOptions options, out double kappa)
    {
        var start = model.Gaussian.Ridge * pB / pA;
        double F(double logKappa) => Coupling(model, term, 1, Math.Exp(logKappa), pB) / target - 1;
        kappa = start;
        var x0 = Math.Log(start);
        var f0 = F(x0);
        if (Math.Abs(f0) <= options.Tolerance) return null;
        for (var step = 1; step <= 40; step++)
        {
            foreach (var x1 in new[] { x0 + 0.25 * step, x0 - 0.25 * step })
            {
                var f1 = F(x1);
                if (double.IsFinite(f1) && Math.Sign(f1) != Math.Sign(f0))
                {
                    double lo = x0, hi = x1, flo = f0;
                    for (var i = 0; i < options.MaxIterations && Math.Abs(hi - lo) > options.Tolerance; i++)
                    {
                        var mid = 0.5 * (lo + hi);
                        var fm = F(mid);
                        if (Math.Sign(fm) == Math.Sign(flo)) { lo = mid; flo = fm; } else hi = mid;
                    }
                    kappa = Math.Exp(0.5 * (lo + hi));
                    return null;
                }
            }
        }
        return string.Create(CultureInfo.InvariantCulture, $"{term.Name}: no ridge within a factor e^10 of {start:G4} gives B the coupling {target:G4} of A at the threshold");
    }
}
