extern alias generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using RgDsl.CodeFixes;

namespace RgDsl.Generators.Tests;

/// <summary>
/// The IDE code fixes, run in process: the generator reports the diagnostic, the provider is offered it on a document
/// of an <see cref="AdhocWorkspace"/>, and its one action's changed document is compared with the expected source,
/// which must then generate and compile without an RG error. (CodeFix.Testing's verifiers find diagnostics through
/// a DiagnosticAnalyzer; these come from a source generator, so a small harness is used instead.)
/// </summary>
public class CodeFixTests
{
    private const string Ridge = "    [Ridge] public double Kappa => 1e-3;\n";

    private static string Model(string modifiers, string members) =>
        "using System;\nusing RgDsl;\n\n[RgModel(Modes = 100)]\n" + modifiers + "class M\n{\n" + members + Ridge + "}\n";

    [Theory]
    [InlineData("public ", "public partial ")]
    [InlineData("public sealed ", "public sealed partial ")]
    [InlineData("", "partial ")]
    [InlineData("    internal ", "    internal partial ")]
    public async Task RG0001_adds_partial(string modifiers, string fixedModifiers)
    {
        const string spectrum = "    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);\n";
        var fixedSource = await Fix(new MissingPartialCodeFix(), Model(modifiers, spectrum), "RG0001");
        Assert.Equal(Model(fixedModifiers, spectrum), fixedSource);
        GeneratesAndCompiles(fixedSource!);
    }

    [Theory]
    [InlineData("[Spectrum] public double Eigenvalue(int k) => Math.Pow(k, -2.0);", "[Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);")]
    [InlineData("[Spectrum] public double Eigenvalue( int k ) => 1.0 / ((double)k * k);", "[Spectrum] public double Eigenvalue( long k ) => 1.0 / ((double)k * k);")]
    public async Task RG0004_int_index_becomes_long(string member, string fixedMember)
    {
        var fixedSource = await Fix(new ModeFunctionSignatureCodeFix(), Model("public partial ", "    " + member + "\n"), "RG0004");
        Assert.Equal(Model("public partial ", "    " + fixedMember + "\n"), fixedSource);
        GeneratesAndCompiles(fixedSource!);
    }

    [Fact]
    public async Task RG0004_int_target_index_becomes_long()
    {
        const string spectrum = "    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);\n";
        var source = Model("public partial ", spectrum + "    [Target] public double Power(int k) => Math.Pow(k, -1.5);\n");
        var fixedSource = await Fix(new ModeFunctionSignatureCodeFix(), source, "RG0004");
        Assert.Equal(source.Replace("Power(int k)", "Power(long k)"), fixedSource);
        GeneratesAndCompiles(fixedSource!);
    }

    [Theory]
    [InlineData("[Spectrum] public float Eigenvalue(long k) => (float)Math.Pow(k, -2.0);", "[Spectrum] public double Eigenvalue(long k) => (float)Math.Pow(k, -2.0);")]
    [InlineData("[Spectrum] public int Eigenvalue(int k) => 1;", "[Spectrum] public double Eigenvalue(long k) => 1;")]
    [InlineData("[Spectrum] public double Eigenvalue(double k) => Math.Pow(k, -2.0);", "[Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);")]
    [InlineData("[Spectrum] public decimal Eigenvalue(uint k) => 1m / k;", "[Spectrum] public double Eigenvalue(long k) => 1m / k;")]
    public async Task RG0004_spectrum_gets_the_signature_double_of_long(string member, string fixedMember)
    {
        var fixedSource = await Fix(new ModeFunctionSignatureCodeFix(), Model("public partial ", "    " + member + "\n"), "RG0004");
        Assert.Equal(Model("public partial ", "    " + fixedMember + "\n"), fixedSource);
        if (!fixedMember.Contains("1m")) GeneratesAndCompiles(fixedSource!);
        // A decimal body does not convert to double implicitly: the fix is only the signature, and the compiler says what is left.
        else Assert.Contains(GeneratorHarness.Run(fixedSource!).CompileErrors, d => d.Id == "CS0266");
    }

    [Fact]
    public async Task RG0004_target_and_multiplicity_get_their_signatures()
    {
        const string spectrum = "    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);\n";
        var target = Model("public partial ", spectrum + "    [Target] public float Power(int k) => (float)Math.Pow(k, -1.5);\n");
        var fixedTarget = await Fix(new ModeFunctionSignatureCodeFix(), target, "RG0004");
        Assert.Equal(target.Replace("float Power(int k)", "double Power(long k)"), fixedTarget);
        GeneratesAndCompiles(fixedTarget!);

        var multiplicity = Model("public partial ", spectrum + "    [Multiplicity] public int Degeneracy(int k) => 2;\n");
        var fixedMultiplicity = await Fix(new ModeFunctionSignatureCodeFix(), multiplicity, "RG0004");
        Assert.Equal(multiplicity.Replace("int Degeneracy(int k)", "long Degeneracy(long k)"), fixedMultiplicity);
        GeneratesAndCompiles(fixedMultiplicity!);
    }

    [Theory]
    [InlineData("    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);\n", "Kappa")]
    [InlineData("    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);\n    public double Kappa => 2;\n", "Ridge")]
    public async Task RG0016_adds_a_ridge(string members, string name)
    {
        var source = "using System;\nusing RgDsl;\n\n[RgModel(Modes = 100)]\npublic partial class M\n{\n" + members + "}\n";
        var fixedSource = await Fix(new MissingRidgeCodeFix(), source, "RG0016");
        Assert.Equal(source.Replace(members, members + "    [Ridge] public double " + name + " => 1e-3;\n"), fixedSource);
        GeneratesAndCompiles(fixedSource!);
    }

    /// <summary>Wrong signatures with no single obvious repair: no fix is offered.</summary>
    [Theory]
    [InlineData("[Spectrum] public double Eigenvalue(long k, int j) => Math.Pow(k, -2.0);")]
    [InlineData("[Spectrum] public double Eigenvalue(string k) => 1.0;")]
    [InlineData("[Spectrum] public double Eigenvalue(ref int k) => Math.Pow(k, -2.0);")]
    public async Task RG0004_without_an_obvious_repair_gets_no_fix(string member)
    {
        Assert.Null(await Fix(new ModeFunctionSignatureCodeFix(), Model("public partial ", "    " + member + "\n"), "RG0004"));
    }

    private const string Spectrum = "    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);\n";

    /// <summary>
    /// RG0014 on a Legs kind and RG0075/RG0077 on an index pattern: the weight gets double(long …) with the indices
    /// the diagnostic carries; existing parameters keep their names (and, for a pattern, move to the pattern's order).
    /// </summary>
    [Theory]
    [InlineData("RG0014", "[Perturbation(Legs.PairLocal)] public double W(long k) => 1e-3;", "[Perturbation(Legs.PairLocal)] public double W(long k, long q) => 1e-3;")]
    [InlineData("RG0014", "[Perturbation(Legs.PairLocal)] public float W(int q) => 1e-3f;", "[Perturbation(Legs.PairLocal)] public double W(long q, long k) => 1e-3f;")]
    [InlineData("RG0014", "[Perturbation(Legs.ModeLocal)] public double U(int k) => 1e-3 * Math.Pow(k, -1.0);", "[Perturbation(Legs.ModeLocal)] public double U(long k) => 1e-3 * Math.Pow(k, -1.0);")]
    [InlineData("RG0014", "[Perturbation(Legs.PairLocal6)] public double W(int k, long q) => 1e-4;", "[Perturbation(Legs.PairLocal6)] public double W(long k, long q, long p) => 1e-4;")]
    [InlineData("RG0075", "[Perturbation(\"k q p\")] public double Cubic(long k, long q) => 2e-3;", "[Perturbation(\"k q p\")] public double Cubic(long k, long q, long p) => 2e-3;")]
    [InlineData("RG0077", "[Perturbation(\"k k q p\")] public double V(int q, long k, short p) => 1e-3 * Math.Pow(q * (double)p, 0.5);",
        "[Perturbation(\"k k q p\")] public double V(long k, long q, long p) => 1e-3 * Math.Pow(q * (double)p, 0.5);")]
    public async Task Perturbation_gets_the_signature_of_its_legs(string id, string member, string fixedMember)
    {
        var fixedSource = await Fix(new PerturbationSignatureCodeFix(), Model("public partial ", Spectrum + "    " + member + "\n"), id);
        Assert.Equal(Model("public partial ", Spectrum + "    " + fixedMember + "\n"), fixedSource);
        GeneratesAndCompiles(fixedSource!);
    }

    /// <summary>A parameter that would have to go, a non-numeric or ref parameter, an added index that would shadow what the body reads: no fix.</summary>
    [Theory]
    [InlineData("RG0014", "[Perturbation(Legs.ModeLocal)] public double U(long k, long q) => 1e-3;")]
    [InlineData("RG0014", "[Perturbation(Legs.PairLocal)] public double W(string k) => 1e-3;")]
    [InlineData("RG0014", "[Perturbation(Legs.PairLocal)] public double W(ref long k) => 1e-3;")]
    [InlineData("RG0014", "[Perturbation(Legs.ModeLocal)] public string U(long k) => \"\";")]
    [InlineData("RG0077", "[Perturbation(\"k k\")] public double U(long k, long q) => 1e-3;")]
    [InlineData("RG0075", "[Perturbation(\"k q p\")] public double Cubic(long k, long q) => 2e-3 * p; private const double p = 1;")]
    public async Task Perturbation_without_an_obvious_repair_gets_no_fix(string id, string member)
    {
        Assert.Null(await Fix(new PerturbationSignatureCodeFix(), Model("public partial ", Spectrum + "    " + member + "\n"), id));
    }

    [Fact]
    public void Providers_fix_the_ids_of_the_catalogue()
    {
        Assert.Equal("RG0001", Assert.Single(new MissingPartialCodeFix().FixableDiagnosticIds));
        Assert.Equal("RG0004", Assert.Single(new ModeFunctionSignatureCodeFix().FixableDiagnosticIds));
        Assert.Equal("RG0016", Assert.Single(new MissingRidgeCodeFix().FixableDiagnosticIds));
        Assert.Equal("RG0016", generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.MissingRidge.Id);
        Assert.Equal("RG0001", generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.ClassNotPartial.Id);
        Assert.Equal("RG0004", generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.WrongSignature.Id);
        Assert.Equal(new[] { "RG0014", "RG0075", "RG0077" }, new PerturbationSignatureCodeFix().FixableDiagnosticIds);
        Assert.Equal("RG0014", generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.PerturbationSignature.Id);
        Assert.Equal("RG0075", generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.VertexUnknownIndex.Id);
        Assert.Equal("RG0077", generator::RgDsl.Generators.Diagnostics.DiagnosticDescriptors.VertexWeightArity.Id);
    }

    private static void GeneratesAndCompiles(string source)
    {
        var outcome = GeneratorHarness.Run(source);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(outcome.CompileErrors);
    }

    /// <summary>The source after the provider's one action for the generator's <paramref name="id"/>, or null when it offers none.</summary>
    private static async Task<string?> Fix(CodeFixProvider provider, string source, string id)
    {
        var reported = GeneratorHarness.Run(source).GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(reported.Count == 1, $"expected one {id}, got {reported.Count}");
        using var workspace = new AdhocWorkspace();
        var document = workspace.AddProject("User", LanguageNames.CSharp).AddDocument("Model0.cs", source);
        var tree = (await document.GetSyntaxTreeAsync())!;
        // The generator reports file-path locations; the IDE maps them onto the document, as done here.
        var diagnostic = Diagnostic.Create(reported[0].Descriptor, Location.Create(tree, reported[0].Location.SourceSpan), reported[0].Properties);
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        if (actions.Count == 0) return null;
        var operation = Assert.IsType<ApplyChangesOperation>(Assert.Single(await Assert.Single(actions).GetOperationsAsync(CancellationToken.None)));
        return (await operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }
}
