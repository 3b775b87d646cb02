using Xunit;

namespace RgDsl.Packaging.Tests;

/// <summary>
/// Fresh consumer projects, built against src/RgDsl and src/RgDsl.Reporting packed into a local feed
/// (<see cref="PackedFeed"/>), that have nothing but one PackageReference each: the generator must arrive through
/// analyzers/dotnet/cs (directly, or through RgDsl.Reporting's dependency on RgDsl) and the model must run; the
/// reporting consumer writes its own report (docs/REPORTS.md, "Your own report"). The core package must not bring ScottPlot or
/// its native SkiaSharp assets. The test leaves the machine as it found it: the consumers restore into the feed's
/// private packages folder, so no test build of RgDsl lands in the user's global folder.
/// </summary>
[Collection(PackedFeed.Collection)]
public class PackageConsumerTests(PackedFeed packed)
{
    private const string Model = """
        using RgDsl;

        [RgModel(Modes = RgModel.Infinite)]
        public partial class Consumer
        {
            [Parameter] public double Alpha { get; init; } = 1.0;
            [Spectrum] public double Eigenvalue(long k) => System.Math.Pow(k, -(1 + Alpha));
            [Ridge] public double Kappa => 0;
        }
        """;

    private const string CoreProgram = """
        using RgDsl;

        public static class Program
        {
            public static void Main()
            {
                IDeclaredModel model = new Consumer();
                var point = model.Predict(1e5);
                System.Console.WriteLine("E0=" + point.OverfittingFactor.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
                System.Console.WriteLine("exponent=" + Consumer.CompileTimeScaling!.LearningCurveExponent.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        """;

    private const string ReportingProgram = """
        using RgDsl.Reporting;

        public static class Program
        {
            public static void Main()
            {
                var curve = new Consumer().LearningCurve(10, 100, 1000);
                var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rgdsl-consumer-" + System.Guid.NewGuid().ToString("N") + ".png");
                LearningCurvePlot.SavePng(path, curve);
                System.Console.WriteLine("png=" + new System.IO.FileInfo(path).Length);
                System.IO.File.Delete(path);

                // docs/REPORTS.md, "Your own report": every declared model of this assembly.
                var summary = RgReport.Write(RgReport.FindModels(typeof(Consumer).Assembly), new ReportOptions("out", ReportPreset.Quick));
                System.Console.WriteLine(summary);
            }
        }
        """;

    [Fact]
    public async Task Packed_packages_give_consumers_the_generator_and_the_runtime_and_the_core_has_no_plotting()
    {
        const string version = PackedFeed.Version;
        var work = packed.CreateDirectory("consumers");

        // Two fresh consumers, built and run side by side: the core package alone, and the reporting package alone.
        var core = Consumer(work, "core", "RgDsl", CoreProgram);
        var reporting = Consumer(work, "reporting", "RgDsl.Reporting", ReportingProgram);
        var outputs = await Task.WhenAll(new[] { core, reporting }.Select(dir => Task.Run(() => Dotnet.Run(dir, "run -c Release"))));

        // The core package: a model that predicts, and no plotting library anywhere in its dependency closure.
        Assert.Contains("E0=2.0000", outputs[0]);
        Assert.Contains("exponent=-1", outputs[0]); // ridgeless −min(β, 2(1+α)) with α = β = 1
        var libraries = Dotnet.Libraries(core);
        Assert.Contains(libraries, l => l.StartsWith("RgDsl/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("ScottPlot", StringComparison.OrdinalIgnoreCase) || l.StartsWith("SkiaSharp", StringComparison.OrdinalIgnoreCase));

        // The reporting package: the generator comes through its dependency on RgDsl, it plots, and it writes a
        // report of the consumer's own models, theory document included.
        Assert.Matches(@"png=\d{4,}", outputs[1]);
        Assert.Contains(Dotnet.Libraries(reporting), l => l.StartsWith("ScottPlot/", StringComparison.Ordinal));
        Assert.Contains("Consumer: Gaussian; fitted ε ∝ P^", outputs[1]);
        Assert.Contains("[Consumer](Consumer/report.md)", File.ReadAllText(Path.Combine(reporting, "out", "index.md")));
        Assert.Contains("[theory](../THEORY.md)", File.ReadAllText(Path.Combine(reporting, "out", "Consumer", "report.md")));
        Assert.True(File.Exists(Path.Combine(reporting, "out", "THEORY.md")));

        // Nothing of this test in the user's global packages folder; everything in the private one.
        Assert.True(Directory.Exists(Path.Combine(packed.Packages, "rgdsl", version)), "the private packages folder holds the restored package");
        // The generator and, next to it, the IDE code fixes (their own assembly: they need Workspaces, which the
        // compiler does not load, yet the consumers above built with both in the analyzer folder).
        var analyzers = Path.Combine(packed.Packages, "rgdsl", version, "analyzers", "dotnet", "cs");
        Assert.True(File.Exists(Path.Combine(analyzers, "RgDsl.Generators.dll")), "the package ships the generator");
        Assert.True(File.Exists(Path.Combine(analyzers, "RgDsl.CodeFixes.dll")), "the package ships the code fixes");
        Assert.DoesNotContain(outputs, o => o.Contains("CS8032", StringComparison.Ordinal) || o.Contains("AD0001", StringComparison.Ordinal));
        Assert.False(packed.GlobalFolderHas("RgDsl"), $"{packed.GlobalPackages} must not receive the test's packages");
        Assert.False(packed.GlobalFolderHas("RgDsl.Reporting"), $"{packed.GlobalPackages} must not receive the test's packages");
    }

    private string Consumer(string work, string name, string package, string program)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup><PackageReference Include="{package}" Version="{PackedFeed.Version}" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "NuGet.config"), packed.NuGetConfig(sources: true));
        File.WriteAllText(Path.Combine(dir, "Model.cs"), Model);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
        return dir;
    }
}
