namespace RgDsl.Data;

/// <summary>A positive semi-definite kernel on input vectors.</summary>
public interface IKernel
{
    double Evaluate(double[] x, double[] y);
    string Description { get; }
}

/// <summary>k(x, y) = x·y / D.</summary>
public sealed class LinearKernel : IKernel
{
    public double Evaluate(double[] x, double[] y) => Dot(x, y) / x.Length;
    public string Description => "linear x·y/D";
    internal static double Dot(double[] x, double[] y) { double s = 0; for (var i = 0; i < x.Length; i++) s += x[i] * y[i]; return s; }
    internal static double SquaredDistance(double[] x, double[] y) { double s = 0; for (var i = 0; i < x.Length; i++) { var d = x[i] - y[i]; s += d * d; } return s; }
}

/// <summary>k(x, y) = exp(−|x − y|²/(2ℓ²)).</summary>
public sealed class RbfKernel(double lengthScale) : IKernel
{
    private readonly double _scale = lengthScale > 0 ? lengthScale : throw new ArgumentOutOfRangeException(nameof(lengthScale), lengthScale, "the length scale must be positive.");
    public double Evaluate(double[] x, double[] y) => Math.Exp(-LinearKernel.SquaredDistance(x, y) / (2 * _scale * _scale));
    public string Description => FormattableString.Invariant($"RBF, length scale {_scale:G4}");
}

/// <summary>k(x, y) = exp(−|x − y|/ℓ).</summary>
public sealed class LaplaceKernel(double lengthScale) : IKernel
{
    private readonly double _scale = lengthScale > 0 ? lengthScale : throw new ArgumentOutOfRangeException(nameof(lengthScale), lengthScale, "the length scale must be positive.");
    public double Evaluate(double[] x, double[] y) => Math.Exp(-Math.Sqrt(LinearKernel.SquaredDistance(x, y)) / _scale);
    public string Description => FormattableString.Invariant($"Laplace, length scale {_scale:G4}");
}

/// <summary>
/// The infinite-width NNGP kernel of a fully connected ReLU network with <c>depth</c> hidden layers (the arc-cosine
/// recursion of Cho and Saul): K⁰(x, y) = σ_w² x·y/D + σ_b², and
/// K^(l+1)(x, y) = σ_w²/(2π) √(K^l(x,x) K^l(y,y)) (sin θ + (π − θ) cos θ) + σ_b² with cos θ = K^l(x,y)/√(K^l(x,x)K^l(y,y)).
/// Normalisation: σ_w² = 2 (He initialisation) keeps K^l(x,x) = K⁰(x,x) when σ_b = 0, so depth does not rescale the kernel.
/// </summary>
public sealed class ReluNngpKernel : IKernel
{
    public ReluNngpKernel(int depth, double weightVariance = 2, double biasVariance = 0)
    {
        if (depth < 0) throw new ArgumentOutOfRangeException(nameof(depth), depth, "the depth must be ≥ 0.");
        if (!(weightVariance > 0) || !(biasVariance >= 0)) throw new ArgumentOutOfRangeException(nameof(weightVariance), "σ_w² must be positive and σ_b² non-negative.");
        Depth = depth; WeightVariance = weightVariance; BiasVariance = biasVariance;
    }

    public int Depth { get; }
    public double WeightVariance { get; }
    public double BiasVariance { get; }

    public double Evaluate(double[] x, double[] y)
    {
        var d = x.Length;
        var kxy = WeightVariance * LinearKernel.Dot(x, y) / d + BiasVariance;
        var kxx = WeightVariance * LinearKernel.Dot(x, x) / d + BiasVariance;
        var kyy = WeightVariance * LinearKernel.Dot(y, y) / d + BiasVariance;
        for (var l = 0; l < Depth; l++)
        {
            var norm = Math.Sqrt(kxx * kyy);
            var cos = norm > 0 ? Math.Clamp(kxy / norm, -1, 1) : 1;
            var theta = Math.Acos(cos);
            kxy = WeightVariance / (2 * Math.PI) * norm * (Math.Sin(theta) + (Math.PI - theta) * cos) + BiasVariance;
            kxx = WeightVariance / 2 * kxx + BiasVariance;
            kyy = WeightVariance / 2 * kyy + BiasVariance;
        }
        return kxy;
    }

    public string Description => FormattableString.Invariant($"ReLU NNGP, depth {Depth}, σ_w² = {WeightVariance:G3}, σ_b² = {BiasVariance:G3}");
}
