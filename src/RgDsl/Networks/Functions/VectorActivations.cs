using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Functions;

/// <summary>
/// φ and φ′ of <see cref="Activation"/> over whole arrays of pre-activations, vectorised with
/// <see cref="TensorPrimitives"/> and <see cref="Vector{T}"/>; the scalar reference is <see cref="Activations"/>.
/// </summary>
internal static class VectorActivations
{
    /// <summary>
    /// value = φ(h), derivative = φ′(h) (ReLU: 0 at h = 0). <paramref name="value"/> may be the same memory as
    /// <paramref name="h"/> (in place); <paramref name="derivative"/> must not overlap either.
    /// </summary>
    public static void Apply(Activation activation, ReadOnlySpan<double> h, Span<double> value, Span<double> derivative)
    {
        switch (activation)
        {
            case Activation.Linear:
                if (!h.Overlaps(value)) h.CopyTo(value);
                derivative.Fill(1);
                break;
            case Activation.Relu:
                Step(h, derivative); // before value, which may overwrite h
                TensorPrimitives.Max(h, 0.0, value);
                break;
            case Activation.Erf:
                ErrorFunction.NegativeSquare(h, derivative);
                TensorPrimitives.Exp(derivative, derivative);
                ErrorFunction.ErfAndDerivative(h, derivative, value, derivative);
                break;
            case Activation.Tanh:
                TensorPrimitives.Abs(h, derivative);
                TensorPrimitives.Multiply(derivative, -2.0, derivative);
                TensorPrimitives.Max(derivative, ErrorFunction.ExponentFloor, derivative); // see ErrorFunction.NegativeSquare
                TensorPrimitives.Exp(derivative, derivative);
                HyperbolicTangent.TanhAndDerivative(h, derivative, value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation.");
        }
    }

    /// <summary>
    /// As <see cref="Apply(Activation, ReadOnlySpan{double}, Span{double}, Span{double})"/> for any activation: a
    /// built-in on its vector path; a declared polynomial by Horner's rule for φ and φ′ together; any other declared φ
    /// element by element (φ′ as <see cref="ActivationFunction.Derivative"/>).
    /// </summary>
    public static void Apply(ActivationFunction activation, ReadOnlySpan<double> h, Span<double> value, Span<double> derivative)
    {
        if (activation.BuiltIn is { } builtIn)
        {
            Apply(builtIn, h, value, derivative);
            return;
        }
        if (activation.PolynomialCoefficients is { } c)
        {
            var n = c.Count - 1;
            for (var i = 0; i < h.Length; i++)
            {
                var z = h[i];
                double p = c[n], dp = 0;
                for (var k = n - 1; k >= 0; k--) { dp = dp * z + p; p = p * z + c[k]; }
                derivative[i] = dp;
                value[i] = p;
            }
            return;
        }
        for (var i = 0; i < h.Length; i++)
        {
            var z = h[i];
            derivative[i] = activation.Derivative(z);
            value[i] = activation.Value(z);
        }
    }

    /// <summary>derivative = 1 where h &gt; 0, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Step(ReadOnlySpan<double> h, Span<double> derivative)
    {
        var w = Vector<double>.Count;
        var i = 0;
        for (; i <= h.Length - w; i += w)
            Vector.ConditionalSelect(Vector.GreaterThan(new Vector<double>(h.Slice(i, w)), Vector<double>.Zero), Vector<double>.One, Vector<double>.Zero)
                .CopyTo(derivative.Slice(i, w));
        for (; i < h.Length; i++) derivative[i] = h[i] > 0 ? 1 : 0;
    }
}
