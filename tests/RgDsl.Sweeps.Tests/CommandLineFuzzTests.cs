using System.Diagnostics;
using System.Globalization;
using RgDsl.Sweeps.Cli;

namespace RgDsl.Sweeps.Tests;

/// <summary>
/// Issue 21: the sweep entry point (<see cref="SweepCommand.Run(string[], IReadOnlyList{RgDsl.Sweeps.Definition.Sweep}, SweepCommandSettings?)"/>)
/// fuzzed with random command lines — verbs, options, extreme and malformed values, unknown words, directories that are
/// files or do not exist. Every command line must end within the per-case limit with one of the documented exit codes,
/// and a failing one must say why (an "error:" line or the parser's message), never with an exception escaping or a
/// stack trace in the output. `run --local` is left out: it starts child processes (covered by the sharded-run tests).
/// </summary>
public class CommandLineFuzzTests
{
    private const int CiCases = 300;
    private static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(30);

    private static readonly string[] Verbs = ["plan", "run", "status", "merge", "list", "bogus", ""];
    private static readonly string[] Numbers = ["-1", "0", "1", "2", "3", "16", "1000", "2147483648", "abc", "1e3", "", "NaN"];
    private static readonly string[] Words = ["", "x", "\"unterminated", "a b c", "--", "-", "é ü", "/", "%k"];

    private static readonly Dictionary<string, string[]> Options = new()
    {
        ["--sweep"] = ["small", "failing", "nope", ""],
        ["--shards"] = Numbers, ["--shard"] = Numbers, ["--of"] = Numbers, ["--cpus-per-task"] = Numbers,
        ["--max-running"] = Numbers, ["--parallelism"] = Numbers,
        ["--time"] = ["01:00:00", "1:00", "bogus", ""], ["--mem"] = ["4G", "", "-1"], ["--partition"] = Words, ["--account"] = Words,
        ["--sbatch"] = ["--qos=short", "", "--array=0-3"], ["--command"] = Words, ["--k8s-command"] = Words, ["--image"] = Words,
        ["--claim"] = Words, ["--mount"] = ["/sweeps", "", "relative"], ["--k8s-dir"] = Words, ["--k8s-memory"] = ["4Gi", ""],
        ["--all"] = [], ["--allow-missing"] = [], ["--unknown"] = [],
    };

    [Fact]
    public async Task Random_command_lines_end_with_a_documented_code_and_a_reason()
    {
        var seed = Environment.GetEnvironmentVariable("RGDSL_SWEEP_FUZZ_SEED") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : 20_261_207;
        var cases = Environment.GetEnvironmentVariable("RGDSL_SWEEP_FUZZ_CASES") is { Length: > 0 } c ? int.Parse(c, CultureInfo.InvariantCulture) : CiCases;
        using var temp = new TemporaryDirectory("fuzz");
        File.WriteAllText(temp.Sub("a-file"), "not a directory");
        string[] directories = [temp.Sub("d1"), temp.Sub("d2"), temp.Sub("with space"), temp.Sub("a-file"), temp.Sub("a-file/below"), ""];
        var random = new Random(seed);
        var codes = new int[4];
        for (var i = 0; i < cases; i++)
        {
            var args = CommandLine(random, directories);
            var line = string.Join(" ", args.Select(a => "[" + a + "]"));
            var task = Task.Run(() => TestHostProgram.InProcess(args));
            var finished = await Task.WhenAny(task, Task.Delay(CaseTimeLimit));
            Assert.True(finished == task, $"case {i} (seed {seed}): no answer within {CaseTimeLimit.TotalSeconds} s: {line}");
            var (code, output) = await task;
            Assert.True(code is SweepCommand.Success or SweepCommand.Error or SweepCommand.Incomplete or SweepCommand.UnitsFailed,
                $"case {i} (seed {seed}): exit code {code}: {line}\n{output}");
            codes[code]++;
            Assert.DoesNotContain("   at RgDsl", output);
            Assert.DoesNotContain("Unhandled exception", output);
            // A failure says why: our "error: …" line, or the parser's own message above its usage text.
            if (code == SweepCommand.Error)
                Assert.True(output.TrimStart().Split('\n')[0].Trim().Length >= 20, $"case {i} (seed {seed}): exit code 1 without a reason: {line}\n{output}");
        }
        // Both outcomes occur often: the fuzz reaches the verbs' work, not only the parser.
        Assert.True(codes[SweepCommand.Success] >= cases / 20 && codes[SweepCommand.Error] >= cases / 20, $"exit codes 0..3: {string.Join(", ", codes)}");
    }

    private static string[] CommandLine(Random random, string[] directories)
    {
        var args = new List<string>();
        var verb = Verbs[random.Next(Verbs.Length)];
        if (verb.Length > 0) args.Add(verb);
        // Mostly a valid sweep and directory, so that the verbs run.
        if (random.NextDouble() < 0.9) args.AddRange(["--sweep", random.NextDouble() < 0.8 ? (random.NextDouble() < 0.7 ? "small" : "failing") : "nope"]);
        if (random.NextDouble() < 0.9) args.AddRange(["--dir", directories[random.NextDouble() < 0.7 ? random.Next(2) : random.Next(directories.Length)]]);
        if (verb == "run" && random.NextDouble() < 0.7)
        {
            var of = random.Next(1, 5);
            args.AddRange(["--shard", random.Next(of).ToString(CultureInfo.InvariantCulture), "--of", of.ToString(CultureInfo.InvariantCulture)]);
        }
        var keys = Options.Keys.ToArray();
        for (var k = random.Next(4); k > 0; k--)
        {
            var key = keys[random.Next(keys.Length)];
            args.Add(key);
            if (Options[key].Length > 0 && random.NextDouble() < 0.95) args.Add(Options[key][random.Next(Options[key].Length)]);
        }
        if (random.NextDouble() < 0.1) args.Insert(random.Next(args.Count + 1), Words[random.Next(Words.Length)]);
        return args.ToArray();
    }
}
