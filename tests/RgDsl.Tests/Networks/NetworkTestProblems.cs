using RgDsl.Networks;

namespace RgDsl.Tests.Networks;

/// <summary>Small random problems and a naive scalar forward pass (independent of the vectorised engine).</summary>
internal static class NetworkTestProblems
{
    public static NetworkDataset Gaussian(int count, int d, Random random, Func<double[], double> target, double noise = 0)
    {
        var inputs = new double[count][];
        var targets = new double[count];
        for (var mu = 0; mu < count; mu++)
        {
            inputs[mu] = Enumerable.Range(0, d).Select(_ => Normal(random)).ToArray();
            targets[mu] = target(inputs[mu]) + noise * Normal(random);
        }
        return NetworkDataset.FromRows(inputs, targets);
    }

    public static double Normal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    /// <summary>Φ = φ(h^L) for weights W = scale·θ (layout W¹ N×d, then N×N layers), by scalar loops.</summary>
    public static double[,] Features(NetworkArchitecture a, double[] theta, double scale, NetworkDataset data)
    {
        var n = a.Width;
        var features = new double[data.Count, n];
        for (var mu = 0; mu < data.Count; mu++)
        {
            var input = data.Inputs.Slice(mu * a.InputDimension, a.InputDimension).ToArray();
            var offset = 0;
            for (var l = 0; l < a.Depth; l++)
            {
                var fanIn = input.Length;
                var output = new double[n];
                for (var i = 0; i < n; i++)
                {
                    double h = 0;
                    for (var j = 0; j < fanIn; j++) h += scale * theta[offset + i * fanIn + j] * input[j];
                    output[i] = a.Function.Value(h / Math.Sqrt(fanIn));
                }
                offset += n * fanIn;
                input = output;
            }
            for (var i = 0; i < n; i++) features[mu, i] = input[i];
        }
        return features;
    }
}
