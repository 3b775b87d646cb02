extern alias generator;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace RgDsl.Generators.Tests;

/// <summary>
/// The compile-time scaling analysis (the generator's, emitted as CompileTimeScaling, with its [Expect] diagnostics)
/// and the run-time one (<see cref="InteractingModel.PredictScaling"/> at α and β fitted from the spectrum, and
/// <see cref="ScalingExpectations.Check"/>) are one analysis in files linked into the generator. This test holds them
/// to it on a matrix of 54 declared models — six spectra (α, β), three ridge/noise regimes, nine sets of vertices
/// (pair-local, mode-local, quadratic, six-leg, odd and quartic index patterns; constant weights, NTK-like 1/(λλ)
/// weights, parameter-dependent exponents; one and two perturbations, so own and cross second order) — compiled
/// in one compilation: identical classes (first and second order, test error and G_k), exponents, dominance,
/// intervals, classifications and [Expect] verdicts.
/// </summary>
public class ScalingAnalysisAgreementTests(ITestOutputHelper output)
{
    private static readonly (double Alpha, double Beta)[] Spectra = [(0.5, 0.5), (1, 1), (1, 2), (2, 1), (0.5, 3), (1.5, 4)];
    private static readonly (string Ridge, string Noise)[] Regimes = [("1e-3", "0"), ("1e-5", "0"), ("1e-2", "1e-3")];

    /// <summary>Vertex sets: the declarations, and the first perturbation's name (the claims name it).</summary>
    private static readonly (string First, string Declarations)[] VertexSets =
    [
        ("U", "[Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3;"),
        ("F", "[Perturbation(Legs.PairLocal)] public double F(long k, long q) => -1e-3 / (Eigenvalue(k) * Eigenvalue(q));"),
        ("S", "[Perturbation(Legs.ModeLocal)] public double S(long k) => 1e-4;"),
        ("G", "[Parameter] public double Gamma { get; init; } = 0.25;\n    [Perturbation(Legs.PairLocal)] public double G(long k, long q) => 1e-3 * Math.Pow(k * (double)q, Gamma);"),
        ("U", "[Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3;\n    [Perturbation(Legs.ModeLocal)] public double S(long k) => 1e-4;"),
        ("W", "[Perturbation(Legs.PairLocal6)] public double W(long k, long q, long p) => 1e-4;"),
        ("M", "[Parameter] public double Gamma { get; init; } = 0.5;\n    [Perturbation(Legs.Quadratic)] public double M(long k) => 1e-3 * Math.Pow(k, -Gamma);"),
        ("Cubic", "[Perturbation(\"k q p\")] public double Cubic(long k, long q, long p) => 2e-3;\n    [Perturbation(\"k k q p\")] public double Quartic(long k, long q, long p) => 1e-3 * Math.Pow(q * (double)p, 0.5);"),
        ("S", "[Perturbation(Legs.ModeLocal)] public double S(long k) => 1e-4 / Eigenvalue(k);\n    [Perturbation(Legs.PairLocal)] public double U(long k, long q) => 1e-3;"),
    ];

    private const int Models = 54;

    private sealed record Case(int Index, double Alpha, double Beta, string Ridge, string Noise, string First, string Declarations)
    {
        public string Name => "M" + Index;

        /// <summary>THEORY §2.3 written out by hand: 0 with label noise, −min(β, 2(1+α))/(1 + α) at a fixed ridge (an interacting model needs κ > 0).</summary>
        public double LearningCurveExponent =>
            Noise != "0" ? 0 : -Math.Min(Beta, 2 * (1 + Alpha)) / (1 + Alpha);
    }

    private static Case CaseAt(int i)
    {
        var (alpha, beta) = Spectra[i / VertexSets.Length % Spectra.Length];
        var (ridge, noise) = Regimes[i % Regimes.Length];
        var (first, declarations) = VertexSets[i % VertexSets.Length];
        return new Case(i, alpha, beta, ridge, noise, first, declarations);
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The claims of a case, each as the attribute text and as the run-time declaration of the same claim.</summary>
    private static List<(string Attribute, DeclaredExpectation Declared)> Claims(Case c)
    {
        var e = c.LearningCurveExponent;
        return
        [
            ($"[Expect(LearningCurveExponent = {R(e)})]", new("exact", LearningCurveExponent: e)),
            ($"[Expect(LearningCurveExponent = {R(e + 0.5)})]", new("far", LearningCurveExponent: e + 0.5)),
            // Inside the fit's uncertainty (0.05), outside the claim's tolerance (1e-9): contradicted exactly, holds fitted.
            ($"[Expect(LearningCurveExponent = {R(e + 0.01)})]", new("near", LearningCurveExponent: e + 0.01)),
            ($"[Expect(\"{c.First}\", Classification.Relevant)]", new("relevant", Perturbation: c.First, Classification: Classification.Relevant)),
            ($"[Expect(\"{c.First}\", Classification.Irrelevant)]", new("irrelevant", Perturbation: c.First, Classification: Classification.Irrelevant)),
            ("[Expect(Universality.GaussianProcess)]", new("universal", Universality: Universality.GaussianProcess)),
            ($"[Expect(\"{c.First}\", Diagram = \"fluctuation tadpole\", PExponent = -1)]", new("tadpole", Perturbation: c.First, Diagram: "fluctuation tadpole", PExponent: -1)),
            ($"[Expect(\"{c.First}\", Diagram = \"self-energy shift\", PExponent = -0.5)]", new("shift", Perturbation: c.First, Diagram: "self-energy shift", PExponent: -0.5)),
        ];
    }

    /// <summary>The model (no claims, so it is always emitted) and its twin with the claims, each claim on a line of its own.</summary>
    private static string Source(Case c)
    {
        string Body(string name) => $$"""
            public partial class {{name}}
            {
                [Parameter] public double Alpha { get; init; } = {{R(c.Alpha)}};
                [Parameter] public double Beta { get; init; } = {{R(c.Beta)}};
                [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
                [Target] public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
                [Ridge] public double Kappa => {{c.Ridge}};
                [LabelNoise] public double Noise => {{c.Noise}};
                {{c.Declarations}}
            }
            """;
        return "using System;\nusing RgDsl;\n\n[RgModel(Modes = 100_000)]\n" + Body(c.Name) + "\n\n[RgModel(Modes = 100_000)]\n"
            + string.Join("\n", Claims(c).Select(x => x.Attribute)) + "\n" + Body(c.Name + "Claims") + "\n";
    }

    /// <summary>The line of the twin's first claim in <see cref="Source"/>: the claims follow on the next lines.</summary>
    private static int FirstClaimLine(string source) =>
        source.Split('\n').Select((line, i) => (line, i)).First(x => x.line.StartsWith("[Expect(", StringComparison.Ordinal)).i;

    [Fact]
    public void Compile_time_and_run_time_analyses_agree_on_54_models()
    {
        Assert.True(Models >= 50);
        var cases = Enumerable.Range(0, Models).Select(CaseAt).ToList();
        var sources = cases.Select(Source).ToArray();
        // One compilation with every model, the generator under fi-FI (it emits numbers).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var previous = CultureInfo.CurrentCulture;
        Compilation compilation;
        List<Diagnostic> generatorDiagnostics;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fi-FI");
            // No step tracking and no separate GetDiagnostics pass: Emit reports any compile error, and binds once.
            var driver = CSharpGeneratorDriver.Create([new generator::RgDsl.Generators.RgModelGenerator().AsSourceGenerator()],
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
            driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(sources), out compilation, out var reported);
            generatorDiagnostics = reported.ToList();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
        var generated = watch.Elapsed;
        // Only the twins' claims may be errors (RG0026); every model itself is emitted.
        var errors = generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "RG0026").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10).Select(d => d.Location.SourceTree?.FilePath + ": " + d)));
        var assembly = Emit(compilation);
        var emitted = watch.Elapsed;

        var (classes, claims, nearExercised) = (0, 0, 0);
        foreach (var c in cases)
        {
            var model = (IDeclaredModel)Activator.CreateInstance(assembly.GetType(c.Name)!)!;
            var compileTime = model.CompileTimeScaling ?? throw new Xunit.Sdk.XunitException($"{c.Name}: no compile-time scaling");
            var runTime = model.ToInteractingModel()!.PredictScaling();
            classes += AssertSameAnalysis(c, compileTime, runTime);

            // The verdicts: the generator's diagnostics on each claim line, the run-time check on the compile-time
            // report (the same exact exponents: identical verdicts) and on the run-time report (fitted α and β: the
            // fit's uncertainty 0.05 widens the check, so a claim within 0.05 of the exact value holds there too).
            var source = sources[c.Index];
            var firstLine = FirstClaimLine(source);
            var declared = Claims(c);
            var flagged = generatorDiagnostics.Where(d => d.Id is "RG0026" or "RG0027" && d.Location.SourceTree?.FilePath == $"Model{c.Index}.cs")
                .Select(d => d.Location.GetLineSpan().StartLinePosition.Line - firstLine).ToHashSet();
            Assert.All(flagged, line => Assert.InRange(line, 0, declared.Count - 1));
            var declaration = model.Declaration with { Expectations = declared.Select(x => x.Declared).ToList() };
            var onCompileTime = ScalingExpectations.Check(declaration, compileTime);
            var onRunTime = ScalingExpectations.Check(declaration, runTime);
            for (var k = 0; k < declared.Count; k++)
            {
                var holdsAtCompileTime = !flagged.Contains(k);
                var what = $"{c.Name} claim '{declared[k].Declared.Text}' {declared[k].Attribute}";
                Assert.True(holdsAtCompileTime == onCompileTime[k].Holds, $"{what}: generator {holdsAtCompileTime}, run-time check of CompileTimeScaling {onCompileTime[k].Holds} ({onCompileTime[k].Detail})");
                var near = declared[k].Declared.Text == "near";
                if (!near)
                    Assert.True(holdsAtCompileTime == onRunTime[k].Holds, $"{what}: generator {holdsAtCompileTime}, run-time check of PredictScaling {onRunTime[k].Holds} ({onRunTime[k].Detail})");
                else
                {
                    Assert.False(holdsAtCompileTime, what);
                    Assert.True(onRunTime[k].Holds, $"{what}: within the fit's uncertainty, {onRunTime[k].Detail}");
                    nearExercised++;
                }
                claims++;
            }
            // The hand-written law: the exact claim holds, the far one does not.
            Assert.True(onCompileTime[0].Holds && !onCompileTime[1].Holds, $"{c.Name}: {onCompileTime[0].Detail}");
        }
        output.WriteLine($"{cases.Count} models, {classes} classes compared, {claims} claims ({nearExercised} inside the fit's uncertainty only); "
            + FormattableString.Invariant($"generator {generated.TotalSeconds:0.0} s, emit {(emitted - generated).TotalSeconds:0.0} s, run-time analyses and checks {(watch.Elapsed - emitted).TotalSeconds:0.0} s wall; {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s CPU in all"));
        Assert.Equal(Models, nearExercised);
    }

    /// <summary>Every perturbation and class of the two reports alike; returns how many classes were compared.</summary>
    private static int AssertSameAnalysis(Case c, ScalingReport compileTime, ScalingReport runTime)
    {
        // α and β: exact at compile time, fitted from an exact power law at run time.
        Assert.Equal(c.Alpha, compileTime.Alpha, 12);
        Assert.Equal(c.Beta, compileTime.Beta, 12);
        Assert.Equal(compileTime.Alpha, runTime.Alpha, 9);
        Assert.Equal(compileTime.Beta, runTime.Beta, 9);
        Assert.Equal(compileTime.Ridgeless, runTime.Ridgeless);
        Assert.Equal(c.LearningCurveExponent, compileTime.LearningCurveExponent, 12);
        Assert.Equal(compileTime.LearningCurveExponent, runTime.LearningCurveExponent, 8);
        Assert.Equal(compileTime.Classification, runTime.Classification);
        Assert.Equal(compileTime.GaussianProcessUniversal, runTime.GaussianProcessUniversal);
        Assert.Equal(compileTime.Perturbations.Select(p => p.Name), runTime.Perturbations.Select(p => p.Name));
        var count = 0;
        foreach (var (a, b) in compileTime.Perturbations.Zip(runTime.Perturbations))
        {
            var where = $"{c.Name}.{a.Name}";
            Assert.True(a.Classification is not null, $"{where}: not analysed ({a.Note})");
            Assert.Equal((a.Legs, a.Pattern, a.Classification, a.CutoffSensitive, a.Logarithmic), (b.Legs, b.Pattern, b.Classification, b.CutoffSensitive, b.Logarithmic));
            Assert.Equal(a.Exponent!.Value, b.Exponent!.Value, 9);
            Assert.Equal(a.Interval!.Lo, b.Interval!.Lo, 9);
            Assert.Equal(a.Interval.Hi, b.Interval.Hi, 9);
            count += SameClasses(where + " first order", a.Classes, b.Classes);
            count += SameGroups(where + " second order", a.SecondOrder!, b.SecondOrder!);
            count += SameClasses(where + " G_k", a.VarianceClasses!, b.VarianceClasses!);
            count += SameGroups(where + " G_k second order", a.VarianceSecondOrder!, b.VarianceSecondOrder!);
        }
        return count;
    }

    /// <summary>
    /// First-order lists (one class per diagram, named by its formula): the same diagrams with the same kind, counting,
    /// exponents, dominance and number of conditions.
    /// </summary>
    private static int SameClasses(string where, IReadOnlyList<DiagramClassScaling> compileTime, IReadOnlyList<DiagramClassScaling> runTime)
    {
        Assert.True(compileTime.Count == runTime.Count, $"{where}: {compileTime.Count} classes at compile time, {runTime.Count} at run time");
        // Keyed by formula: classes of equal exponent may sort either way when α is fitted (ties within 1e-12).
        var byDiagram = runTime.ToDictionary(c => c.Diagram!);
        foreach (var a in compileTime)
        {
            var what = $"{where} {a.Name}";
            Assert.True(byDiagram.TryGetValue(a.Diagram!, out var b), $"{what}: not at run time");
            Assert.True((a.Class, a.Order, a.Partner, a.DiagramCount, a.FreeSums, a.Dominance) == (b!.Class, b.Order, b.Partner, b.DiagramCount, b.FreeSums, b.Dominance),
                $"{what}: ({a.Class}, {a.Order}, {a.Partner}, {a.DiagramCount}, {a.FreeSums}, {a.Dominance}) against ({b.Class}, {b.Order}, {b.Partner}, {b.DiagramCount}, {b.FreeSums}, {b.Dominance})");
            SameExponents(what, a, b);
            // The condition texts differ in form (formulas in the parameters against numbers), not in number.
            Assert.True(a.Conditions.Count == b.Conditions.Count, $"{what}: {a.Conditions.Count} conditions against {b.Conditions.Count}");
        }
        return compileTime.Count;
    }

    /// <summary>
    /// Second-order lists: diagrams grouped by their power counting. The compile-time analysis groups by the exponents'
    /// formulas (classes stay apart when their formulas differ, even where they coincide at the defaults), the run time
    /// by their values (it has no formulas), so the compile-time classes merged by value must be the run-time classes:
    /// per partner, product or connected, exponents and dominance, the same number of diagrams (n_δ is the first
    /// diagram's, so it names a group, it does not define one). No conditions.
    /// </summary>
    private static int SameGroups(string where, IReadOnlyList<DiagramClassScaling> compileTime, IReadOnlyList<DiagramClassScaling> runTime)
    {
        static Dictionary<string, int> Merged(IEnumerable<DiagramClassScaling> classes) => classes
            .GroupBy(c => FormattableString.Invariant($"{c.Partner} {(c.Diagram!.StartsWith('[') ? "product" : "connected")} k_P^{Math.Round(c.KpExponent!.Value, 6) + 0.0:0.######} M^{Math.Round(c.CutoffExponent!.Value, 6) + 0.0:0.######} {c.Dominance}"))
            .ToDictionary(g => g.Key, g => g.Sum(c => c.DiagramCount));
        var (a, b) = (Merged(compileTime), Merged(runTime));
        Assert.True(a.OrderBy(x => x.Key, StringComparer.Ordinal).SequenceEqual(b.OrderBy(x => x.Key, StringComparer.Ordinal)),
            $"{where}: compile time {string.Join("; ", a.Select(x => x.Key + " ×" + x.Value))} against run time {string.Join("; ", b.Select(x => x.Key + " ×" + x.Value))}");
        Assert.All(compileTime.Concat(runTime), c => Assert.Equal(2, c.Order));
        Assert.All(compileTime.Concat(runTime), c => Assert.Empty(c.Conditions));
        return compileTime.Count;
    }

    private static void SameExponents(string what, DiagramClassScaling a, DiagramClassScaling b)
    {
        Assert.True(Math.Abs(a.KpExponent!.Value - b.KpExponent!.Value) < 1e-9, $"{what}: k_P exponent {a.KpExponent} against {b.KpExponent}");
        Assert.True(Math.Abs(a.PExponent!.Value - b.PExponent!.Value) < 1e-9, $"{what}: P exponent {a.PExponent} against {b.PExponent}");
        Assert.True(Math.Abs(a.CutoffExponent!.Value - b.CutoffExponent!.Value) < 1e-9, $"{what}: cutoff exponent {a.CutoffExponent} against {b.CutoffExponent}");
    }

    /// <summary>
    /// Emits the compilation as it is: the claim twins whose claims the generator contradicts (RG0026) get no generated
    /// part, which the loaded models do not need.
    /// </summary>
    private static Assembly Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext("agreement", isCollectible: true).LoadFromStream(stream);
    }
}
