using System.Reflection;

namespace RgDsl.Sweeps.Methods;

/// <summary>The run-time models behind a sweep model instance, for the built-in methods.</summary>
internal static class ModelResolution
{
    public static IRgModel? AsRgModel(object model) => model as IRgModel;

    /// <summary>The interacting model of a generated model with perturbations (through its ToInteractingModel()), or null.</summary>
    public static InteractingModel? AsInteracting(object model) =>
        model as InteractingModel
        ?? model.GetType().GetMethod("ToInteractingModel", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.Invoke(model, null) as InteractingModel;

    public static string NotAnRgModel(object model) =>
        $"it needs an RgDsl model (IRgModel); the sweep model builds a {model.GetType().Name}.";
}
