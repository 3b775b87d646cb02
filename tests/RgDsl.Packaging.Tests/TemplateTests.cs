using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace RgDsl.Packaging.Tests;

/// <summary>
/// The template package as a user meets it (docs/INSTALL.md, "Start a project from the template"): installed from the packed
/// .nupkg, instantiated with <c>dotnet new rgdsl-model</c>, built against the RgDsl packed next to it, run, and its own
/// tests run. The template engine works in a private hive (<c>--debug:custom-hive</c>), so the user's installed
/// templates are neither read nor changed; packages restore into the feed's private folder.
/// </summary>
[Collection(PackedFeed.Collection)]
public class TemplateTests(PackedFeed packed, ITestOutputHelper log)
{
    [Fact]
    public void Template_creates_a_model_with_a_report_and_passing_tests_against_the_packed_RgDsl()
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pack RgDsl, RgDsl.Reporting, RgDsl.Templates (shared fixture): {packed.PackTime.TotalSeconds:F1} s"));
        // The packed template.json is the repository's, with the packed version as the default RgDslVersion.
        using (var package = ZipFile.OpenRead(packed.TemplatePackage))
        using (var packedJson = new StreamReader(package.GetEntry("content/rgdsl-model/.template.config/template.json")!.Open()))
        {
            var source = File.ReadAllText(Path.Combine(packed.Root, "templates", "RgDsl.Templates", "content", "rgdsl-model", ".template.config", "template.json"));
            var version = Regex.Match(File.ReadAllText(Path.Combine(packed.Root, "Directory.Build.props")), "<RgDslVersion>(.+)</RgDslVersion>").Groups[1].Value;
            Assert.Equal(source.Replace($"\"defaultValue\": \"{version}\"", $"\"defaultValue\": \"{PackedFeed.Version}\"", StringComparison.Ordinal).TrimEnd(), packedJson.ReadToEnd().TrimEnd());
        }

        var work = packed.CreateDirectory("template");
        var hive = Path.Combine(work, "hive");
        Step("dotnet new install", () => Dotnet.Run(work, $"new install \"{packed.TemplatePackage}\" --debug:custom-hive \"{hive}\""));
        // A name that is not an identifier: files keep it, code gets its namespace-safe form (Xyz_Model).
        var project = Path.Combine(work, "Xyz-Model");
        Step("dotnet new rgdsl-model", () => Dotnet.Run(work, $"new rgdsl-model -n Xyz-Model -o \"{project}\" --Feed \"{packed.Feed}\" --no-update-check --debug:custom-hive \"{hive}\""));

        // The instantiated solution; its nuget.config names the feed, and the RgDsl version defaults to the packed one.
        foreach (var file in new[] { "Xyz-Model.sln", "nuget.config", "Xyz-Model/Xyz-Model.csproj", "Xyz-Model/WideNetwork.cs", "Xyz-Model/Program.cs", "Xyz-Model.Tests/Xyz-Model.Tests.csproj", "Xyz-Model.Tests/WideNetworkTests.cs" })
            Assert.True(File.Exists(Path.Combine(project, file)), $"the template creates {file}");
        Assert.Contains($"value=\"{packed.Feed}\"", File.ReadAllText(Path.Combine(project, "nuget.config")));
        Assert.Contains("namespace Xyz_Model;", File.ReadAllText(Path.Combine(project, "Xyz-Model", "WideNetwork.cs")));

        // The project's own nuget.config gives the sources; this one, a directory up, the private packages folder.
        File.WriteAllText(Path.Combine(work, "NuGet.config"), packed.NuGetConfig(sources: false));

        // Its tests, built with warnings as errors; the counts come from the TRX file, whatever the CLI's language.
        var trx = Path.Combine(work, "results.trx");
        var test = Step("dotnet test (restore, build, 4 tests)", () => Dotnet.Run(project, $"test -p:TreatWarningsAsErrors=true --logger \"trx;LogFileName={trx}\""));
        var counters = XDocument.Load(trx).Descendants().Single(e => e.Name.LocalName == "Counters");
        int Count(string name) => int.Parse(counters.Attribute(name)!.Value, CultureInfo.InvariantCulture);
        Assert.True(Count("total") == 4 && Count("passed") == 4, $"the template's 4 tests pass: {counters}\n{test}");
        Assert.Contains($"RgDsl/{PackedFeed.Version}", Dotnet.Libraries(Path.Combine(project, "Xyz-Model")));

        // The program, under a culture with a decimal comma: its numbers must still be invariant.
        var finnish = new Dictionary<string, string> { ["LANG"] = "fi_FI.UTF-8", ["LC_ALL"] = "fi_FI.UTF-8" };
        var run = Step("dotnet run (quick report)", () => Dotnet.Run(project, "run --project Xyz-Model --no-build", finnish));
        var errors = new[] { 10, 100, 1000 }.Select(p =>
        {
            var match = Regex.Match(run, $@"^\s*{p}\s+(\S+)\s+(\S+)\s*$", RegexOptions.Multiline);
            Assert.True(match.Success, $"a learning-curve row for P = {p}:\n{run}");
            return double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }).ToArray();
        Assert.True(errors[0] > errors[1] && errors[1] > errors[2] && errors[2] > 0, $"ε falls with P:\n{run}");
        Assert.Matches(@"WideNetwork: 1 perturbation\(s\); fitted ε ∝ P\^-0\.\d+", run);
        Assert.Contains("scaling SquaredNorm: Relevant", run);
        Assert.Contains("Report: out/index.md (1 models in", run);
        var output = Path.Combine(project, "out");
        Assert.Contains("[WideNetwork](WideNetwork/report.md)", File.ReadAllText(Path.Combine(output, "index.md")));
        Assert.True(File.Exists(Path.Combine(output, "WideNetwork", "learning-curve.png")), "the report draws the learning curve");
        Assert.True(File.Exists(Path.Combine(output, "THEORY.md")), "the report carries the theory document");

        Assert.DoesNotContain("CS8032", test, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", test, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(packed.Packages, "rgdsl.reporting", PackedFeed.Version)), "the private packages folder holds the restored package");
        Assert.False(packed.GlobalFolderHas("RgDsl.Reporting"), $"{packed.GlobalPackages} must not receive the test's packages");
        Assert.False(packed.GlobalFolderHas("RgDsl"), $"{packed.GlobalPackages} must not receive the test's packages");
    }

    /// <summary>Runs one step and logs its duration (the test's cost in CI is the sum; the pack is the fixture's).</summary>
    private string Step(string name, Func<string> step)
    {
        var clock = Stopwatch.StartNew();
        var output = step();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {clock.Elapsed.TotalSeconds:F1} s"));
        return output;
    }
}
