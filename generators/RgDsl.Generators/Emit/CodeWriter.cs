using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RgDsl.Generators.Emit;

/// <summary>An indenting line writer with \n line endings on every platform, and the multi-line calls the emitter writes.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0) _sb.Append(' ', 4 * _indent).Append(text);
        _sb.Append('\n');
    }

    public void Open() { Line("{"); _indent++; }
    public void Close() { _indent--; Line("}"); }
    public void Indent() => _indent++;
    public void Dedent() => _indent--;

    /// <summary><c>callee(</c> arguments, one per line <c>)</c> followed by <paramref name="end"/>.</summary>
    public void Call(string callee, IEnumerable<string> arguments, string end)
    {
        var list = arguments.ToList();
        Line(callee + "(");
        Indent();
        for (var i = 0; i < list.Count; i++) Line(list[i] + (i < list.Count - 1 ? "," : ")" + end));
        Dedent();
    }

    /// <summary>A named argument <c>Name: new T[] { … },</c> whose elements <paramref name="emit"/> writes line by line.</summary>
    public void ArrayArgument<T>(string name, string type, IEnumerable<T> items, Action<T> emit)
    {
        Line(name + ": new " + type + "[]");
        Line("{");
        Indent();
        foreach (var item in items) emit(item);
        Dedent();
        Line("},");
    }

    public override string ToString() => _sb.ToString();
}
