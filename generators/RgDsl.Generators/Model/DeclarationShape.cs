using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Parsing;

namespace RgDsl.Generators.Model;

/// <summary>
/// What can change the reading of a declared class from outside its own files: the compilation's options and
/// references and the top-level shape of every syntax tree — namespaces, usings, type and member declarations,
/// attributes, constant initializers — but not member bodies or non-constant initializers. Equal to the shape of an
/// earlier compilation when the options and references are the same and every tree is the same instance or
/// top-level equivalent to it (<see cref="SyntaxTree.IsEquivalentTo(SyntaxTree, bool)"/> with <c>topLevel</c>: the
/// compiler's own test for "only member bodies changed"). C# binds a member body from declarations only (no type
/// inference reaches across members), so the parse of a class whose own files are unchanged, in a compilation of
/// equal shape, binds to the same symbols, types and constants: this is what lets a keystroke inside another member
/// body leave every parse cached.
/// </summary>
/// <remarks>
/// The pipeline keeps the earlier value when a new one is equal (Roslyn's node tables cache the previous item), so the
/// comparison is always against the compilation whose parse is cached, and an unchanged shape reaches the next step
/// as the same instance.
/// </remarks>
internal sealed class DeclarationShape : IEquatable<DeclarationShape>
{
    private readonly CompilationOptions _options;
    private readonly string? _assemblyName;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly ImmutableArray<SyntaxTree> _trees;

    public DeclarationShape(Compilation compilation)
    {
        _options = compilation.Options;
        _assemblyName = compilation.AssemblyName;
        _references = compilation.References.ToImmutableArray();
        _trees = compilation.SyntaxTrees.ToImmutableArray();
    }

    public bool Equals(DeclarationShape? other) =>
        other is not null && (ReferenceEquals(this, other)
            || (_assemblyName == other._assemblyName && _options.Equals(other._options)
                && _references.SequenceEqual(other._references, ReferenceComparer<MetadataReference>.Instance)
                && _trees.Length == other._trees.Length && _trees.Zip(other._trees, TopLevelEquivalent).All(same => same)));

    private static bool TopLevelEquivalent(SyntaxTree a, SyntaxTree b) =>
        ReferenceEquals(a, b) || (a.FilePath == b.FilePath && a.Options.Equals(b.Options) && a.IsEquivalentTo(b, topLevel: true));

    public override bool Equals(object? obj) => Equals(obj as DeclarationShape);

    public override int GetHashCode() => _trees.Length;
}

/// <summary>
/// The input of a parse step: the attribute's context and the symbols of the current compilation, compared only by
/// what the parse's result depends on — the files that declare the class (same instances) and the
/// <see cref="DeclarationShape"/> of the compilation (the same instance when the pipeline found it equal). An equal
/// input leaves the parse cached; the context it carries is then that of the compilation the cached parse read.
/// </summary>
internal sealed class ParseInput : IEquatable<ParseInput>
{
    private readonly ImmutableArray<SyntaxTree> _declaringTrees;
    private readonly DeclarationShape _shape;

    public ParseInput(GeneratorAttributeSyntaxContext context, KnownSymbols known, DeclarationShape shape)
    {
        Context = context;
        Known = known;
        _shape = shape;
        _declaringTrees = context.TargetSymbol.DeclaringSyntaxReferences.Select(r => r.SyntaxTree).ToImmutableArray();
    }

    public GeneratorAttributeSyntaxContext Context { get; }

    public KnownSymbols Known { get; }

    public bool Equals(ParseInput? other) =>
        other is not null && ReferenceEquals(_shape, other._shape) && Context.TargetNode.Span == other.Context.TargetNode.Span
        && _declaringTrees.SequenceEqual(other._declaringTrees, ReferenceComparer<SyntaxTree>.Instance);

    public override bool Equals(object? obj) => Equals(obj as ParseInput);

    public override int GetHashCode() => Context.TargetNode.SpanStart;
}

/// <summary>Reference equality, for values whose identity is what matters (syntax trees, metadata references).</summary>
internal sealed class ReferenceComparer<T> : System.Collections.Generic.IEqualityComparer<T> where T : class?
{
    public static readonly ReferenceComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => obj is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
