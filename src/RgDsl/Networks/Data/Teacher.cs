using System.Globalization;

namespace RgDsl.Networks.Data;

/// <summary>A target function y(x) for Gaussian inputs.</summary>
public abstract class Teacher
{
    public abstract string Description { get; }

    /// <summary>y(x).</summary>
    public abstract double Evaluate(double[] x);

    /// <summary>Called once by the data distribution the teacher belongs to (a teacher may depend on its covariance).</summary>
    internal virtual void Bind(PowerLawGaussianData data) { }

    /// <summary>
    /// A linear teacher y(x) = Σ_j c_j x_j/√Σ_jj with power c_j² = A j^−(1+b) in input direction j, scaled to a total power
    /// Σ_j c_j² = <paramref name="power"/>. For a linear network its powers are exactly the target powers y_k² of the
    /// kernel's modes (THEORY §6.4).
    /// </summary>
    public static LinearTeacher Linear(double exponent, double power = 1) => new(exponent, power);

    /// <summary>y(x) = a user function.</summary>
    public static Teacher Function(Func<double[], double> function, string description) => new FunctionTeacher(function, description);

    /// <summary>
    /// A fixed random network (its own weights drawn from the prior with the given seed), normalised to unit output
    /// variance on the input distribution: a non-linear target with a spectrum of its own.
    /// </summary>
    public static Teacher Network(Activation activation, int width, int seed = 1) => new NetworkTeacher(activation, width, seed);

    private sealed class FunctionTeacher(Func<double[], double> function, string description) : Teacher
    {
        private readonly Func<double[], double> _function = function ?? throw new ArgumentNullException(nameof(function));
        public override string Description => "teacher " + description;
        public override double Evaluate(double[] x)
        {
            var y = _function(x);
            if (!double.IsFinite(y)) throw new InvalidOperationException($"the teacher '{description}' returned a non-finite value.");
            return y;
        }
    }
}

/// <summary>See <see cref="Teacher.Linear"/>.</summary>
public sealed class LinearTeacher : Teacher
{
    private double[]? _weights; // c_j / √Σ_jj

    internal LinearTeacher(double exponent, double power)
    {
        if (!double.IsFinite(exponent)) throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "the target exponent b must be finite.");
        if (!double.IsFinite(power) || power <= 0) throw new ArgumentOutOfRangeException(nameof(power), power, "the target power must be positive and finite.");
        Exponent = exponent; Power = power;
    }

    /// <summary>b.</summary>
    public double Exponent { get; }
    /// <summary>Σ_j c_j².</summary>
    public double Power { get; }
    /// <summary>c_j², the power in input direction j (available once bound to a distribution).</summary>
    public IReadOnlyList<double> DirectionPowers { get; private set; } = [];

    public override string Description => string.Create(CultureInfo.InvariantCulture, $"linear teacher with powers ∝ j^-(1+{Exponent:G4}), total {Power:G4}");

    internal override void Bind(PowerLawGaussianData data)
    {
        if (_weights is not null && _weights.Length != data.Dimension)
            throw new InvalidOperationException("a linear teacher belongs to one data distribution; create a new one for another dimension.");
        var raw = Enumerable.Range(1, data.Dimension).Select(j => Math.Pow(j, -(1 + Exponent))).ToArray();
        var scale = Power / raw.Sum();
        DirectionPowers = raw.Select(r => r * scale).ToArray();
        _weights = DirectionPowers.Select((c2, j) => Math.Sqrt(c2 / data.Variances[j])).ToArray();
    }

    /// <summary>The teacher's weight vector u* with y = u*·x.</summary>
    public IReadOnlyList<double> Weights => _weights ?? throw new InvalidOperationException("the linear teacher is not bound to a data distribution yet.");

    public override double Evaluate(double[] x)
    {
        var w = _weights ?? throw new InvalidOperationException("the linear teacher is not bound to a data distribution yet.");
        double y = 0;
        for (var j = 0; j < w.Length; j++) y += w[j] * x[j];
        return y;
    }
}

/// <summary>See <see cref="Teacher.Network"/>: one hidden layer, readout normalised to unit output variance.</summary>
internal sealed class NetworkTeacher : Teacher
{
    private readonly Activation _activation;
    private readonly int _width, _seed;
    private double[][]? _hidden;
    private double[]? _readout;

    public NetworkTeacher(Activation activation, int width, int seed)
    {
        if (activation is < Activation.Linear or > Activation.Tanh) throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation; a teacher network uses Linear, Relu, Erf or Tanh.");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "the teacher's width must be at least 1.");
        _activation = activation; _width = width; _seed = seed;
    }

    public override string Description => string.Create(CultureInfo.InvariantCulture, $"random {_activation} teacher network of width {_width} (seed {_seed})");

    internal override void Bind(PowerLawGaussianData data)
    {
        var random = new Random(_seed);
        _hidden = Enumerable.Range(0, _width).Select(_ => Enumerable.Range(0, data.Dimension).Select(_ => StandardNormal.Sample(random)).ToArray()).ToArray();
        _readout = Enumerable.Range(0, _width).Select(_ => StandardNormal.Sample(random)).ToArray();
        // Normalise to unit output variance, measured on 20,000 inputs from a fixed stream.
        var probe = new Random(_seed + 7919);
        double sum = 0, sumSq = 0;
        const int count = 20_000;
        for (var i = 0; i < count; i++)
        {
            var x = new double[data.Dimension];
            for (var j = 0; j < x.Length; j++) x[j] = Math.Sqrt(data.Variances[j]) * StandardNormal.Sample(probe);
            var y = Raw(x);
            sum += y; sumSq += y * y;
        }
        var variance = sumSq / count - (sum / count) * (sum / count);
        var scale = variance > 0 ? 1 / Math.Sqrt(sumSq / count) : 1;
        for (var i = 0; i < _readout.Length; i++) _readout[i] *= scale;
    }

    public override double Evaluate(double[] x) => Raw(x);

    private double Raw(double[] x)
    {
        var hidden = _hidden ?? throw new InvalidOperationException("the teacher network is not bound to a data distribution yet.");
        double y = 0;
        var d = x.Length;
        for (var i = 0; i < hidden.Length; i++)
        {
            double z = 0;
            for (var j = 0; j < d; j++) z += hidden[i][j] * x[j];
            y += _readout![i] * Activations.Value(_activation, z / Math.Sqrt(d));
        }
        return y;
    }
}
