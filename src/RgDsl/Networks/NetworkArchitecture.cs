using System.Globalization;
using RgDsl.Networks.Functions;

namespace RgDsl.Networks;

/// <summary>
/// A fully connected network with <see cref="Depth"/> hidden layers of <see cref="Width"/> units (THEORY §6.1):
/// h¹ = W¹x/√d, h^(l+1) = W^(l+1) φ(h^l)/√N, f = a·φ(h^L)/N^(γ/2) (γ = 1 standard, 2 mean-field), no biases, with
/// Gaussian priors W^l_ij ~ N(0, σ_w²) and a_i ~ N(0, σ_a²). The posterior at ridge κ is
/// p(θ | data) ∝ prior(θ) · exp(−(β/2κ) Σ_μ (f(x_μ) − y_μ)²) with β = 1 (standard) or β = N (mean-field).
/// </summary>
public sealed record NetworkArchitecture
{
    /// <summary>The largest supported depth.</summary>
    public const int MaxDepth = 4;

    /// <exception cref="ArgumentOutOfRangeException">A dimension, depth, width or variance out of range, or <see cref="Activation.Custom"/> (use the <see cref="ActivationFunction"/> constructor).</exception>
    public NetworkArchitecture(int inputDimension, int depth, int width, Activation activation,
        Parameterisation parameterisation = Parameterisation.Standard, double weightVariance = 1, double readoutVariance = 1)
        : this(inputDimension, depth, width, BuiltIn(activation), parameterisation, weightVariance, readoutVariance)
    {
    }

    /// <summary>A network with any activation, e.g. a declared one (a polynomial read exactly, or a function evaluated numerically).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension, depth, width or variance out of range.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="activation"/> is null.</exception>
    public NetworkArchitecture(int inputDimension, int depth, int width, ActivationFunction activation,
        Parameterisation parameterisation = Parameterisation.Standard, double weightVariance = 1, double readoutVariance = 1)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (inputDimension < 1) throw new ArgumentOutOfRangeException(nameof(inputDimension), inputDimension, "the input dimension d must be at least 1.");
        if (depth is < 1 or > MaxDepth) throw new ArgumentOutOfRangeException(nameof(depth), depth, $"the depth (number of hidden layers) must be between 1 and {MaxDepth}.");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "the width N must be at least 1.");
        if (!Enum.IsDefined(parameterisation)) throw new ArgumentOutOfRangeException(nameof(parameterisation), parameterisation, "unknown parameterisation; use Standard or MeanField.");
        if (!double.IsFinite(weightVariance) || weightVariance <= 0) throw new ArgumentOutOfRangeException(nameof(weightVariance), weightVariance, "the weight prior variance σ_w² must be positive and finite.");
        if (!double.IsFinite(readoutVariance) || readoutVariance <= 0) throw new ArgumentOutOfRangeException(nameof(readoutVariance), readoutVariance, "the readout prior variance σ_a² must be positive and finite.");
        // Each variance on its own too: a bounded activation's kernel does not scale with σ_w², so σ_w² = 1.8e308 with
        // σ_a² = 1e-300 passed the product check below while the preactivation variance σ_w²|x|²/d overflowed (long fuzz).
        if (weightVariance is < 1e-100 or > 1e100) throw new ArgumentOutOfRangeException(nameof(weightVariance), weightVariance, "the weight prior variance σ_w² must lie between 1e-100 and 1e100.");
        if (readoutVariance is < 1e-100 or > 1e100) throw new ArgumentOutOfRangeException(nameof(readoutVariance), readoutVariance, "the readout prior variance σ_a² must lie between 1e-100 and 1e100.");
        // The kernel's scale is σ_a²(σ_w²)^L times O(1) factors: kept well inside double precision, so that the kernel, its
        // spectrum and the samplers' energies stay finite.
        var logScale = Math.Log10(readoutVariance) + depth * Math.Log10(weightVariance);
        if (logScale is < -100 or > 100)
            throw new ArgumentOutOfRangeException(nameof(weightVariance), weightVariance, string.Create(CultureInfo.InvariantCulture,
                $"the prior kernel scale σ_a²·(σ_w²)^L = 10^{logScale:0.#} must lie between 1e-100 and 1e100 (σ_a² = {readoutVariance:R}, L = {depth})."));
        InputDimension = inputDimension; Depth = depth; Width = width; Function = activation;
        Parameterisation = parameterisation; WeightVariance = weightVariance; ReadoutVariance = readoutVariance;
    }

    private static ActivationFunction BuiltIn(Activation activation) =>
        activation is >= Activation.Linear and <= Activation.Tanh
            ? ActivationFunction.Of(activation)
            : throw new ArgumentOutOfRangeException(nameof(activation), activation,
                "unknown activation; use Linear, Relu, Erf or Tanh, or pass an ActivationFunction for a declared one (Activation.Custom).");

    /// <summary>d.</summary>
    public int InputDimension { get; init; }
    /// <summary>L, the number of hidden layers (1–4).</summary>
    public int Depth { get; init; }
    /// <summary>N, the width of every hidden layer.</summary>
    public int Width { get; init; }
    /// <summary>φ as the enum: the built-in, or <see cref="Activation.Custom"/> for a declared one (see <see cref="Function"/>). Setting it selects the built-in.</summary>
    public Activation Activation { get => Function.Kind; init => Function = BuiltIn(value); }
    /// <summary>φ itself: a built-in, or a declared activation (a polynomial read exactly, or a function evaluated numerically).</summary>
    public ActivationFunction Function { get; init; }
    public Parameterisation Parameterisation { get; init; }
    /// <summary>σ_w², the prior variance of every hidden weight.</summary>
    public double WeightVariance { get; init; }
    /// <summary>σ_a², the prior variance of every readout weight.</summary>
    public double ReadoutVariance { get; init; }

    /// <summary>The exponent γ of the output scale N^(−γ/2): 1 standard, 2 mean-field.</summary>
    public int OutputScaleExponent => Parameterisation == Parameterisation.MeanField ? 2 : 1;

    /// <summary>β: the likelihood's inverse temperature relative to 1/κ (1 standard, N mean-field).</summary>
    public double LikelihoodScale => Parameterisation == Parameterisation.MeanField ? Width : 1;

    /// <summary>c = σ_a²/N^γ: the readout-integrated kernel is c Φ Φᵀ with Φ the last hidden layer's features.</summary>
    public double ReadoutKernelScale => ReadoutVariance / Math.Pow(Width, OutputScaleExponent);

    /// <summary>The number of hidden weights (all layers but the readout).</summary>
    public long HiddenParameterCount => (long)Width * InputDimension + (long)(Depth - 1) * Width * Width;

    /// <summary>All weights including the readout.</summary>
    public long ParameterCount => HiddenParameterCount + Width;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Function.Name} network, depth {Depth}, width {Width}, d = {InputDimension}, {Parameterisation}, σ_w² = {WeightVariance:G4}, σ_a² = {ReadoutVariance:G4}");
}

/// <summary>The activation functions and their derivatives (scalar reference versions).</summary>
public static class Activations
{
    /// <summary>φ(z).</summary>
    public static double Value(Activation activation, double z) => activation switch
    {
        Activation.Linear => z,
        Activation.Relu => z > 0 ? z : 0,
        Activation.Erf => MathNet.Numerics.SpecialFunctions.Erf(z),
        Activation.Tanh => Math.Tanh(z),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation."),
    };

    /// <summary>φ′(z) (for ReLU, 0 at z = 0).</summary>
    public static double Derivative(Activation activation, double z) => activation switch
    {
        Activation.Linear => 1,
        Activation.Relu => z > 0 ? 1 : 0,
        Activation.Erf => 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z),
        Activation.Tanh => 1 - Math.Tanh(z) * Math.Tanh(z),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation."),
    };

    /// <summary>Whether φ(cz) = c φ(z) for c &gt; 0, so that a kernel scale propagates through the layer unchanged.</summary>
    public static bool IsPositivelyHomogeneous(Activation activation) => activation is Activation.Linear or Activation.Relu;
}
