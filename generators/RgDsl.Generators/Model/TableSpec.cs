namespace RgDsl.Generators.Model;

/// <summary>
/// One requested table read from its additional file in the pipeline's transform step: the values (empty when the
/// file has errors), the diagnostics that point into the file, and the power-law fit of the values over the default
/// range (<see cref="RgDsl.Spectra.SpectrumFit"/>), as equatable data.
/// </summary>
internal sealed record TableSpec(
    string FileName,
    TableRole Role,
    string Path,
    bool Valid,
    EquatableArray<double> Values,
    EquatableArray<DiagnosticInfo> Diagnostics,
    int? FitFrom,
    int? FitTo,
    double? FittedExponent);

/// <summary>A model's measured tables, joined with its declaration: what the emitter needs.</summary>
internal sealed record TableData(
    EquatableArray<double> Spectrum,
    EquatableArray<double>? Target,
    double? TailAlpha,
    double? TailBeta,
    string Description);

/// <summary>What the emitter gets for one model: its spec and, for measured tables, their data.</summary>
internal sealed record EmitSpec(ModelSpec Model, TableData? Tables);

/// <summary>A model after the tables are joined in: what to emit (null when nothing can be), and every diagnostic.</summary>
internal sealed record ResolvedModel(EmitSpec? Source, EquatableArray<DiagnosticInfo> Diagnostics);
