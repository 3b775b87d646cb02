extern alias generator;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Tests;

/// <summary>The [RgNetwork] half of the generator: diagnostics with locations, the emitted source, and the generated model against the run-time one.</summary>
public class NetworkGeneratorTests
{
    internal const string ReluNet = """
        using System;
        using RgDsl;
        namespace Demo;

        [RgNetwork(Depth = 1, Activation = Activation.Relu, WeightVariance = 2)]
        [GaussianInputs(Dimension = 8, Exponent = 0.5)]
        [LinearTeacher(Exponent = 0.5, Power = 1)]
        public partial class ReluNet
        {
            [Width] public int Width { get; init; } = 64;
            [Ridge] public double Kappa => 0.05;
            [LabelNoise] public double Noise => 0.01;
        }
        """;

    private static string Network(string attributes, string body, string modifiers = "public partial") => $$"""
        using System;
        using RgDsl;
        using RgDsl.Networks;
        using RgDsl.Networks.Data;
        {{attributes}}
        {{modifiers}} class N
        {
        {{body}}
        }
        """;

    private const string Architecture = "[RgNetwork(Depth = 1, Activation = Activation.Erf)]";
    private const string Gaussian = "[GaussianInputs(Dimension = 4, Exponent = 0.5)]\n[LinearTeacher(Exponent = 0.5, Power = 1)]";
    private const string Members = """
            [Width] public int Width { get; init; } = 32;
            [Ridge] public double Kappa => 0.05;
        """;

    [Fact]
    public void Generated_source_matches_snapshot_and_compiles()
    {
        var outcome = GeneratorHarness.RunNetworks(ReluNet);
        Assert.Empty(outcome.CompileErrors);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(outcome.GeneratorDiagnostics, d => d.Id == "RG0065" && d.GetMessage().Contains("arc-cosine"));
        SnapshotAssert.Matches("ReluNet", outcome.Sources["Demo.ReluNet.RgNetwork.g.cs"]);
    }

    [Fact]
    public void Generated_network_predicts_what_the_runtime_model_predicts()
    {
        // The generated path (attributes read at compile time) against a NetworkModel built by hand with the same values.
        var assembly = GeneratorHarness.Load(GeneratorHarness.RunNetworks(ReluNet));
        var type = assembly.GetType("Demo.ReluNet")!;
        var instance = (IDeclaredNetwork)Activator.CreateInstance(type)!;
        var generated = instance.Predict(32);
        var data = RgDsl.Networks.Data.NetworkData.PowerLawGaussian(8, 0.5, RgDsl.Networks.Data.Teacher.Linear(0.5, 1), 0.01);
        var manual = new RgDsl.Networks.NetworkModel("manual", new RgDsl.Networks.NetworkArchitecture(8, 1, 64, Activation.Relu, weightVariance: 2), data, 0.05);
        Assert.Equal(manual.Predict(32).TestError, generated.TestError, 1e-12);
        // P/N = 1/2 is beyond N/4: a one-hidden-layer ReLU network takes the renormalised kernel scale, no shape term.
        Assert.Equal(Approximation.ScaleMixture, generated.Approximation);
        Assert.Equal(RgDsl.Networks.Theory.NetworkTreatment.LayerRenormalisation, instance.ToNetworkModel().PredictNetwork(32).Treatment);
        Assert.Equal(64, instance.ToNetworkModel().Architecture.Width);
        Assert.Contains("width N = 64", instance.Describe());
        // Another width shares the theory's width-independent parts (the same spectrum object).
        var wider = (IDeclaredNetwork)Activator.CreateInstance(type)!;
        type.GetProperty("Width")!.GetSetMethod(true)!.Invoke(wider, [256]);
        Assert.Same(instance.ToNetworkModel().Theory.Spectrum, wider.ToNetworkModel().Theory.Spectrum);
        Assert.Equal(256, wider.ToNetworkModel().Architecture.Width);
    }

    [Fact]
    public void Linear_networks_get_the_exact_mixture_member_and_others_do_not()
    {
        var linear = GeneratorHarness.RunNetworks(Network("[RgNetwork(Activation = Activation.Linear)]\n" + Gaussian, Members));
        Assert.Contains("ExactLinear(", linear.Sources["N.RgNetwork.g.cs"]);
        var erf = GeneratorHarness.RunNetworks(Network(Architecture + "\n" + Gaussian, Members));
        Assert.DoesNotContain("ExactLinear(", erf.Sources["N.RgNetwork.g.cs"]);
    }

    [Fact]
    public void Compile_time_scaling_of_a_linear_network_matches_the_run_time_analysis()
    {
        // One source (ScalingRules): the generator's α, β and kernel-scale classes against NetworkModel.Scaling().
        const string source = """
            using RgDsl;
            [RgNetwork(Depth = 2, Activation = Activation.Linear)]
            [GaussianInputs(Dimension = 128, Exponent = 0.75)]
            [LinearTeacher(Exponent = 0.25, Power = 2)]
            public partial class Linear
            {
                [Width] public int Width { get; init; } = 32;
                [Ridge] public double Kappa => 0.05;
            }
            """;
        var assembly = GeneratorHarness.Load(GeneratorHarness.RunNetworks(source));
        var network = (IDeclaredNetwork)Activator.CreateInstance(assembly.GetType("Linear")!)!;
        var compileTime = network.CompileTimeScaling!;
        var runTime = network.Scaling();
        Assert.Equal(0.75, compileTime.Alpha, 1e-12);
        Assert.Equal(0.25, compileTime.Beta, 1e-12);
        Assert.Equal(compileTime.Alpha, runTime.Alpha, 1e-6);
        Assert.Equal(compileTime.Beta, runTime.Beta, 1e-6);
        var c = Assert.Single(compileTime.Perturbations);
        var r = runTime.Perturbations[0];
        Assert.Equal(0, c.Exponent!.Value, 1e-12);
        Assert.Equal(c.Interval!.Lo, r.Interval!.Lo, 1e-6);
        Assert.Equal(c.Interval.Hi, r.Interval.Hi, 1e-6);
        Assert.Equal(c.Classification, r.Classification);
        Assert.Equal(c.Classes.Select(x => (x.Class, x.Dominance)), r.Classes.Select(x => (x.Class, x.Dominance)));
        var relu = GeneratorHarness.RunNetworks(ReluNet).Sources["Demo.ReluNet.RgNetwork.g.cs"];
        Assert.Contains("CompileTimeScaling = null;", relu);
    }

    [Fact]
    public void Inputs_member_and_teacher_method_are_wired_through()
    {
        var source = Network(Architecture + "\n[GaussianInputs(Dimension = 4, Exponent = 1)]", Members + """
                [Teacher] public double Target(double[] x) => Math.Tanh(x[0]);
            """);
        var outcome = GeneratorHarness.RunNetworks(source);
        Assert.Empty(outcome.CompileErrors);
        Assert.True(outcome.Sources.ContainsKey("N.RgNetwork.g.cs"), string.Join("; ", outcome.GeneratorDiagnostics));
        Assert.Contains("Teacher.Function(this.Target", outcome.Sources["N.RgNetwork.g.cs"]);
        var inputs = GeneratorHarness.RunNetworks(Network(Architecture, Members + """
                [Inputs] public static NetworkData Data => NetworkData.PowerLawGaussian(4, 0.5, Teacher.Linear(0.5));
            """));
        Assert.Empty(inputs.CompileErrors);
        Assert.True(inputs.Sources.ContainsKey("N.RgNetwork.g.cs"), string.Join("; ", inputs.GeneratorDiagnostics));
        Assert.Contains("var data = N.Data;", inputs.Sources["N.RgNetwork.g.cs"]);
    }

    // One test per network diagnostic: the ID, the message and where it points.
    [Theory]
    [InlineData("RG0055", "[RgNetwork(Depth = 5)]", "", "Depth = 5", "Depth = 5")]
    [InlineData("RG0056", "[RgNetwork(Activation = (Activation)9)]", "", "Activation = 9", "Activation = (Activation)9")]
    [InlineData("RG0063", "[RgNetwork(WeightVariance = -1)]", "", "WeightVariance = -1", "WeightVariance = -1")]
    [InlineData("RG0063", "[RgNetwork]\n[GaussianInputs(Dimension = 0)]\n[LinearTeacher]", "", "Dimension = 0", "Dimension = 0")]
    [InlineData("RG0063", "[RgNetwork]\n[GaussianInputs(Exponent = -1)]\n[LinearTeacher]", "", "a > −1", "Exponent = -1")]
    [InlineData("RG0063", "[RgNetwork]\n[GaussianInputs]\n[LinearTeacher(Power = 0)]", "", "positive and finite", "Power = 0")]
    [InlineData("RG0059", "[RgNetwork]", "", "declares no data", "N")]
    [InlineData("RG0061", "[RgNetwork]\n[GaussianInputs]", "", "no target", "GaussianInputs")]
    [InlineData("RG0060", "[RgNetwork]\n[GaussianInputs]\n[LinearTeacher]", "[Teacher] public double T(double[] x) => x[0];", "both declare the target", "T")]
    [InlineData("RG0060", "[RgNetwork]\n[GaussianInputs]", "[Inputs] public NetworkData D() => null!;", "both declare the data", "GaussianInputs")]
    [InlineData("RG0062", "[RgNetwork]\n[GaussianInputs]", "[Teacher] public double T(double x) => x;", "double T(double[] x)", "T")]
    [InlineData("RG0062", "[RgNetwork]", "[Inputs] public int D() => 1;", "NetworkData", "D")]
    [InlineData("RG0064", "[RgNetwork]\n[GaussianInputs]\n[LinearTeacher]", "[Spectrum] public double E(long k) => 1.0 / k;", "is marked [Spectrum]", "E")]
    [InlineData("RG0066", "[RgNetwork(Parameterisation = Parameterisation.MeanField)]\n[GaussianInputs]\n[LinearTeacher]", "", "mean-field", "N")]
    public void Network_diagnostic_is_reported_at_its_location(string id, string attributes, string extra, string message, string at)
    {
        var members = extra.Contains("[Width]") ? extra : Members + "\n    " + extra;
        var outcome = GeneratorHarness.RunNetworks(Network(attributes, members));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == id);
        Assert.Contains(message, d.GetMessage());
        Assert.Contains(at, Text(outcome, d));
        if (d.Severity == DiagnosticSeverity.Error) Assert.DoesNotContain(outcome.Sources.Keys, k => k.EndsWith("RgNetwork.g.cs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[Width] public int Width { get; init; } = 0;", "RG0057", "N ≥ 1", "Width")]
    [InlineData("[Width] public double Width { get; init; } = 8;", "RG0062", "'int' property", "Width")]
    [InlineData("", "RG0057", "no [Width] member", "N")]
    [InlineData("[Width] public int Width { get; init; } = 8;\n[Ridge] public double Kappa => 0;", "RG0058", "must be positive", "Kappa")]
    [InlineData("[Width] public int Width { get; init; } = 8;", "RG0016", "[Ridge]", "N")]
    public void Width_and_ridge_are_checked(string body, string id, string message, string at)
    {
        var outcome = GeneratorHarness.RunNetworks(Network(Architecture + "\n" + Gaussian, body.Contains("[Ridge]") || !body.Contains("Width") ? body + (body.Contains("[Ridge]") || id == "RG0016" ? "" : "\n[Ridge] public double Kappa => 0.05;") : body));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == id);
        Assert.Contains(message, d.GetMessage());
        Assert.Contains(at, Text(outcome, d));
    }

    [Fact]
    public void A_class_marked_both_RgModel_and_RgNetwork_is_refused()
    {
        var outcome = GeneratorHarness.RunNetworks(Network("[RgModel]\n" + Architecture + "\n" + Gaussian, Members + "\n[Spectrum] public double E(long k) => Math.Pow(k, -2.0);"));
        Assert.Contains(outcome.GeneratorDiagnostics, d => d.Id == "RG0064" && d.GetMessage().Contains("also marked [RgModel]"));
    }

    [Fact]
    public void Network_source_is_culture_invariant_under_fi_FI()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            var invariant = GeneratorHarness.RunNetworks(ReluNet).Sources["Demo.ReluNet.RgNetwork.g.cs"];
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("fi-FI");
            var finnish = GeneratorHarness.RunNetworks(ReluNet).Sources["Demo.ReluNet.RgNetwork.g.cs"];
            Assert.Equal(invariant, finnish);
            Assert.Contains("0.5d", finnish);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void An_unrelated_edit_keeps_the_network_pipeline_cached()
    {
        var compilation = GeneratorHarness.Compile(ReluNet, "class Unrelated { }");
        var driver = GeneratorHarness.CreateNetworkDriver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Unrelated { int x; }", new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest), path: "Model1.cs"));
        driver = driver.RunGenerators(edited);
        var run = driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(generator::RgDsl.Generators.RgNetworkGenerator));
        var reasons = run.TrackedSteps[generator::RgDsl.Generators.NetworkTrackingNames.Source].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    private static string Text(GeneratorOutcome outcome, Diagnostic d)
    {
        var path = d.Location.GetLineSpan().Path;
        var tree = outcome.Compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(d.Location.SourceSpan);
    }
}
