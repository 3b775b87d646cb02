namespace RgDsl.Generators.Tests;

public class SnapshotTests
{
    [Theory]
    [InlineData(nameof(ModelSources.FiniteWidthNet), ModelSources.FiniteWidthNet, "Demo.FiniteWidthNet.RgModel.g.cs")]
    [InlineData(nameof(ModelSources.InfinitePowerLaw), ModelSources.InfinitePowerLaw, "Demo.InfinitePowerLaw.RgModel.g.cs")]
    [InlineData(nameof(ModelSources.ExponentialSpectrum), ModelSources.ExponentialSpectrum, "ExponentialSpectrum.RgModel.g.cs")]
    public void Generated_source_matches_snapshot(string name, string source, string file)
    {
        var outcome = GeneratorHarness.Run(source);
        Assert.Empty(outcome.CompileErrors);
        Assert.True(outcome.Sources.ContainsKey(file), "generated files: " + string.Join(", ", outcome.Sources.Keys));
        SnapshotAssert.Matches(name, outcome.Sources[file]);
    }

    [Fact]
    public void Emitted_literals_are_culture_invariant_under_fi_FI()
    {
        // fi-FI writes 0,001 and uses U+2212 for minus: neither may leak into generated code.
        var previous = Thread.CurrentThread.CurrentCulture;
        string invariant, finnish;
        try
        {
            Thread.CurrentThread.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            invariant = GeneratorHarness.Run(ModelSources.InfinitePowerLaw).Sources["Demo.InfinitePowerLaw.RgModel.g.cs"];
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("fi-FI");
            var outcome = GeneratorHarness.Run(ModelSources.InfinitePowerLaw);
            Assert.Empty(outcome.CompileErrors);
            finnish = outcome.Sources["Demo.InfinitePowerLaw.RgModel.g.cs"];
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
        Assert.Equal(invariant, finnish);
        Assert.Contains("1.5d", finnish);      // the parameter default
        Assert.DoesNotContain("\u2212", finnish);
    }
}
