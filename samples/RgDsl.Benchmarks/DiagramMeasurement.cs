using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RgDsl.Perturbations;
using RgDsl.Spectra;

namespace RgDsl.Benchmarks;

/// <summary>
/// The speed targets of the diagram engine (issue 10), measured in process:
/// the source generator on a project of 50 models with 3 custom vertices each, every vertex and pair enumerated to
/// second order (median of fresh generator runs, so nothing is cached between runs); and the run-time second-order
/// prediction on 10⁶ modes with monomial weights (median of repeated Predict calls on fresh models).
/// </summary>
internal static class DiagramMeasurement
{
    public static void Run(int models = 50, int runs = 7)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"Generator: {models} models × 3 vertices (\"k q p\", \"k k q p\", \"k k k k q q\"), first and second order, {runs} fresh runs");
        var generator = LoadGenerator();
        var sources = Enumerable.Range(0, models).Select(Model).ToArray();
        var compilation = Compile(sources);
        var withoutVertices = Compile(Enumerable.Range(0, models).Select(i => Model(i).Replace("[Perturbation(", "// [Perturbation(")).ToArray());
        double Time(CSharpCompilation c, out int diagnostics, out int generated, out double cpu)
        {
            var times = new List<double>();
            var cpus = new List<double>();
            diagnostics = 0; generated = 0;
            for (var r = 0; r < runs + 1; r++)
            {
                var driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = driver.RunGenerators(c).GetRunResult();
                clock.Stop();
                var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
                if (r > 0) { times.Add(clock.Elapsed.TotalMilliseconds); cpus.Add((cpu1 - cpu0).TotalMilliseconds); } // the first run loads and JITs the generator
                diagnostics = result.Diagnostics.Length;
                generated = result.GeneratedTrees.Sum(t => t.Length);
            }
            times.Sort();
            cpus.Sort();
            cpu = cpus[cpus.Count / 2];
            return times[times.Count / 2];
        }
        var with = Time(compilation, out var d1, out var size1, out var cpuWith);
        var without = Time(withoutVertices, out _, out var size0, out var cpuWithout);
        Console.WriteLine(string.Create(inv, $"  with the vertices:     median {with:F0} ms wall, {cpuWith:F0} ms CPU ({d1} diagnostics, {size1 / 1024.0:F0} KiB generated)"));
        Console.WriteLine(string.Create(inv, $"  same models, Gaussian: median {without:F0} ms wall, {cpuWithout:F0} ms CPU ({size0 / 1024.0:F0} KiB generated)"));
        Console.WriteLine(string.Create(inv, $"  added by the vertices: {with - without:F0} ms wall, {cpuWith - cpuWithout:F0} ms CPU"));
        // The build cost: the generator and the compilation of everything (models and generated code) to an assembly,
        // with and without the vertices; the first build of each loads and JITs the compiler and is not counted.
        double Build(CSharpCompilation c, out double cpu)
        {
            var walls = new List<double>();
            var cpus = new List<double>();
            for (var r = 0; r < 4; r++)
            {
                var clock = Stopwatch.StartNew();
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: new CSharpParseOptions(LanguageVersion.Latest))
                    .RunGeneratorsAndUpdateCompilation(c, out var output, out _);
                using var stream = new MemoryStream();
                var emitted = output.Emit(stream);
                if (!emitted.Success) Console.WriteLine("  compile errors: " + string.Join("; ", emitted.Diagnostics.Where(x => x.Severity == DiagnosticSeverity.Error).Take(3)));
                if (r > 0) { walls.Add(clock.Elapsed.TotalMilliseconds); cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds); }
            }
            walls.Sort();
            cpus.Sort();
            cpu = cpus[cpus.Count / 2];
            return walls[walls.Count / 2];
        }
        var buildWith = Build(compilation, out var buildCpuWith);
        var buildWithout = Build(withoutVertices, out var buildCpuWithout);
        Console.WriteLine(string.Create(inv, $"  generator + compiling the whole project to an assembly, with the vertices: median {buildWith:F0} ms wall, {buildCpuWith:F0} ms CPU"));
        Console.WriteLine(string.Create(inv, $"  the same without the vertices:                                   median {buildWithout:F0} ms wall, {buildCpuWithout:F0} ms CPU"));
        Console.WriteLine(string.Create(inv, $"  added to the build by the vertices: {buildWith - buildWithout:F0} ms wall, {buildCpuWith - buildCpuWithout:F0} ms CPU"));

        Console.WriteLine();
        Console.WriteLine("Run time: Predict(P, SecondOrder) on 10⁶ modes, the same 3 vertices with monomial weights");
        var spectrum = new PowerLawSpectrum(1, 2, 1_000_000, 1, 2);
        InteractingModel Fresh() => new(new GaussianModel("m", spectrum, 0.1), [
            Perturbation.Vertex("cubic", "k q p", _ => 1e-4, [new VertexMonomial(1e-4, 0, 0, 0)]),
            Perturbation.Vertex("quartic", "k k q p", i => 1e-3 * Math.Sqrt((double)i[1] * i[2]), [new VertexMonomial(1e-3, 0, 0.5, 0.5)]),
            Perturbation.Vertex("sextic", "k k k k q q", _ => 1e-3, [new VertexMonomial(1e-3, 0, 0)]),
        ]);
        foreach (var p in new[] { 1e3, 1e5 })
        {
            var times = new List<double>();
            var walls = new List<double>();
            LearningCurvePoint? point = null;
            for (var r = 0; r < runs + 1; r++)
            {
                var model = Fresh();
                _ = model.FieldTheory(p); // materialise the modes outside the timing: the prediction itself is measured
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                point = model.Predict(p, Approximation.SecondOrder);
                var wall = clock.Elapsed.TotalMilliseconds;
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
                if (r > 0) { times.Add(cpu); walls.Add(wall); }
            }
            times.Sort();
            walls.Sort();
            // Process CPU also counts the GC's and the JIT's background threads; the wall time is what a caller waits.
            Console.WriteLine(string.Create(inv, $"  P = {p:G3}: median {walls[walls.Count / 2]:F0} ms wall (min {walls[0]:F0}, max {walls[^1]:F0}), {times[times.Count / 2]:F0} ms CPU (min {times[0]:F0}, max {times[^1]:F0}); test error {point!.TestError:G6}, correction {point.NonGaussianCorrection:G4}"));
        }
    }

    /// <summary>One model of the project: its own parameters, a power-law spectrum, three custom vertices.</summary>
    internal static string Model(int i) => string.Create(CultureInfo.InvariantCulture, $$"""
        using System;
        using RgDsl;

        [RgModel(Modes = 100000)]
        public partial class Model{{i}}
        {
            [Parameter] public double Alpha { get; init; } = {{1 + 0.01 * i}};
            [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
            [Target] public double TargetPower(long k) => Math.Pow(k, -2.5);
            [Ridge] public double Kappa => 0.1;
            [Perturbation("k q p")] public double Cubic(long k, long q, long p) => 1e-4;
            [Perturbation("k k q p")] public double Quartic(long k, long q, long p) => 1e-3 * Math.Pow(q * (double)p, 0.5);
            [Perturbation("k k k k q q")] public double Sextic(long k, long q) => 1e-3 / (1 + 0.001 * {{i}});
        }
        """);

    internal static CSharpCompilation Compile(string[] sources)
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = paths.Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(RgModelAttribute).Assembly.Location));
        return CSharpCompilation.Create("Project", sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Model{i}.cs")),
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    /// <summary>The generator as built next to this program (the analyzer reference builds it; it is not referenced as a library).</summary>
    internal static IIncrementalGenerator LoadGenerator(string typeName = "RgDsl.Generators.RgModelGenerator")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "generators", "RgDsl.Generators", "bin");
            if (!Directory.Exists(bin)) continue;
            var dll = new[] { "Release", "Debug" }.Select(c => Path.Combine(bin, c, "netstandard2.0", "RgDsl.Generators.dll")).FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException("build generators/RgDsl.Generators first", bin);
            var type = Assembly.LoadFrom(dll).GetType(typeName, throwOnError: true)!;
            return (IIncrementalGenerator)Activator.CreateInstance(type)!;
        }
        throw new DirectoryNotFoundException("generators/RgDsl.Generators not found above " + AppContext.BaseDirectory);
    }
}
