using System.Globalization;

namespace RgDsl.Networks.Functions;

/// <summary>How |φ(z)| grows as |z| → ∞: what decides whether a tilt exp(c(α·φ)²) of a Gaussian can be normalised.</summary>
public enum ActivationGrowth
{
    /// <summary>φ bounded (tanh, erf): every tilt exp(c(α·φ)²) is bounded, so the tilted measure is always normalisable.</summary>
    Bounded,
    /// <summary>φ(z) ≈ c₊z for z → +∞ and c₋z for z → −∞ (linear, ReLU): the tilt is Gaussian-like at large |w| and competes with the prior.</summary>
    Linear,
    /// <summary>|φ(z)| grows faster than |z| (e.g. z + εz³): the tilt beats the Gaussian prior along every direction it sees.</summary>
    Superlinear,
}

/// <summary>
/// The per-unit feature map φ of a hidden layer as the adaptive-kernel theory needs it: its values, and how fast it
/// grows (which decides whether the tilted measure of one unit can be normalised). Built-in activations come with
/// their exact growth; a user's function is classified by probing it (<see cref="FromFunction"/>).
/// </summary>
public sealed class UnitActivation
{
    private UnitActivation(string name, Func<double, double> value, ActivationGrowth growth, double positiveSlope, double negativeSlope, bool isLinear)
    {
        Name = name; Value = value; Growth = growth; PositiveSlope = positiveSlope; NegativeSlope = negativeSlope; IsLinear = isLinear;
    }

    /// <summary>A name for reports.</summary>
    public string Name { get; }
    /// <summary>φ(z).</summary>
    public Func<double, double> Value { get; }
    /// <summary>How |φ| grows at large |z|.</summary>
    public ActivationGrowth Growth { get; }
    /// <summary>c₊ = lim φ(z)/z as z → +∞ (0 unless <see cref="Growth"/> is Linear).</summary>
    public double PositiveSlope { get; }
    /// <summary>c₋ = lim φ(z)/z as z → −∞ (0 unless <see cref="Growth"/> is Linear).</summary>
    public double NegativeSlope { get; }
    /// <summary>φ(z) = c z exactly: the tilted measure is Gaussian and the saddle is solved in closed form.</summary>
    public bool IsLinear { get; }

    /// <summary>The asymptotic part φ_∞(z) = c₊ max(z, 0) + c₋ min(z, 0) that decides normalisability for linear growth.</summary>
    public double Asymptotic(double z) => z >= 0 ? PositiveSlope * z : NegativeSlope * z;

    /// <summary>φ_∞′(z).</summary>
    public double AsymptoticDerivative(double z) => z >= 0 ? PositiveSlope : NegativeSlope;

    /// <summary>A built-in activation with its exact growth.</summary>
    public static UnitActivation BuiltIn(Activation activation) => activation switch
    {
        Activation.Linear => new("linear", z => z, ActivationGrowth.Linear, 1, 1, isLinear: true),
        Activation.Relu => new("ReLU", z => z > 0 ? z : 0, ActivationGrowth.Linear, 1, 0, isLinear: false),
        Activation.Erf => new("erf", MathNet.Numerics.SpecialFunctions.Erf, ActivationGrowth.Bounded, 0, 0, isLinear: false),
        Activation.Tanh => new("tanh", Math.Tanh, ActivationGrowth.Bounded, 0, 0, isLinear: false),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation; use Linear, Relu, Erf or Tanh."),
    };

    /// <summary>
    /// The activation of a network's hidden layers as the saddle sees it: a built-in by its known growth, a declared φ
    /// (<see cref="ActivationFunction"/>) classified by probing (<see cref="FromFunction"/>).
    /// </summary>
    public static UnitActivation For(ActivationFunction activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return activation.BuiltIn is { } builtIn ? BuiltIn(builtIn) : FromFunction(activation.Name, activation.Value);
    }

    /// <summary>The probe points of <see cref="FromFunction"/>.</summary>
    internal static readonly double[] ProbePoints = [-1e3, -100, -10, -3, -1, -0.5, 0, 0.5, 1, 3, 10, 100, 1e3];

    /// <summary>
    /// A user's φ, classified by probing: |φ(±10³)|/|φ(±10²)| ≈ 1 bounded, ≈ 10 linear (slopes φ(±10³)/±10³),
    /// ≫ 10 superlinear. The probe cannot see a change of behaviour beyond |z| = 10³.
    /// </summary>
    /// <exception cref="ArgumentException">φ is not finite at a probe point, or constant.</exception>
    public static UnitActivation FromFunction(string name, Func<double, double> phi)
    {
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var values = ProbePoints.Select(z => (z, v: phi(z))).ToArray();
        foreach (var (z, v) in values)
            if (!double.IsFinite(v))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the activation '{name}' is not finite at z = {z:R}; φ must be finite on the real line."), nameof(phi));
        if (values.All(p => Math.Abs(p.v - values[0].v) <= 1e-12 * (1 + Math.Abs(values[0].v))))
            throw new ArgumentException($"the activation '{name}' is constant at every probe point: its units carry no features.", nameof(phi));
        double Ratio(double far, double near) => (Math.Abs(phi(far)) + 1e-300) / (Math.Abs(phi(near)) + 1e-300);
        var ratio = Math.Max(Ratio(1e3, 100), Ratio(-1e3, -100));
        var growth = ratio > 30 ? ActivationGrowth.Superlinear : ratio > 3 ? ActivationGrowth.Linear : ActivationGrowth.Bounded;
        var (plus, minus) = growth == ActivationGrowth.Linear ? (phi(1e3) / 1e3, phi(-1e3) / -1e3) : (0.0, 0.0);
        // Clean a probe of a bounded side (e.g. ReLU's 0 at −∞) of its remainder.
        if (Math.Abs(plus) < 1e-6) plus = 0;
        if (Math.Abs(minus) < 1e-6) minus = 0;
        var linear = values.All(p => Math.Abs(p.v - plus * p.z) <= 1e-12 * (1 + Math.Abs(p.v))) && plus == minus && plus != 0;
        return new UnitActivation(name, phi, growth, plus, minus, linear);
    }

    public override string ToString() => Name;
}
