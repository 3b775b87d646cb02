using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Sampling;

/// <summary>
/// Seeded standard normal variates in bulk: xoshiro256** uniforms (Blackman and Vigna) and Marsaglia's polar method.
/// The output depends only on the seed and the sequence of requests.
/// </summary>
internal sealed class NormalGenerator
{
    private ulong _s0, _s1, _s2, _s3;
    public NormalGenerator(ulong seed)
    {
        // SplitMix64 expands the seed into the four state words (never all zero).
        var x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>A uniform variate in [0, 1) with 53 random bits.</summary>
    public double NextUniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fills <paramref name="destination"/> with independent standard normals. Allocates nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(Span<double> destination)
    {
        // Marsaglia's polar method, scalar: TensorPrimitives' vector Log/Sin/Cos fall back to scalar code for a whole
        // vector when one lane needs it, so their results depend on how an array happens to be aligned, and a seeded
        // chain would not reproduce itself.
        var n = destination.Length;
        var i = 0;
        while (i < n)
        {
            double u, v, s;
            do
            {
                u = 2 * NextUniform() - 1;
                v = 2 * NextUniform() - 1;
                s = u * u + v * v;
            }
            while (s >= 1 || s == 0);
            var factor = Math.Sqrt(-2 * Math.Log(s) / s);
            destination[i++] = u * factor;
            if (i < n) destination[i++] = v * factor;
        }
    }

    private ulong Next()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
