using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;

namespace RgDsl.Generators.Parsing;

/// <summary>A measured table read from an additional file at compile time, with the exponents fitted to it.</summary>
internal sealed class TableFile
{
    public TableFile(double[] values, string path) { Values = values; Path = path; }
    public double[] Values { get; }
    public string Path { get; }

    /// <summary>
    /// Reads "value" or "k,value" rows (a non-numeric first line is a header; blank lines and lines starting with # are
    /// skipped) and checks them: eigenvalues positive and non-increasing, target powers non-negative. Diagnostics
    /// point into the file.
    /// </summary>
    public static TableFile? Read(TableFileSpec spec, string model, bool eigenvalues, IReadOnlyList<AdditionalFileSpec> files, Action<Diagnostic> report)
    {
        var file = files.FirstOrDefault(f => string.Equals(System.IO.Path.GetFileName(f.Path), System.IO.Path.GetFileName(spec.FileName), StringComparison.OrdinalIgnoreCase)
                                              && f.Path.Replace('\\', '/').EndsWith(spec.FileName.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase));
        if (file is null)
        {
            report(Diagnostic.Create(DiagnosticDescriptors.TableFileMissing, spec.Location?.ToLocation(), model, spec.FileName));
            return null;
        }
        var text = SourceText.From(file.Content);
        var values = new List<double>();
        var ok = true;
        foreach (var line in text.Lines)
        {
            var content = line.ToString().Trim();
            if (content.Length == 0 || content.StartsWith("#", StringComparison.Ordinal)) continue;
            var lineNumber = line.LineNumber + 1;
            Location Where() => Location.Create(file.Path, line.Span, text.Lines.GetLinePositionSpan(line.Span));
            var cells = content.Split(',');
            var numbers = new double[cells.Length];
            var parsed = cells.Length <= 2 && cells.Select((c, i) => double.TryParse(c.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])).All(x => x);
            if (!parsed && values.Count == 0 && lineNumber == 1) continue; // header
            var index = values.Count + 1;
            if (!parsed || (cells.Length == 2 && numbers[0] != index))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.TableRowMalformed, Where(), file.Path, lineNumber, content, index));
                ok = false;
                continue;
            }
            var value = numbers[cells.Length - 1];
            string? problem = null;
            if (!IsFinite(value)) problem = "the value is not finite";
            else if (eigenvalues && value <= 0) problem = $"eigenvalue λ_{index} = {value.ToString("R", CultureInfo.InvariantCulture)} must be positive";
            else if (!eigenvalues && value < 0) problem = $"target power y_{index}² = {value.ToString("R", CultureInfo.InvariantCulture)} must be non-negative";
            else if (eigenvalues && values.Count > 0 && value > values[values.Count - 1] * (1 + 1e-12))
                problem = $"eigenvalues must be non-increasing, but λ_{index} = {value.ToString("R", CultureInfo.InvariantCulture)} > λ_{index - 1} = {values[values.Count - 1].ToString("R", CultureInfo.InvariantCulture)}";
            if (problem is not null)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.TableValueInvalid, Where(), file.Path, lineNumber, problem));
                ok = false;
            }
            values.Add(value);
        }
        if (values.Count == 0)
        {
            report(Diagnostic.Create(DiagnosticDescriptors.TableValueInvalid, spec.Location?.ToLocation(), file.Path, 1, "the table has no rows"));
            return null;
        }
        return ok ? new TableFile(values.ToArray(), file.Path) : null;
    }

    private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

    /// <summary>The exponent e of values ∝ k^e over k = from..to: a least-squares fit of log means in bins of ratio 1.25.</summary>
    public static double? FitExponent(double[] values, int from, int to)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        var lo = from;
        while (lo <= to)
        {
            var hi = Math.Min(to, Math.Max(lo, (int)Math.Floor(lo * 1.25)));
            var mean = 0.0; var logK = 0.0;
            for (var k = lo; k <= hi; k++) { mean += values[k - 1]; logK += Math.Log(k); }
            mean /= hi - lo + 1; logK /= hi - lo + 1;
            if (mean > 0) { xs.Add(logK); ys.Add(Math.Log(mean)); }
            lo = hi + 1;
        }
        if (xs.Count < 3) return null;
        double mx = xs.Average(), my = ys.Average(), sxx = 0, sxy = 0;
        for (var i = 0; i < xs.Count; i++) { sxx += (xs[i] - mx) * (xs[i] - mx); sxy += (xs[i] - mx) * (ys[i] - my); }
        return sxx > 0 ? sxy / sxx : null;
    }
}
