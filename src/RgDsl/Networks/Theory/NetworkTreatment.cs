namespace RgDsl.Networks.Theory;

/// <summary>Which treatment of the finite width a network prediction's <see cref="NetworkPrediction.Point"/> used (chosen by regime).</summary>
public enum NetworkTreatment
{
    /// <summary>A linear network: the kernel scale integrated exactly is the whole finite-width prior (a product-of-Gammas mixture of GPs).</summary>
    ExactScaleMixture,
    /// <summary>
    /// Near the GP limit (P ≤ N/4 by default): the kernel scale integrated exactly and the shape fluctuations at first
    /// order: the last layer's units and, deeper, every lower layer's (<see cref="LowerLayerShape"/>).
    /// </summary>
    FirstOrderShape,
    /// <summary>
    /// The proportional regime (P &gt; N/4 by default), one hidden layer of ReLU units: the renormalised kernel scale
    /// (<see cref="LayerRenormalisation"/>), the scale integrated exactly around it, no shape term (the sampled networks
    /// show none there; at depth 2 they do, so deeper ReLU networks keep it).
    /// </summary>
    LayerRenormalisation,
    /// <summary>
    /// The proportional regime with erf or tanh, or ReLU deeper than one hidden layer: the layer renormalisation plus the
    /// first-order shape term of every layer (flagged with the measured size of its error).
    /// </summary>
    LayerRenormalisationWithFirstOrderShape,
    /// <summary>
    /// Mean-field (non-lazy) scaling with one hidden layer, or two with a φ that has a continuous derivative and grows at
    /// most linearly: the kernel-adaptation saddle of THEORY §6.5
    /// (<see cref="RgDsl.Networks.Theory.AdaptiveKernel"/>), averaged over training sets; the NNGP and the scale mixture stay beside it.
    /// </summary>
    AdaptiveKernel,
}
