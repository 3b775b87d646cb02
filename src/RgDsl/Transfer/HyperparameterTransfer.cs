namespace RgDsl;

/// <summary>
/// The power-counting transfer rules of <see cref="Transfer.FlowTransfer.PowerCounting(InteractingModel, double, double, TransferRule)"/>, kept for comparison: neither follows
/// the RG flow nor verifies its result (SameThreshold is exact but trivial, FixedRidge matches only the leading class
/// and misses δ by 20–30% before the asymptotic regime). The RG-flow transfer, with fixed ridge, fixed coupling or fixed
/// width and a verification, is <see cref="Transfer.FlowTransfer"/> (on a declared model, its generated <c>Transfer</c>).
/// </summary>
public enum TransferRule
{
    /// <summary>Keep the learnability threshold: κ ∝ P. The EK field theory depends on P/κ only, so every
    /// dimensionless coupling g·k_P^−γ, whatever its γ, is unchanged and the couplings stay as they are.</summary>
    SameThreshold,
    /// <summary>Keep the ridge; k_P moves to (P/κ)^(1/(1+α)) and each coupling is scaled by (k_P,new/k_P,ref)^γ_lo,
    /// γ_lo the lower end of its scaling interval: the dimensionless coupling of its leading (slowest-decaying) diagram
    /// class, which dominates the correction at large P, is unchanged. The other classes of the interval then match
    /// only approximately: an interval, not a dimension, is what a transfer has to work with.</summary>
    FixedRidge,
}

/// <summary>The hyperparameters of the second system, and what was matched.</summary>
public sealed record TransferResult(
    double ReferenceDatasetSize,
    double DatasetSize,
    double ReferenceRidge,
    double Ridge,
    double ReferenceThreshold,
    double Threshold,
    IReadOnlyDictionary<string, double> CouplingFactors,
    TransferRule Rule,
    string Criterion)
{
    /// <summary>"Transfer P = 100 → 400 (SameThreshold): κ 0.05 → 0.2, k_P 10 → 10, couplings U ×1; criterion …".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Transfer P = {ReferenceDatasetSize:G6} → {DatasetSize:G6} ({Rule}): κ {ReferenceRidge:G4} → {Ridge:G4}, k_P {ReferenceThreshold:G4} → {Threshold:G4}, couplings {string.Join(", ", CouplingFactors.Select(kv => $"{kv.Key} ×{kv.Value:G4}"))}; {Criterion}");
}

/// <summary>The power-counting transfer rules (<see cref="TransferRule"/>); the RG-flow transfer is <see cref="Transfer.FlowTransfer"/>.</summary>
/// <summary>
/// Builds system B from a power-counting transfer (<see cref="Apply"/>). The rules themselves are the power-counting
/// option of the transfer API, <see cref="Transfer.FlowTransfer.PowerCounting(InteractingModel, double, double, TransferRule)"/>.
/// </summary>
public static class HyperparameterTransfer
{
    /// <summary>Forwards to <see cref="Transfer.FlowTransfer.PowerCounting(InteractingModel, double, double, TransferRule)"/>, the one transfer API.</summary>
    [Obsolete("Use FlowTransfer.PowerCounting(model, referenceDatasetSize, datasetSize, rule) (namespace RgDsl.Transfer), the power-counting option of the transfer API, or FlowTransfer.Transfer for the verified RG-flow transfer (docs/DSL.md, Hyperparameter transfer).")]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static TransferResult Transfer(InteractingModel model, double referenceDatasetSize, double datasetSize, TransferRule rule = TransferRule.SameThreshold) =>
        RgDsl.Transfer.FlowTransfer.PowerCounting(model, referenceDatasetSize, datasetSize, rule);

    /// <summary>The second system: the same spectrum with the transferred ridge and scaled couplings.</summary>
    public static InteractingModel Apply(InteractingModel model, TransferResult transfer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(transfer);
        var gaussian = new GaussianModel(model.Name + " (transferred)", model.Gaussian.Spectrum, transfer.Ridge, model.Gaussian.Noise);
        return new InteractingModel(gaussian, model.Perturbations.Select(p => p.Scaled(transfer.CouplingFactors[p.Name])).ToList());
    }
}
