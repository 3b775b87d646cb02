using RgDsl.Networks;
using RgDsl.Networks.Functions;

namespace RgDsl.Tests.Networks;

/// <summary>The vectorised φ and φ′ against scalar references (MathNet's erf, Math.Tanh).</summary>
public class ActivationTests
{
    private static double[] Grid()
    {
        var points = new List<double> { 0, -0.0, 1e-300, -1e-300, 1e-10, 0.46875, -0.46875, 0.4687500001, 4, -4, 4.0000001, 26, -26, 40, double.PositiveInfinity, double.NegativeInfinity };
        for (var x = -7.0; x <= 7.0; x += 0.000731) points.Add(x);
        var random = new Random(3);
        for (var i = 0; i < 2000; i++) points.Add(Math.Exp(-30 + 33 * random.NextDouble()) * (random.Next(2) == 0 ? 1 : -1));
        return points.ToArray();
    }

    [Fact]
    public void Erf_is_within_1e_15_relative_of_MathNet_everywhere()
    {
        var x = Grid();
        var value = new double[x.Length];
        var derivative = new double[x.Length];
        VectorActivations.Apply(Activation.Erf, x, value, derivative);
        double worst = 0, worstAt = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var exact = MathNet.Numerics.SpecialFunctions.Erf(x[i]);
            var relative = exact == 0 ? Math.Abs(value[i]) : Math.Abs(value[i] - exact) / Math.Abs(exact);
            if (relative > worst) { worst = relative; worstAt = x[i]; }
            Assert.Equal(ErrorFunction.Erf(x[i]), value[i], 1e-15 * Math.Max(Math.Abs(exact), 1e-300));
            var exactDerivative = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x[i] * x[i]);
            // Beyond |x| = √700 the exponential is floored at e^(−700) ≈ 1e-304 (ErrorFunction.NegativeSquare).
            Assert.True(Math.Abs(derivative[i] - exactDerivative) <= 1e-15 * exactDerivative + 2e-304, $"φ′({x[i]}) = {derivative[i]} vs {exactDerivative}");
        }
        Assert.True(worst <= 1e-15, $"worst relative error {worst:G3} at x = {worstAt:R}");
    }

    [Theory]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Erf)]
    [InlineData(Activation.Tanh)]
    public void Vector_activations_match_the_scalar_reference_in_place_too(Activation activation)
    {
        var x = Grid().Where(double.IsFinite).ToArray();
        var inPlace = (double[])x.Clone();
        var derivative = new double[x.Length];
        VectorActivations.Apply(activation, inPlace, inPlace, derivative);
        for (var i = 0; i < x.Length; i++)
        {
            var exact = Activations.Value(activation, x[i]);
            Assert.True(Math.Abs(inPlace[i] - exact) <= 2e-15 * Math.Abs(exact), $"{activation}({x[i]:R}) = {inPlace[i]:R} vs {exact:R}");
            // 1 − tanh² cancels at large |x|; 1/cosh² is the accurate reference there.
            var exactDerivative = activation == Activation.Tanh ? (Math.Abs(x[i]) > 300 ? 0 : 1 / (Math.Cosh(x[i]) * Math.Cosh(x[i]))) : Activations.Derivative(activation, x[i]);
            Assert.True(Math.Abs(derivative[i] - exactDerivative) <= 4e-15 * Math.Max(Math.Abs(exactDerivative), 1e-300) + 1e-300,
                $"{activation}′({x[i]:R}) = {derivative[i]:R} vs {exactDerivative:R}");
        }
    }
}
