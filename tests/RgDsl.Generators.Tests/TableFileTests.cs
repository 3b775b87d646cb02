using System.Globalization;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Tests;

public class TableFileTests
{
    private const string Model = """
        using RgDsl;

        [RgModel]
        [Spectrum(File = "data/spectrum.csv")]
        [Target(File = "data/target.csv")]
        public partial class Measured
        {
            [Ridge] public double Kappa => 1e-2;
        }
        """;

    private static readonly double[] Lambda = Enumerable.Range(1, 200).Select(k => Math.Pow(k, -1.5)).ToArray();
    private static readonly double[] Target = Enumerable.Range(1, 200).Select(k => Math.Pow(k, -1.25)).ToArray();

    private static string Csv(IEnumerable<double> values, bool withIndex = false) =>
        "value\n" + string.Join("\n", values.Select((v, i) => (withIndex ? (i + 1) + "," : "") + v.ToString("R", CultureInfo.InvariantCulture))) + "\n";

    private static Dictionary<string, string> Files(string? spectrum = null, string? target = null) => new()
    {
        ["/project/data/spectrum.csv"] = spectrum ?? Csv(Lambda, withIndex: true),
        ["/project/data/target.csv"] = target ?? Csv(Target),
    };

    private static string At(GeneratorOutcome outcome, Diagnostic d, IReadOnlyDictionary<string, string> files)
    {
        var path = d.Location.GetLineSpan().Path;
        var text = files.TryGetValue(path, out var content) ? content : outcome.Compilation.SyntaxTrees.Single(t => t.FilePath == path).ToString();
        return Microsoft.CodeAnalysis.Text.SourceText.From(text).ToString(d.Location.SourceSpan);
    }

    [Fact]
    public void Measured_tables_are_emitted_and_predict_like_the_run_time_path()
    {
        var assembly = GeneratorHarness.LoadWithFiles(Files(), Model);
        var model = (IRgModel)Activator.CreateInstance(assembly.GetType("Measured")!)!;
        var reference = EmpiricalModelReference();
        Assert.Equal(reference.Predict(50).TestError, model.Predict(50).TestError, 1e-15);
        var text = model.Describe();
        Assert.Contains("measured table of 200 modes from data/spectrum.csv and data/target.csv; fitted over k = 10..50", text);
        AssertExponents(text);
    }

    private static GaussianModel EmpiricalModelReference() => RgDsl.Data.EmpiricalModel.Create("ref", Lambda, Target, 1e-2);

    [Fact]
    public void RG0031_reports_the_fitted_exponents_and_a_tail_is_attached_on_request()
    {
        var outcome = GeneratorHarness.RunWithFiles(Files(), Model.Replace("[Spectrum(File = \"data/spectrum.csv\")]", "[Spectrum(File = \"data/spectrum.csv\", PowerLawTail = true)]"));
        var info = Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0031");
        Assert.Contains("200 modes read; fitted over k = 10..50", info.GetMessage());
        AssertExponents(info.GetMessage());
        // The tail is emitted with the fitted exponents.
        var call = System.Text.RegularExpressions.Regex.Match(outcome.Sources.Values.Single(), @"EmpiricalModel\.Spectrum\(__RgSpectrumTable, __RgTargetTable, ""data/spectrum.csv"", ([0-9.E-]+)d, ([0-9.E-]+)d\)");
        Assert.True(call.Success, "no tailed spectrum in the generated source");
        Assert.Equal(0.5, double.Parse(call.Groups[1].Value, CultureInfo.InvariantCulture), 1e-9);
        Assert.Equal(0.25, double.Parse(call.Groups[2].Value, CultureInfo.InvariantCulture), 1e-9);
        Assert.Empty(outcome.CompileErrors);
    }

    /// <summary>The table is exactly k^-1.5 and k^-1.25: the binned fit gives α = 0.5, β = 0.25 (printed to three decimals).</summary>
    private static void AssertExponents(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"α = ([0-9.]+), β = ([0-9.]+)");
        Assert.True(match.Success, text);
        Assert.Equal(0.5, double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 5e-4);
        Assert.Equal(0.25, double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), 5e-4);
    }

    [Fact]
    public void RG0028_when_the_file_is_not_an_additional_file()
    {
        var outcome = GeneratorHarness.RunWithFiles(new Dictionary<string, string> { ["/project/data/target.csv"] = Csv(Target) }, Model);
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0028");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("<AdditionalFiles Include=\"data/spectrum.csv\" />", d.GetMessage());
        Assert.Equal("Spectrum(File = \"data/spectrum.csv\")", At(outcome, d, new Dictionary<string, string>()));
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void RG0029_names_the_file_and_line_of_a_malformed_row()
    {
        var files = Files(spectrum: "value\n1\n0.5\nhalf\n0.2\n");
        var outcome = GeneratorHarness.RunWithFiles(files, Model);
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0029");
        Assert.Contains("/project/data/spectrum.csv, line 4: 'half'", d.GetMessage());
        Assert.Equal("half", At(outcome, d, files));
        Assert.Equal(3, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [InlineData("1\n0.5\n0.7\n", "λ_3 = 0.7 > λ_2 = 0.5", "0.7")]
    [InlineData("1\n-0.5\n", "eigenvalue λ_2 = -0.5 must be positive", "-0.5")]
    public void RG0030_names_the_file_and_line_of_an_invalid_eigenvalue(string spectrum, string message, string text)
    {
        var files = Files(spectrum: spectrum);
        var outcome = GeneratorHarness.RunWithFiles(files, Model);
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == "RG0030" && x.Location.GetLineSpan().Path.EndsWith("spectrum.csv"));
        Assert.Contains(message, d.GetMessage());
        Assert.Equal(text, At(outcome, d, files));
    }

    [Fact]
    public void RG0030_for_negative_target_power_and_mismatched_lengths()
    {
        var negative = GeneratorHarness.RunWithFiles(Files(target: "0.5\n-1\n"), Model);
        Assert.Contains(negative.GeneratorDiagnostics, d => d.Id == "RG0030" && d.GetMessage().Contains("target power y_2² = -1 must be non-negative"));
        var shorter = GeneratorHarness.RunWithFiles(Files(target: "0.5\n0.25\n"), Model);
        Assert.Contains(shorter.GeneratorDiagnostics, d => d.Id == "RG0030" && d.GetMessage().Contains("2 target powers for 200 eigenvalues"));
    }
}
