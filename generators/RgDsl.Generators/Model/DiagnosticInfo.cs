using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RgDsl.Generators.Model;

/// <summary>An equatable location (file, span, line span) that can be turned back into a <see cref="Location"/>.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>
    /// The location in <paramref name="tree"/> when it is the file's syntax tree: a source location, which
    /// <c>#pragma warning disable</c> and a per-file <c>.editorconfig</c> severity reach. Without the tree (an additional
    /// file, a table) it is an external-file location at the same line and column.
    /// </summary>
    public Location ToLocation(SyntaxTree? tree) =>
        tree is not null && tree.FilePath == FilePath && Span.End <= tree.Length ? Location.Create(tree, Span) : Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());
}

/// <summary>
/// A diagnostic as equatable data: its descriptor's ID, where it is, its message arguments, and the properties a code
/// fix reads (key and value alternating; empty for most diagnostics).
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments, EquatableArray<string> Properties = default)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] arguments) =>
        new(descriptor.Id, location, arguments.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToEquatableArray());

    /// <summary>The diagnostic, located in <paramref name="tree"/> when that is its file's syntax tree (see <see cref="LocationInfo.ToLocation"/>).</summary>
    public Diagnostic ToDiagnostic(SyntaxTree? tree)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        for (var i = 0; i + 1 < Properties.Count; i += 2) properties[Properties[i]] = Properties[i + 1];
        return Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Location?.ToLocation(tree), properties.ToImmutable(), Arguments.Cast<object>().ToArray());
    }
}
