using RgDsl;

namespace RgDsl.MainJob.Models.Networks;

/// <summary>
/// A one-hidden-layer tanh network in the mean-field scaling (output ∝ 1/N, likelihood variance κ/N) on 8 Gaussian
/// inputs with a power-law covariance, learning a strong linear teacher (power 4) at a large ridge κ = 0.5. The NNGP
/// underfits there; the mean-field network's units move by O(1) and its kernel adapts (grows, and turns towards the
/// teacher), which removes most of the ridge: the adaptive-kernel saddle of THEORY §6.5 predicts how much. The same
/// setting as the linear network of AdaptiveKernelNetworkTests (sampled/NNGP − 1 beyond −20% there), with tanh units.
/// </summary>
[RgNetwork(Depth = 1, Activation = Activation.Tanh, Parameterisation = Parameterisation.MeanField)]
[GaussianInputs(Dimension = 8, Exponent = 0.5)]
[LinearTeacher(Exponent = 0.5, Power = 4)]
public partial class MeanFieldTanhNetwork
{
    [Width] public int Width { get; init; } = 128;
    [Ridge] public double Kappa => 0.5;
    [LabelNoise] public double Noise => 0.01;
}
