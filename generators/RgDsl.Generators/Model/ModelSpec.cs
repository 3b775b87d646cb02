namespace RgDsl.Generators.Model;

/// <summary>
/// Everything the emitter needs to know about one declared model, as plain equatable data: no syntax nodes, symbols or
/// locations, so that an unrelated edit, or moving the class within its file, leaves the emitted source cached
/// (diagnostics, which do carry locations, travel separately in <see cref="ModelParseResult"/>).
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    bool IsPublic,
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
    EquatableArray<ExpectationSpec> Expectations,
    TableReference? SpectrumFile = null,
    TableReference? TargetFile = null,
    string? MultiplicityStaticOwner = null)
{
    public string HintName => (Namespace is null ? "" : Namespace + ".") + ClassName + ".RgModel.g.cs";
}

/// <summary>A measured table named by [Spectrum(File = …)] or [Target(File = …)] on the class, read from AdditionalFiles.</summary>
internal sealed record TableReference(string FileName, TableRole Role, bool PowerLawTail);

/// <summary>What a table holds: eigenvalues (positive, non-increasing) or target powers (non-negative).</summary>
internal enum TableRole { Spectrum, Target }

/// <summary>
/// The compile-time scaling analysis: exponents as formulas and as values at the declared defaults, whether the ridge
/// is 0, and the label noise σ² (NaN when it is not a constant).
/// </summary>
internal sealed record ScalingSpec(string AlphaFormula, double Alpha, string BetaFormula, double Beta, bool Ridgeless,
    EquatableArray<PerturbationScalingSpec> Perturbations, double Noise = 0);

/// <summary>One perturbation's scaling; the numbers are null where its weight could not be analysed.</summary>
internal sealed record PerturbationScalingSpec(string Name, Legs Legs, string? ExponentFormula, double? Exponent, double? IntervalLo, double? IntervalHi,
    Classification? Classification, EquatableArray<ClassSpec> Classes, bool CutoffSensitive, bool Logarithmic, string? Note,
    string Pattern = "", EquatableArray<ClassSpec> SecondOrder = default, EquatableArray<ClassSpec> Variance = default,
    EquatableArray<ClassSpec> VarianceSecondOrder = default);

/// <summary>
/// One diagram class: δε/ε ∝ k_P^Kp ∝ P^P (× M^Cutoff), with the conditions decided at the defaults; its first
/// diagram's formula, its order, the partner perturbation at second order and how many diagrams it gathers.
/// </summary>
internal sealed record ClassSpec(DiagramClass Class, int FreeSums, string KpFormula, double Kp, string PFormula, double P, SumDominance Dominance,
    double Cutoff, EquatableArray<string> Conditions, string? Diagram = null, int Order = 1, string? Partner = null, int DiagramCount = 1);

/// <summary>What an [Expect] claims.</summary>
internal enum ExpectationKind { Universality, Classification, LearningCurveExponent, DiagramExponent }

/// <summary>One [Expect] claim as written (<see cref="Text"/>) and read.</summary>
internal sealed record ExpectationSpec(ExpectationKind Kind, string Text, Universality? Universality = null, string? Perturbation = null,
    Classification? Classification = null, double Exponent = 0, double Tolerance = Scaling.LearningCurveLaw.DefaultTolerance, string? Diagram = null);

/// <summary>A [Parameter] property and its declared default (the initializer's constant value, if any).</summary>
internal sealed record ParameterSpec(string Name, double? Default);

/// <summary>
/// A mode function (spectrum or target): the user's method, the formula as recognised, and its power-law form
/// c·k^e when it has one.
/// </summary>
/// <remarks><see cref="StaticOwner"/> is the fully qualified class (<c>global::Ns.C</c>) when the method is static: the emitted
/// code then calls it through the type, never through an instance (CS0176).</remarks>
internal sealed record ModeFunctionSpec(string MethodName, string? Formula, PowerLawSpec? PowerLaw, string? NotRecognisedReason, string? StaticOwner = null)
{
    /// <summary>The call of the method on <paramref name="instance"/> (or on its type when static) with the argument list <paramref name="arguments"/>.</summary>
    /// <remarks>An empty <paramref name="instance"/> calls an instance method by its simple name.</remarks>
    public string Call(string instance, string arguments) =>
        (StaticOwner ?? instance) is { Length: > 0 } owner ? owner + "." + MethodName + "(" + arguments + ")" : MethodName + "(" + arguments + ")";
}

/// <summary>c·k^e with c and e as C# expressions over the instance's parameters, and as readable formulas.</summary>
internal sealed record PowerLawSpec(string CoefficientCode, string ExponentCode, string CoefficientDisplay, string ExponentDisplay);

/// <summary>A scalar member ([Ridge], [LabelNoise]): its name, whether it is a method, and the formula if recognised.</summary>
/// <remarks>A static member is read through its type (<see cref="StaticOwner"/>, e.g. <c>global::Ns.C</c>), never through <c>this</c> (CS0176).</remarks>
internal sealed record ScalarSpec(string MemberName, bool IsMethod, string? Formula, string? StaticOwner = null)
{
    public string Access => (StaticOwner ?? "this") + "." + MemberName + (IsMethod ? "()" : "");
}

/// <summary>
/// A declared perturbation: its method, kind, the formula read from its body, and its monomial expansion when the
/// weight is a sum of terms c·k^a·q^b(·p^c) (empty with a reason otherwise); its index pattern ("k k q q" for the
/// pair-local kind), whose letters are the method's parameters in order.
/// </summary>
internal sealed record PerturbationSpec(string MethodName, Legs Legs, string? Formula, EquatableArray<MonomialSpec> Monomials, string? NotRecognisedReason, string Pattern)
{
    public bool Recognised => NotRecognisedReason is null;
}

/// <summary>One monomial: coefficient and exponents as C# over the instance, and its display.</summary>
internal sealed record MonomialSpec(string CoefficientCode, EquatableArray<string> ExponentCodes, string Display);

/// <summary>
/// The result of parsing one [RgModel] class: the model (null when it cannot be emitted), its diagnostics, and where
/// its table attributes are (for the table diagnostics, which need the other pipeline input first).
/// </summary>
internal sealed record ModelParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? SpectrumFileLocation = null, LocationInfo? TargetFileLocation = null);
