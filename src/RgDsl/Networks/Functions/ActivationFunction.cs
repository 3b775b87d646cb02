using System.Globalization;
using RgDsl.Networks.Kernels;

namespace RgDsl.Networks.Functions;

/// <summary>
/// An activation φ of every hidden layer, general enough for a declared one: a built-in (<see cref="Activation"/>),
/// a polynomial Σ_k c_k z^k (read exactly: its NNGP kernel is the finite Hermite series of
/// <see cref="DualActivation"/>, exact at every depth), or any function evaluated numerically (Gauss–Hermite
/// quadrature and Mehler's series, as for tanh). The kernels, samplers and the theory take it through
/// <see cref="NetworkArchitecture.Function"/>.
/// </summary>
/// <remarks>
/// A declared φ is checked when it is made, before any heavy work: it must be finite and not constant at the probe
/// points <see cref="ProbePoints"/>. Whether the Gaussian integrals of a non-polynomial φ exist depends on the
/// pre-activation variance q, so that is checked where q is known (<see cref="EnsureIntegrable"/>, called by
/// <see cref="NngpKernel"/>).
/// </remarks>
public sealed class ActivationFunction
{
    /// <summary>The highest polynomial degree read exactly (the Hermite coefficients grow like √(k!) q^(k/2)).</summary>
    public const int MaxPolynomialDegree = 24;

    /// <summary>The points where a declared φ must be finite and where a constant φ is detected.</summary>
    public static IReadOnlyList<double> ProbePoints { get; } = [0, 0.25, -0.25, 0.5, -0.5, 1, -1, 2, -2, 3, -3, 5, -5, 8, -8];

    private static readonly ActivationFunction[] BuiltIns =
        [new(Activation.Linear), new(Activation.Relu), new(Activation.Erf), new(Activation.Tanh)];

    private readonly Func<double, double> _value;
    private readonly Func<double, double>? _derivative;
    private readonly double[]? _polynomial;

    private ActivationFunction(Activation builtIn)
    {
        BuiltIn = builtIn;
        Name = builtIn.ToString();
        Formula = builtIn switch { Activation.Linear => "z", Activation.Relu => "max(0, z)", Activation.Erf => "erf(z)", _ => "tanh(z)" };
        _value = z => Activations.Value(builtIn, z);
        _derivative = z => Activations.Derivative(builtIn, z);
        if (builtIn == Activation.Linear) _polynomial = [0, 1];
    }

    /// <summary>
    /// A declared activation: <paramref name="value"/> is φ (the user's method); <paramref name="polynomial"/>, when
    /// given, its exact power-series coefficients c_0, c_1, … (φ(z) = Σ_k c_k z^k), which then give the kernel in closed
    /// form. Generated code guards the coefficients against the method first (<see cref="ClosedFormGuard.CheckActivation"/>).
    /// </summary>
    /// <param name="name">A name for messages (the method's name).</param>
    /// <param name="value">φ(z).</param>
    /// <param name="polynomial">c_k, at most <see cref="MaxPolynomialDegree"/> + 1 of them, or null for a numerical φ.</param>
    /// <param name="formula">φ as read, for descriptions (default: the polynomial, or "name(z)").</param>
    /// <param name="derivative">φ′(z), optional: the samplers otherwise use the polynomial's derivative or a central difference.</param>
    /// <exception cref="ArgumentException">φ not finite or constant at a probe point; a coefficient not finite; too many coefficients.</exception>
    public ActivationFunction(string name, Func<double, double> value, IReadOnlyList<double>? polynomial = null, string? formula = null,
        Func<double, double>? derivative = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        _value = value;
        _derivative = derivative;
        if (polynomial is not null)
        {
            if (polynomial.Count is 0 or > MaxPolynomialDegree + 1)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"φ '{name}': a polynomial activation needs 1 to {MaxPolynomialDegree + 1} coefficients (degree at most {MaxPolynomialDegree}); it has {polynomial.Count}."), nameof(polynomial));
            for (var k = 0; k < polynomial.Count; k++)
                if (!double.IsFinite(polynomial[k]))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"φ '{name}': the coefficient of z^{k} is {polynomial[k]:R}; it must be finite."), nameof(polynomial));
            _polynomial = polynomial.ToArray();
        }
        Formula = formula ?? (_polynomial is null ? name + "(z)" : PolynomialText(_polynomial));
        CheckProbes();
    }

    /// <summary>The built-in activation <paramref name="activation"/> (one shared instance each).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Activation.Custom"/> or an undefined value.</exception>
    public static ActivationFunction Of(Activation activation) =>
        activation is >= Activation.Linear and <= Activation.Tanh
            ? BuiltIns[(int)activation]
            : throw new ArgumentOutOfRangeException(nameof(activation), activation,
                "not a built-in activation; use Linear, Relu, Erf or Tanh, or make an ActivationFunction for a declared one.");

    /// <summary>φ(z) = Σ_k c_k z^k, read exactly.</summary>
    /// <exception cref="ArgumentException">See the constructor.</exception>
    public static ActivationFunction Polynomial(string name, params double[] coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        var c = coefficients.ToArray();
        return new ActivationFunction(name, z => Horner(c, z), c);
    }

    /// <summary>The name (a built-in's name, or the declared method's).</summary>
    public string Name { get; }

    /// <summary>φ as a formula (for descriptions).</summary>
    public string Formula { get; }

    /// <summary>The built-in this is, or null for a declared activation.</summary>
    public Activation? BuiltIn { get; }

    /// <summary>The enum value: the built-in, or <see cref="Activation.Custom"/>.</summary>
    public Activation Kind => BuiltIn ?? Activation.Custom;

    /// <summary>c_k of φ(z) = Σ_k c_k z^k when φ is read as a polynomial (also for <see cref="Activation.Linear"/>); else null.</summary>
    public IReadOnlyList<double>? PolynomialCoefficients => _polynomial;

    /// <summary>Whether the kernel is a finite Hermite series (a declared polynomial).</summary>
    internal bool IsDeclaredPolynomial => BuiltIn is null && _polynomial is not null;

    /// <summary>φ(z).</summary>
    public double Value(double z) => _value(z);

    /// <summary>φ′(z): exact for built-ins and polynomials, a given derivative, else a central difference (relative step 10⁻⁵).</summary>
    public double Derivative(double z)
    {
        if (_derivative is not null) return _derivative(z);
        if (_polynomial is not null) return HornerDerivative(_polynomial, z);
        var h = 1e-5 * Math.Max(1, Math.Abs(z));
        return (_value(z + h) - _value(z - h)) / (2 * h);
    }

    /// <summary>φ″(z): a central difference of <see cref="Derivative"/> (step 10⁻⁴ relative).</summary>
    public double SecondDerivative(double z) => SecondDifference(z, 1e-4 * Math.Max(1, Math.Abs(z)));

    private double SecondDifference(double z, double h) => (Derivative(z + h) - Derivative(z - h)) / (2 * h);

    /// <summary>
    /// Whether φ′ is continuous, so that Gaussian integration by parts twice (Price's theorem) holds without delta
    /// terms: polynomials and the built-ins but ReLU; a declared φ is probed at z = 0, ±0.5, ±1, ±2, where a kink shows
    /// as a second difference that grows tenfold when the step shrinks tenfold (a kink elsewhere is not seen).
    /// </summary>
    public bool IsSmooth => _smooth ??= BuiltIn switch
    {
        Activation.Relu => false,
        Activation.Linear or Activation.Erf or Activation.Tanh => true,
        _ => _polynomial is not null || ProbedSmooth(),
    };
    private bool? _smooth;

    /// <summary>
    /// −1 when φ is odd, +1 when even, 0 otherwise: then (α·φ(−h))² = (α·φ(h))² and the tilted unit measure is symmetric
    /// under w → −w. Built-ins by kind, polynomials by their coefficients, a declared φ probed at 12 points in [0.05, 6]
    /// (to 10⁻¹² relative: a φ that is odd only near 0 is not seen as odd).
    /// </summary>
    internal int Parity => _parity ??= BuiltIn switch
    {
        Activation.Relu => 0,
        Activation.Linear or Activation.Erf or Activation.Tanh => -1,
        _ => _polynomial is not null ? PolynomialParity(_polynomial) : ProbedParity(),
    };
    private int? _parity;

    private static int PolynomialParity(double[] c)
    {
        var (odd, even) = (c.Where((v, k) => k % 2 == 1).Any(v => v != 0), c.Where((v, k) => k % 2 == 0).Any(v => v != 0));
        return odd && !even ? -1 : even && !odd ? 1 : 0;
    }

    private int ProbedParity()
    {
        var points = Enumerable.Range(0, 12).Select(k => 0.05 + 0.53 * k).ToArray();
        bool Holds(int sign) => points.All(z => Math.Abs(_value(-z) - sign * _value(z)) <= 1e-12 * (1 + Math.Abs(_value(z))));
        return Holds(-1) && _value(0) == 0 ? -1 : Holds(1) ? 1 : 0;
    }

    private bool ProbedSmooth()
    {
        foreach (var z in new[] { 0, 0.5, -0.5, 1, -1, 2, -2 })
        {
            var (coarse, fine) = (SecondDifference(z, 1e-3), SecondDifference(z, 1e-4));
            if (Math.Abs(fine) > 5 * Math.Abs(coarse) + 1) return false;
        }
        return true;
    }

    /// <summary>
    /// Checks that the Gaussian integrals E[φ(u)²], u ~ N(0, q), exist and that the quadrature can compute them: φ finite
    /// at the outermost quadrature nodes (|z| up to 28 standard deviations) and the integrand φ(√q z)² e^(−z²/2) decaying
    /// by at least e^(−20) from z = 7 to z = 28. Built-ins and polynomials always pass.
    /// </summary>
    /// <exception cref="ArgumentException">φ grows too fast (e.g. exp(z²) at q ≥ 1/4), naming φ and q.</exception>
    public void EnsureIntegrable(double q)
    {
        if (BuiltIn is not null || _polynomial is not null || !(q > 0)) return;
        var s = Math.Sqrt(q);
        foreach (var sign in new[] { 1.0, -1.0 })
        {
            double LogIntegrand(double z) => 2 * Math.Log(Math.Abs(_value(sign * s * z))) - z * z / 2;
            var outer = _value(sign * s * OutermostNode);
            if (!double.IsFinite(outer) || !double.IsFinite(_value(sign * s * 14)) || !double.IsFinite(_value(sign * s * 7)))
                throw NotIntegrable(q, string.Create(CultureInfo.InvariantCulture, $"φ({sign * s * OutermostNode:G4}) = {outer:R} is not finite"));
            if (outer != 0 && LogIntegrand(OutermostNode) > LogIntegrand(7) - 20)
                throw NotIntegrable(q, string.Create(CultureInfo.InvariantCulture,
                    $"φ(u)² e^(−u²/2q) does not decay: at u = {sign * s * OutermostNode:G4} it is e^{LogIntegrand(OutermostNode):0.#} against e^{LogIntegrand(7):0.#} at u = {sign * s * 7:G4}"));
        }
    }

    /// <summary>The outermost node (in standard deviations) that the Gaussian integrals are checked at.</summary>
    internal const double OutermostNode = 28;

    private ArgumentException NotIntegrable(double q, string what) => new(string.Create(CultureInfo.InvariantCulture,
        $"φ '{Name}' = {Formula} grows too fast for the Gaussian integrals of the NNGP kernel at pre-activation variance q = {q:G4}: {what}. ")
        + "The kernel E[φ(u)φ(v)] needs φ(u)² e^(−u²/2q) to be integrable (e.g. exp(z²) never is for q ≥ 1/4); use a φ that grows slower, or a smaller WeightVariance.", "activation");

    private void CheckProbes()
    {
        double first = 0;
        var constant = true;
        for (var i = 0; i < ProbePoints.Count; i++)
        {
            var z = ProbePoints[i];
            var v = _value(z);
            if (!double.IsFinite(v))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"φ '{Name}' = {Formula} is {v:R} at z = {z:R}; an activation must be finite at every real z."), "value");
            if (i == 0) first = v;
            else if (v != first) constant = false;
        }
        if (constant)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"φ '{Name}' = {Formula} is constant ({first:R} at every probe point): its NNGP kernel is a constant, so the network cannot learn; declare a non-constant activation."), "value");
    }

    /// <summary>How |φ| grows at large |z| (decides whether the adaptive-kernel saddle's tilted unit measure can be normalised).</summary>
    /// <remarks>
    /// Exact for built-ins and polynomials (degree ≥ 2: superlinear). Any other φ is classified by probing:
    /// |φ(±10³)|/|φ(±10²)| below 3 bounded, up to 30 linear (slopes φ(±10³)/±10³), above 30 — or not finite at ±10³ —
    /// superlinear. The probe cannot see a change of behaviour beyond |z| = 10³.
    /// </remarks>
    public ActivationGrowth Growth => Asymptotics.Growth;

    /// <summary>c₊ = lim φ(z)/z as z → +∞ (0 unless <see cref="Growth"/> is Linear).</summary>
    public double PositiveSlope => Asymptotics.Plus;

    /// <summary>c₋ = lim φ(z)/z as z → −∞ (0 unless <see cref="Growth"/> is Linear).</summary>
    public double NegativeSlope => Asymptotics.Minus;

    /// <summary>φ(z) = c z exactly (c ≠ 0): the adaptive-kernel tilt is Gaussian and its saddle is solved in closed form.</summary>
    public bool IsLinear => Asymptotics.Linear;

    /// <summary>The asymptotic part φ_∞(z) = c₊ max(z, 0) + c₋ min(z, 0) that decides normalisability for linear growth.</summary>
    public double Asymptotic(double z) => z >= 0 ? PositiveSlope * z : NegativeSlope * z;

    /// <summary>φ_∞′(z).</summary>
    public double AsymptoticDerivative(double z) => z >= 0 ? PositiveSlope : NegativeSlope;

    private AsymptoticForm Asymptotics => _asymptotics ??= Classify(); // a reference: set atomically, computed at most a few times

    private AsymptoticForm? _asymptotics;

    private sealed record AsymptoticForm(ActivationGrowth Growth, double Plus, double Minus, bool Linear);

    private AsymptoticForm Classify()
    {
        var (growth, plus, minus, linear) = ClassifyValues();
        return new AsymptoticForm(growth, plus, minus, linear);
    }

    private (ActivationGrowth, double, double, bool) ClassifyValues()
    {
        switch (BuiltIn)
        {
            case Activation.Linear: return (ActivationGrowth.Linear, 1, 1, true);
            case Activation.Relu: return (ActivationGrowth.Linear, 1, 0, false);
            case Activation.Erf or Activation.Tanh: return (ActivationGrowth.Bounded, 0, 0, false);
        }
        if (_polynomial is not null)
        {
            var degree = Array.FindLastIndex(_polynomial, c => c != 0);
            if (degree >= 2) return (ActivationGrowth.Superlinear, 0, 0, false);
            var c1 = degree == 1 ? _polynomial[1] : 0;
            return (ActivationGrowth.Linear, c1, c1, _polynomial[0] == 0);
        }
        double Far(double z) { var v = _value(z); return double.IsFinite(v) ? Math.Abs(v) : double.PositiveInfinity; }
        double Ratio(double far, double near) => (Far(far) + 1e-300) / (Far(near) + 1e-300);
        var ratio = Math.Max(Ratio(1e3, 100), Ratio(-1e3, -100));
        var growth = !double.IsFinite(ratio) || ratio > 30 ? ActivationGrowth.Superlinear : ratio > 3 ? ActivationGrowth.Linear : ActivationGrowth.Bounded;
        var (plus, minus) = growth == ActivationGrowth.Linear ? (_value(1e3) / 1e3, _value(-1e3) / -1e3) : (0.0, 0.0);
        // Clean a probe of a bounded side (e.g. ReLU's 0 at −∞) of its remainder.
        if (Math.Abs(plus) < 1e-6) plus = 0;
        if (Math.Abs(minus) < 1e-6) minus = 0;
        var linear = plus == minus && plus != 0
            && ProbePoints.Concat([100.0, -100, 1e3, -1e3]).All(z => Math.Abs(_value(z) - plus * z) <= 1e-12 * (1 + Math.Abs(plus * z)));
        return (growth, plus, minus, linear);
    }

    /// <summary>Σ_k c_k z^k by Horner's rule.</summary>
    internal static double Horner(double[] c, double z)
    {
        var sum = 0.0;
        for (var k = c.Length - 1; k >= 0; k--) sum = sum * z + c[k];
        return sum;
    }

    /// <summary>Σ_k k c_k z^(k−1).</summary>
    internal static double HornerDerivative(double[] c, double z)
    {
        var sum = 0.0;
        for (var k = c.Length - 1; k >= 1; k--) sum = sum * z + k * c[k];
        return sum;
    }

    private static string PolynomialText(double[] c)
    {
        var parts = new List<string>();
        for (var k = 0; k < c.Length; k++)
            if (c[k] != 0)
                parts.Add(c[k].ToString("G6", CultureInfo.InvariantCulture) + (k == 0 ? "" : k == 1 ? "·z" : "·z^" + k.ToString(CultureInfo.InvariantCulture)));
        return parts.Count == 0 ? "0" : string.Join(" + ", parts);
    }

    public override string ToString() => Name == Formula ? Name : Name + ": φ(z) = " + Formula;
}
