using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Emit;

/// <summary>
/// The members <see cref="ModelEmitter"/> writes into a model class, so that the parser can refuse a user member that
/// would clash with one (RG0036) instead of leaving the user with CS0102 or CS0111 in generated code. Keep it in step
/// with the emitter (DiagnosticTests declare each name, and check that the emitted class uses no other public name).
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>A generated member: what it is (for the message) and, for a method, its parameter types (fully qualified).</summary>
    internal sealed record Generated(string What, string[]? ParameterTypes);

    private static Generated Method(string what, params string[] parameterTypes) => new(what, parameterTypes);
    private static Generated Other(string what) => new(what, null);

    /// <summary>Every generated member by name.</summary>
    public static readonly IReadOnlyDictionary<string, Generated> Names = new Dictionary<string, Generated>(StringComparer.Ordinal)
    {
        ["Predict"] = Method("the method Predict(double, Approximation)", "double", "global::RgDsl.Approximation"),
        ["LearningCurve"] = Method("the method LearningCurve(params double[])", "double[]"),
        ["Flow"] = Method("the method Flow(double, FlowOptions?)", "double", "global::RgDsl.FlowOptions"),
        ["Simulate"] = Method("the method Simulate(double, SimulationOptions)", "double", "global::RgDsl.SimulationOptions"),
        ["Scaling"] = Method("the method Scaling(ScalingOptions?)", "global::RgDsl.ScalingOptions"),
        ["Transfer"] = Method("the method Transfer(double, double, TransferConstraint, FlowTransferOptions?)", "double", "double", "global::RgDsl.Transfer.TransferConstraint", "global::RgDsl.Transfer.FlowTransferOptions"),
        ["Sample"] = Method("the method Sample(double, SamplerOptions)", "double", "global::RgDsl.SamplerOptions"),
        ["Describe"] = Method("the method Describe()"),
        ["ToGaussianModel"] = Method("the method ToGaussianModel()"),
        ["ToInteractingModel"] = Method("the method ToInteractingModel()"),
        ["ParameterValues"] = Other("the property ParameterValues"),
        ["RgDeclaration"] = Other("the static field RgDeclaration"),
        ["CompileTimeScaling"] = Other("the static field CompileTimeScaling"),
    };

    /// <summary>Names starting with this are the generator's own (state, builders, mode-function structs, tables).</summary>
    public const string InternalPrefix = "__Rg";

    /// <summary>True when <paramref name="member"/> cannot live next to the generated members; <paramref name="what"/> says which.</summary>
    public static bool Clashes(ISymbol member, out string what)
    {
        what = "";
        if (member.Name.StartsWith(InternalPrefix, StringComparison.OrdinalIgnoreCase))
        {
            what = "its own members (names starting with " + InternalPrefix + ")";
            return true;
        }
        if (!Names.TryGetValue(member.Name, out var generated)) return false;
        what = generated.What;
        // A method may overload a generated method with other parameter types; anything else clashes.
        if (member is not IMethodSymbol method || generated.ParameterTypes is null) return true;
        var types = method.Parameters.Select(p => p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToArray();
        return types.SequenceEqual(generated.ParameterTypes);
    }
}
