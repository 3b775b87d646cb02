using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RgDsl.Generators.Tests;

public class CachingTests
{
    [Fact]
    public void An_unrelated_edit_leaves_the_pipeline_cached()
    {
        var compilation = GeneratorHarness.Compile(ModelSources.InfinitePowerLaw, "namespace Other; public class Unrelated { public int X => 1; }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var unrelated = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(unrelated,
            CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { public int X => 2; public int Y => 3; }", (CSharpParseOptions)unrelated.Options, unrelated.FilePath));
        driver = driver.RunGenerators(edited);

        var run = driver.GetRunResult().Results.Single();
        var steps = run.TrackedSteps[TrackingNames.Models];
        Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step output was {o.Reason}"));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_to_the_model_regenerates_it()
    {
        var compilation = GeneratorHarness.Compile(ModelSources.InfinitePowerLaw);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            ModelSources.InfinitePowerLaw.Replace("1e-4", "2e-4"), (CSharpParseOptions)tree.Options, tree.FilePath));
        driver = driver.RunGenerators(edited);
        var outputs = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs);
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
    }
}
