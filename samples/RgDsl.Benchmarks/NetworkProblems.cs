using RgDsl.Networks;

namespace RgDsl.Benchmarks;

/// <summary>The problems of the network benchmarks: Gaussian inputs x ~ N(0, I_d), a fixed erf teacher plus noise.</summary>
internal static class NetworkProblems
{
    /// <summary>P training and T test examples of y = Σ_k c_k erf(v_k·x/√d) + 0.1·noise (four random directions v_k).</summary>
    public static (NetworkDataset Train, NetworkDataset Test) Teacher(int d, int p, int t, int seed = 1)
    {
        var random = new Random(seed);
        var directions = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, d).Select(_ => Normal(random)).ToArray()).ToArray();
        var weights = new[] { 1.0, -0.7, 0.5, 0.3 };
        NetworkDataset Draw(int count, double noise)
        {
            var inputs = new double[count * d];
            var targets = new double[count];
            for (var mu = 0; mu < count; mu++)
            {
                for (var j = 0; j < d; j++) inputs[mu * d + j] = Normal(random);
                double y = 0;
                for (var k = 0; k < 4; k++)
                {
                    double h = 0;
                    for (var j = 0; j < d; j++) h += directions[k][j] * inputs[mu * d + j];
                    y += weights[k] * MathNet.Numerics.SpecialFunctions.Erf(h / Math.Sqrt(d));
                }
                targets[mu] = y + noise * Normal(random);
            }
            return new NetworkDataset(inputs, targets, d);
        }
        return (Draw(p, 0.1), Draw(t, 0));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
