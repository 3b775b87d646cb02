extern alias generator;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Tests;

/// <summary>One test per diagnostic: the ID, the severity, the member named in the message, and the location.</summary>
public class DiagnosticTests
{
    private static string Model(string attribute, string body, string modifiers = "public partial") => $$"""
        using System;
        using RgDsl;
        {{attribute}}
        {{modifiers}} class M
        {
        {{body}}
        }
        """;

    private const string Valid = """
            [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
            [Ridge] public double Kappa => 1e-3;
        """;

    private Compilation? _compilation;

    private Diagnostic Single(string source, string id)
    {
        var outcome = GeneratorHarness.Run(source);
        _compilation = outcome.Compilation;
        var matches = outcome.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"expected one {id}, got: " + string.Join("; ", outcome.GeneratorDiagnostics.Select(d => d.ToString())));
        return matches[0];
    }

    /// <summary>The source text the diagnostic points at.</summary>
    private string At(Diagnostic d)
    {
        // The generator reports equatable locations (file path + span), which carry no syntax tree.
        var path = d.Location.GetLineSpan().Path;
        var tree = _compilation!.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(d.Location.SourceSpan);
    }

    [Fact]
    public void RG0001_class_not_partial()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", Valid, "public"), "RG0001");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("M", At(d));
        Assert.Contains("'partial'", d.GetMessage());
    }

    [Fact]
    public void RG0002_no_spectrum()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", "    [Ridge] public double Kappa => 1e-3;"), "RG0002");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("M", At(d));
    }

    [Fact]
    public void RG0003_duplicate_spectrum()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", Valid + "\n    [Spectrum] public double Other(long k) => 1.0 / k;"), "RG0003");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Other", At(d));
        Assert.Contains("'Eigenvalue' and 'Other'", d.GetMessage());
    }

    [Theory]
    [InlineData("[Spectrum] public double Eigenvalue(int k) => 1.0 / k;\n[Ridge] public double Kappa => 1e-3;", "Eigenvalue", "double Name(long k)")]
    [InlineData("[Spectrum] public double Eigenvalue(long k) => 1.0 / k;\n[Target] public float T(long k) => 1f;\n[Ridge] public double Kappa => 1e-3;", "T", "double Name(long k)")]
    [InlineData("[Spectrum] public double Eigenvalue(long k) => 1.0 / k;\n[Ridge] public int Kappa => 1;", "Kappa", "'double' property")]
    [InlineData("[Spectrum] public double Eigenvalue(long k) => 1.0 / k;\n[Ridge] public double Kappa => 1;\n[LabelNoise] public double Noise(long k) => 0;", "Noise", "'double' property")]
    [InlineData("[Spectrum] public double Eigenvalue(long k) => 1.0 / k;\n[Ridge] public double Kappa => 1;\n[Multiplicity] public double N(long k) => 1;", "N", "long Name(long k)")]
    public void RG0004_wrong_signature(string body, string member, string expected)
    {
        var d = Single(Model("[RgModel(Modes = 10)]", body), "RG0004");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(member, At(d));
        Assert.Contains(expected, d.GetMessage());
    }

    [Fact]
    public void RG0005_parameter_not_double()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", Valid + "\n    [Parameter] public int Width { get; init; } = 3;"), "RG0005");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Width", At(d));
        Assert.Contains("'int'", d.GetMessage());
    }

    [Fact]
    public void RG0006_modes_not_positive()
    {
        var d = Single(Model("[RgModel(Modes = 0)]", Valid), "RG0006");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Modes = 0", At(d));
    }

    [Fact]
    public void RG0007_infinite_trace_with_constant_exponent()
    {
        var d = Single(Model("[RgModel(Modes = RgModel.Infinite)]", "[Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -0.5);\n[Ridge] public double Kappa => 1e-3;"), "RG0007");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Eigenvalue", At(d));
        Assert.Contains("α = -0.5", d.GetMessage());
    }

    [Fact]
    public void RG0008_spectrum_not_recognised_falls_back_to_run_time()
    {
        var outcome = GeneratorHarness.Run(Model("[RgModel(Modes = 50)]", "[Spectrum] public double Eigenvalue(long k) => Math.Exp(-0.1 * k);\n[Ridge] public double Kappa => 1e-3;"));
        _compilation = outcome.Compilation;
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0008");
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Equal("Eigenvalue", At(d));
        Assert.Contains("Math.Exp of k", d.GetMessage());
        Assert.Contains("TableSpectrum.FromFunctions", outcome.Sources.Values.Single());
        Assert.Empty(outcome.CompileErrors);
    }

    [Fact]
    public void RG0009_infinite_rank_needs_a_power_law()
    {
        var d = Single(Model("[RgModel(Modes = RgModel.Infinite)]", "[Spectrum] public double Eigenvalue(long k) => Math.Exp(-0.1 * k);\n[Ridge] public double Kappa => 1e-3;"), "RG0009");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("'Eigenvalue' is not a recognised power law", d.GetMessage());
    }

    [Fact]
    public void RG0010_is_retired_and_RG0021_reports_a_recognised_weight()
    {
        var outcome = GeneratorHarness.Run(Model("[RgModel(Modes = 10)]",
            Valid + "\n    [Parameter] public double Width { get; init; } = 8;\n    [Perturbation(Legs.PairLocal)] public double U(long k, long q) => -1.0 / Width / (Eigenvalue(k) * Eigenvalue(q)) + 1e-3;"));
        _compilation = outcome.Compilation;
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id == "RG0010");
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0021");
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Equal("U", At(d));
        Assert.Contains("(-1)/Width·k^2·q^2 + 0.001", d.GetMessage());
        Assert.Empty(outcome.CompileErrors);
    }

    [Fact]
    public void RG0017_perturbations_with_zero_ridge()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", "[Spectrum] public double Eigenvalue(long k) => 1.0 / k;\n[Ridge] public double Kappa => 0;\n[Perturbation(Legs.ModeLocal)] public double U(long k) => 1e-3;"), "RG0017");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Kappa", At(d));
    }

    [Fact]
    public void RG0018_perturbations_with_infinite_rank()
    {
        var d = Single(Model("[RgModel(Modes = RgModel.Infinite)]", "[Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);\n[Ridge] public double Kappa => 1e-3;\n[Perturbation(Legs.ModeLocal)] public double U(long k) => 1e-3;"), "RG0018");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("M", At(d));
    }

    [Fact]
    public void RG0019_weight_that_is_not_a_sum_of_monomials_runs_pairwise()
    {
        var outcome = GeneratorHarness.Run(Model("[RgModel(Modes = 10)]", Valid + "\n    [Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3 * Math.Exp(-(k + q));"));
        _compilation = outcome.Compilation;
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0019");
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Equal("U", At(d));
        Assert.Contains("Math.Exp of a mode index", d.GetMessage());
        Assert.Empty(outcome.CompileErrors);
        Assert.DoesNotContain("Monomial(", outcome.Sources.Values.Single());
    }

    [Theory]
    [InlineData("[Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3 * k / q;", "W(1, 2) = 0.0005 but W(2, 1) = 0.002")]
    [InlineData("[Perturbation(Legs.PairLocal6)] public double U(long k, long q, long p) => 1e-3 * k * k * q;", "W(1, 2, 3)")]
    public void RG0020_weight_that_is_not_symmetric(string perturbation, string message)
    {
        var d = Single(Model("[RgModel(Modes = 10)]", Valid + "\n    " + perturbation), "RG0020");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("U", At(d));
        Assert.Contains(message, d.GetMessage());
    }

    [Theory]
    [InlineData("public partial class Outer { [RgModel(Modes = 10)] public partial class M { [Spectrum] public double E(long k) => 1.0 / k; [Ridge] public double K => 1; } }", "nested")]
    [InlineData("[RgModel(Modes = 10)] public partial class M<T> { [Spectrum] public double E(long k) => 1.0 / k; [Ridge] public double K => 1; }", "generic")]
    public void RG0012_unsupported_class_shape(string source, string why)
    {
        var d = Single("using RgDsl;\n" + source, "RG0012");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains(why, d.GetMessage());
    }

    [Fact]
    public void RG0013_divergent_trace_at_the_declared_defaults()
    {
        var d = Single(Model("[RgModel(Modes = RgModel.Infinite)]",
            "[Parameter] public double Alpha { get; init; } = -0.5;\n[Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));\n[Ridge] public double Kappa => 1e-3;"), "RG0013");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("Eigenvalue", At(d));
        Assert.Contains("k^-0.5", d.GetMessage());
    }

    [Fact]
    public void RG0014_perturbation_signature_does_not_match_its_legs()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", Valid + "\n    [Perturbation(Legs.PairLocal)] public double U(long k) => 1e-3;"), "RG0014");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("U", At(d));
        Assert.Contains("double U(long k, long q)", d.GetMessage());
    }

    [Fact]
    public void RG0015_power_law_recognised_through_a_call_to_another_member()
    {
        var outcome = GeneratorHarness.Run(Model("[RgModel(Modes = RgModel.Infinite)]",
            "[Parameter] public double Alpha { get; init; } = 1;\n[Spectrum] public double Eigenvalue(long k) => 3 * Math.Pow(k, -(1 + Alpha));\n[Target] public double T(long k) => Eigenvalue(k) / Math.Sqrt(k);\n[Ridge] public double Kappa => 1e-3;"));
        _compilation = outcome.Compilation;
        var target = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0015" && At(x) == "T");
        Assert.Equal(DiagnosticSeverity.Info, target.Severity);
        Assert.Contains("3·k^(-(1 + Alpha) - 0.5)", target.GetMessage());
        Assert.Empty(outcome.CompileErrors);
    }

    [Fact]
    public void RG0016_no_ridge()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", "[Spectrum] public double Eigenvalue(long k) => 1.0 / k;"), "RG0016");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("M", At(d));
    }

    [Fact]
    public void RG0035_a_record_model_is_refused_rather_than_ignored()
    {
        // Without RG0035 a record was skipped silently, and the user met CS1061 on Predict.
        var d = Single(Model("[RgModel(Modes = 10)]", Valid, "public partial record"), "RG0035");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("M", At(d));
        Assert.Contains("'partial class'", d.GetMessage());
    }

    [Theory]
    [InlineData("[Parameter] public double Describe { get; init; } = 1;", "Describe", "the method Describe()")]
    [InlineData("public string Describe() => \"mine\";", "Describe", "the method Describe()")]
    [InlineData("public LearningCurvePoint Predict(double p, Approximation a) => null!;", "Predict", "Predict(double, Approximation)")]
    [InlineData("public int ParameterValues => 0;", "ParameterValues", "the property ParameterValues")]
    [InlineData("private double __rgState;", "__rgState", "names starting with __Rg")]
    public void RG0036_a_member_named_like_a_generated_member(string member, string name, string what)
    {
        var d = Single(Model("[RgModel(Modes = 10)]", Valid + "\n    " + member), "RG0036");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(name, At(d));
        Assert.Contains(what, d.GetMessage());
    }

    [Fact]
    public void RG0036_leaves_an_overload_with_other_parameters_alone()
    {
        var outcome = GeneratorHarness.Run(Model("[RgModel(Modes = 10)]", Valid + "\n    public double Predict(string why) => 1;\n    public double Flow(int steps) => steps;"));
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id == "RG0036");
        Assert.Empty(outcome.CompileErrors);
    }

    [Fact]
    public void The_generated_member_names_are_those_the_emitter_writes()
    {
        // The names RG0036 reserves are the public names of a generated interacting model (which has them all).
        var outcome = GeneratorHarness.Run(ModelSources.FiniteWidthNet);
        var type = outcome.Compilation.GetTypeByMetadataName("Demo.FiniteWidthNet")!;
        static bool Generated(ISymbol m) => m.Locations.Any(l => l.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        var generated = type.GetMembers()
            .Where(m => Generated(m) && !m.IsImplicitlyDeclared && m.DeclaredAccessibility == Accessibility.Public && m is not IMethodSymbol { MethodKind: not MethodKind.Ordinary })
            .Select(m => m.Name).Distinct().OrderBy(n => n).ToList();
        Assert.Equal(generator::RgDsl.Generators.Emit.GeneratedMembers.Names.Keys.OrderBy(n => n), generated);
    }

    [Fact]
    public void RG0037_an_increasing_spectrum()
    {
        var d = Single(Model("[RgModel(Modes = 100)]", "[Spectrum] public double Eigenvalue(long k) => Math.Pow(k, 0.5);\n[Ridge] public double Kappa => 1e-3;"), "RG0037");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Eigenvalue", At(d));
        Assert.Contains("k^0.5, which increases with k (exponent 0.5 > 0)", d.GetMessage());
    }

    [Fact]
    public void RG0038_a_spectrum_increasing_at_the_declared_defaults()
    {
        var d = Single(Model("[RgModel(Modes = 100)]",
            "[Parameter] public double Alpha { get; init; } = -1.5;\n[Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));\n[Ridge] public double Kappa => 1e-3;"), "RG0038");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("Eigenvalue", At(d));
        Assert.Contains("k^0.5", d.GetMessage());
    }

    [Theory]
    [InlineData("[Spectrum] public double Eigenvalue(long k) => -Math.Pow(k, -2.0);\n[Ridge] public double Kappa => 1e-3;", "Eigenvalue", "coefficient -1, but eigenvalues λ_k must be positive")]
    [InlineData("[Spectrum] public double Eigenvalue(long k) => 0.0;\n[Ridge] public double Kappa => 1e-3;", "Eigenvalue", "coefficient 0, but eigenvalues λ_k must be positive")]
    [InlineData(Valid + "\n[Target] public double T(long k) => -0.5 * Math.Pow(k, -2.0);", "T", "coefficient -0.5, but target powers y_k² must be non-negative")]
    [InlineData("[Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);\n[Ridge] public double Kappa => -0.1;", "Kappa", "the constant -0.1, but the ridge κ must be non-negative")]
    [InlineData(Valid + "\n[LabelNoise] public double Noise() => -1e-3;", "Noise", "the constant -0.001, but the label-noise variance σ² must be non-negative")]
    [InlineData(Valid + "\n[Multiplicity] public long N(long k) => 0;", "N", "the constant 0, but multiplicities n_k must be at least 1")]
    public void RG0039_a_constant_out_of_range(string body, string member, string message)
    {
        var d = Single(Model("[RgModel(Modes = 10)]", body), "RG0039");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(member, At(d));
        Assert.Contains(message, d.GetMessage());
    }

    [Fact]
    public void RG0040_a_weight_that_calls_itself()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", Valid + "\n    [Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3 + U(q, k);"), "RG0040");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("U", At(d));
        Assert.Contains("U → U", d.GetMessage());
    }

    [Theory]
    [InlineData("[Expect(LearningCurveExponent = -0.5, Tolerance = -1)]", "Tolerance = -1", "non-negative finite number")]
    [InlineData("[Expect(LearningCurveExponent = -0.5, Tolerance = double.NaN)]", "Tolerance = double.NaN", "non-negative finite number")]
    [InlineData("[Expect(LearningCurveExponent = double.NegativeInfinity)]", "LearningCurveExponent = double.NegativeInfinity", "finite number")]
    public void RG0041_an_invalid_expect_argument_instead_of_a_confusing_RG0026(string attribute, string at, string message)
    {
        var outcome = GeneratorHarness.Run(Model("[RgModel(Modes = 1000)]\n" + attribute, Valid));
        _compilation = outcome.Compilation;
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0041");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(at, At(d));
        Assert.Contains(message, d.GetMessage());
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, x => x.Id == "RG0026");
    }

    [Fact]
    public void RG0042_integer_division_in_a_spectrum()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", "[Spectrum] public double Eigenvalue(long k) => 1 / (k * k);\n[Ridge] public double Kappa => 1e-3;"), "RG0042");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("1 / (k * k)", At(d));
        Assert.Contains("integer division (long)", d.GetMessage());
    }

    [Fact]
    public void RG0026_prints_each_exponent_once_when_its_formula_is_a_number()
    {
        var d = Single(Model("[RgModel(Modes = 1000)]\n[Expect(LearningCurveExponent = -2)]", Valid), "RG0026");
        Assert.Contains("with α = 1, β = 1", d.GetMessage());
        Assert.DoesNotContain("= 1 = 1", d.GetMessage());
    }

    [Fact]
    public void A_model_with_errors_generates_nothing_and_the_generator_does_not_throw()
    {
        // A half-typed declaration, as in an editor: the generator reports and stays quiet.
        var outcome = GeneratorHarness.Run("using RgDsl;\n[RgModel(Modes = 10)] public partial class M { [Spectrum] public double E(long k) => ; }");
        Assert.Empty(outcome.Sources);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id == "RG0011");
        Assert.DoesNotContain(outcome.Compilation.GetDiagnostics(), d => d.Id == "CS8785"); // "generator failed"
    }

    [Fact]
    public void RG0045_static_parameter()
    {
        var d = Single(Model("[RgModel(Modes = 10)]", Valid + "    [Parameter] public static double Alpha { get; set; } = 1;"), "RG0045");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Alpha", At(d));
        Assert.Contains("static", d.GetMessage());
    }

    [Fact]
    public void Every_catalogued_diagnostic_has_a_stable_RG_id_and_a_message()
    {
        var catalogue = generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.Catalogue.ToList();
        var ids = catalogue.Select(d => d.Id).ToList();
        // IDs are never renumbered or reused: the first release's are all there, every one is RGnnnn, and none repeats.
        Assert.Subset(ids.ToHashSet(), Enumerable.Range(1, 31).Select(i => $"RG{i:0000}").ToHashSet());
        Assert.All(ids, id => Assert.Matches("^RG[0-9]{4}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(catalogue, d => Assert.False(string.IsNullOrWhiteSpace(d.MessageFormat.ToString())));
    }
    /// <summary>
    /// Every descriptor the catalogue class declares is catalogued and links to the diagnostics page of the docs, and
    /// that page exists in the repository at the path the link names, with a heading under the GitHub anchor it names
    /// (so the link does not dangle) and a row per ID in that section.
    /// </summary>
    [Fact]
    public void Every_catalogued_diagnostic_has_a_help_link_to_the_diagnostics_page()
    {
        var type = typeof(generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors);
        var declared = type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!).ToList();
        var catalogue = generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.Catalogue.ToList();
        Assert.Equal(declared.Select(d => d.Id).OrderBy(id => id), catalogue.Select(d => d.Id));
        const string link = generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.HelpLinkUri;
        Assert.StartsWith("https://", link);
        Assert.All(catalogue, d => Assert.Equal(link, d.HelpLinkUri));

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RgDsl.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        const string blob = "/blob/main/";
        Assert.Contains(blob, link);
        var path = link[(link.IndexOf(blob, StringComparison.Ordinal) + blob.Length)..link.IndexOf('#')];
        var page = Path.Combine(dir!.FullName, path.Replace('/', Path.DirectorySeparatorChar));
        Assert.True(File.Exists(page), $"the help link names {path}, which is not in the repository");
        var lines = File.ReadAllLines(page);
        var anchor = link[(link.IndexOf('#') + 1)..];
        // GitHub's anchor of a heading: lower case, spaces to '-', punctuation other than '-' and '_' dropped.
        static string Anchor(string heading) => new(heading.TrimStart('#').Trim().ToLowerInvariant()
            .Replace(' ', '-').Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray());
        var section = Array.FindIndex(lines, l => l.StartsWith('#') && Anchor(l) == anchor);
        Assert.True(section >= 0, $"{path} has no heading with the anchor #{anchor}");
        var next = Array.FindIndex(lines, section + 1, l => l.StartsWith("## ") || l.StartsWith("### "));
        var body = string.Join("\n", lines[section..(next < 0 ? lines.Length : next)]);
        Assert.All(catalogue, d => Assert.Contains("| " + d.Id + " |", body));
    }
}
