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

namespace RgDsl.CodeFixes;

/// <summary>
/// RG0016 (model has no [Ridge]): adds DSL.md's ridge member, <c>[Ridge] public double Kappa =&gt; 1e-3;</c>, at the end
/// of the class the diagnostic points at (named Ridge when the class already has a member named Kappa).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingRidgeCodeFix)), Shared]
public sealed class MissingRidgeCodeFix : CodeFixProvider
{
    /// <summary>The diagnostic this fixes (DiagnosticDescriptors.MissingRidge).</summary>
    public const string DiagnosticId = "RG0016";

    /// <summary>The ridge κ the added member returns: DSL.md's example value, to be replaced by the user's.</summary>
    public const string DefaultRidge = "1e-3";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = DiagnosticSyntax.Enclosing<TypeDeclarationSyntax>(root, diagnostic);
            if (declaration is null) continue;
            var name = declaration.Members.Any(m => Names(m).Contains("Kappa")) ? "Ridge" : "Kappa";
            context.RegisterCodeFix(
                CodeAction.Create($"Add '[Ridge] public double {name} => {DefaultRidge};'",
                    token => AddRidge(context.Document, declaration, name, token), equivalenceKey: DiagnosticId),
                diagnostic);
        }
    }

    private static string[] Names(MemberDeclarationSyntax member) => member switch
    {
        PropertyDeclarationSyntax p => new[] { p.Identifier.ValueText },
        MethodDeclarationSyntax m => new[] { m.Identifier.ValueText },
        FieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.ValueText).ToArray(),
        _ => new string[0],
    };

    private static async Task<Document> AddRidge(Document document, TypeDeclarationSyntax declaration, string name, CancellationToken token)
    {
        var root = await document.GetSyntaxRootAsync(token).ConfigureAwait(false);
        var member = (MemberDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration($"[Ridge] public double {name} => {DefaultRidge};")!;
        // Indent like the class's last member (four spaces when it has none) and end the line.
        var indentation = declaration.Members.LastOrDefault()?.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia))
            ?? SyntaxFactory.Whitespace(declaration.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString() + "    ");
        member = member.WithLeadingTrivia(indentation).WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        return document.WithSyntaxRoot(root!.ReplaceNode(declaration, declaration.AddMembers(member)));
    }
}
