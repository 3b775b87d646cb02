using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace RgDsl.Packaging.Tests;

/// <summary>
/// Packs src/RgDsl and src/RgDsl.Reporting into a local feed and builds fresh consumer projects that have nothing but
/// one PackageReference each: the generator must arrive through analyzers/dotnet/cs (directly, or through
/// RgDsl.Reporting's dependency on RgDsl) and the model must run; the reporting consumer writes its own report
/// (README, "Your own report"). The core package must not bring ScottPlot or its native SkiaSharp assets. The test
/// leaves the machine as it found it: the consumers restore into a private packages folder (the user's global folder
/// serves only as a read-only fallback for the third-party packages), so no test build of RgDsl lands in it.
/// </summary>
public class PackageConsumerTests
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

                // README, "Your own report": every declared model of this assembly.
                var summary = RgReport.Write(RgReport.FindModels(typeof(Consumer).Assembly), new ReportOptions("out", ReportPreset.Quick));
                System.Console.WriteLine(summary);
            }
        }
        """;

    [Fact]
    public async Task Packed_packages_give_consumers_the_generator_and_the_runtime_and_the_core_has_no_plotting()
    {
        var root = FindRoot();
        var work = Directory.CreateTempSubdirectory("rgdsl-pack-");
        try
        {
            // A private packages folder per run: the built packages never reach the user's global folder, and no
            // older build of the same version can be served from it.
            const string version = "0.1.0-packagetest";
            var global = GlobalPackagesFolder(root);
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            var packages = Directory.CreateDirectory(Path.Combine(work.FullName, "packages")).FullName;
            // Packing RgDsl.Reporting builds RgDsl (and the generator) with the same version; RgDsl is then packed as built.
            Run(root, $"pack src/RgDsl.Reporting/RgDsl.Reporting.csproj -c Release -o \"{feed}\" -p:Version={version}");
            Run(root, $"pack src/RgDsl/RgDsl.csproj --no-build -c Release -o \"{feed}\" -p:Version={version}");

            // Two fresh consumers, built and run side by side: the core package alone, and the reporting package alone.
            var core = Consumer(work.FullName, "core", "RgDsl", version, feed, packages, global, CoreProgram);
            var reporting = Consumer(work.FullName, "reporting", "RgDsl.Reporting", version, feed, packages, global, ReportingProgram);
            var outputs = await Task.WhenAll(new[] { core, reporting }.Select(dir => Task.Run(() => Run(dir, "run -c Release"))));

            // The core package: a model that predicts, and no plotting library anywhere in its dependency closure.
            Assert.Contains("E0=2.0000", outputs[0]);
            Assert.Contains("exponent=-1", outputs[0]); // ridgeless −min(β, 2(1+α)) with α = β = 1
            var libraries = Libraries(core);
            Assert.Contains(libraries, l => l.StartsWith("RgDsl/", StringComparison.Ordinal));
            Assert.DoesNotContain(libraries, l => l.StartsWith("ScottPlot", StringComparison.OrdinalIgnoreCase) || l.StartsWith("SkiaSharp", StringComparison.OrdinalIgnoreCase));

            // The reporting package: the generator comes through its dependency on RgDsl, it plots, and it writes a
            // report of the consumer's own models, theory document included.
            Assert.Matches(@"png=\d{4,}", outputs[1]);
            Assert.Contains(Libraries(reporting), l => l.StartsWith("ScottPlot/", StringComparison.Ordinal));
            Assert.Contains("Consumer: Gaussian; fitted ε ∝ P^", outputs[1]);
            Assert.Contains("[Consumer](Consumer/report.md)", File.ReadAllText(Path.Combine(reporting, "out", "index.md")));
            Assert.Contains("[theory](../THEORY.md)", File.ReadAllText(Path.Combine(reporting, "out", "Consumer", "report.md")));
            Assert.True(File.Exists(Path.Combine(reporting, "out", "THEORY.md")));

            // Nothing of this test in the user's global packages folder; everything in the private one.
            Assert.True(Directory.Exists(Path.Combine(packages, "rgdsl", version)), "the private packages folder holds the restored package");
            // The generator and, next to it, the IDE code fixes (their own assembly: they need Workspaces, which the
            // compiler does not load, yet the consumers above built with both in the analyzer folder).
            var analyzers = Path.Combine(packages, "rgdsl", version, "analyzers", "dotnet", "cs");
            Assert.True(File.Exists(Path.Combine(analyzers, "RgDsl.Generators.dll")), "the package ships the generator");
            Assert.True(File.Exists(Path.Combine(analyzers, "RgDsl.CodeFixes.dll")), "the package ships the code fixes");
            Assert.DoesNotContain(outputs, o => o.Contains("CS8032", StringComparison.Ordinal) || o.Contains("AD0001", StringComparison.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(global, "rgdsl", version)), $"{global} must not receive the test's packages");
            Assert.False(Directory.Exists(Path.Combine(global, "rgdsl.reporting", version)), $"{global} must not receive the test's packages");
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static string Consumer(string work, string name, string package, string version, string feed, string packages, string global, string program)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup><PackageReference Include="{package}" Version="{version}" /></ItemGroup>
            </Project>
            """);
        // Restore into the private folder; packages the user already has are read from their global folder in place.
        File.WriteAllText(Path.Combine(dir, "NuGet.config"), $"""
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <fallbackPackageFolders>
                <clear />
                <add key="user" value="{global}" />
              </fallbackPackageFolders>
              <packageSources>
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "Model.cs"), Model);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
        return dir;
    }

    /// <summary>Every package in the restored dependency closure, as "Name/Version".</summary>
    private static List<string> Libraries(string project)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "obj", "project.assets.json")));
        return assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
    }

    /// <summary>The user's global packages folder, as NuGet resolves it (NUGET_PACKAGES, NuGet.config, or ~/.nuget/packages).</summary>
    private static string GlobalPackagesFolder(string root)
    {
        var line = Run(root, "nuget locals global-packages --list").Split('\n').First(l => l.Contains("global-packages:", StringComparison.Ordinal));
        return line[(line.IndexOf(':') + 1)..].Trim().TrimEnd('/', '\\');
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RgDsl.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("RgDsl.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Run(string directory, string arguments)
    {
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {arguments} timed out");
        }
        var text = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"dotnet {arguments} failed ({process.ExitCode}):\n{text}");
        return text;
    }
}
