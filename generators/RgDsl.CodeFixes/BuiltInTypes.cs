using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RgDsl.CodeFixes;

/// <summary>The built-in type keywords the signature fixes read and write.</summary>
internal static class BuiltInTypes
{
    /// <summary>Whether <paramref name="type"/> is a built-in numeric type, so a value of it converts to long or double by a cast at most.</summary>
    public static bool IsNumeric(TypeSyntax? type) =>
        type is PredefinedTypeSyntax predefined
        && predefined.Keyword.Kind() is SyntaxKind.IntKeyword or SyntaxKind.LongKeyword or SyntaxKind.ShortKeyword or SyntaxKind.ByteKeyword
            or SyntaxKind.UIntKeyword or SyntaxKind.ULongKeyword or SyntaxKind.DoubleKeyword or SyntaxKind.FloatKeyword or SyntaxKind.DecimalKeyword;

    /// <summary>A built-in type keyword with the trivia of the type it replaces (unchanged when it already is that keyword).</summary>
    public static TypeSyntax Keyword(SyntaxKind kind, TypeSyntax replaced) =>
        replaced is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(kind) ? replaced
            : SyntaxFactory.PredefinedType(SyntaxFactory.Token(kind)).WithTriviaFrom(replaced);
}
