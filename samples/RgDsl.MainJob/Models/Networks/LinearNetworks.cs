using RgDsl;

namespace RgDsl.MainJob.Models.Networks;

/// <summary>
/// A one-hidden-layer linear network on 128 Gaussian inputs with a power-law covariance, learning a linear teacher
/// whose power (9) is nine times what the prior expects: the posterior renormalises the kernel scale, so finite width
/// is not a small effect (THEORY §6.3). Its prior is exactly a mixture of GPs over one Gamma-distributed scale, which
/// <c>ExactLinear</c> integrates per training set: the oracle for the theory and the samplers.
/// </summary>
[RgNetwork(Depth = 1, Activation = Activation.Linear)]
[GaussianInputs(Dimension = 128, Exponent = 0.5)]
[LinearTeacher(Exponent = 0.5, Power = 9)]
public partial class LinearNetwork
{
    [Width] public int Width { get; init; } = 64;
    [Ridge] public double Kappa => 0.05;
}

/// <summary>The same with two hidden layers: the kernel scale is a product of two Gamma factors (Li and Sompolinsky's setting).</summary>
[RgNetwork(Depth = 2, Activation = Activation.Linear)]
[GaussianInputs(Dimension = 128, Exponent = 0.5)]
[LinearTeacher(Exponent = 0.5, Power = 9)]
public partial class DeepLinearNetwork
{
    [Width] public int Width { get; init; } = 64;
    [Ridge] public double Kappa => 0.05;
}
