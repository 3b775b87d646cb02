using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RgDsl.Generators.Model;

/// <summary>An equatable location (file, span, line span) that can be turned back into a <see cref="Location"/>.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

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

    public Diagnostic ToDiagnostic()
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        for (var i = 0; i + 1 < Properties.Count; i += 2) properties[Properties[i]] = Properties[i + 1];
        return Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Location?.ToLocation(), properties.ToImmutable(), Arguments.Cast<object>().ToArray());
    }
}
