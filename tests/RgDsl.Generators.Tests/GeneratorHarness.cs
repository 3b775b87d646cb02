extern alias generator;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using generator::RgDsl.Generators;

namespace RgDsl.Generators.Tests;

/// <summary>Runs the generator on in-memory sources and, on request, compiles and loads the result.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var list = paths.Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        list.Add(MetadataReference.CreateFromFile(typeof(RgModelAttribute).Assembly.Location));
        return list.ToImmutableArray();
    });

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("UserModels",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Model{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText>? additionalFiles = null) =>
        CSharpGeneratorDriver.Create([new RgModelGenerator().AsSourceGenerator()],
            additionalTexts: additionalFiles?.ToImmutableArray() ?? ImmutableArray<AdditionalText>.Empty,
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The generator's diagnostics and sources, and the compiler's errors on the combined compilation.</summary>
    public static GeneratorOutcome Run(params string[] sources) => RunWithFiles(new Dictionary<string, string>(), sources);

    /// <summary>A driver with both generators: the models' and the networks'.</summary>
    public static GeneratorDriver CreateNetworkDriver() =>
        CSharpGeneratorDriver.Create([new RgModelGenerator().AsSourceGenerator(), new RgNetworkGenerator().AsSourceGenerator()],
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Like <see cref="Run"/>, with the network generator as well.</summary>
    public static GeneratorOutcome RunNetworks(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateNetworkDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var generated = driver.GetRunResult().GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString());
        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("RG", StringComparison.Ordinal)).ToList();
        return new GeneratorOutcome(output, generatorDiagnostics.ToList(), generated, compileErrors);
    }

    /// <summary>Runs the generator with additional files (path → content).</summary>
    public static GeneratorOutcome RunWithFiles(IReadOnlyDictionary<string, string> files, params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Key, f.Value))).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        var generated = result.GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString());
        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("RG", StringComparison.Ordinal)).ToList();
        return new GeneratorOutcome(output, generatorDiagnostics.ToList(), generated, compileErrors);
    }

    /// <summary>Compiles the sources with the generator and loads the assembly into a collectible context.</summary>
    public static Assembly Load(params string[] sources) => LoadWithFiles(new Dictionary<string, string>(), sources);

    public static Assembly LoadWithFiles(IReadOnlyDictionary<string, string> files, params string[] sources) => Load(RunWithFiles(files, sources));

    /// <summary>Loads the compilation of a generator run that produced no errors.</summary>
    public static Assembly Load(GeneratorOutcome outcome)
    {
        Assert.Empty(outcome.CompileErrors);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        using var stream = new MemoryStream();
        var emit = outcome.Compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext("models", isCollectible: true).LoadFromStream(stream);
    }
}

internal sealed class InMemoryAdditionalText(string path, string content) : AdditionalText
{
    public override string Path => path;
    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => Microsoft.CodeAnalysis.Text.SourceText.From(content);
}

internal sealed record GeneratorOutcome(Compilation Compilation, List<Diagnostic> GeneratorDiagnostics, Dictionary<string, string> Sources, List<Diagnostic> CompileErrors);
