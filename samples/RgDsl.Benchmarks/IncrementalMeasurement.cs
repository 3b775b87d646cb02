using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RgDsl.Benchmarks;

/// <summary>
/// What an IDE pays on a keystroke that does not touch a model (issue 22): the model generator on the project of
/// <see cref="DiagramMeasurement"/> (50 models × 3 custom vertices, first and second order) plus one unrelated file.
/// A warm full run is a fresh driver on a fresh compilation after the generator is loaded and JIT-compiled; a rerun is
/// the same driver, already run once, on a fresh compilation in which only the unrelated file changed. Both kinds of
/// run see a new compilation (nothing bound yet), so their difference is what the pipeline's caching saves.
/// </summary>
internal static class IncrementalMeasurement
{
    public static void Run(int models = 50, int runs = 9, int profileReruns = 0)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"Generator rerun after an unrelated edit: {models} models × 3 vertices, first and second order; median of {runs} runs");
        var generator = DiagramMeasurement.LoadGenerator();
        var sources = Enumerable.Range(0, models).Select(DiagramMeasurement.Model).Append(Unrelated(0)).ToArray();
        var compilation = DiagramMeasurement.Compile(sources);
        var unrelated = compilation.SyntaxTrees.Last();
        var edit = 0;
        // Each measured run gets a compilation no run has seen: the unrelated file edited once more.
        CSharpCompilation Edited() =>
            compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText(Unrelated(++edit), (CSharpParseOptions)unrelated.Options, unrelated.FilePath));
        GeneratorDriver Driver(bool track) => CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

        for (var r = 0; r < 3; r++) Driver(false).RunGenerators(Edited()); // load and JIT the generator and the compiler
        if (profileReruns > 0)
        {
            // Only reruns, for a profiler (dotnet-trace) to see where they spend their time.
            var warm = Driver(false).RunGenerators(Edited());
            for (var r = 0; r < profileReruns; r++) warm = warm.RunGenerators(Edited());
            return;
        }

        var full = new List<double>();
        var rerun = new List<double>();
        var fullCpu = new List<double>();
        var rerunCpu = new List<double>();
        var diagnostics = 0;
        // Process CPU next to wall time: on a shared machine the wall time also counts other processes' turns.
        static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        for (var r = 0; r < runs; r++)
        {
            var c = Edited();
            var cpu = Cpu();
            var clock = Stopwatch.StartNew();
            var driver = Driver(false).RunGenerators(c);
            full.Add(clock.Elapsed.TotalMilliseconds);
            fullCpu.Add(Cpu() - cpu);
            diagnostics = driver.GetRunResult().Diagnostics.Length;

            c = Edited();
            cpu = Cpu();
            clock.Restart();
            var again = driver.RunGenerators(c);
            rerun.Add(clock.Elapsed.TotalMilliseconds);
            rerunCpu.Add(Cpu() - cpu);
            if (again.GetRunResult().Diagnostics.Length != diagnostics) throw new InvalidOperationException("the rerun reported other diagnostics than the full run");
        }
        full.Sort();
        rerun.Sort();
        fullCpu.Sort();
        rerunCpu.Sort();
        double Median(List<double> xs) => xs[xs.Count / 2];
        Console.WriteLine(string.Create(inv, $"  warm full run:               median {Median(full):F1} ms (min {full[0]:F1}, max {full[^1]:F1}); {diagnostics} diagnostics"));
        Console.WriteLine(string.Create(inv, $"  rerun after an unrelated edit: median {Median(rerun):F1} ms (min {rerun[0]:F1}, max {rerun[^1]:F1})"));
        Console.WriteLine(string.Create(inv, $"  rerun / full run: {Median(rerun) / Median(full):P1} wall"));
        Console.WriteLine(string.Create(inv, $"  process CPU: full run median {Median(fullCpu):F0} ms, rerun median {Median(rerunCpu):F0} ms, rerun / full run {Median(rerunCpu) / Median(fullCpu):P1}"));

        // Which steps ran again, from a tracked driver (tracking costs time, so it is not timed).
        var tracked = Driver(true).RunGenerators(Edited()).RunGenerators(Edited()).GetRunResult().Results.Single();
        foreach (var (step, runsOfStep) in tracked.TrackedSteps.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var reasons = runsOfStep.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key)
                .Select(g => string.Create(inv, $"{g.Key}={g.Count()}"));
            Console.WriteLine($"    step {step}: {string.Join(", ", reasons)}");
        }
    }

    private static string Unrelated(int version) => string.Create(CultureInfo.InvariantCulture,
        $"namespace Other; public class Unrelated {{ public int X => {version}; }}");
}
