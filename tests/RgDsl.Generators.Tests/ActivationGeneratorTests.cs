using System.Globalization;
using Microsoft.CodeAnalysis;
using RgDsl.Networks;
using RgDsl.Networks.Functions;

namespace RgDsl.Generators.Tests;

/// <summary>
/// A network's declared [Activation] method: read as a polynomial where it is one (closed-form kernel, guarded against
/// the method), evaluated numerically otherwise, and each diagnostic with its ID, message and location. Run under fi-FI,
/// where a decimal comma would break any number the generator formats with the current culture.
/// </summary>
public class ActivationGeneratorTests
{
    internal const string CubicNet = """
        using System;
        using RgDsl;
        namespace Demo;

        [RgNetwork(Parameterisation = Parameterisation.MeanField)]
        [GaussianInputs(Dimension = 8, Exponent = 0.5)]
        [LinearTeacher(Exponent = 0.5, Power = 1)]
        public partial class CubicNet
        {
            [Parameter] public double Epsilon { get; init; } = 0.1;
            [Width] public int Width { get; init; } = 64;
            [Ridge] public double Kappa => 0.05;

            // An instance method: a static one could not read the [Parameter] Epsilon (CS0120).
            [Activation] public double Phi(double z) => z + Epsilon * z * z * z;
        }
        """;

    private static string Network(string architecture, string activation) => $$"""
        using System;
        using RgDsl;
        {{architecture}}
        [GaussianInputs(Dimension = 4, Exponent = 0.5)]
        [LinearTeacher(Exponent = 0.5, Power = 1)]
        public partial class N
        {
            [Parameter] public double Epsilon { get; init; } = 0.1;
            [Width] public int Width { get; init; } = 32;
            [Ridge] public double Kappa => 0.05;
            {{activation}}
        }
        """;

    private static T UnderFinnish<T>(Func<T> run)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fi-FI");
            return run();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Declared_cubic_compiles_without_warnings_and_matches_its_snapshot()
    {
        var outcome = UnderFinnish(() => GeneratorHarness.RunNetworks(CubicNet));
        Assert.Empty(outcome.CompileErrors);
        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        // Warnings as errors: nothing at warning level or above in the generated trees.
        var generated = outcome.Compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToHashSet();
        Assert.NotEmpty(generated);
        Assert.Empty(outcome.Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } t && generated.Contains(t)));
        var understood = Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0065");
        Assert.Contains("φ = [Activation] Phi(z) = z + Epsilon·z^3", understood.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("finite Hermite series", understood.GetMessage(CultureInfo.InvariantCulture));
        var source = outcome.Sources["Demo.CubicNet.RgNetwork.g.cs"];
        Assert.Contains("new double[] { 0d, 1d, 0d, this.Epsilon }", source);
        SnapshotAssert.Matches("CubicNet", source);
    }

    [Fact]
    public void Declared_cubic_predicts_and_its_kernel_matches_quadrature_of_the_same_phi()
    {
        var assembly = GeneratorHarness.Load(UnderFinnish(() => GeneratorHarness.RunNetworks(CubicNet)));
        var type = assembly.GetType("Demo.CubicNet")!;
        var network = (IDeclaredNetwork)Activator.CreateInstance(type)!;
        var model = network.ToNetworkModel();
        var phi = model.Architecture.Function;
        Assert.Equal(Activation.Custom, model.Architecture.Activation);
        Assert.Equal(new[] { 0, 1, 0, 0.1 }, phi.PolynomialCoefficients!.ToArray());
        // Predict runs (the mean-field first-order shape term is O(1) here — issue 19's saddle replaces it — so only
        // finiteness is asserted of the full point); the scale mixture is a positive test error, and the GP limit is the
        // run-time model's with the same φ built by hand.
        var prediction = model.PredictNetwork(32);
        Assert.True(double.IsFinite(network.Predict(32).TestError));
        Assert.True(prediction.ScaleMixture.TestError > 0);
        var data = RgDsl.Networks.Data.NetworkData.PowerLawGaussian(8, 0.5, RgDsl.Networks.Data.Teacher.Linear(0.5, 1), 0);
        var manual = new NetworkModel("manual", new NetworkArchitecture(8, 1, 64, ActivationFunction.Polynomial("cubic", 0, 1, 0, 0.1), Parameterisation.MeanField), data, 0.05);
        Assert.Equal(manual.Predict(32, Approximation.Gaussian).TestError, network.Predict(32, Approximation.Gaussian).TestError, 1e-12);
        Assert.Contains("Phi(z) = z + Epsilon·z^3", network.Describe());

        // The generated kernel against Gauss–Hermite-free quadrature of the same φ (a 2-D trapezoid rule).
        var kernel = new NngpKernel(model.Architecture);
        double[][] x = [[0.3, -1.1, 0.7, 0.2, 1.0, -0.4, 0.6, 0.1], [1.2, 0.4, -0.5, 0.9, -0.3, 0.2, -1.0, 0.5]];
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++)
            {
                double Dot(double[] a, double[] b) => a.Zip(b, (s, t) => s * t).Sum() / 8;
                var expected = Trapezoid(phi.Value, Dot(x[i], x[i]), Dot(x[j], x[j]), Dot(x[i], x[j]));
                Assert.Equal(expected, kernel.Evaluate(x[i], x[j]), 1e-10 * Math.Abs(expected));
            }

        // Another ε is another kernel: the parameter reaches the coefficients.
        var stronger = (IDeclaredNetwork)Activator.CreateInstance(type)!;
        type.GetProperty("Epsilon")!.GetSetMethod(true)!.Invoke(stronger, [0.3]);
        Assert.Equal(new[] { 0, 1, 0, 0.3 }, stronger.ToNetworkModel().Architecture.Function.PolynomialCoefficients!.ToArray());
    }

    private static double Trapezoid(Func<double, double> phi, double qu, double qv, double c)
    {
        const double h = 0.05, limit = 10;
        var n = (int)(2 * limit / h);
        var rho = c / Math.Sqrt(qu * qv);
        var orthogonal = Math.Sqrt(Math.Max(0, 1 - rho * rho));
        double sum = 0;
        for (var i = 0; i <= n; i++)
        {
            var z1 = -limit + i * h;
            double inner = 0;
            for (var j = 0; j <= n; j++)
            {
                var z2 = -limit + j * h;
                inner += Math.Exp(-z2 * z2 / 2) * phi(Math.Sqrt(qv) * (rho * z1 + orthogonal * z2));
            }
            sum += Math.Exp(-z1 * z1 / 2) * phi(Math.Sqrt(qu) * z1) * inner;
        }
        return sum * h * h / (2 * Math.PI);
    }

    [Fact]
    public void A_non_polynomial_activation_is_evaluated_numerically()
    {
        var outcome = UnderFinnish(() => GeneratorHarness.RunNetworks(Network("[RgNetwork]", "[Activation] public static double Soft(double z) => Math.Log(1 + Math.Exp(z));")));
        var understood = Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0065");
        Assert.Contains("evaluated numerically", understood.GetMessage(CultureInfo.InvariantCulture));
        var source = outcome.Sources["N.RgNetwork.g.cs"];
        Assert.Contains("global::System.Func<double, double> phi = N.Soft;", source);
        Assert.DoesNotContain("TryCheckActivation", source);
        var phi = ActivationOf(Activator.CreateInstance(GeneratorHarness.Load(outcome).GetType("N")!)!);
        Assert.Null(phi.PolynomialCoefficients);
        Assert.Equal(Math.Log(1 + Math.E), phi.Value(1), 1e-15);
    }

    [Fact]
    public void A_reading_the_method_contradicts_at_run_time_falls_back_to_the_method()
    {
        // A derived class overrides φ: the generator read z³, the object computes z + z³; the guard sees it and the
        // kernel uses the method numerically, not the polynomial.
        var source = Network("[RgNetwork]", "[Activation] public virtual double Phi(double z) => z * z * z;") + """

            public class Derived : N
            {
                public override double Phi(double z) => z + z * z * z;
            }
            """;
        var outcome = GeneratorHarness.RunNetworks(source);
        var assembly = GeneratorHarness.Load(outcome);
        var phi = ActivationOf(Activator.CreateInstance(assembly.GetType("Derived")!)!);
        Assert.Null(phi.PolynomialCoefficients);
        Assert.Equal(3 + 27.0, phi.Value(3));
        var plain = ActivationOf(Activator.CreateInstance(assembly.GetType("N")!)!);
        Assert.Equal(new double[] { 0, 0, 0, 1 }, plain.PolynomialCoefficients!.ToArray());
        // The theory cache is keyed by the runtime type as well, so the two never share a kernel.
        Assert.Contains("GetType()", outcome.Sources["N.RgNetwork.g.cs"]);
    }

    // One test per activation diagnostic: the ID, the message and where it points.
    [Theory]
    [InlineData("RG0062", "[RgNetwork]", "[Activation] public double Phi(float z) => z;", "double Phi(double z)", "Phi")]
    [InlineData("RG0062", "[RgNetwork]", "[Activation] public double Phi(double z, double y) => z;", "double Phi(double z)", "Phi")]
    [InlineData("RG0067", "[RgNetwork]", "[Activation] public double Phi(double z) => Math.Exp(z * z);", "grows faster than the Gaussian weight", "Phi")]
    [InlineData("RG0067", "[RgNetwork]", "[Activation] public double Phi(double z) => 1 / z;", "φ(0) = Infinity", "Phi")]
    [InlineData("RG0067", "[RgNetwork]", "[Activation] public double Phi(double z) => Math.Exp(0.3 * z * z);", "grows from", "Phi")]
    [InlineData("RG0068", "[RgNetwork]", "[Activation] public double Phi(double z) => 2.5;", "does not depend on z", "Phi")]
    [InlineData("RG0068", "[RgNetwork]", "[Activation] public double Phi(double z) => z * 0 + Epsilon;", "at every probe point", "Phi")]
    [InlineData("RG0069", "[RgNetwork(Activation = Activation.Tanh)]", "[Activation] public double Phi(double z) => z + Epsilon * z * z * z;", "both declare φ", "Activation = Activation.Tanh")]
    [InlineData("RG0069", "[RgNetwork(Activation = Activation.Custom)]", "", "no method is marked [Activation]", "Activation = Activation.Custom")]
    [InlineData("RG0003", "[RgNetwork]", "[Activation] public double Phi(double z) => z;\n[Activation] public double Psi(double z) => z * z;", "Psi", "Psi")]
    public void Activation_diagnostic_is_reported_at_its_location(string id, string architecture, string activation, string message, string at)
    {
        var outcome = UnderFinnish(() => GeneratorHarness.RunNetworks(Network(architecture, activation)));
        var d = Assert.Single(outcome.GeneratorDiagnostics, x => x.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains(message, d.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains(at, Text(outcome, d));
        Assert.DoesNotContain(outcome.Sources.Keys, k => k.EndsWith("RgNetwork.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Growth_the_generator_cannot_read_is_refused_at_run_time_before_heavy_work()
    {
        // A helper outside the class is not read, so the check runs when the kernel meets the variance.
        var source = Network("[RgNetwork]", "[Activation] public double Phi(double z) => Helper.Fast(z);") + """

            public static class Helper { public static double Fast(double z) => Math.Exp(z * z); }
            """;
        var outcome = GeneratorHarness.RunNetworks(source);
        Assert.Contains("evaluated numerically", Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == "RG0065").GetMessage(CultureInfo.InvariantCulture));
        var network = (IDeclaredNetwork)Activator.CreateInstance(GeneratorHarness.Load(outcome).GetType("N")!)!;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<ArgumentException>(() => network.Predict(16));
        Assert.Contains("grows too fast", e.Message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), started.Elapsed.ToString());
    }

    /// <summary>The generated __RgActivation() of a network object: φ as the model would be built with it (without building the theory).</summary>
    private static ActivationFunction ActivationOf(object network)
    {
        var type = network.GetType();
        // A private method of the generated class: look it up on the class that declares it (a base of a derived type).
        while (type.GetMethod("__RgActivation", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly) is null)
            type = type.BaseType!;
        var method = type.GetMethod("__RgActivation", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)!;
        return (ActivationFunction)method.Invoke(network, null)!;
    }

    private static string Text(GeneratorOutcome outcome, Diagnostic d)
    {
        var path = d.Location.GetLineSpan().Path;
        var tree = outcome.Compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(d.Location.SourceSpan);
    }
}
