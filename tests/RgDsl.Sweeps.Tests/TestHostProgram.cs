using System.Diagnostics;
using System.Text;
using RgDsl.Sweeps.TestHost;
using RgDsl.Sweeps.Cli;

namespace RgDsl.Sweeps.Tests;

/// <summary>The test host program (tests/RgDsl.Sweeps.TestHost): started as real child processes, or called in-process.</summary>
internal static class TestHostProgram
{
    /// <summary><c>dotnet RgDsl.Sweeps.TestHost.dll</c>, with the dotnet that runs the tests.</summary>
    public static IReadOnlyList<string> Command { get; } =
        [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet", typeof(TestSweeps).Assembly.Location];

    /// <summary>Runs the sweep command line in this process (output captured); "run --local" would start <see cref="Command"/>.</summary>
    public static (int ExitCode, string Output) InProcess(params string[] args)
    {
        var output = new StringWriter();
        var code = SweepCommand.Run(args, TestSweeps.All(), new SweepCommandSettings(output, output, Command));
        return (code, output.ToString());
    }

    /// <summary>Starts the test host as a child process; stdout and stderr are collected in <see cref="Child.Output"/>.</summary>
    public static Child Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in Command.Skip(1).Concat(args)) info.ArgumentList.Add(word);
        info.Environment.Remove("RGDSL_TEST_UNIT_DELAY_MS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return new Child(Process.Start(info)!);
    }

    /// <summary>Runs the test host to the end (at most two minutes) and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        using var child = Start(args);
        return (child.Wait(TimeSpan.FromMinutes(2)), child.Output);
    }

    public sealed class Child : IDisposable
    {
        private readonly StringBuilder _output = new();

        public Child(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output { get { lock (_output) return _output.ToString(); } }

        public int Wait(TimeSpan timeout)
        {
            if (!Process.WaitForExit(timeout))
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the test host did not finish within {timeout}; output so far:\n{Output}");
            }
            Process.WaitForExit(); // drains the output
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }
}

/// <summary>A fresh directory under the temporary folder, deleted afterwards.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string? name = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rgdsl-sweeps-tests", (name ?? "d") + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
