using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// The shape a scalar member ([Ridge], [LabelNoise], a network's ridge) must have: a <c>double</c> property with a
/// getter or a parameterless, non-generic method returning <c>double</c>. Shared by the model and network parsers.
/// </summary>
internal static class ScalarMember
{
    public static bool HasShape(ISymbol member) => member switch
    {
        IPropertySymbol p => p.Type.SpecialType == SpecialType.System_Double && p.GetMethod is not null && p.Parameters.Length == 0,
        IMethodSymbol m => m.ReturnType.SpecialType == SpecialType.System_Double && m.Parameters.Length == 0 && !m.IsGenericMethod,
        _ => false,
    };

    /// <summary>What the wrong-signature diagnostic says the member must be.</summary>
    public static string Expected(ISymbol member) => "a 'double' property with a getter, or a method 'double " + member.Name + "()'";
}
