using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Spectra;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// Measured tables ([Spectrum(File = …)], [Target(File = …)]): which additional files a model names, reading and
/// fitting one (the pipeline's transform step), and joining a model with its tables.
/// </summary>
internal static class TableFile
{
    /// <summary>True when the additional file at <paramref name="path"/> is the file a model names (same name, path ending).</summary>
    public static bool Matches(string path, string fileName) =>
        string.Equals(System.IO.Path.GetFileName(path), System.IO.Path.GetFileName(fileName), StringComparison.OrdinalIgnoreCase)
        && path.Replace('\\', '/').EndsWith(fileName.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads "value" or "k,value" rows (a non-numeric first line is a header; blank lines and lines starting with # are
    /// skipped), checks them with the runtime's <see cref="SpectrumRules"/> for the table's role, and fits the values
    /// over the default range (<see cref="SpectrumFit"/>). Diagnostics point into the file.
    /// </summary>
    public static TableSpec Read(AdditionalText file, TableReference request, CancellationToken cancellation)
    {
        var text = file.GetText(cancellation) ?? SourceText.From("");
        var diagnostics = new List<DiagnosticInfo>();
        var values = new List<double>();
        var ok = true;
        foreach (var line in text.Lines)
        {
            cancellation.ThrowIfCancellationRequested();
            var content = line.ToString().Trim();
            if (content.Length == 0 || content.StartsWith("#", StringComparison.Ordinal)) continue;
            var lineNumber = line.LineNumber + 1;
            var where = new LocationInfo(file.Path, line.Span, text.Lines.GetLinePositionSpan(line.Span));
            var cells = content.Split(',');
            var numbers = new double[cells.Length];
            var parsed = cells.Length <= 2 && cells.Select((c, i) => double.TryParse(c.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])).All(x => x);
            if (!parsed && values.Count == 0 && lineNumber == 1) continue; // header
            var index = values.Count + 1;
            if (!parsed || (cells.Length == 2 && numbers[0] != index))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableRowMalformed, where, file.Path, lineNumber, content, index));
                ok = false;
                continue;
            }
            var value = numbers[cells.Length - 1];
            var problem = request.Role == TableRole.Spectrum
                ? SpectrumRules.EigenvalueProblem(index, value, values.Count > 0 ? values[values.Count - 1] : double.PositiveInfinity)
                : SpectrumRules.TargetProblem(index, value);
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableValueInvalid, where, file.Path, lineNumber, problem));
                ok = false;
            }
            values.Add(value);
        }
        var range = SpectrumFit.DefaultRange(values.Count);
        var fit = ok && range is { } r ? SpectrumFit.LogBinned(values, r.From, r.To) : null;
        return new TableSpec(request.FileName, request.Role, file.Path, ok && values.Count > 0, ok ? values.ToEquatableArray() : EquatableArray<double>.Empty,
            diagnostics.ToEquatableArray(), range?.From, range?.To, fit?.Exponent);
    }

    /// <summary>
    /// Joins a parsed model with the tables it names: RG0028 for a missing file, RG0030 for an empty table, mismatched
    /// lengths or a tail without positive exponents, RG0031 with the fitted exponents; the tables for the emitter.
    /// </summary>
    public static ResolvedModel Resolve(ModelParseResult parsed, IReadOnlyList<TableSpec> tables)
    {
        var model = parsed.Model;
        if (model?.SpectrumFile is null) return new ResolvedModel(model is null ? null : new EmitSpec(model, null), parsed.Diagnostics);
        var diagnostics = parsed.Diagnostics.ToList();
        TableSpec? Find(TableReference? reference, LocationInfo? location)
        {
            if (reference is null) return null;
            var table = tables.FirstOrDefault(t => t.FileName == reference.FileName && t.Role == reference.Role);
            if (table is null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableFileMissing, location, model.ClassName, reference.FileName));
            else if (table.Valid is false && table.Diagnostics.Count == 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableValueInvalid, location, table.Path, 1, "the table has no rows"));
            return table;
        }
        var spectrum = Find(model.SpectrumFile, parsed.SpectrumFileLocation);
        var target = Find(model.TargetFile, parsed.TargetFileLocation);
        var data = spectrum is { Valid: true } && (model.TargetFile is null || target is { Valid: true })
            ? Data(model, spectrum, target, parsed, diagnostics) : null;
        return new ResolvedModel(data is null ? null : new EmitSpec(model, data), diagnostics.ToEquatableArray());
    }

    private static TableData? Data(ModelSpec model, TableSpec spectrum, TableSpec? target, ModelParseResult parsed, List<DiagnosticInfo> diagnostics)
    {
        var n = spectrum.Values.Count;
        if (target is not null && target.Values.Count != n)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableValueInvalid, parsed.TargetFileLocation, target.Path, target.Values.Count,
                $"{target.Values.Count} target powers for {n} eigenvalues; the tables must have the same length"));
            return null;
        }
        // α and β from the fits of the tables (the target defaults to the spectrum: y_k² = λ_k).
        var alpha = SpectrumFit.DecayExponent(spectrum.FittedExponent);
        var beta = SpectrumFit.DecayExponent((target ?? spectrum).FittedExponent);
        var range = spectrum.FitFrom is { } from ? from + ".." + spectrum.FitTo : "(too few modes to fit)";
        var fitted = alpha is null || beta is null ? "no exponents"
            : "α = " + alpha.Value.ToString("0.###", CultureInfo.InvariantCulture) + ", β = " + beta.Value.ToString("0.###", CultureInfo.InvariantCulture);
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableRead, parsed.SpectrumFileLocation, spectrum.Path, n, range, fitted));
        var description = "measured table of " + n + " modes from " + model.SpectrumFile!.FileName + (model.TargetFile is null ? "" : " and " + model.TargetFile.FileName)
            + "; fitted over k = " + range + ": " + fitted;
        if (!model.SpectrumFile.PowerLawTail) return new TableData(spectrum.Values, target?.Values, null, null, description);
        if (alpha is not > 0 || beta is not > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableValueInvalid, parsed.SpectrumFileLocation, spectrum.Path, n,
                "a power-law tail needs fitted exponents α > 0 and β > 0 (" + fitted + "); remove PowerLawTail or measure more modes"));
            return null;
        }
        return new TableData(spectrum.Values, target?.Values, alpha, beta, description + "; power-law tail beyond mode " + n);
    }
}
