namespace RgDsl.Generators.Model;

/// <summary>
/// Everything the emitter needs to know about one declared model, as plain equatable data: no syntax nodes or symbols,
/// so that an unrelated edit leaves the pipeline cached.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    string Accessibility,
    long Modes,
    EquatableArray<ParameterSpec> Parameters,
    ModeFunctionSpec Spectrum,
    ModeFunctionSpec? Target,
    ScalarSpec Ridge,
    ScalarSpec? Noise,
    string? MultiplicityMethod,
    bool MultiplicityIsUnit,
    EquatableArray<PerturbationSpec> Perturbations);

/// <summary>A [Parameter] property and its declared default (the initializer's constant value, if any).</summary>
internal sealed record ParameterSpec(string Name, string? DefaultDisplay);

/// <summary>
/// A mode function (spectrum or target): the user's method, the formula as recognised, and its power-law form
/// c·k^e when it has one.
/// </summary>
internal sealed record ModeFunctionSpec(string MethodName, string? Formula, PowerLawSpec? PowerLaw, string? NotRecognisedReason);

/// <summary>c·k^e with c and e as C# expressions over the instance's parameters, and as readable formulas.</summary>
internal sealed record PowerLawSpec(string CoefficientCode, string ExponentCode, string CoefficientDisplay, string ExponentDisplay);

/// <summary>A scalar member ([Ridge], [LabelNoise]): its name, whether it is a method, and the formula if recognised.</summary>
internal sealed record ScalarSpec(string MemberName, bool IsMethod, string? Formula)
{
    public string Access => IsMethod ? $"this.{MemberName}()" : $"this.{MemberName}";
}

/// <summary>
/// A declared perturbation: its method, kind, the formula read from its body, and its monomial expansion when the
/// weight is a sum of terms c·k^a·q^b(·p^c) (empty with a reason otherwise).
/// </summary>
internal sealed record PerturbationSpec(string MethodName, string Legs, string? Formula, EquatableArray<MonomialSpec> Monomials, string? NotRecognisedReason)
{
    public bool Recognised => NotRecognisedReason is null;
}

/// <summary>One monomial: coefficient and exponents as C# over the instance, and its display.</summary>
internal sealed record MonomialSpec(string CoefficientCode, EquatableArray<string> ExponentCodes, string Display);

/// <summary>The result of parsing one [RgModel] class: the model (null when it cannot be emitted) and its diagnostics.</summary>
internal sealed record ModelParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
