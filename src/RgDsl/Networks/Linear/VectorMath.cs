using System.Numerics;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Linear;

/// <summary>
/// Reductions with a fixed summation order. TensorPrimitives.Dot peels elements to reach an aligned address, so its
/// rounding depends on where the GC placed an array; a seeded sampler would then not reproduce itself (a one-ulp
/// difference flips a Metropolis decision sooner or later). These loops depend only on the length.
/// </summary>
internal static class VectorMath
{
    /// <summary>Σ x_i y_i with four vector accumulators, combined in a fixed order, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("the vectors differ in length.", nameof(y));
        var n = x.Length;
        var w = Vector<double>.Count;
        var i = 0;
        double sum = 0;
        if (n >= 4 * w)
        {
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                s0 = Vector.FusedMultiplyAdd(new Vector<double>(x.Slice(i, w)), new Vector<double>(y.Slice(i, w)), s0);
                s1 = Vector.FusedMultiplyAdd(new Vector<double>(x.Slice(i + w, w)), new Vector<double>(y.Slice(i + w, w)), s1);
                s2 = Vector.FusedMultiplyAdd(new Vector<double>(x.Slice(i + 2 * w, w)), new Vector<double>(y.Slice(i + 2 * w, w)), s2);
                s3 = Vector.FusedMultiplyAdd(new Vector<double>(x.Slice(i + 3 * w, w)), new Vector<double>(y.Slice(i + 3 * w, w)), s3);
            }
            sum = Vector.Sum((s0 + s1) + (s2 + s3));
        }
        for (; i < n; i++) sum = Math.FusedMultiplyAdd(x[i], y[i], sum);
        return sum;
    }
}
