using MathNet.Numerics.LinearAlgebra;

namespace RgDsl.Networks.Kernels;

/// <summary>
/// Gauss–Hermite rules for the standard normal weight e^(−z²/2)/√(2π) (probabilists' convention), from the
/// eigen-decomposition of the Jacobi matrix (Golub–Welsch): E[g(z)] ≈ Σ_i w_i g(z_i), exact for polynomials of degree
/// below 2n.
/// </summary>
internal static class GaussHermite
{
    private static readonly Dictionary<int, (double[] Nodes, double[] Weights)> Cache = new();

    public static (double[] Nodes, double[] Weights) Rule(int order)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "the order must be at least 1.");
        lock (Cache)
        {
            if (Cache.TryGetValue(order, out var rule)) return rule;
            // Probabilists' Hermite recurrence z He_n = He_(n+1) + n He_(n−1): off-diagonal √n, zero diagonal.
            var jacobi = Matrix<double>.Build.Dense(order, order);
            for (var i = 1; i < order; i++) jacobi[i, i - 1] = jacobi[i - 1, i] = Math.Sqrt(i);
            var evd = jacobi.Evd(Symmetricity.Symmetric);
            var nodes = new double[order];
            var weights = new double[order];
            for (var i = 0; i < order; i++)
            {
                nodes[i] = evd.EigenValues[i].Real;
                var v = evd.EigenVectors[0, i];
                weights[i] = v * v; // the weight's total mass is 1
            }
            // The rule is symmetric (z_(n−1−i) = −z_i, equal weights); made exactly so, which lets φ(−√q z_i) be read
            // from the mirrored node (see Mirror).
            for (var i = 0; i < order / 2; i++)
            {
                var j = order - 1 - i;
                var z = (nodes[j] - nodes[i]) / 2;
                var w = (weights[i] + weights[j]) / 2;
                (nodes[i], nodes[j], weights[i], weights[j]) = (-z, z, w, w);
            }
            if (order % 2 == 1) nodes[order / 2] = 0;
            rule = (nodes, weights);
            Cache[order] = rule;
            return rule;
        }
    }

    /// <summary>The index of the node −z_i in a rule of the given order (<see cref="Rule"/> is exactly symmetric).</summary>
    public static int Mirror(int order, int i) => order - 1 - i;
}
