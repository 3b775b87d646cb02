using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace RgDsl.Packaging.Tests;

/// <summary>Runs the dotnet CLI as a user would, and reads what a restore produced.</summary>
internal static class Dotnet
{
    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="directory"/> and returns its output; fails the
    /// test on a non-zero exit code or after five minutes. <paramref name="environment"/> adds or overrides variables.
    /// </summary>
    public static string Run(string directory, string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
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

    /// <summary>Every package in the restored dependency closure of a project directory, as "Name/Version".</summary>
    public static List<string> Libraries(string project)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "obj", "project.assets.json")));
        return assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
    }
}
