using RgDsl;

namespace RgDsl.MainJob.Models.Networks;

/// <summary>
/// A one-hidden-layer ReLU network on 16 Gaussian inputs with a power-law covariance and a linear teacher: the kernel
/// scale is integrated exactly and the last layer's shape fluctuations enter at first order (THEORY §6.3).
/// </summary>
[RgNetwork(Depth = 1, Activation = Activation.Relu)]
[GaussianInputs(Dimension = 16, Exponent = 0.5)]
[LinearTeacher(Exponent = 0.5, Power = 1)]
public partial class ReluNetwork
{
    [Width] public int Width { get; init; } = 128;
    [Ridge] public double Kappa => 0.05;
}

/// <summary>The same with erf units: their shape fluctuations lower the error below the GP's (the finite net adapts its linear sector).</summary>
[RgNetwork(Depth = 1, Activation = Activation.Erf)]
[GaussianInputs(Dimension = 16, Exponent = 0.5)]
[LinearTeacher(Exponent = 0.5, Power = 1)]
public partial class ErfNetwork
{
    [Width] public int Width { get; init; } = 128;
    [Ridge] public double Kappa => 0.05;
}
