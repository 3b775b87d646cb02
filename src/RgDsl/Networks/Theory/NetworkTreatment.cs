namespace RgDsl.Networks.Theory;

/// <summary>Which treatment of the finite width a network prediction's <see cref="NetworkPrediction.Point"/> used (chosen by regime).</summary>
public enum NetworkTreatment
{
    /// <summary>A linear network: the kernel scale integrated exactly is the whole finite-width prior (a product-of-Gammas mixture of GPs).</summary>
    ExactScaleMixture,
    /// <summary>
    /// Near the GP limit (P ≤ N/4 by default): the kernel scale integrated exactly and the last layer's shape fluctuations at
    /// first order.
    /// </summary>
    FirstOrderShape,
    /// <summary>
    /// The proportional regime (P &gt; N/4 by default), positively homogeneous activations (ReLU): one renormalised kernel
    /// scale per layer (<see cref="LayerRenormalisation"/>), the scale integrated exactly around it, no shape term (the
    /// sampled networks show none there).
    /// </summary>
    LayerRenormalisation,
    /// <summary>
    /// The proportional regime with erf or tanh: the layer renormalisation plus the last layer's first-order shape term,
    /// which over-predicts there (flagged with the measured size of the error).
    /// </summary>
    LayerRenormalisationWithFirstOrderShape,
}
