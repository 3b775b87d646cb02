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
    private const double TwoOverSqrtPi = 1.1283791670955125739;

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
    public static void Erf(ReadOnlySpan<double> x, ReadOnlySpan<double> expMinusSquare, Span<double> result) =>
        ErfAndDerivative(x, expMinusSquare, result, default);

    /// <summary>
    /// As <see cref="Erf(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>, and, when
    /// <paramref name="derivative"/> is not empty, erf′(x) = 2/√π·e^(−x²) into it in the same pass (it may be the memory
    /// of <paramref name="expMinusSquare"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ErfAndDerivative(ReadOnlySpan<double> x, ReadOnlySpan<double> expMinusSquare, Span<double> result, Span<double> derivative)
    {
        var n = x.Length;
        var w = Vector<double>.Count;
        var i = 0;
        var withDerivative = !derivative.IsEmpty;
        if (Vector.IsHardwareAccelerated)
        {
            var small = new Vector<double>(SmallLimit);
            var middle = new Vector<double>(MiddleLimit);
            var one = Vector<double>.One;
            for (; i <= n - w; i += w)
            {
                // Each region is a ratio num/den; blend the ratios and divide once (division is the slow operation).
                var v = new Vector<double>(x.Slice(i, w));
                var y = Vector.Abs(v);
                var z = y * y;
                var (smallNum, smallDen) = SmallRatio(z);
                var e = new Vector<double>(expMinusSquare.Slice(i, w)); // read before derivative (same memory) is written
                Vector<double> value;
                if (withDerivative) (new Vector<double>(TwoOverSqrtPi) * e).CopyTo(derivative.Slice(i, w));
                if (Vector.LessThanOrEqualAll(y, small))
                {
                    value = v * smallNum / smallDen;
                }
                else
                {
                    var (middleNum, middleDen) = MiddleRatio(y);
                    // erf(|x|) = 1 − e·num/den = (den − e·num)/den: no cancellation, since e·num/den = erfc ≤ 0.51 here.
                    var num = Vector.FusedMultiplyAdd(-e, middleNum, middleDen);
                    var den = middleDen;
                    if (Vector.GreaterThanAny(y, middle))
                    {
                        // Beyond 4, erfc < 2e-8: its own division costs nothing in accuracy and is rarely needed.
                        var isLarge = Vector.GreaterThan(y, middle);
                        num = Vector.ConditionalSelect(isLarge, one - e * Large(y), num);
                        den = Vector.ConditionalSelect(isLarge, one, den);
                    }
                    num = Vector.ConditionalSelect(Vector.LessThan(v, Vector<double>.Zero), -num, num);
                    if (Vector.LessThanOrEqualAny(y, small))
                    {
                        var isSmall = Vector.LessThanOrEqual(y, small);
                        num = Vector.ConditionalSelect(isSmall, v * smallNum, num);
                        den = Vector.ConditionalSelect(isSmall, smallDen, den);
                    }
                    value = num / den;
                }
                value.CopyTo(result.Slice(i, w));
            }
        }
        for (; i < n; i++)
        {
            var xi = x[i];
            var ei = expMinusSquare[i];
            if (withDerivative) derivative[i] = TwoOverSqrtPi * ei;
            var y = Math.Abs(xi);
            if (y <= SmallLimit) { result[i] = xi * Small(y * y); continue; }
            var erfc = ei * (y <= MiddleLimit ? Middle(y) : Large(y));
            result[i] = xi < 0 ? erfc - 1 : 1 - erfc;
        }
    }

    /// <summary>
    /// destination = max(−x², −700), the argument of the exponential. The floor keeps TensorPrimitives.Exp on its
    /// vector path (near underflow it falls back to scalar code for a whole vector, which makes results depend on the
    /// alignment of the array); e^(−700) ≈ 10⁻³⁰⁴ changes neither erf nor, beyond 10⁻³⁰⁰, its derivative.
    /// </summary>
    public static void NegativeSquare(ReadOnlySpan<double> x, Span<double> destination)
    {
        var w = Vector<double>.Count;
        var floor = new Vector<double>(ExponentFloor);
        var i = 0;
        for (; i <= x.Length - w; i += w)
        {
            var v = new Vector<double>(x.Slice(i, w));
            Vector.Max(-(v * v), floor).CopyTo(destination.Slice(i, w));
        }
        for (; i < x.Length; i++) destination[i] = Math.Max(-(x[i] * x[i]), ExponentFloor);
    }

    /// <summary>The smallest argument passed to the vector exponential.</summary>
    internal const double ExponentFloor = -700;

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
    private static (Vector<double> Num, Vector<double> Den) SmallRatio(Vector<double> z) =>
        (Fma(Fma(Fma(Fma(new Vector<double>(A4), z, new(A0)), z, new(A1)), z, new(A2)), z, new(A3)),
         Fma(Fma(Fma(z + new Vector<double>(B0), z, new(B1)), z, new(B2)), z, new(B3)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<double> Num, Vector<double> Den) MiddleRatio(Vector<double> y) =>
        (Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(new Vector<double>(C8), y, new(C0)), y, new(C1)), y, new(C2)), y, new(C3)), y, new(C4)), y, new(C5)), y, new(C6)), y, new(C7)),
         Fma(Fma(Fma(Fma(Fma(Fma(Fma(y + new Vector<double>(D0), y, new(D1)), y, new(D2)), y, new(D3)), y, new(D4)), y, new(D5)), y, new(D6)), y, new(D7)));

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
