using RgDsl.Networks.Functions;
using RgDsl.Networks.Kernels;

namespace RgDsl.Tests.Networks;

/// <summary>
/// The table of E[φ(u)²] the layer-scale solver uses instead of a 400-point quadrature per call: it must reproduce the
/// quadrature (its oracle here, as the quadrature is checked against closed forms in NngpKernelTests) to 10⁻⁸ relative
/// over the whole tabulated range and pass closed forms and out-of-range q straight through.
/// </summary>
public class SecondMomentTableTests
{
    // Smooth, non-oscillating φ: for an oscillating one (sin) the 400-point quadrature itself fails at large q, and the
    // comparison would test the oracle.
    public static TheoryData<string> Activations => new() { "tanh", "swish", "softplus" };

    private static ActivationFunction Make(string name) => name switch
    {
        "tanh" => ActivationFunction.Of(Activation.Tanh),
        "swish" => new ActivationFunction("swish", z => z / (1 + Math.Exp(-z))),
        _ => new ActivationFunction("softplus", z => z > 30 ? z : Math.Log(1 + Math.Exp(z))),
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Table_reproduces_the_quadrature_to_1e_8_relative(string name)
    {
        var phi = Make(name);
        Assert.True(SecondMomentTable.NeedsQuadrature(phi));
        var table = new SecondMomentTable(phi);
        var random = new Random(3);
        for (var i = 0; i < 300; i++)
        {
            // Log-uniform over 10⁻⁷ … 10⁷: inside the table and beyond both of its ends.
            var q = Math.Exp((random.NextDouble() * 2 - 1) * 16.1);
            var exact = DualActivation.SecondMoment(phi, q);
            var tabulated = table.Value(q);
            Assert.True(Math.Abs(tabulated - exact) <= 1e-8 * Math.Abs(exact), $"{name}: q = {q:R}: table {tabulated:R}, quadrature {exact:R}");
        }
        Assert.Equal(DualActivation.SecondMoment(phi, 0), table.Value(0));
    }

    [Fact]
    public void Closed_forms_are_not_tabulated()
    {
        foreach (var phi in new[] { ActivationFunction.Of(Activation.Erf), ActivationFunction.Of(Activation.Relu), ActivationFunction.Polynomial("cubic", 0, 1, 0, 0.1) })
        {
            Assert.False(SecondMomentTable.NeedsQuadrature(phi));
            var table = new SecondMomentTable(phi);
            Assert.Equal(DualActivation.SecondMoment(phi, 0.7), table.Value(0.7));
        }
    }
}
