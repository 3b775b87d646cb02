extern alias generator;
using System.Collections.Immutable;
using generator::RgDsl.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RgDsl.Generators.Tests;

/// <summary>
/// The pipeline's caching (Mapperly-style): which steps run again after an edit. The emitted source depends only on
/// the location-free spec, so edits that move a model, touch another file or another table must not re-emit it.
/// </summary>
public class CachingTests
{
    private const string TableModel = """
        using RgDsl;

        [RgModel]
        [Spectrum(File = "data/spectrum.csv")]
        public partial class Measured
        {
            [Ridge] public double Kappa => 1e-2;
        }
        """;

    private static string Table(double exponent) =>
        string.Join("\n", Enumerable.Range(1, 100).Select(k => Math.Pow(k, exponent).ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n";

    private static CSharpParseOptions Options(SyntaxTree tree) => (CSharpParseOptions)tree.Options;

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult run, string step) =>
        run.TrackedSteps.TryGetValue(step, out var steps) ? steps.SelectMany(s => s.Outputs).Select(o => o.Reason) : [];

    /// <summary>The reasons of the emitted sources' step, by the model class each output is for.</summary>
    private static Dictionary<string, IncrementalStepRunReason> SourceReasons(GeneratorRunResult run) =>
        run.TrackedSteps[TrackingNames.Source].SelectMany(s => s.Outputs)
            .Where(o => o.Value is not null)
            .ToDictionary(o => o.Value.ToString()!.Contains("Measured") ? "Measured" : "Other", o => o.Reason);

    private static bool IsCached(IncrementalStepRunReason reason) => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

    [Fact]
    public void An_unrelated_edit_leaves_the_pipeline_cached()
    {
        var compilation = GeneratorHarness.Compile(ModelSources.InfinitePowerLaw, "namespace Other; public class Unrelated { public int X => 1; }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var unrelated = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(unrelated,
            CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { public int X => 2; public int Y => 3; }", Options(unrelated), unrelated.FilePath));
        driver = driver.RunGenerators(edited);

        var run = driver.GetRunResult().Results.Single();
        foreach (var step in new[] { TrackingNames.Parse, TrackingNames.Resolve, TrackingNames.Diagnostics, TrackingNames.Source })
            Assert.All(Reasons(run, step), r => Assert.True(IsCached(r), $"{step} output was {r}"));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_above_a_class_moves_its_diagnostics_but_does_not_re_emit_it()
    {
        var compilation = GeneratorHarness.Compile(ModelSources.InfinitePowerLaw);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = driver.GetRunResult();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            "// two lines added\n// above the model\n" + ModelSources.InfinitePowerLaw, Options(tree), tree.FilePath));
        driver = driver.RunGenerators(edited);
        var after = driver.GetRunResult();
        var run = after.Results.Single();

        // The parse step sees new locations, and the diagnostics step reports them at the new lines...
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(run, TrackingNames.Parse));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(run, TrackingNames.Diagnostics));
        var line = (ImmutableArray<Diagnostic> d) => d.Single(x => x.Id == "RG0015" && x.GetMessage().Contains("Spectrum")).Location.GetLineSpan().StartLinePosition.Line;
        Assert.Equal(line(before.Diagnostics) + 2, line(after.Diagnostics));
        // ...but the spec behind the source is equal, so nothing is emitted again.
        Assert.All(Reasons(run, TrackingNames.Source), r => Assert.True(IsCached(r), $"source step output was {r}"));
        Assert.Equal(before.GeneratedTrees.Single().ToString(), after.GeneratedTrees.Single().ToString());
    }

    [Fact]
    public void An_edit_to_the_model_regenerates_it()
    {
        var compilation = GeneratorHarness.Compile(ModelSources.InfinitePowerLaw);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            ModelSources.InfinitePowerLaw.Replace("1e-4", "2e-4"), Options(tree), tree.FilePath));
        driver = driver.RunGenerators(edited);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver.GetRunResult().Results.Single(), TrackingNames.Source));
    }

    [Fact]
    public void An_edited_table_re_reads_that_table_and_re_emits_only_its_model()
    {
        var spectrum = new InMemoryAdditionalText("/project/data/spectrum.csv", Table(-1.5));
        var notes = new InMemoryAdditionalText("/project/notes.txt", "not a table\n");
        var compilation = GeneratorHarness.Compile(TableModel, ModelSources.ExponentialSpectrum);
        var driver = GeneratorHarness.CreateDriver([spectrum, notes]).RunGenerators(compilation);
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);

        driver = driver.ReplaceAdditionalText(spectrum, new InMemoryAdditionalText(spectrum.Path, Table(-2))).RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, TrackingNames.Tables));
        var sources = SourceReasons(run);
        Assert.Equal(IncrementalStepRunReason.Modified, sources["Measured"]);
        Assert.True(IsCached(sources["Other"]), $"the model without tables was {sources["Other"]}");
        Assert.Contains("fitted over k = 10..25: α = 1, β = 1", driver.GetRunResult().Diagnostics.Single(d => d.Id == "RG0031").GetMessage());
    }

    [Fact]
    public void An_edit_of_an_unrelated_additional_file_leaves_the_pipeline_cached()
    {
        var spectrum = new InMemoryAdditionalText("/project/data/spectrum.csv", Table(-1.5));
        var notes = new InMemoryAdditionalText("/project/notes.txt", "not a table\n");
        var compilation = GeneratorHarness.Compile(TableModel);
        var driver = GeneratorHarness.CreateDriver([spectrum, notes]).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(notes, new InMemoryAdditionalText(notes.Path, "still not a table\n")).RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        foreach (var step in new[] { TrackingNames.Tables, TrackingNames.Resolve, TrackingNames.Diagnostics, TrackingNames.Source })
            Assert.All(Reasons(run, step), r => Assert.True(IsCached(r), $"{step} output was {r}"));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }
}
