using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Parsing;

/// <summary>How emitted code reaches a user member: static members through their type, instance members through <c>this</c>.</summary>
internal static class StaticOwner
{
    /// <summary>The fully qualified containing type (<c>global::Ns.C</c>) of a static member; null for an instance member.</summary>
    public static string? Of(ISymbol member) =>
        member.IsStatic ? member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : null;
}
