using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace RgDsl.Generators.Emit;

/// <summary>C# literals for the emitted code, through Roslyn's own formatting (invariant culture, full escaping).</summary>
internal static class Literals
{
    /// <summary>A string literal, or <c>null</c>.</summary>
    public static string String(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>A double literal that round-trips ("R"), with the d suffix; negative values in parentheses.</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        if (value == 0) value = 0; // no "-0d"
        var text = SymbolDisplay.FormatPrimitive(value, quoteStrings: false, useHexadecimalNumbers: false) + "d";
        return value < 0 ? "(" + text + ")" : text;
    }

    public static string Double(double? value) => value is { } v ? Double(v) : "null";

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>A kernel rank: <c>RgModel.Infinite</c> or a long literal.</summary>
    public static string Modes(long modes) => modes == long.MaxValue ? "global::RgDsl.RgModel.Infinite" : Long(modes);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary><c>new T(a, b)</c> on one line.</summary>
    public static string New(string type, IEnumerable<string> arguments) => "new " + type + "(" + string.Join(", ", arguments) + ")";

    /// <summary><c>new T[] { a, b }</c>, or <c>System.Array.Empty&lt;T&gt;()</c>.</summary>
    public static string Array(string elementType, IEnumerable<string> elements)
    {
        var list = elements.ToList();
        return list.Count == 0 ? "global::System.Array.Empty<" + elementType + ">()" : "new " + elementType + "[] { " + string.Join(", ", list) + " }";
    }

    /// <summary>A nullable enum value of a runtime enum, e.g. <c>global::RgDsl.Classification.Relevant</c>.</summary>
    public static string Enum<T>(T? value) where T : struct => value is { } v ? "global::RgDsl." + typeof(T).Name + "." + v : "null";

    public static string Enum<T>(T value) where T : struct => "global::RgDsl." + typeof(T).Name + "." + value;

    /// <summary>Named arguments, one per line: <c>Name: value</c>.</summary>
    public static IEnumerable<string> Named(params (string Name, string Value)[] arguments) => arguments.Select(a => a.Name + ": " + a.Value);
}
