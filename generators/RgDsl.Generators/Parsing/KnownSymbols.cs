using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Parsing;

/// <summary>What an RgDsl attribute on a member declares.</summary>
internal enum MemberRole { Parameter, Spectrum, Target, Ridge, LabelNoise, Multiplicity, Perturbation }

/// <summary>
/// The types the parser compares against, resolved once per compilation by metadata name (as System.Text.Json's
/// generator does), so that attributes are recognised by symbol rather than by the text of their names.
/// </summary>
internal sealed class KnownSymbols
{
    public const string RgModelAttributeName = "RgDsl.RgModelAttribute";
    public const string RgNetworkAttributeName = "RgDsl.RgNetworkAttribute";

    public KnownSymbols(Compilation compilation)
    {
        INamedTypeSymbol? Type(string name) => compilation.GetTypeByMetadataName(name);
        Parameter = Type("RgDsl.ParameterAttribute");
        Spectrum = Type("RgDsl.SpectrumAttribute");
        Target = Type("RgDsl.TargetAttribute");
        Ridge = Type("RgDsl.RidgeAttribute");
        LabelNoise = Type("RgDsl.LabelNoiseAttribute");
        Multiplicity = Type("RgDsl.MultiplicityAttribute");
        Perturbation = Type("RgDsl.PerturbationAttribute");
        Expect = Type("RgDsl.ExpectAttribute");
        RgModel = Type(RgModelAttributeName);
        RgNetwork = Type(RgNetworkAttributeName);
        Width = Type("RgDsl.WidthAttribute");
        GaussianInputs = Type("RgDsl.GaussianInputsAttribute");
        LinearTeacher = Type("RgDsl.LinearTeacherAttribute");
        Teacher = Type("RgDsl.TeacherAttribute");
        Inputs = Type("RgDsl.InputsAttribute");
        ActivationMethod = Type("RgDsl.ActivationAttribute");
        NetworkData = Type("RgDsl.Networks.Data.NetworkData");
        Math = Type("System.Math");
    }

    public INamedTypeSymbol? Parameter { get; }
    public INamedTypeSymbol? Spectrum { get; }
    public INamedTypeSymbol? Target { get; }
    public INamedTypeSymbol? Ridge { get; }
    public INamedTypeSymbol? LabelNoise { get; }
    public INamedTypeSymbol? Multiplicity { get; }
    public INamedTypeSymbol? Perturbation { get; }
    public INamedTypeSymbol? Expect { get; }
    public INamedTypeSymbol? RgModel { get; }
    public INamedTypeSymbol? RgNetwork { get; }
    public INamedTypeSymbol? Width { get; }
    public INamedTypeSymbol? GaussianInputs { get; }
    public INamedTypeSymbol? LinearTeacher { get; }
    public INamedTypeSymbol? Teacher { get; }
    public INamedTypeSymbol? Inputs { get; }
    /// <summary>[Activation] on a network's method (the enum RgDsl.Activation is a different type).</summary>
    public INamedTypeSymbol? ActivationMethod { get; }
    public INamedTypeSymbol? NetworkData { get; }
    public INamedTypeSymbol? Math { get; }

    public static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);

    /// <summary>The role an attribute on a member declares, or null for an attribute that is not RgDsl's.</summary>
    public MemberRole? RoleOf(INamedTypeSymbol? attribute) =>
        Is(attribute, Parameter) ? MemberRole.Parameter
        : Is(attribute, Spectrum) ? MemberRole.Spectrum
        : Is(attribute, Target) ? MemberRole.Target
        : Is(attribute, Ridge) ? MemberRole.Ridge
        : Is(attribute, LabelNoise) ? MemberRole.LabelNoise
        : Is(attribute, Multiplicity) ? MemberRole.Multiplicity
        : Is(attribute, Perturbation) ? MemberRole.Perturbation
        : null;
}
