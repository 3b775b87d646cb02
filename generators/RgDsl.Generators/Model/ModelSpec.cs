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
    EquatableArray<PerturbationSpec> Perturbations,
    ScalingSpec? Scaling,
    TableFileSpec? SpectrumFile = null,
    TableFileSpec? TargetFile = null);

/// <summary>A measured table named by [Spectrum(File = …)] or [Target(File = …)] on the class, read from AdditionalFiles.</summary>
internal sealed record TableFileSpec(string FileName, bool PowerLawTail, LocationInfo? Location);

/// <summary>An additional file as equatable data.</summary>
internal sealed record AdditionalFileSpec(string Path, string Content);

/// <summary>The compile-time scaling analysis: exponents as formulas and as values at the declared defaults.</summary>
internal sealed record ScalingSpec(string AlphaFormula, double Alpha, string BetaFormula, double Beta, EquatableArray<PerturbationScalingSpec> Perturbations);

/// <summary>One perturbation's scaling; the numbers are null where its weight could not be analysed.</summary>
internal sealed record PerturbationScalingSpec(string Name, string Legs, string? ExponentFormula, double? Exponent, double? IntervalLo, double? IntervalHi,
    string? Classification, EquatableArray<ClassSpec> Classes, bool CutoffSensitive, bool Logarithmic, string? Note);

/// <summary>One diagram class: δε/ε ∝ k_P^Kp ∝ P^P (× M^Cutoff), with the conditions decided at the defaults.</summary>
internal sealed record ClassSpec(string Name, int FreeSums, string KpFormula, double Kp, string PFormula, double P, string Dominance, double Cutoff, EquatableArray<string> Conditions);

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
