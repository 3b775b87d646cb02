using RgDsl.Perturbations;
using RgDsl.Scaling;
using RgDsl.Spectra;
using RgDsl.Tests.Scaling;
using Xunit.Abstractions;

namespace RgDsl.Tests.Diagrams;

/// <summary>
/// The predicted P exponent of every first- and second-order diagram class against the slope fitted from the exact
/// class corrections (the sum of the class's diagrams evaluated on 10⁶ modes at a ladder of P): the weights of the
/// existing scaling matrix and six patterns outside the four kinds (three of them odd), one perturbation per model so
/// that its second-order classes are those of its own square. By default α = 1 with β ∈ {1, 2}; RGDSL_LONG_TESTS=1
/// runs the whole matrix α ∈ {0.5, 1, 2} × β ∈ {α, α+1} and a model with every weight at once (cross terms too).
/// </summary>
public class DiagramScalingTests(ITestOutputHelper output)
{
    internal static List<Perturbation> NewPatterns(double alpha) =>
    [
        Perturbation.Vertex("cubic k q p", "k q p", _ => 1e-3, [new VertexMonomial(1e-3, 0, 0, 0)]),
        Perturbation.Vertex("cubic k k q", "k k q", i => Math.Sqrt(i[1]), [new VertexMonomial(1, 0, 0.5)]),
        Perturbation.Vertex("cubic k k k", "k k k", _ => 1, [new VertexMonomial(1, 0)]),
        Perturbation.Vertex("quartic k k q p", "k k q p", i => Math.Sqrt((double)i[1] * i[2]), [new VertexMonomial(1, 0, 0.5, 0.5)]),
        Perturbation.Vertex("sextic k k k k q q", "k k k k q q", _ => 1, [new VertexMonomial(1, 0, 0)]),
        Perturbation.Vertex("mass k q", "k q", i => Math.Pow((double)i[0] * i[1], 0.5 * alpha), [new VertexMonomial(1, 0.5 * alpha, 0.5 * alpha)]),
    ];

    public static TheoryData<double, double> Matrix => LongTests.Enabled
        ? new() { { 0.5, 0.5 }, { 0.5, 1.5 }, { 1.0, 1.0 }, { 1.0, 2.0 }, { 2.0, 2.0 }, { 2.0, 3.0 } }
        : new() { { 1.0, 1.0 }, { 1.0, 2.0 } };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Every_first_and_second_order_class_matches_its_fitted_slope_within_0_05(double alpha, double beta)
    {
        var failures = new List<string>();
        var classes = 0;
        foreach (var p in ScalingAnalyzerTests.Weights(alpha).Concat(NewPatterns(alpha)))
        {
            var model = new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 1 + alpha, 1_000_000, 1, 1 + beta), 1.0), [p]);
            var report = ScalingAnalyzer.Analyze(model, new ScalingOptions(Points: 6, MeasuredOrder: 2));
            var s = report.Perturbations.Single();
            foreach (var c in s.Classes.Concat(s.SecondOrder!))
            {
                classes++;
                var line = FormattableString.Invariant(
                    $"α={alpha} β={beta} {p.Name}, order {c.Order}: {c.Name}: predicted P^{c.PExponent:0.0000} ({c.Dominance}), fitted {c.FittedPExponent:0.0000}±{c.FittedStandardError:0.0000}");
                output.WriteLine(line);
                if (!(Math.Abs(c.FittedPExponent!.Value - c.PExponent!.Value) <= 0.05)) failures.Add(line);
            }
        }
        output.WriteLine($"{classes} classes");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
