using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Model;

/// <summary>The syntax trees of one compilation by file path, built once per compilation for <see cref="LocatedDiagnostics"/>.</summary>
internal sealed class SyntaxTreeIndex
{
    private readonly Dictionary<string, SyntaxTree> _trees = new(StringComparer.Ordinal);

    public SyntaxTreeIndex(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
            if (!_trees.ContainsKey(tree.FilePath)) _trees.Add(tree.FilePath, tree);
    }

    public SyntaxTree? Find(string? path) => path is not null && _trees.TryGetValue(path, out var tree) ? tree : null;
}

/// <summary>
/// A batch of diagnostics with the syntax trees of the compilation they point into, so that each is reported at a
/// source location (which <c>#pragma warning disable</c> and <c>.editorconfig</c> severities reach) rather than at an
/// external-file location. Equal when the diagnostics are equal and every tree is the same instance: an edit of another
/// file keeps the trees and leaves the report cached; an edit of the diagnostics' own file re-reports them in its new tree.
/// </summary>
internal sealed class LocatedDiagnostics : IEquatable<LocatedDiagnostics>
{
    private readonly ImmutableArray<SyntaxTree?> _trees;

    private LocatedDiagnostics(EquatableArray<DiagnosticInfo> diagnostics, ImmutableArray<SyntaxTree?> trees)
    {
        Diagnostics = diagnostics;
        _trees = trees;
    }

    public EquatableArray<DiagnosticInfo> Diagnostics { get; }

    public static LocatedDiagnostics Create(EquatableArray<DiagnosticInfo> diagnostics, SyntaxTreeIndex trees) =>
        new(diagnostics, diagnostics.Select(d => trees.Find(d.Location?.FilePath)).ToImmutableArray());

    public IEnumerable<Diagnostic> ToDiagnostics() => Diagnostics.Select((d, i) => d.ToDiagnostic(_trees[i]));

    public bool Equals(LocatedDiagnostics? other) =>
        other is not null && Diagnostics.Equals(other.Diagnostics) && _trees.SequenceEqual(other._trees, ReferenceComparer<SyntaxTree?>.Instance);

    public override bool Equals(object? obj) => Equals(obj as LocatedDiagnostics);

    public override int GetHashCode() => Diagnostics.GetHashCode();
}
