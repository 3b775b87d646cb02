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
/// RG0004 (member has the wrong signature) when the cause is an <c>int</c> mode index: a mode function must be
/// <c>T Name(long k)</c>, so a method whose one parameter is a by-value <c>int</c> gets <c>long</c> instead. Other
/// wrong signatures have no single obvious repair and get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LongIndexCodeFix)), Shared]
public sealed class LongIndexCodeFix : CodeFixProvider
{
    /// <summary>The diagnostic this fixes (DiagnosticDescriptors.WrongSignature).</summary>
    public const string DiagnosticId = "RG0004";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var method = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
            if (method is null || IntIndex(method) is not { } index) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Use 'long' for the mode index '" + index.Identifier.ValueText + "'",
                    token => UseLong(context.Document, index, token), equivalenceKey: DiagnosticId),
                diagnostic);
        }
    }

    /// <summary>The single by-value <c>int</c> parameter of <paramref name="method"/>, or null.</summary>
    private static ParameterSyntax? IntIndex(MethodDeclarationSyntax method) =>
        method.ParameterList.Parameters is { Count: 1 } parameters
        && parameters[0] is { Modifiers.Count: 0, Type: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.IntKeyword } } parameter
            ? parameter
            : null;

    private static async Task<Document> UseLong(Document document, ParameterSyntax parameter, CancellationToken token)
    {
        var root = await document.GetSyntaxRootAsync(token).ConfigureAwait(false);
        var type = parameter.Type!;
        var longType = SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.LongKeyword)).WithTriviaFrom(type);
        return document.WithSyntaxRoot(root!.ReplaceNode(type, longType));
    }
}
