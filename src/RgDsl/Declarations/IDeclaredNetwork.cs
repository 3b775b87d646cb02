using System.Globalization;
using System.Text;
using RgDsl.Networks;

namespace RgDsl;

/// <summary>A declared [RgNetwork] as the generator understood it.</summary>
/// <param name="Name">The class name.</param>
/// <param name="Depth">L.</param>
/// <param name="Activation">φ.</param>
/// <param name="Parameterisation">Standard or mean-field.</param>
/// <param name="WeightVariance">σ_w².</param>
/// <param name="ReadoutVariance">σ_a².</param>
/// <param name="Width">The [Width] member.</param>
/// <param name="DefaultWidth">Its declared default, if constant.</param>
/// <param name="Data">How the data are declared, as written.</param>
/// <param name="Ridge">The [Ridge] member.</param>
/// <param name="RidgeFormula">Its formula as read, if recognised.</param>
/// <param name="LabelNoise">The [LabelNoise] member, if any.</param>
/// <param name="Parameters">The [Parameter]s with their declared defaults.</param>
/// <param name="ActivationMethod">The [Activation] method of a declared φ (<see cref="Activation.Custom"/>), else null.</param>
/// <param name="ActivationPolynomial">The declared φ as the polynomial the generator read (its kernel then in closed form), or null when φ is evaluated numerically.</param>
public sealed record NetworkDeclaration(string Name, int Depth, Activation Activation, Parameterisation Parameterisation, double WeightVariance,
    double ReadoutVariance, string Width, int? DefaultWidth, string Data, string Ridge, string? RidgeFormula, string? LabelNoise,
    IReadOnlyList<DeclaredParameter> Parameters, string? ActivationMethod = null, string? ActivationPolynomial = null)
{
    /// <summary>φ in words: the built-in's name, or the declared method with its reading.</summary>
    public string ActivationText => Activation != Activation.Custom ? Activation.ToString()
        : ActivationPolynomial is null ? $"{ActivationMethod}(z)" : $"{ActivationMethod}(z) = {ActivationPolynomial}";

    /// <summary>What the theory does for this network, in one paragraph.</summary>
    public string Theory =>
        string.Create(CultureInfo.InvariantCulture, $"NNGP kernel of a depth-{Depth} {ActivationText} network ({Kernel}); the kernel scale integrated exactly over {Depth} Gamma factor(s) (readout{(Depth > 1 ? " and hidden-to-hidden layers" : "")}); ")
        + (Activation == Activation.Linear
            ? "no shape fluctuations (a linear network's prior is exactly this scale mixture)"
            : "the last layer's shape fluctuations at first order, exact at finite P" + (Parameterisation == Parameterisation.MeanField ? " (mean-field: valid only while the correction is small)" : ""));

    private string Kernel => Activation switch
    {
        Activation.Linear => "linear",
        Activation.Relu => "arc-cosine",
        Activation.Erf => "arcsine",
        Activation.Custom when ActivationPolynomial is not null => "the polynomial's finite Hermite series, exact",
        Activation.Custom => "Mehler series on Gauss–Hermite coefficients of the declared φ",
        _ => "Mehler series",
    };

    /// <summary>A readable description with the instance's values.</summary>
    public string Describe(NetworkModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"[RgNetwork] {Name}: depth {Depth}, {ActivationText}, {Parameterisation}, σ_w² = {WeightVariance:R}, σ_a² = {ReadoutVariance:R}"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  width N = {model.Architecture.Width} ([Width] {Width}{(DefaultWidth is { } w ? $", declared default {w}" : "")})"));
        sb.AppendLine($"  data: {Data}");
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  ridge κ = {model.Ridge:R} ([Ridge] {Ridge}{(RidgeFormula is null ? "" : " = " + RidgeFormula)})"));
        foreach (var p in Parameters) sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  parameter {p.Name}{(p.Default is { } d ? $" (default {d:R})" : "")}"));
        sb.AppendLine("  theory: " + Theory);
        sb.Append(model.Describe());
        return sb.ToString();
    }
}

/// <summary>
/// A network declared with [RgNetwork]: the generator makes every such class implement this interface, so that
/// runners (the report, user code generic over networks) reach the declaration and the run-time model directly.
/// </summary>
public interface IDeclaredNetwork : IRgModel
{
    /// <summary>The declaration (the class's static <c>RgNetworkDeclaration</c>).</summary>
    NetworkDeclaration Declaration { get; }

    /// <summary>
    /// The generator's symbolic scaling (the class's static <c>CompileTimeScaling</c>): for a linear network on Gaussian
    /// inputs with a linear teacher, α and β exactly and the kernel scale as a truncated quartic; null otherwise (a
    /// non-linear network's NNGP spectrum is measured at run time, see <c>Scaling()</c>).
    /// </summary>
    ScalingReport? CompileTimeScaling { get; }

    /// <summary>The network at the instance's current width, ridge and parameters.</summary>
    NetworkModel ToNetworkModel();

    /// <summary>The finite-width corrections as perturbations with their scaling intervals, at run time.</summary>
    ScalingReport Scaling();
}
