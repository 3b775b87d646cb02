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
/// RG0004 (member has the wrong signature) on a mode function: <c>[Spectrum]</c> and <c>[Target]</c> must be
/// <c>double Name(long k)</c>, <c>[Multiplicity]</c> <c>long Name(long k)</c>. A method with one by-value parameter of
/// a built-in numeric type gets that return type and a <c>long</c> index (the body still reads <c>k</c>, now a long,
/// which converts implicitly to double). Other wrong signatures (two parameters, ref, a property) have no single
/// obvious repair and get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModeFunctionSignatureCodeFix)), Shared]
public sealed class ModeFunctionSignatureCodeFix : CodeFixProvider
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
            var method = DiagnosticSyntax.Enclosing<MethodDeclarationSyntax>(root, diagnostic);
            if (method is null || ExpectedReturn(method) is not { } returnKind || NumericIndex(method) is not { } index) continue;
            var returnName = returnKind == SyntaxKind.LongKeyword ? "long" : "double";
            context.RegisterCodeFix(
                CodeAction.Create($"Change the signature to '{returnName} {method.Identifier.ValueText}(long {index.Identifier.ValueText})'",
                    token => Fix(context.Document, method, returnKind, token), equivalenceKey: DiagnosticId),
                diagnostic);
        }
    }

    /// <summary>The return type's keyword a mode function of this attribute needs, or null when it is not one.</summary>
    private static SyntaxKind? ExpectedReturn(MethodDeclarationSyntax method)
    {
        foreach (var attribute in method.AttributeLists.SelectMany(list => list.Attributes))
        {
            var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText
                : attribute.Name is SimpleNameSyntax simple ? simple.Identifier.ValueText : "";
            switch (name)
            {
                case "Spectrum" or "SpectrumAttribute" or "Target" or "TargetAttribute": return SyntaxKind.DoubleKeyword;
                case "Multiplicity" or "MultiplicityAttribute": return SyntaxKind.LongKeyword;
            }
        }
        return null;
    }

    /// <summary>The single by-value parameter of <paramref name="method"/> when its type is a built-in numeric type, or null.</summary>
    private static ParameterSyntax? NumericIndex(MethodDeclarationSyntax method) =>
        method.ParameterList.Parameters is { Count: 1 } parameters && method.TypeParameterList is null
        && parameters[0] is { Modifiers.Count: 0 } parameter && BuiltInTypes.IsNumeric(parameter.Type)
            ? parameter
            : null;

    private static async Task<Document> Fix(Document document, MethodDeclarationSyntax method, SyntaxKind returnKind, CancellationToken token)
    {
        var root = await document.GetSyntaxRootAsync(token).ConfigureAwait(false);
        var index = NumericIndex(method)!;
        var fixedMethod = method.ReplaceNode(index.Type!, BuiltInTypes.Keyword(SyntaxKind.LongKeyword, index.Type!));
        fixedMethod = fixedMethod.WithReturnType(BuiltInTypes.Keyword(returnKind, fixedMethod.ReturnType));
        return document.WithSyntaxRoot(root!.ReplaceNode(method, fixedMethod));
    }
}
