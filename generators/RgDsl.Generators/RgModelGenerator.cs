using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Emit;
using RgDsl.Generators.Model;
using RgDsl.Generators.Parsing;

namespace RgDsl.Generators;

/// <summary>
/// The RgDsl source generator: for every class marked [RgDsl.RgModel] it parses the declaration into an equatable
/// <see cref="ModelSpec"/>, reports diagnostics, and emits the specialised solver into the partial class.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RgModelGenerator : IIncrementalGenerator
{
    private static TableData? ReadTables(ModelSpec model, System.Collections.Immutable.ImmutableArray<AdditionalFileSpec> files, SourceProductionContext spc)
    {
        var list = files.ToArray();
        var spectrum = TableFile.Read(model.SpectrumFile!, model.ClassName, eigenvalues: true, list, spc.ReportDiagnostic);
        var target = model.TargetFile is null ? null : TableFile.Read(model.TargetFile, model.ClassName, eigenvalues: false, list, spc.ReportDiagnostic);
        if (spectrum is null || (model.TargetFile is not null && target is null)) return null;
        var n = spectrum.Values.Length;
        if (target is not null && target.Values.Length != n)
        {
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TableValueInvalid, model.TargetFile!.Location?.ToLocation(), target.Path, target.Values.Length,
                $"{target.Values.Length} target powers for {n} eigenvalues; the tables must have the same length"));
            return null;
        }
        // Exponents over k = 10..N/4 (the measured bulk, away from the first modes and the noisy end).
        double? alpha = null, beta = null;
        var range = "(too few modes to fit)";
        if (n >= 40)
        {
            alpha = -TableFile.FitExponent(spectrum.Values, 10, n / 4) - 1;
            beta = -TableFile.FitExponent(target?.Values ?? spectrum.Values, 10, n / 4) - 1;
            range = "10.." + (n / 4);
        }
        var fitted = alpha is null ? "no exponents" : "α = " + alpha.Value.ToString("0.###", CultureInfo.InvariantCulture) + ", β = " + beta!.Value.ToString("0.###", CultureInfo.InvariantCulture);
        spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TableRead, model.SpectrumFile!.Location?.ToLocation(), spectrum.Path, n, range, fitted));
        var description = "measured table of " + n + " modes from " + model.SpectrumFile.FileName + (model.TargetFile is null ? "" : " and " + model.TargetFile.FileName) + "; fitted over k = " + range + ": " + fitted;
        if (!model.SpectrumFile.PowerLawTail) return new TableData(spectrum.Values, target?.Values, null, null, description);
        if (alpha is not > 0 || beta is not > 0)
        {
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TableValueInvalid, model.SpectrumFile.Location?.ToLocation(), spectrum.Path, n,
                "a power-law tail needs fitted exponents α > 0 and β > 0 (" + fitted + "); remove PowerLawTail or measure more modes"));
            return null;
        }
        return new TableData(spectrum.Values, target?.Values, alpha, beta, description + "; power-law tail beyond mode " + n);
    }

    public const string RgModelAttribute = "RgDsl.RgModelAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                RgModelAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => ModelParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Models);

        // Measured tables ([Spectrum(File = …)]) come from AdditionalFiles, as equatable (path, content) pairs.
        var files = context.AdditionalTextsProvider
            .Select(static (text, ct) => new AdditionalFileSpec(text.Path, text.GetText(ct)?.ToString() ?? ""))
            .Collect();

        context.RegisterSourceOutput(models.Combine(files), static (spc, pair) =>
        {
            var (result, additional) = pair;
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Model is null) return;
            string source;
            try
            {
                var tables = result.Model.SpectrumFile is null ? null : ReadTables(result.Model, additional, spc);
                if (result.Model.SpectrumFile is not null && tables is null) return;
                source = ModelEmitter.Emit(result.Model, tables);
            }
            catch (Exception e)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, null, result.Model.ClassName, e.GetType().Name + ": " + e.Message));
                return;
            }
            var hint = (result.Model.Namespace is null ? "" : result.Model.Namespace + ".") + result.Model.ClassName + ".RgModel.g.cs";
            spc.AddSource(hint, source);
        });
    }
}

/// <summary>Measured tables of a model, with the exponents fitted to them at compile time.</summary>
internal sealed class TableData
{
    public TableData(double[] spectrum, double[]? target, double? alpha, double? beta, string description)
    {
        Spectrum = spectrum; Target = target; Alpha = alpha; Beta = beta; Description = description;
    }

    public double[] Spectrum { get; }
    public double[]? Target { get; }
    /// <summary>Fitted α, when a tail was requested (null otherwise).</summary>
    public double? Alpha { get; }
    public double? Beta { get; }
    public string Description { get; }
}

/// <summary>Names of the pipeline steps, for caching tests.</summary>
public static class TrackingNames
{
    public const string Models = nameof(Models);
}
