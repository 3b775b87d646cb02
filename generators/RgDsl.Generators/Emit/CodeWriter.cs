using System.Text;

namespace RgDsl.Generators.Emit;

/// <summary>An indenting line writer with \n line endings on every platform.</summary>
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
    public void Close(string suffix = "") { _indent--; Line("}" + suffix); }
    public void Indent() => _indent++;
    public void Dedent() => _indent--;
    public override string ToString() => _sb.ToString();
}
