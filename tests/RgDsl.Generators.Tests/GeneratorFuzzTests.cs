extern alias generator;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;
using generator::RgDsl.Generators;
using RgDsl.Tests.Shared;

namespace RgDsl.Generators.Tests;

/// <summary>
/// Property-based test of the generator over random declarations built from the whole attribute surface: valid and
/// invalid member shapes, non-finite and extreme constants, every class kind (struct, record, static, abstract,
/// generic, nested, file-scoped namespaces). Properties: the generator never throws (no CS8785, AD0001 or RG0011); a
/// declaration either gets an RG error or compiles with the generated code (no error the user's code alone does not
/// have); the generated code itself never has a compiler error or warning. The generator runs under fi-FI.
/// CI runs <see cref="CiCases"/> cases of a fixed seed; RGDSL_LONG_FUZZ=1 runs <see cref="LongCases"/> of a fresh seed
/// (RGDSL_FUZZ_CASES=n for another count, RGDSL_FUZZ_SEED and RGDSL_FUZZ_OFFSET for a chunk of a run,
/// <see cref="FuzzRun"/>) and reports the seed and the count.
/// </summary>
public class GeneratorFuzzTests(ITestOutputHelper output)
{
    public const int CiCases = 2_000;
    public const int LongCases = 100_000;

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);
    private static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>One shared reference set for every case: System.Runtime's facade closure and the runtime library.</summary>
    private static readonly ImmutableArray<MetadataReference> References = BuildReferences();

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        string[] wanted = ["System.Runtime.dll", "System.Private.CoreLib.dll", "System.Collections.dll", "System.Linq.dll", "System.Runtime.Extensions.dll", "netstandard.dll"];
        return paths.Where(p => wanted.Contains(Path.GetFileName(p)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(RgModelAttribute).Assembly.Location))
            .ToImmutableArray();
    }

    // ---- The declaration surface ----

    private static readonly Gen<string> Constant = Gen.OneOf(
        "1.5", "0", "-2", "1e-3", "0.05", "2", "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "double.MaxValue",
        "double.Epsilon", "-double.Epsilon", "1e-300", "1e300", "-0.0", "1e308 * 10", "0.1f", "3", "long.MaxValue", "(double)int.MinValue");

    private static readonly Gen<string> ParameterName = Gen.Frequency((40, Gen.OneOf("Alpha", "Beta", "Width", "Scale")), (1, Gen.OneOf("k", "Describe", "Predict")));

    private static readonly Gen<string> Parameter = Gen.Select(ParameterName, Gen.Frequency((3, Gen.OneOf("1.5", "2", "0.5", "20")), (2, Constant)),
        Gen.Frequency((30, Gen.OneOf("public double {0} {{ get; init; }} = {1};", "public double {0} {{ get; set; }} = {1};", "public double {0} {{ get; init; }}")),
            (1, Gen.OneOf("public static double {0} {{ get; set; }} = {1};", "public int {0} {{ get; init; }} = 2;", "public double {0} = {1};",
            "private double {0} {{ get; set; }} = {1};", "public double {0} => {1};", "public required double {0} {{ get; init; }}"))),
        (name, value, shape) => "[Parameter] " + string.Format(CultureInfo.InvariantCulture, shape, name, value));

    private static readonly Gen<string> ModeBody = Gen.Frequency((3, Gen.OneOf("Math.Pow(k, -2.0)", "Math.Pow(k, -1.5)", "Math.Exp(-0.05 * k)", "Math.Pow(k, -(1 + Alpha))", "2 * Math.Pow(k, -2.5)")), (2, Gen.OneOf(
        "Math.Pow(k, -2.0)", "Math.Pow(k, -(1 + Alpha))", "1.0 / (k * k)", "Math.Exp(-0.1 * k)", "double.NaN", "double.PositiveInfinity * Math.Pow(k, -2)",
        "Math.Pow(k, -2.0)", "Math.Pow(k, -1.5)", "Math.Exp(-0.05 * k)", "Math.Pow(k, 2.0)", "Scale * Math.Pow(k, -1.5)", "Math.Pow(k, -Beta)", "1 / (k * k)", "k <= 3 ? 1.0 : Math.Pow(k, -2)", "Math.Pow(k, -2.0) * {0}",
        "{0} * Math.Pow(k, -1 - {0})", "Math.Sqrt(k) / (k * k * k)", "Math.Pow(2.0, -k)", "0", "-Math.Pow(k, -2.0)", "Eigenvalue(k)", "Math.Log(k + 1) / (k * k)")));

    private static readonly Gen<string> ModeShape = Gen.Frequency(
        (40, Gen.Const("public double {0}(long k) => {1};")), (8, Gen.Const("public static double {0}(long k) => {1};")),
        (1, Gen.Const("public double {0}(int k) => {1};")), (1, Gen.Const("public float {0}(long k) => (float)({1});")),
        (1, Gen.Const("public double {0}(long k, long q) => {1};")), (1, Gen.Const("public double {0} => 1.0;")),
        (1, Gen.Const("public double {0}(long k) {{ if (k > 5) return {1}; return 1.0 / k; }}")), (1, Gen.Const("public double {0}<T>(long k) => {1};")),
        (1, Gen.Const("public double {0}(ref long k) => 1.0 / k;")), (1, Gen.Const("private double {0}(long k) => {1};")));

    private static Gen<string> ModeMember(string attribute, string name) => Gen.Select(ModeShape, ModeBody, Constant,
        (shape, body, c) => "[" + attribute + "] " + string.Format(CultureInfo.InvariantCulture, shape, name, string.Format(CultureInfo.InvariantCulture, body, c)));

    private static readonly Gen<string> Scalar = Gen.Select(Gen.Frequency((30, Gen.OneOf("public double {0} => 0.05;", "public double {0}() => 1e-3;")), (4, Gen.OneOf("public double {0} => {1};", "public double {0}() => {1};", "public static double {0} => {1};",
        "public static double {0}() => {1};", "public int {0} => 1;", "public double {0}(long k) => {1};", "public double {0} {{ get; set; }} = {1};",
        "public double {0} => Alpha * {1};", "public const double {0} = 0.01;", "public double {0} {{ set {{ }} }}"))), Constant, (shape, c) => shape + "|" + c);

    private static Gen<string> ScalarMember(string attribute, string name) =>
        Scalar.Select(s => { var parts = s.Split('|'); return "[" + attribute + "] " + string.Format(CultureInfo.InvariantCulture, parts[0], name, parts[1]); });

    private static readonly Gen<string> Multiplicity = Gen.OneOf(
        "[Multiplicity] public long N(long k) => 1;", "[Multiplicity] public long N(long k) => k <= 3 ? 2 : 1;", "[Multiplicity] public static long N(long k) => 2 * k;",
        "[Multiplicity] public int N(long k) => 1;", "[Multiplicity] public long N(long k) => 0;", "[Multiplicity] public long N(long k) => -1;", "[Multiplicity] public double N(long k) => 1;");

    // Legs and the parameter list they need; a mismatch now and then.
    private static readonly Gen<(string Legs, string Parameters)> Legs = Gen.Frequency(
        (8, Gen.OneOf(("Legs.Quadratic", "(long k)"), ("Legs.ModeLocal", "(long k)"), ("Legs.PairLocal", "(long k, long q)"), ("", "(long k, long q)"), ("Legs.PairLocal6", "(long k, long q, long p)"))),
        (1, Gen.Select(Gen.OneOf("Legs.Quadratic", "Legs.PairLocal", "Legs.PairLocal6", "(Legs)7", ""), Gen.OneOf("(long k)", "(long k, long q)", "(int k)", "()"), (l, p) => (l, p))));

    private static readonly Gen<string> WeightBody = Gen.OneOf(
        "{0}", "Alpha * {0}", "1.0 / Width", "1e-3 * Math.Pow(k * q, 0.5)", "double.NaN", "0.1 * k", "Math.Exp(-k) * {0}", "{0} / (k + q)", "-{0}",
        "Math.Pow(k, 0.5) * Math.Pow(q, 0.5) * 1e-4", "k == q ? {0} : 0", "1 / (k * q)", "0.01 * k * q * p");

    private static readonly Gen<string> Perturbation = Gen.Select(Legs,
        Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))), WeightBody, Gen.Frequency((3, Gen.OneOf("0.1", "1e-3", "0.5")), (1, Constant)), Gen.Int[0, 9],
        (lp, isStatic, body, c, i) =>
            "[Perturbation" + (lp.Legs.Length == 0 ? "" : "(" + lp.Legs + ")") + "] public " + (isStatic ? "static " : "") + "double W" + i + lp.Parameters
            + " => " + string.Format(CultureInfo.InvariantCulture, body, c).Replace("q", lp.Parameters.Contains('q') ? "q" : "k", StringComparison.Ordinal)
                .Replace("p)", lp.Parameters.Contains(" p") ? "p)" : "k)", StringComparison.Ordinal) + ";");

    private static readonly Gen<string> Expect = Gen.OneOf(
        "[Expect(Universality.Gaussian)]", "[Expect(LearningCurveExponent = -1)]", "[Expect(LearningCurveExponent = double.NaN)]",
        "[Expect(LearningCurveExponent = -1, Tolerance = -1)]", "[Expect(\"W0\", Classification.Relevant)]", "[Expect(\"Nope\", Classification.Irrelevant)]",
        "[Expect(LearningCurveExponent = double.PositiveInfinity)]");

    private static readonly Gen<string> Modes = Gen.Frequency((20, Gen.OneOf("[RgModel(Modes = 50)]", "[RgModel(Modes = 200)]", "[RgModel(Modes = 3)]")),
        (3, Gen.OneOf("[RgModel(Modes = RgModel.Infinite)]", "[RgModel]")), (1, Gen.OneOf("[RgModel(Modes = 0)]", "[RgModel(Modes = -5)]", "[RgModel(Modes = long.MaxValue - 1)]")));

    private static readonly Gen<(string Open, string Close)> ClassKind = Gen.Frequency(
        (30, Gen.OneOf(("public partial class M", ""), ("partial class M", ""), ("internal sealed partial class M", ""))), (4, Gen.OneOf(("public class M", ""),
        ("public partial struct M", ""), ("public partial record M", ""), ("public partial record class M", ""), ("public static partial class M", ""),
        ("public abstract partial class M", ""), ("public partial class M<T>", ""), ("public partial class Outer { public partial class M", "}"),
        ("public partial class M : System.IDisposable", "public void Dispose() { }"), ("public partial class M : IRgModel", ""))));

    private static readonly Gen<string> Namespace = Gen.OneOf("", "namespace Demo.Models;", "namespace Demo {", "namespace global::X;");

    private static readonly Gen<string> Source = Gen.Select(
        Gen.Select(Namespace, ClassKind, Modes, Gen.Frequency((6, Gen.Const("")), (1, Expect))),
        Parameter.Array[0, 3],
        Gen.Select(Gen.Frequency((40, ModeMember("Spectrum", "Eigenvalue")), (1, Gen.Const(""))), Gen.Frequency((1, ModeMember("Target", "TargetPower")), (1, Gen.Const(""))),
            Gen.Frequency((40, ScalarMember("Ridge", "Kappa")), (1, Gen.Const(""))), Gen.Frequency((1, ScalarMember("LabelNoise", "Noise")), (3, Gen.Const("")))),
        Gen.Frequency((1, Multiplicity), (6, Gen.Const(""))),
        Perturbation.Array[0, 2],
        (head, parameters, members, multiplicity, perturbations) =>
        {
            var (ns, (open, close), modes, expect) = head;
            var (spectrum, target, ridge, noise) = members;
            var lines = new List<string> { "using System;", "using RgDsl;", ns, modes, expect, open, "{" };
            lines.AddRange(parameters.Distinct());
            lines.AddRange([spectrum, target, ridge, noise, multiplicity]);
            lines.AddRange(perturbations.DistinctBy(p => p[..p.IndexOf('(', p.IndexOf(" W", StringComparison.Ordinal))]));
            lines.Add("}");
            lines.Add(close);
            if (ns.EndsWith('{')) lines.Add("}");
            return string.Join("\n", lines);
        });

    // ---- The properties ----

    [Fact]
    public void Random_declarations_get_an_RG_error_or_compile_with_the_generated_code()
    {
        var run = FuzzRun.FromEnvironment("RGDSL_FUZZ_CASES", CiCases, LongCases);
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (count, errors) = run.Run(Source, Check, s => "\n" + s, "RGDSL_FUZZ_CASES");
        var summary = $"generator fuzz ({run}): {count} declarations ({errors} with an RG error, {count - errors} compiled with the generated code) in {clock.Elapsed.TotalSeconds:F1} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU)";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        output.WriteLine("first RG errors: " + string.Join(", ", Errors.OrderByDescending(e => e.Value).Select(e => e.Key + " ×" + e.Value)));
        Assert.Equal(run.Count, count);
        // The surface is not degenerate: both outcomes occur often (checked where the count makes it meaningful).
        if (run.Count >= 100) Assert.InRange(errors, run.Count / 10, run.Count - run.Count / 10);
    }

    /// <summary>Checks one declaration; true when the generator reported an RG error.</summary>
    /// <remarks>Where the user's code alone already has a compiler error, only "the generator does not throw" is checked.</remarks>
    private static bool Check(string source)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fi-FI");
        try
        {
            var tree = CSharpSyntaxTree.ParseText(source, Parse, path: "Model.cs");
            var compilation = CSharpCompilation.Create("Fuzz", [tree], References, Options);
            GeneratorDriver driver = CSharpGeneratorDriver.Create([new RgModelGenerator().AsSourceGenerator()], parseOptions: Parse);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var combined, out var generatorDiagnostics);
            var result = driver.GetRunResult();
            var failure = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
            Assert.True(failure is null, "the generator threw: " + failure);
            Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8785" or "AD0001" or "RG0011");
            var rgError = generatorDiagnostics.Any(d => d.Id.StartsWith("RG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
            if (rgError)
            {
                // A model with an RG error is not emitted (its errors say what to fix, not CS errors in generated code).
                Assert.Empty(result.GeneratedTrees);
                Errors.AddOrUpdate(generatorDiagnostics.First(d => d.Severity == DiagnosticSeverity.Error).Id, 1, (_, n) => n + 1);
                return true;
            }
            var after = combined.GetDiagnostics();
            if (!after.Any(d => d.Severity >= DiagnosticSeverity.Warning)) return false;
            // Code that does not compile on its own (a member declared twice, a field initialiser of the wrong type) is
            // the compiler's to report; the generator only must not throw on it.
            var before = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Key).ToHashSet();
            if (before.Count > 0) return false;
            var generatedTrees = result.GeneratedTrees.ToHashSet();
            var inGenerated = after.Where(d => d.Location.SourceTree is { } t && generatedTrees.Contains(t) && d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(inGenerated.Count == 0, "the generated code has diagnostics: " + string.Join("; ", inGenerated.Take(3)));
            var introduced = after.Where(d => d.Severity == DiagnosticSeverity.Error && !before.Contains(Key(d))).ToList();
            Assert.True(introduced.Count == 0, "no RG error, but the code with the generated half does not compile: " + string.Join("; ", introduced.Take(3)));
            return false;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>How often each RG error was the first one, to keep the surface balanced.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Errors = new();

    private static string Key(Diagnostic d) => d.Id + "@" + d.Location.SourceSpan;
}
