using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace RgDsl.Networks.Sampling;

/// <summary>
/// Seeded standard normal variates for the network samplers: MathNet's xoshiro256** uniforms (Blackman and Vigna) and
/// its normal sampler (Marsaglia's polar method), the same generator as the field-theory
/// <see cref="Perturbations.Sampling.HmcSampler"/>. One variate per call, scalar, so the output depends only on the
/// seed and the sequence of requests (never on where an array lies) and nothing is allocated.
/// </summary>
internal sealed class NormalGenerator
{
    private readonly Xoshiro256StarStar _uniform;

    /// <summary>A generator whose stream is fixed by <paramref name="seed"/>.</summary>
    public NormalGenerator(int seed) => _uniform = new Xoshiro256StarStar(seed, threadSafe: false);

    /// <summary>A uniform variate in [0, 1).</summary>
    public double NextUniform() => _uniform.NextDouble();

    /// <summary>Fills <paramref name="destination"/> with independent standard normals. Allocates nothing.</summary>
    public void Fill(Span<double> destination)
    {
        // MathNet's bulk Normal.Samples draws its uniforms into a new array; one variate at a time allocates nothing.
        for (var i = 0; i < destination.Length; i++) destination[i] = Normal.Sample(_uniform, 0, 1);
    }
}
