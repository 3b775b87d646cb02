// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): the generator encodes
// the second-order classes of CompileTimeScaling with it, the runtime decodes them, so the format is one file. Keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RgDsl.Scaling
{
    /// <summary>One second-order class as CompileTimeScaling stores it (the arguments of <c>DiagramClassScaling.SecondOrderClass</c>).</summary>
    internal sealed class SecondOrderRow
    {
        public SecondOrderRow(double kp, double p, SumDominance dominance, double cutoff, string kpFormula, string pFormula, string diagram, string partner,
            int diagramCount, int freeSums)
        {
            Kp = kp; P = p; Dominance = dominance; Cutoff = cutoff; KpFormula = kpFormula; PFormula = pFormula; Diagram = diagram; Partner = partner;
            DiagramCount = diagramCount; FreeSums = freeSums;
        }

        public double Kp { get; }
        public double P { get; }
        public SumDominance Dominance { get; }
        public double Cutoff { get; }
        public string KpFormula { get; }
        public string PFormula { get; }
        public string Diagram { get; }
        public string Partner { get; }
        public int DiagramCount { get; }
        public int FreeSums { get; }
    }

    /// <summary>
    /// The compact text form of a list of second-order classes: a model with a few vertices has hundreds of them, and
    /// one string literal costs the compiler almost nothing where one constructor call per class cost seconds per
    /// project. Lines separated by '\n': the count N of distinct strings, the N strings ('\' and line breaks escaped
    /// as \\ and \n), then one line per class "kp|p|dominance|cutoff|kpFormula|pFormula|diagram|partner|count|freeSums"
    /// with doubles round-trip ("R", invariant culture), the dominance as its number and the strings as indices into
    /// the table (formulas and partners repeat across classes).
    /// </summary>
    internal static class SecondOrderTable
    {
        public static string Encode(IEnumerable<SecondOrderRow> rows)
        {
            var strings = new List<string>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var lines = new StringBuilder();
            int Intern(string s)
            {
                if (!index.TryGetValue(s, out var i)) { i = strings.Count; strings.Add(s); index[s] = i; }
                return i;
            }
            var inv = CultureInfo.InvariantCulture;
            foreach (var r in rows)
                lines.Append('\n')
                    .Append(Number(r.Kp)).Append('|').Append(Number(r.P)).Append('|').Append(((int)r.Dominance).ToString(inv)).Append('|').Append(Number(r.Cutoff)).Append('|')
                    .Append(Intern(r.KpFormula).ToString(inv)).Append('|').Append(Intern(r.PFormula).ToString(inv)).Append('|')
                    .Append(Intern(r.Diagram).ToString(inv)).Append('|').Append(Intern(r.Partner).ToString(inv)).Append('|')
                    .Append(r.DiagramCount.ToString(inv)).Append('|').Append(r.FreeSums.ToString(inv));
            var sb = new StringBuilder().Append(strings.Count.ToString(inv));
            foreach (var s in strings) sb.Append('\n').Append(s.Replace("\\", "\\\\").Replace("\n", "\\n"));
            return sb.Append(lines).ToString();
        }

        /// <summary>The rows of <see cref="Encode"/>'s text; FormatException names what is malformed.</summary>
        public static List<SecondOrderRow> Decode(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var inv = CultureInfo.InvariantCulture;
            var lines = text.Split('\n');
            if (!int.TryParse(lines[0], NumberStyles.None, inv, out var count) || count > lines.Length - 1)
                throw new FormatException("a second-order table starts with the number of its strings; found '" + lines[0] + "'.");
            var strings = new string[count];
            for (var i = 0; i < count; i++) strings[i] = Unescape(lines[1 + i]);
            var rows = new List<SecondOrderRow>(lines.Length - 1 - count);
            for (var l = 1 + count; l < lines.Length; l++)
            {
                var f = lines[l].Split('|');
                if (f.Length != 10) throw new FormatException("a second-order table row has 10 fields; line " + l + " has " + f.Length + ".");
                string S(int field)
                {
                    var i = int.Parse(f[field], NumberStyles.None, inv);
                    if (i >= count) throw new FormatException("line " + l + " refers to string " + i + " of " + count + ".");
                    return strings[i];
                }
                rows.Add(new SecondOrderRow(double.Parse(f[0], NumberStyles.Float, inv), double.Parse(f[1], NumberStyles.Float, inv),
                    (SumDominance)int.Parse(f[2], NumberStyles.None, inv), double.Parse(f[3], NumberStyles.Float, inv), S(4), S(5), S(6), S(7),
                    int.Parse(f[8], NumberStyles.None, inv), int.Parse(f[9], NumberStyles.None, inv)));
            }
            return rows;
        }

        private static string Number(double v) => (v == 0 ? 0 : v).ToString("R", CultureInfo.InvariantCulture); // never "-0"

        private static string Unescape(string s)
        {
            if (s.IndexOf('\\') < 0) return s;
            var sb = new StringBuilder(s.Length);
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == '\\' && i + 1 < s.Length) { i++; sb.Append(s[i] == 'n' ? '\n' : s[i]); }
                else sb.Append(s[i]);
            }
            return sb.ToString();
        }
    }
}
