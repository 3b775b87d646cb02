namespace RgDsl.Generators.Model;

/// <summary>
/// Everything the emitter needs to know about one declared [RgNetwork], as equatable data without locations (its
/// diagnostics travel separately in <see cref="NetworkParseResult"/>).
/// </summary>
internal sealed record NetworkSpec(
    string? Namespace,
    string ClassName,
    bool IsPublic,
    int Depth,
    Activation Activation,
    Parameterisation Parameterisation,
    double WeightVariance,
    double ReadoutVariance,
    string WidthMember,
    int? DefaultWidth,
    NetworkDataSpec Data,
    ScalarSpec Ridge,
    ScalarSpec? Noise,
    EquatableArray<ParameterSpec> Parameters,
    ScalingSpec? Scaling = null,
    ActivationSpec? DeclaredActivation = null)
{
    public string HintName => (Namespace is null ? "" : Namespace + ".") + ClassName + ".RgNetwork.g.cs";
}

/// <summary>How the data are declared: Gaussian inputs with a teacher, or an [Inputs] member.</summary>
internal enum NetworkDataKind { GaussianInputs, Inputs }

/// <summary>A network's data as declared (see <see cref="NetworkDataKind"/>).</summary>
/// <param name="Kind">Gaussian inputs or an [Inputs] member.</param>
/// <param name="Dimension">d of [GaussianInputs].</param>
/// <param name="InputExponent">a of [GaussianInputs].</param>
/// <param name="TeacherMethod">The [Teacher] method, or null for [LinearTeacher].</param>
/// <param name="TeacherExponent">b of [LinearTeacher].</param>
/// <param name="TeacherPower">The power of [LinearTeacher].</param>
/// <param name="InputsMember">The [Inputs] member.</param>
/// <param name="InputsIsMethod">Whether it is a method (else a property).</param>
/// <param name="MemberIsStatic">Whether the [Teacher] or [Inputs] member is static (it is then called through the class).</param>
/// <param name="Display">The declaration as one readable line.</param>
internal sealed record NetworkDataSpec(NetworkDataKind Kind, int Dimension, double InputExponent, string? TeacherMethod, double TeacherExponent,
    double TeacherPower, string? InputsMember, bool InputsIsMethod, string Display, bool MemberIsStatic = false);

/// <summary>The result of parsing one [RgNetwork] class: the spec (null when it cannot be emitted) and its diagnostics.</summary>
internal sealed record NetworkParseResult(NetworkSpec? Network, EquatableArray<DiagnosticInfo> Diagnostics);
