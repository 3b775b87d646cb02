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
/// run see a new compilation (nothing bound yet), so their difference is what the pipeline's caching saves. Two kinds
/// of unrelated edit: inside a member body (most keystrokes; the parse stays cached) and of a declaration (a member
/// renamed: every parse reruns, because a declaration anywhere can change what a model's body binds to).
/// </summary>
internal static class IncrementalMeasurement
{
    public static void Run(int models = 50, int runs = 9, int profileReruns = 0)
    {
        Console.WriteLine($"Generator rerun after an unrelated edit: {models} models × 3 vertices, first and second order; median of {runs} runs");
        var generator = DiagramMeasurement.LoadGenerator();
        var sources = Enumerable.Range(0, models).Select(DiagramMeasurement.Model).Append(Unrelated(0, declaration: false)).ToArray();
        var compilation = DiagramMeasurement.Compile(sources);
        var unrelated = compilation.SyntaxTrees.Last();
        var edit = 0;
        // Each measured run gets a compilation no run has seen: the unrelated file edited once more.
        CSharpCompilation Edited(bool declaration) =>
            compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText(Unrelated(++edit, declaration), (CSharpParseOptions)unrelated.Options, unrelated.FilePath));
        GeneratorDriver Driver(bool track) => CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

        for (var r = 0; r < 3; r++) Driver(false).RunGenerators(Edited(true)); // load and JIT the generator and the compiler
        if (profileReruns > 0)
        {
            // Only reruns after declaration edits, for a profiler (dotnet-trace) to see where they spend their time.
            var warm = Driver(false).RunGenerators(Edited(true));
            for (var r = 0; r < profileReruns; r++) warm = warm.RunGenerators(Edited(true));
            return;
        }
        foreach (var declaration in new[] { false, true })
            Measure(declaration ? "of a declaration (a member renamed)" : "inside a member body", runs, () => Edited(declaration), Driver, StepNames(generator));

        // The part of a rerun no reader of C# meaning avoids once it must parse again: on a fresh compilation, the
        // compiler binding the models' member attributes and member bodies (what the parse asks for), without the generator.
        var floor = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var c = Edited(true);
            var clock = Stopwatch.StartNew();
            BindModels(c);
            floor.Add(clock.Elapsed.TotalMilliseconds);
        }
        floor.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compiler alone binding the models' attributes and bodies on a fresh compilation: median {Median(floor):F1} ms"));
    }

    private static double Median(List<double> xs) => xs[xs.Count / 2];

    private static void Measure(string kind, int runs, Func<CSharpCompilation> edited, Func<bool, GeneratorDriver> driverOf, IReadOnlySet<string> ours)
    {
        var inv = CultureInfo.InvariantCulture;
        var full = new List<double>();
        var rerun = new List<double>();
        var fullCpu = new List<double>();
        var rerunCpu = new List<double>();
        var diagnostics = 0;
        // Process CPU next to wall time: on a shared machine the wall time also counts other processes' turns.
        static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        for (var r = 0; r < runs; r++)
        {
            var c = edited();
            var cpu = Cpu();
            var clock = Stopwatch.StartNew();
            var driver = driverOf(false).RunGenerators(c);
            full.Add(clock.Elapsed.TotalMilliseconds);
            fullCpu.Add(Cpu() - cpu);
            diagnostics = driver.GetRunResult().Diagnostics.Length;

            c = edited();
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
        Console.WriteLine($"Unrelated edit {kind}:");
        Console.WriteLine(string.Create(inv, $"  warm full run:               median {Median(full):F1} ms (min {full[0]:F1}, max {full[^1]:F1}); {diagnostics} diagnostics"));
        Console.WriteLine(string.Create(inv, $"  rerun after the edit:        median {Median(rerun):F1} ms (min {rerun[0]:F1}, max {rerun[^1]:F1})"));
        Console.WriteLine(string.Create(inv, $"  rerun / full run: {Median(rerun) / Median(full):P1} wall"));
        Console.WriteLine(string.Create(inv, $"  process CPU: full run median {Median(fullCpu):F0} ms, rerun median {Median(rerunCpu):F0} ms, rerun / full run {Median(rerunCpu) / Median(fullCpu):P1}"));

        // Which steps ran again, from a tracked driver (tracking costs time, so it is not timed).
        var tracked = driverOf(true).RunGenerators(edited()).RunGenerators(edited()).GetRunResult().Results.Single();
        foreach (var (step, runsOfStep) in tracked.TrackedSteps.Where(s => ours.Contains(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var reasons = runsOfStep.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key)
                .Select(g => string.Create(inv, $"{g.Key}={g.Count()}"));
            Console.WriteLine($"    step {step}: {string.Join(", ", reasons)}");
        }
    }

    /// <summary>
    /// The generator's own tracked steps, read from its <c>TrackingNames</c> constants (Roslyn's internal steps are left
    /// out of the listing).
    /// </summary>
    private static IReadOnlySet<string> StepNames(IIncrementalGenerator generator) =>
        generator.GetType().Assembly.GetType("RgDsl.Generators.TrackingNames", throwOnError: true)!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    private static void BindModels(CSharpCompilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var semantic = compilation.GetSemanticModel(tree);
            foreach (var type in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
            {
                var symbol = semantic.GetDeclaredSymbol(type)!;
                symbol.GetAttributes();
                foreach (var member in symbol.GetMembers()) member.GetAttributes();
                foreach (var body in type.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ArrowExpressionClauseSyntax>())
                    semantic.GetTypeInfo(body.Expression);
                foreach (var init in type.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.EqualsValueClauseSyntax>())
                    semantic.GetTypeInfo(init.Value);
            }
        }
    }

    /// <summary>The unrelated file: its member's body or its member's name carries the version.</summary>
    private static string Unrelated(int version, bool declaration) => declaration
        ? string.Create(CultureInfo.InvariantCulture, $"namespace Other; public class Unrelated {{ public int X{version} => 0; }}")
        : string.Create(CultureInfo.InvariantCulture, $"namespace Other; public class Unrelated {{ public int X => {version}; }}");
}
