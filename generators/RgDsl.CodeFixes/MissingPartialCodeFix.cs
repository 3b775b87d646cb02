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

/// <summary>RG0001 (model class not partial): adds <c>partial</c> to the declaration the diagnostic points at.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingPartialCodeFix)), Shared]
public sealed class MissingPartialCodeFix : CodeFixProvider
{
    /// <summary>The diagnostic this fixes (DiagnosticDescriptors.ClassNotPartial).</summary>
    public const string DiagnosticId = "RG0001";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = DiagnosticSyntax.Enclosing<TypeDeclarationSyntax>(root, diagnostic);
            if (declaration is null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Make '" + declaration.Identifier.ValueText + "' partial",
                    token => AddPartial(context.Document, declaration, token), equivalenceKey: DiagnosticId),
                diagnostic);
        }
    }

    private static async Task<Document> AddPartial(Document document, TypeDeclarationSyntax declaration, CancellationToken token)
    {
        var root = await document.GetSyntaxRootAsync(token).ConfigureAwait(false);
        // 'partial' goes last among the modifiers, right before 'class'/'record'; with no modifiers it takes over the
        // keyword's leading trivia (indentation, attributes' line break) so the layout stays as it was.
        TypeDeclarationSyntax fixedDeclaration;
        if (declaration.Modifiers.Count == 0)
        {
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            fixedDeclaration = declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
        }
        else
        {
            fixedDeclaration = declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }
        return document.WithSyntaxRoot(root!.ReplaceNode(declaration, fixedDeclaration));
    }
}
