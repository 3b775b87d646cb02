namespace RgDsl;

/// <summary>
/// A model declared with RgDsl attributes: the source generator makes every <c>[RgModel]</c> class implement this
/// interface, so that runners (the report, user code generic over models) reach the declaration, the compile-time
/// scaling and the run-time models without reflection.
/// </summary>
public interface IDeclaredModel : IRgModel
{
    /// <summary>The declaration as the generator understood it (the class's static <c>RgDeclaration</c>).</summary>
    ModelDeclaration Declaration { get; }

    /// <summary>The generator's symbolic scaling analysis at the declared defaults (the class's static <c>CompileTimeScaling</c>); null when the spectrum or target is not an analysable power law.</summary>
    ScalingReport? CompileTimeScaling { get; }

    /// <summary>The instance's current [Parameter] values by name.</summary>
    IReadOnlyDictionary<string, double> ParameterValues { get; }

    /// <summary>The Gaussian backbone at the current parameter values.</summary>
    GaussianModel ToGaussianModel();

    /// <summary>The model with its perturbations at the current parameter values; null for a model without perturbations.</summary>
    InteractingModel? ToInteractingModel();

    /// <summary>The scaling analysis at the current parameter values, measured at run time (THEORY.md §4).</summary>
    ScalingReport Scaling(ScalingOptions? options = null);
}
