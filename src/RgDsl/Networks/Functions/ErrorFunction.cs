using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Functions;

/// <summary>
/// erf(x) in double precision, vectorised (.NET has no Math.Erf). The approximation is W. J. Cody's (Math. Comp. 23,
/// 631 (1969); SPECFUN CALERF): a rational function of x² for |x| ≤ 0.46875, and erfc(x) = e^(−x²)·R(x) with rational
/// R in x on (0.46875, 4] and in 1/x² beyond. Cody's approximations are accurate to below 10⁻¹⁸ relative; with the
/// factor e^(−x²) from TensorPrimitives.Exp (about 1 ulp) the
/// result is within about 2·10⁻¹⁶ relative of erf (tested against MathNet). erfc's relative accuracy at large x would
/// need Cody's split of x², but erf = 1 − erfc only needs erfc to absolute accuracy, which e^(−x²) gives.
/// The caller supplies e^(−x²), because the erf network needs it anyway for φ′(x) = 2/√π·e^(−x²).
/// </summary>
internal static class ErrorFunction
{
    private const double SmallLimit = 0.46875;
    private const double MiddleLimit = 4.0;
    private const double InverseSqrtPi = 0.56418958354775628695;

    private const double A0 = 3.16112374387056560e00, A1 = 1.13864154151050156e02, A2 = 3.77485237685302021e02,
        A3 = 3.20937758913846947e03, A4 = 1.85777706184603153e-1;
    private const double B0 = 2.36012909523441209e01, B1 = 2.44024637934444173e02, B2 = 1.28261652607737228e03,
        B3 = 2.84423683343917062e03;
    private const double C0 = 5.64188496988670089e-1, C1 = 8.88314979438837594e00, C2 = 6.61191906371416295e01,
        C3 = 2.98635138197400131e02, C4 = 8.81952221241769090e02, C5 = 1.71204761263407058e03,
        C6 = 2.05107837782607147e03, C7 = 1.23033935479799725e03, C8 = 2.15311535474403846e-8;
    private const double D0 = 1.57449261107098347e01, D1 = 1.17693950891312499e02, D2 = 5.37181101862009858e02,
        D3 = 1.62138957456669019e03, D4 = 3.29079923573345963e03, D5 = 4.36261909014324716e03,
        D6 = 3.43936767414372164e03, D7 = 1.23033935480374942e03;
    private const double P0 = 3.05326634961232344e-1, P1 = 3.60344899949804439e-1, P2 = 1.25781726111229246e-1,
        P3 = 1.60837851487422766e-2, P4 = 6.58749161529837803e-4, P5 = 1.63153871373020978e-2;
    private const double Q0 = 2.56852019228982242e00, Q1 = 1.87295284992346047e00, Q2 = 5.27905102951428412e-1,
        Q3 = 6.05183413124413191e-2, Q4 = 2.33520497626869185e-3;

    /// <summary>erf(x) for one value (the same approximation as the vector path).</summary>
    public static double Erf(double x)
    {
        var y = Math.Abs(x);
        if (y <= SmallLimit) return x * Small(y * y);
        var erfc = Math.Exp(-y * y) * (y <= MiddleLimit ? Middle(y) : Large(y));
        return x < 0 ? erfc - 1 : 1 - erfc;
    }

    /// <summary>
    /// result = erf(x), given <paramref name="expMinusSquare"/> = e^(−x²) element by element. <paramref name="result"/>
    /// may be the same span as <paramref name="x"/> or <paramref name="expMinusSquare"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Erf(ReadOnlySpan<double> x, ReadOnlySpan<double> expMinusSquare, Span<double> result)
    {
        var n = x.Length;
        var w = Vector<double>.Count;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var small = new Vector<double>(SmallLimit);
            var middle = new Vector<double>(MiddleLimit);
            var one = Vector<double>.One;
            for (; i <= n - w; i += w)
            {
                var v = new Vector<double>(x.Slice(i, w));
                var e = new Vector<double>(expMinusSquare.Slice(i, w));
                var y = Vector.Abs(v);
                Vector<double> value;
                if (Vector.LessThanOrEqualAll(y, small))
                {
                    value = v * Small(y * y);
                }
                else
                {
                    var r = Vector.LessThanOrEqualAll(y, middle)
                        ? Middle(y)
                        : Vector.ConditionalSelect(Vector.LessThanOrEqual(y, middle), Middle(y), Large(y));
                    var erfAbs = one - e * r;
                    var big = Vector.ConditionalSelect(Vector.LessThan(v, Vector<double>.Zero), -erfAbs, erfAbs);
                    value = Vector.LessThanOrEqualAny(y, small)
                        ? Vector.ConditionalSelect(Vector.LessThanOrEqual(y, small), v * Small(y * y), big)
                        : big;
                }
                value.CopyTo(result.Slice(i, w));
            }
        }
        for (; i < n; i++)
        {
            var xi = x[i];
            var y = Math.Abs(xi);
            if (y <= SmallLimit) { result[i] = xi * Small(y * y); continue; }
            var erfc = expMinusSquare[i] * (y <= MiddleLimit ? Middle(y) : Large(y));
            result[i] = xi < 0 ? erfc - 1 : 1 - erfc;
        }
    }

    // erf(x)/x as a rational function of z = x² (|x| ≤ 0.46875).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Small(double z)
    {
        var num = ((((A4 * z + A0) * z + A1) * z + A2) * z + A3);
        var den = ((((z + B0) * z + B1) * z + B2) * z + B3);
        return num / den;
    }

    // erfc(y)·e^(y²) for 0.46875 < y ≤ 4.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Middle(double y)
    {
        var num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
        var den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
        return num / den;
    }

    // erfc(y)·e^(y²) for y > 4.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Large(double y)
    {
        var z = 1 / (y * y);
        var num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
        var den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
        return (InverseSqrtPi - z * num / den) / y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Small(Vector<double> z)
    {
        var num = Fma(Fma(Fma(Fma(new Vector<double>(A4), z, new(A0)), z, new(A1)), z, new(A2)), z, new(A3));
        var den = Fma(Fma(Fma(z + new Vector<double>(B0), z, new(B1)), z, new(B2)), z, new(B3));
        return num / den;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Middle(Vector<double> y)
    {
        var num = Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(new Vector<double>(C8), y, new(C0)), y, new(C1)), y, new(C2)), y, new(C3)), y, new(C4)), y, new(C5)), y, new(C6)), y, new(C7));
        var den = Fma(Fma(Fma(Fma(Fma(Fma(Fma(y + new Vector<double>(D0), y, new(D1)), y, new(D2)), y, new(D3)), y, new(D4)), y, new(D5)), y, new(D6)), y, new(D7));
        return num / den;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Large(Vector<double> y)
    {
        var z = Vector<double>.One / (y * y);
        var num = Fma(Fma(Fma(Fma(Fma(new Vector<double>(P5), z, new(P0)), z, new(P1)), z, new(P2)), z, new(P3)), z, new(P4));
        var den = Fma(Fma(Fma(Fma(z + new Vector<double>(Q0), z, new(Q1)), z, new(Q2)), z, new(Q3)), z, new(Q4));
        return (new Vector<double>(InverseSqrtPi) - z * num / den) / y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Fma(Vector<double> a, Vector<double> b, Vector<double> c) => Vector.FusedMultiplyAdd(a, b, c);
}
