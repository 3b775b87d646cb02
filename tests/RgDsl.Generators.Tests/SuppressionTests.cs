using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RgDsl.Generators.Tests;

/// <summary>
/// RG warnings can be silenced the three ways C# warnings can: <c>#pragma warning disable</c>, <c>&lt;NoWarn&gt;</c>
/// (the compiler's specific diagnostic options) and an <c>.editorconfig</c> severity. The first and last need the
/// diagnostic at a source location in the compilation's syntax tree, which is what these tests check through the
/// compiler's own filter (the generator driver applies it to generator diagnostics).
/// </summary>
public class SuppressionTests
{
    /// <summary>RG0042 (a warning) on the spectrum's integer division; {0} and {1} go around the member.</summary>
    private const string IntegerDivision = """
        using RgDsl;

        [RgModel(Modes = 10)]
        public partial class Truncating
        {
        {0}
            [Spectrum] public double Eigenvalue(long k) => 1 / (k * k);
        {1}
            [Ridge] public double Kappa => 1e-3;
        }
        """;

    private static string Source(string before = "", string after = "") => IntegerDivision.Replace("{0}", before).Replace("{1}", after);

    private static CSharpCompilation Compile(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        var tree = compilation.SyntaxTrees.Single();
        return compilation.ReplaceSyntaxTree(tree, tree.WithFilePath("/project/Models/Truncating.cs"));
    }

    /// <summary>The generator's diagnostics as the compiler keeps them: filtered by its options, suppressed ones marked.</summary>
    private static ImmutableArray<Diagnostic> Diagnostics(CSharpCompilation compilation)
    {
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        return diagnostics;
    }

    private static Diagnostic? Reported(ImmutableArray<Diagnostic> diagnostics, string id) => diagnostics.SingleOrDefault(d => d.Id == id && !d.IsSuppressed);

    [Fact]
    public void Without_suppression_the_warning_is_reported_in_source()
    {
        var d = Reported(Diagnostics(Compile(Source())), "RG0042");
        Assert.NotNull(d);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(LocationKind.SourceFile, d.Location.Kind);
        Assert.Equal(6, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void A_pragma_around_the_member_suppresses_the_warning_and_only_there()
    {
        var diagnostics = Diagnostics(Compile(Source("#pragma warning disable RG0042", "#pragma warning restore RG0042")));
        Assert.Null(Reported(diagnostics, "RG0042"));
        // The pragma reaches this warning only: the spectrum's other diagnostic (RG0008, not a power law) stays.
        Assert.NotNull(Reported(diagnostics, "RG0008"));

        // A pragma that is restored before the member does not reach it.
        Assert.NotNull(Reported(Diagnostics(Compile(Source("#pragma warning disable RG0042\n#pragma warning restore RG0042"))), "RG0042"));
    }

    [Fact]
    public void NoWarn_suppresses_the_warning()
    {
        var compilation = Compile(Source());
        // <NoWarn>RG0042</NoWarn> reaches the compiler as a specific diagnostic option.
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions([new("RG0042", ReportDiagnostic.Suppress)]));
        var diagnostics = Diagnostics(compilation);
        Assert.Null(Reported(diagnostics, "RG0042"));
        Assert.NotNull(Reported(diagnostics, "RG0008"));
    }

    [Theory]
    [InlineData("none", null)]
    [InlineData("error", DiagnosticSeverity.Error)]
    public void An_editorconfig_severity_applies_to_the_files_it_names(string severity, DiagnosticSeverity? expected)
    {
        var config = AnalyzerConfig.Parse($"root = true\n\n[Models/*.cs]\ndotnet_diagnostic.RG0042.severity = {severity}\n", "/project/.editorconfig");
        var set = AnalyzerConfigSet.Create(ImmutableArray.Create(config));
        var compilation = Compile(Source());
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new EditorConfigOptions(set)));
        Assert.Equal(expected, Reported(Diagnostics(compilation), "RG0042")?.Severity);

        // The same model in a folder the section does not name keeps its warning.
        var elsewhere = GeneratorHarness.Compile(Source());
        elsewhere = elsewhere.ReplaceSyntaxTree(elsewhere.SyntaxTrees.Single(), elsewhere.SyntaxTrees.Single().WithFilePath("/project/Other/Truncating.cs"));
        elsewhere = elsewhere.WithOptions(elsewhere.Options.WithSyntaxTreeOptionsProvider(new EditorConfigOptions(set)));
        Assert.Equal(DiagnosticSeverity.Warning, Reported(Diagnostics(elsewhere), "RG0042")?.Severity);
    }

    [Fact]
    public void Every_diagnostic_in_a_source_file_is_at_a_source_location()
    {
        var models = GeneratorHarness.Run(ModelSources.FiniteWidthNet, ModelSources.InfinitePowerLaw, ModelSources.ExponentialSpectrum, Source());
        var networks = GeneratorHarness.RunNetworks(NetworkGeneratorTests.ReluNet);
        var all = models.GeneratorDiagnostics.Concat(networks.GeneratorDiagnostics).ToList();
        Assert.True(all.Count > 10, $"only {all.Count} diagnostics");
        Assert.Contains(all, d => d.Severity == DiagnosticSeverity.Warning);
        Assert.All(all, d => Assert.True(d.Location.IsInSource, $"{d.Id} at {d.Location.Kind}: {d}"));
    }

    /// <summary>Per-file severities from parsed .editorconfig files, as the compiler builds them from the project's.</summary>
    private sealed class EditorConfigOptions(AnalyzerConfigSet set) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            set.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
    }
}
