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
    private static IncrementalStepRunReason[] Each(IncrementalStepRunReason reason, int count) => Enumerable.Repeat(reason, count).ToArray();

    /// <summary>The reasons of a step's outputs by the model each is for (the outputs print the class name).</summary>
    private static Dictionary<string, IncrementalStepRunReason> ReasonsByModel(GeneratorRunResult run, string step, params string[] models) =>
        run.TrackedSteps[step].SelectMany(s => s.Outputs)
            .ToDictionary(o => models.Single(m => o.Value.ToString()!.Contains("ClassName = " + m + ",")), o => o.Reason);

    /// <summary>Two models with perturbations (so that their analysis enumerates diagrams) in files of their own, and an unrelated file.</summary>
    private static CSharpCompilation TwoModelsAndAnUnrelatedFile() =>
        GeneratorHarness.Compile(ModelSources.InfinitePowerLaw, ModelSources.FiniteWidthNet, "namespace Other; public class Unrelated { public int X => 1; }");

    private static CSharpCompilation Replace(CSharpCompilation compilation, int file, string text)
    {
        var tree = compilation.SyntaxTrees.ElementAt(file);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, Options(tree), tree.FilePath));
    }

    [Fact]
    public void An_edit_inside_a_member_body_of_another_file_leaves_every_parse_cached()
    {
        var compilation = TwoModelsAndAnUnrelatedFile();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = driver.GetRunResult();

        driver = driver.RunGenerators(Replace(compilation, 2, "namespace Other; public class Unrelated { public int X => 2; }"));
        var run = driver.GetRunResult().Results.Single();

        // The symbols are looked up once for the new compilation, not once per model.
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, TrackingNames.KnownSymbols));
        // Only a body changed: the declarations are top-level equivalent, so each model's parse input is equal and
        // nothing downstream of it runs, the parse included.
        Assert.Equal([IncrementalStepRunReason.Unchanged], Reasons(run, TrackingNames.DeclarationShape));
        Assert.Equal(Each(IncrementalStepRunReason.Unchanged, 2), Reasons(run, TrackingNames.ParseInput));
        foreach (var step in new[] { TrackingNames.Parse, TrackingNames.Analysis, TrackingNames.Resolve, TrackingNames.Diagnostics, TrackingNames.Source })
            Assert.Equal(Each(IncrementalStepRunReason.Cached, 2), Reasons(run, step));
        // The diagnostics are matched to the new compilation's syntax trees: the models' trees are the same instances.
        Assert.Equal(Each(IncrementalStepRunReason.Unchanged, 2), Reasons(run, TrackingNames.LocatedDiagnostics));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(before.Diagnostics.Select(d => d.ToString()), driver.GetRunResult().Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void A_declaration_edited_in_another_file_reparses_but_leaves_the_analysis_cached()
    {
        var compilation = TwoModelsAndAnUnrelatedFile();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = driver.GetRunResult();

        driver = driver.RunGenerators(Replace(compilation, 2, "namespace Other; public class Unrelated { public int X => 1; public int Y => 3; }"));
        var run = driver.GetRunResult().Results.Single();

        // A new member anywhere can change what a model's body binds to, so every model is read again; each read is
        // equal to the last, so the analysis does not run at all, nor anything after it.
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, TrackingNames.DeclarationShape));
        Assert.Equal(Each(IncrementalStepRunReason.Modified, 2), Reasons(run, TrackingNames.ParseInput));
        Assert.Equal(Each(IncrementalStepRunReason.Unchanged, 2), Reasons(run, TrackingNames.Parse));
        foreach (var step in new[] { TrackingNames.Analysis, TrackingNames.Resolve, TrackingNames.Diagnostics, TrackingNames.Source })
            Assert.Equal(Each(IncrementalStepRunReason.Cached, 2), Reasons(run, step));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(before.Diagnostics.Select(d => d.ToString()), driver.GetRunResult().Diagnostics.Select(d => d.ToString()));
    }

    /// <summary>A model whose weight reads a constant of another file and a helper of its own declared in a second file.</summary>
    private const string ModelReadingOtherFiles = """
        using System;
        using RgDsl;

        namespace Demo;

        [RgModel(Modes = 1000)]
        public partial class ReadsOtherFiles
        {
            [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
            [Target] public double TargetPower(long k) => Math.Pow(k, -2.0);
            [Ridge] public double Kappa => 1e-3;
            [Perturbation(Legs.ModeLocal)] public double Shift(long k) => Other.Constants.G * Helper() * Math.Pow(k, -1.0);
        }
        """;

    private const string ConstantsAndUnrelated = """
        namespace Other
        {
            public static class Constants { public const double G = 1e-4; }
            public class Unrelated { public int X => 1; }
        }
        """;

    private const string SecondPart = "namespace Demo; public partial class ReadsOtherFiles { private double Helper() => 2.0; }";

    /// <summary>Edits of files other than the model's main file: which must read the model again, and which need not.</summary>
    public static TheoryData<string, int, string, bool> EditsElsewhere() => new()
    {
        { "a body of another class", 1, ConstantsAndUnrelated.Replace("X => 1", "X => 2"), false },
        { "a comment", 1, "// a comment\n" + ConstantsAndUnrelated, false },
        { "a constant the weight reads", 1, ConstantsAndUnrelated.Replace("G = 1e-4", "G = 3e-4"), true },
        { "a type that shadows System.Math", 1, ConstantsAndUnrelated + "namespace Demo { public static class Math { public static double Pow(double x, double y) => 1; } }", true },
        { "a body of the model's own second part", 2, SecondPart.Replace("2.0", "5.0"), true },
    };

    [Theory]
    [MemberData(nameof(EditsElsewhere))]
    public void An_edit_elsewhere_gives_what_a_fresh_run_gives_and_rereads_the_model_only_when_it_can_change_it(string what, int file, string text, bool rereads)
    {
        var compilation = GeneratorHarness.Compile(ModelReadingOtherFiles, ConstantsAndUnrelated, SecondPart);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = Replace(compilation, file, text);

        driver = driver.RunGenerators(edited);
        var incremental = driver.GetRunResult();
        var fresh = GeneratorHarness.CreateDriver().RunGenerators(edited).GetRunResult();

        Assert.Equal(fresh.Diagnostics.Select(d => d.ToString()), incremental.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(fresh.GeneratedTrees.Select(t => t.ToString()), incremental.GeneratedTrees.Select(t => t.ToString()));
        var expected = rereads ? IncrementalStepRunReason.Modified : IncrementalStepRunReason.Cached;
        Assert.True(Reasons(incremental.Results.Single(), TrackingNames.Parse).SequenceEqual([expected]), $"{what}: the parse should be {expected}");
    }

    [Fact]
    public void The_edits_that_reread_the_model_change_what_it_reads()
    {
        // The cases above that reread the model are not vacuous: each changes the recognised weight.
        string Weight(string constants, string part) => GeneratorHarness.Run(ModelReadingOtherFiles, constants, part).GeneratorDiagnostics
            .Single(d => d.Id == "RG0021" || (d.Id == "RG0019" && d.GetMessage().Contains("Shift"))).GetMessage();
        var weights = new[]
        {
            Weight(ConstantsAndUnrelated, SecondPart),
            Weight(ConstantsAndUnrelated.Replace("G = 1e-4", "G = 3e-4"), SecondPart),
            Weight(ConstantsAndUnrelated + "namespace Demo { public static class Math { public static double Pow(double x, double y) => 1; } }", SecondPart),
            Weight(ConstantsAndUnrelated, SecondPart.Replace("2.0", "5.0")),
        };
        Assert.Equal(weights.Length, weights.Distinct().Count());
        Assert.Contains("0.0002", weights[0]);
    }

    [Fact]
    public void An_edit_of_one_model_reruns_the_analysis_of_that_model_only()
    {
        var compilation = TwoModelsAndAnUnrelatedFile();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(Replace(compilation, 1, ModelSources.FiniteWidthNet.Replace("=> 1e-4;", "=> 2e-4;")));
        var run = driver.GetRunResult().Results.Single();

        string[] models = ["InfinitePowerLaw", "FiniteWidthNet"];
        Dictionary<string, IncrementalStepRunReason> Expected(IncrementalStepRunReason other) =>
            new() { ["InfinitePowerLaw"] = other, ["FiniteWidthNet"] = IncrementalStepRunReason.Modified };
        // The edit is inside a body of the edited model's file: the other model's parse is not even rerun.
        Assert.Equal(Expected(IncrementalStepRunReason.Cached), ReasonsByModel(run, TrackingNames.Parse, models));
        Assert.Equal(Expected(IncrementalStepRunReason.Cached), ReasonsByModel(run, TrackingNames.Analysis, models));
        Assert.Equal(Expected(IncrementalStepRunReason.Cached), ReasonsByModel(run, TrackingNames.Source, models));
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

        // The parse step sees new locations (and the analysis, whose diagnostics carry them, runs again), and the
        // diagnostics step reports them at the new lines...
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, TrackingNames.Parse));
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, TrackingNames.Analysis));
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, TrackingNames.Diagnostics));
        var line = (ImmutableArray<Diagnostic> d) => d.Single(x => x.Id == "RG0015" && x.GetMessage().Contains("Spectrum")).Location.GetLineSpan().StartLinePosition.Line;
        Assert.Equal(line(before.Diagnostics) + 2, line(after.Diagnostics));
        // ...but the spec behind the source is equal, so nothing is emitted again.
        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(run, TrackingNames.Source));
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
        var run = driver.GetRunResult().Results.Single();
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, TrackingNames.Analysis));
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, TrackingNames.Source));
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
        // Same compilation: nothing is parsed or analysed again.
        Assert.Equal(Each(IncrementalStepRunReason.Cached, 2), Reasons(run, TrackingNames.Parse));
        Assert.Equal(Each(IncrementalStepRunReason.Cached, 2), Reasons(run, TrackingNames.Analysis));
        var sources = SourceReasons(run);
        Assert.Equal(IncrementalStepRunReason.Modified, sources["Measured"]);
        // The other model is joined with the new set of tables again (Resolve: Unchanged), so its source is not re-emitted.
        Assert.Equal(IncrementalStepRunReason.Cached, sources["Other"]);
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

        foreach (var step in new[] { TrackingNames.Parse, TrackingNames.Analysis, TrackingNames.Tables, TrackingNames.Resolve, TrackingNames.Diagnostics, TrackingNames.Source })
            Assert.All(Reasons(run, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Networks_parse_once_per_compilation_and_analyse_only_the_edited_one()
    {
        var linear = NetworkGeneratorTests.ReluNet.Replace("ReluNet", "LinearNet").Replace("Activation.Relu", "Activation.Linear");
        var compilation = GeneratorHarness.Compile(NetworkGeneratorTests.ReluNet, linear, "namespace Other; public class Unrelated { public int X => 1; }");
        var driver = GeneratorHarness.CreateNetworkDriver().RunGenerators(compilation);
        string[] networks = ["ReluNet", "LinearNet"];
        GeneratorRunResult Network(GeneratorDriver d) => d.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType().Name == "RgNetworkGenerator");

        driver = driver.RunGenerators(Replace(compilation, 2, "namespace Other; public class Unrelated { public int X => 2; }"));
        var run = Network(driver);
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(run, NetworkTrackingNames.KnownSymbols));
        // A body edit elsewhere: the declarations are unchanged, so no network is read again.
        Assert.Equal(Each(IncrementalStepRunReason.Unchanged, 2), Reasons(run, NetworkTrackingNames.ParseInput));
        Assert.Equal(Each(IncrementalStepRunReason.Cached, 2), Reasons(run, NetworkTrackingNames.Parse));
        Assert.Equal(Each(IncrementalStepRunReason.Cached, 2), Reasons(run, NetworkTrackingNames.Analysis));
        Assert.Equal(Each(IncrementalStepRunReason.Cached, 2), Reasons(run, NetworkTrackingNames.Source));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        driver = driver.RunGenerators(Replace(compilation, 1, linear.Replace("Exponent = 0.5, Power = 1", "Exponent = 0.75, Power = 1")));
        run = Network(driver);
        var expected = new Dictionary<string, IncrementalStepRunReason> { ["ReluNet"] = IncrementalStepRunReason.Cached, ["LinearNet"] = IncrementalStepRunReason.Modified };
        Assert.Equal(expected, ReasonsByModel(run, NetworkTrackingNames.Analysis, networks));
        Assert.Equal(expected, ReasonsByModel(run, NetworkTrackingNames.Source, networks));
    }
}
