using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;

namespace RgDsl.CodeFixes;

/// <summary>
/// RG0014 (a [Perturbation(Legs.X)] weight's signature does not match its legs) and, for an index pattern such as
/// <c>[Perturbation("k k q p")]</c>, RG0075 (the pattern names an index the weight does not take) and RG0077 (the
/// weight does not take the pattern's indices): rewrites the method to <c>double Name(long …)</c> with the indices the
/// generator put in the diagnostic (<see cref="SignatureProperties.Indices"/>), keeping the body. Built-in numeric
/// parameters become long; missing indices are appended (Legs kinds: keeping the existing names, the missing ones
/// named k, q, p) or inserted where the pattern's order puts them (patterns: the parameters are the pattern's index
/// names). No fix when a parameter would have to go, a type is not a built-in numeric type, a parameter is ref/out/
/// params or has a default, the method is generic, or an added name is already used in the method (it would shadow
/// what the body reads).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PerturbationSignatureCodeFix)), Shared]
public sealed class PerturbationSignatureCodeFix : CodeFixProvider
{
    /// <summary>DiagnosticDescriptors.PerturbationSignature.</summary>
    public const string LegsDiagnosticId = "RG0014";

    /// <summary>DiagnosticDescriptors.VertexUnknownIndex.</summary>
    public const string UnknownIndexDiagnosticId = "RG0075";

    /// <summary>DiagnosticDescriptors.VertexWeightArity.</summary>
    public const string PatternArityDiagnosticId = "RG0077";

    public override ImmutableArray<string> FixableDiagnosticIds =>
        ImmutableArray.Create(LegsDiagnosticId, UnknownIndexDiagnosticId, PatternArityDiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SignatureProperties.Indices, out var indexText) || string.IsNullOrEmpty(indexText)) continue;
            var method = DiagnosticSyntax.Enclosing<MethodDeclarationSyntax>(root, diagnostic);
            if (method is null) continue;
            var indices = indexText!.Split(' ');
            var parameters = diagnostic.Id == LegsDiagnosticId ? ForLegs(method, indices) : ForPattern(method, indices);
            if (parameters is null) continue;
            var fixedMethod = method.WithReturnType(BuiltInTypes.Keyword(SyntaxKind.DoubleKeyword, method.ReturnType))
                .WithParameterList(method.ParameterList.WithParameters(SyntaxFactory.SeparatedList(parameters, Separators(method, parameters.Count))));
            var shown = $"double {method.Identifier.ValueText}({string.Join(", ", parameters.Select(p => "long " + p.Identifier.ValueText))})";
            context.RegisterCodeFix(
                CodeAction.Create($"Change the signature to '{shown}'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root!.ReplaceNode(method, fixedMethod))), equivalenceKey: nameof(PerturbationSignatureCodeFix)),
                diagnostic);
        }
    }

    /// <summary>A Legs kind: the parameters in their order, as long, then the missing ones named after the kind's indices.</summary>
    private static List<ParameterSyntax>? ForLegs(MethodDeclarationSyntax method, string[] indices)
    {
        if (!Fixable(method, indices.Length)) return null;
        var kept = method.ParameterList.Parameters.Select(AsLong).ToList();
        var used = UsedNames(method);
        // The kind's own name for a missing slot when it is free, else the first free one of the kind's names, then r, s.
        var candidates = indices.Concat(new[] { "r", "s" }).ToList();
        for (var slot = kept.Count; slot < indices.Length; slot++)
        {
            var name = used.Contains(indices[slot]) ? candidates.FirstOrDefault(c => !used.Contains(c)) : indices[slot];
            if (name is null) return null;
            used.Add(name);
            kept.Add(NewIndex(name));
        }
        return kept;
    }

    /// <summary>A pattern: one long parameter per index in the pattern's order, each an existing parameter of that name or a new one.</summary>
    private static List<ParameterSyntax>? ForPattern(MethodDeclarationSyntax method, string[] indices)
    {
        if (!Fixable(method, indices.Length)) return null;
        var existing = method.ParameterList.Parameters.ToDictionary(p => p.Identifier.ValueText);
        if (existing.Keys.Any(name => !indices.Contains(name))) return null; // a parameter carrying no leg would be dropped
        var used = UsedNames(method);
        var result = new List<ParameterSyntax>();
        foreach (var index in indices)
        {
            if (existing.TryGetValue(index, out var parameter)) result.Add(AsLong(parameter));
            else if (used.Contains(index)) return null; // the body already reads something of this name
            else result.Add(NewIndex(index));
        }
        return result;
    }

    /// <summary>Whether the method's shape leaves one obvious repair: not generic, a built-in numeric return type and plain numeric parameters, no more than needed.</summary>
    private static bool Fixable(MethodDeclarationSyntax method, int arity) =>
        method.TypeParameterList is null && BuiltInTypes.IsNumeric(method.ReturnType)
        && method.ParameterList.Parameters.Count <= arity
        && method.ParameterList.Parameters.All(p => p.Modifiers.Count == 0 && p.Default is null && BuiltInTypes.IsNumeric(p.Type));

    private static ParameterSyntax AsLong(ParameterSyntax parameter) =>
        parameter.WithType(BuiltInTypes.Keyword(SyntaxKind.LongKeyword, parameter.Type!));

    private static ParameterSyntax NewIndex(string name) =>
        SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.LongKeyword)).WithTrailingTrivia(SyntaxFactory.Space));

    /// <summary>Every identifier written in the method (parameters, locals, members the body reads): names an added parameter must not take.</summary>
    private static HashSet<string> UsedNames(MethodDeclarationSyntax method) =>
        new(method.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));

    /// <summary>The method's own commas where it has them, ", " for the added parameters.</summary>
    private static IEnumerable<SyntaxToken> Separators(MethodDeclarationSyntax method, int parameterCount)
    {
        var existing = method.ParameterList.Parameters.GetSeparators().ToList();
        for (var i = 0; i < parameterCount - 1; i++)
            yield return i < existing.Count ? existing[i] : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
    }
}
