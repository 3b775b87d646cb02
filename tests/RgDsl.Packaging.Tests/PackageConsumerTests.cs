using System.Diagnostics;
using Xunit;

namespace RgDsl.Packaging.Tests;

/// <summary>
/// Packs src/RgDsl into a local feed and builds a fresh consumer project that has nothing but one PackageReference:
/// the generator must arrive through analyzers/dotnet/cs and the model must run.
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

        public static class Program
        {
            public static void Main()
            {
                var point = new Consumer().Predict(1e5);
                System.Console.WriteLine("E0=" + point.OverfittingFactor.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        """;

    [Fact]
    public void Packed_package_gives_a_consumer_the_generator_and_the_runtime()
    {
        var root = FindRoot();
        var work = Directory.CreateTempSubdirectory("rgdsl-pack-");
        try
        {
            // A unique version, so that the global package cache never serves an older build of the same version.
            var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            Run(root, $"pack src/RgDsl/RgDsl.csproj -c Release -o \"{feed}\" -p:Version={version}");

            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
                  <ItemGroup><PackageReference Include="RgDsl" Version="{version}" /></ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), Model);
            var output = Run(consumer, "run -c Release");
            Assert.Contains("E0=2.0000", output);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
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
