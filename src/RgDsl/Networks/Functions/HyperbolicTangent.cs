using System.Numerics;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Functions;

/// <summary>
/// tanh(x) in double precision, vectorised. TensorPrimitives.Tanh loses up to ~10⁻¹² relative accuracy near
/// |x| ~ 10⁻⁴ (it cancels in (e^(2x) − 1)/(e^(2x) + 1)) and returns −0 below ~10⁻¹⁷, so this uses the Cephes split:
/// x + x³·P(x²)/Q(x²) for |x| &lt; 0.625 (minimax, ~2·10⁻¹⁷ relative) and 1 − 2G/(1 + G), G = e^(−2|x|), beyond, where no
/// cancellation occurs. The caller supplies e^(−2|x|) (never overflows).
/// </summary>
internal static class HyperbolicTangent
{
    private const double Split = 0.625;
    private const double P0 = -9.64399179425052238628e-1, P1 = -9.92877231001918586564e1, P2 = -1.61468768441708447952e3;
    private const double Q0 = 1.12811678491632931402e2, Q1 = 2.23548839060100448583e3, Q2 = 4.84406305325125486048e3;

    /// <summary>
    /// value = tanh(x) and, in place of <paramref name="expMinusTwiceAbs"/> = e^(−2|x|), derivative = 1 − tanh²(x)
    /// = 4G/(1 + G)² with G = e^(−2|x|) (no cancellation at large |x|). <paramref name="value"/> may be x's memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhAndDerivative(ReadOnlySpan<double> x, Span<double> expMinusTwiceAbs, Span<double> value)
    {
        var w = Vector<double>.Count;
        var i = 0;
        var split = new Vector<double>(Split);
        var one = Vector<double>.One;
        var two = new Vector<double>(2);
        for (; i <= x.Length - w; i += w)
        {
            var v = new Vector<double>(x.Slice(i, w));
            var g = new Vector<double>(expMinusTwiceAbs.Slice(i, w));
            var y = Vector.Abs(v);
            var inverse = one / (one + g);
            Vector<double> t;
            if (Vector.LessThanAll(y, split))
            {
                t = Small(v);
            }
            else
            {
                var large = one - two * g * inverse;
                large = Vector.ConditionalSelect(Vector.LessThan(v, Vector<double>.Zero), -large, large);
                t = Vector.LessThanAny(y, split) ? Vector.ConditionalSelect(Vector.LessThan(y, split), Small(v), large) : large;
            }
            t.CopyTo(value.Slice(i, w));
            (new Vector<double>(4) * g * inverse * inverse).CopyTo(expMinusTwiceAbs.Slice(i, w));
        }
        for (; i < x.Length; i++)
        {
            var xi = x[i];
            var g = expMinusTwiceAbs[i];
            if (Math.Abs(xi) < Split)
            {
                var s = xi * xi;
                value[i] = xi + xi * s * (((P0 * s + P1) * s + P2) / (((s + Q0) * s + Q1) * s + Q2));
            }
            else
            {
                var large = 1 - 2 * g / (1 + g);
                value[i] = xi < 0 ? -large : large;
            }
            expMinusTwiceAbs[i] = 4 * g / ((1 + g) * (1 + g));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Small(Vector<double> x)
    {
        var s = x * x;
        var p = Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(new Vector<double>(P0), s, new(P1)), s, new(P2));
        var q = Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(s + new Vector<double>(Q0), s, new(Q1)), s, new(Q2));
        return Vector.FusedMultiplyAdd(x * s, p / q, x);
    }
}
