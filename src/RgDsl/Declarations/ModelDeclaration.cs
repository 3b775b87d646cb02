using System.Globalization;
using System.Text;
using RgDsl.Scaling;

namespace RgDsl;

/// <summary>A [Parameter] of a declared model with its declared default (null if not a constant).</summary>
public sealed record DeclaredParameter(string Name, double? Default);

/// <summary>
/// A declared mode function ([Spectrum] or [Target]): the formula the generator read, and its power-law form
/// coefficient·k^exponent when recognised; otherwise why not (it is then tabulated from the user's method at run time).
/// </summary>
public sealed record DeclaredModeFunction(string Method, string? Formula, string? PowerLawCoefficient, string? PowerLawExponent, string? NotRecognisedReason)
{
    /// <summary>True when the generator emitted the closed-form power-law path.</summary>
    public bool IsPowerLaw => PowerLawExponent is not null;

    /// <summary>"k^-(1 + Alpha)" or "0.5·k^-2".</summary>
    public string? PowerLaw => !IsPowerLaw ? null
        : (PowerLawCoefficient == "1" ? "" : PowerLawCoefficient + "·") + "k^" + Wrap(PowerLawExponent!);

    private static string Wrap(string exponent) =>
        exponent.StartsWith("-(", StringComparison.Ordinal) || !exponent.Contains(' ') ? exponent : "(" + exponent + ")";
}

/// <summary>A declared perturbation: the formula read from its body and its monomial expansion, or why there is none.</summary>
public sealed record DeclaredPerturbation(string Method, Legs Legs, string? Formula, string? Monomials, string? NotRecognisedReason, string? Pattern = null);

/// <summary>
/// An [Expect] claim as the generator read it (<see cref="ExpectAttribute"/>): a universality claim, a claim about one
/// perturbation's classification, or a learning-curve exponent with its tolerance. <see cref="Text"/> is the attribute
/// as written.
/// </summary>
public sealed record DeclaredExpectation(
    string Text,
    Universality? Universality = null,
    string? Perturbation = null,
    Classification? Classification = null,
    double? LearningCurveExponent = null,
    double Tolerance = Scaling.LearningCurveLaw.DefaultTolerance,
    string? Diagram = null,
    double? PExponent = null);

/// <summary>What the generator understood of a model declaration; every generated model exposes one as RgDeclaration.</summary>
public sealed record ModelDeclaration(
    string Name,
    long Modes,
    IReadOnlyList<DeclaredParameter> Parameters,
    DeclaredModeFunction Spectrum,
    DeclaredModeFunction? Target,
    string Ridge,
    string? RidgeFormula,
    string? LabelNoise,
    string? LabelNoiseFormula,
    string? Multiplicity,
    IReadOnlyList<DeclaredPerturbation> Perturbations,
    IReadOnlyList<DeclaredExpectation> Expectations)
{
    /// <summary>"ModelDeclaration Name: M = 1,000, parameters Alpha = 1, spectrum k^-(1 + Alpha) (power law), 1 perturbation(s), 2 claim(s)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"ModelDeclaration {Name}: M = {(Modes == RgModel.Infinite ? "∞" : Modes.ToString("N0", CultureInfo.InvariantCulture))}, parameters {(Parameters.Count == 0 ? "none" : string.Join(", ", Parameters.Select(p => $"{p.Name} = {p.Default?.ToString("R", CultureInfo.InvariantCulture) ?? "?"}")))}, spectrum {Spectrum.PowerLaw ?? Spectrum.Method + "(k)"}{(Spectrum.IsPowerLaw ? " (power law)" : " (tabulated)")}, {Perturbations.Count} perturbation(s), {Expectations.Count} claim(s)");

    /// <summary>
    /// True when every [Parameter] with a constant default has that value in <paramref name="values"/>: the [Expect]
    /// claims and the compile-time scaling are about the declared defaults.
    /// </summary>
    public bool AtDeclaredDefaults(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Parameters.All(p => p.Default is not { } d || !values.TryGetValue(p.Name, out var v) || v.Equals(d));
    }

    /// <summary>A readable description with the current parameter values and the run-time model.</summary>
    /// <summary>
    /// As <see cref="Describe(IReadOnlyDictionary{string, double}, GaussianModel, ScalingReport?)"/> for an interacting
    /// model, with a warning line when its action is unbounded below (<see cref="InteractingModel.UnboundedReason"/>) or its
    /// weights are not finite.
    /// </summary>
    public string Describe(IReadOnlyDictionary<string, double> values, InteractingModel model, ScalingReport? scaling = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = Describe(values, model.Gaussian, scaling);
        string? problem;
        try { problem = model.UnboundedReason; }
        catch (ArgumentException e) { problem = e.Message; }
        return problem is null ? text : text + "  WARNING: " + problem + Environment.NewLine;
    }

    public string Describe(IReadOnlyDictionary<string, double> values, GaussianModel model, ScalingReport? scaling = null)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine($"model {Name} (declared with RgDsl attributes, {(Perturbations.Count == 0 ? "Gaussian" : "interacting")})");
        sb.AppendLine($"  modes        M = {(Modes == RgModel.Infinite ? "∞ (RgModel.Infinite)" : Modes.ToString("N0", inv))}");
        if (Parameters.Count > 0)
            sb.AppendLine("  parameters   " + string.Join(", ", Parameters.Select(p =>
                $"{p.Name} = {(values.TryGetValue(p.Name, out var v) ? v.ToString("R", inv) : "?")}" + (p.Default is { } d && values.TryGetValue(p.Name, out var cur) && cur != d ? $" (default {d.ToString("R", inv)})" : ""))));
        sb.AppendLine("  spectrum     " + Mode("λ_k", Spectrum));
        sb.AppendLine("  target       " + (Target is null ? "y_k² = λ_k (GP-matched teacher, default)" : Mode("y_k²", Target)));
        sb.AppendLine("  ridge        κ = " + Scalar(Ridge, RidgeFormula, model.Ridge));
        sb.AppendLine("  label noise  σ² = " + (LabelNoise is null ? "0 (default)" : Scalar(LabelNoise, LabelNoiseFormula, model.Noise)));
        sb.AppendLine("  multiplicity " + (Multiplicity is null ? "n_k = 1 (default)" : $"n_k = {Multiplicity}(k), tabulated at run time"));
        if (Perturbations.Count == 0) sb.AppendLine("  perturbations none (Gaussian process)");
        else
            foreach (var p in Perturbations)
                sb.AppendLine($"  perturbation {p.Method} ({(p.Legs == Legs.Pattern ? $"vertex \"{p.Pattern}\"" : $"Legs.{p.Legs}")}): " + (p.Monomials is not null
                    ? $"W = {p.Monomials}   [monomials: O(M) sums, {(p.Legs == Legs.Pattern ? "diagrams to second order" : "shell flow")}]"
                    : $"W = {p.Method}(…){(p.Formula is null ? "" : " = " + p.Formula)}   [pairwise at run time: {p.NotRecognisedReason}]"));
        sb.AppendLine("  solver       " + model.Spectrum.Description);
        if (scaling is not null && scaling.Perturbations.Count > 0)
        {
            sb.AppendLine("  scaling (compile-time analysis at the declared defaults):");
            foreach (var line in scaling.ToTable().Split('\n', StringSplitOptions.RemoveEmptyEntries)) sb.AppendLine("    " + line.TrimEnd());
        }
        return sb.ToString();

        static string Mode(string symbol, DeclaredModeFunction f) => f.IsPowerLaw
            ? $"{symbol} = {f.PowerLaw}   [power law: closed-form tail]   ({f.Method})"
            : $"{symbol} = {f.Method}(k){(f.Formula is null ? "" : " = " + f.Formula)}   [tabulated at run time: {f.NotRecognisedReason}]";

        string Scalar(string member, string? formula, double value) =>
            $"{member}" + (formula is null || formula == value.ToString("G15", inv) ? "" : $" = {formula}") + $" = {value.ToString("R", inv)}";
    }
}
