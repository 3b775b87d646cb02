using System.Linq;
using Microsoft.CodeAnalysis;

namespace RgDsl.CodeFixes;

/// <summary>Where in the tree a generator diagnostic points, as every code fix here looks it up.</summary>
internal static class DiagnosticSyntax
{
    /// <summary>The innermost <typeparamref name="T"/> around the start of the diagnostic's span (its class, its method), or null.</summary>
    public static T? Enclosing<T>(SyntaxNode? root, Diagnostic diagnostic) where T : SyntaxNode =>
        root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<T>().FirstOrDefault();
}
