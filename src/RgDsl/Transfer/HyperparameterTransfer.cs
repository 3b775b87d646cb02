using System.Globalization;
using RgDsl.Perturbations;
using RgDsl.Scaling;

namespace RgDsl;

/// <summary>
/// The power-counting transfer rules of <see cref="InteractingModel.TransferTo"/>, kept for comparison: neither follows
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
public static class HyperparameterTransfer
{
    public static TransferResult Transfer(InteractingModel model, double referenceDatasetSize, double datasetSize, TransferRule rule = TransferRule.SameThreshold)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(referenceDatasetSize > 0) || !(datasetSize > 0) || !double.IsFinite(referenceDatasetSize) || !double.IsFinite(datasetSize))
            throw new ArgumentException("both dataset sizes must be positive and finite.");
        var ridge = model.Gaussian.Ridge;
        var (alpha, beta) = ScalingAnalyzer.FitExponents(model.Gaussian.Spectrum);
        var kRef = Threshold(referenceDatasetSize, ridge, alpha, nameof(referenceDatasetSize));
        var inv = CultureInfo.InvariantCulture;
        if (rule == TransferRule.SameThreshold)
        {
            var newRidge = ridge * datasetSize / referenceDatasetSize;
            return new TransferResult(referenceDatasetSize, datasetSize, ridge, newRidge, kRef, kRef,
                model.Perturbations.ToDictionary(p => p.Name, _ => 1.0), rule,
                string.Create(inv, $"P/κ = {referenceDatasetSize / ridge:G6} in both systems (κ ∝ P), so k_P = {kRef:G4} and every dimensionless coupling at k_P is unchanged; the couplings stay as declared"));
        }
        var kNew = Threshold(datasetSize, ridge, alpha, nameof(datasetSize));
        var factors = new Dictionary<string, double>();
        foreach (var p in model.Perturbations)
        {
            var classes = ScalingAnalyzer.Predict(p, alpha, beta)
                ?? throw new NotSupportedException($"FixedRidge transfer needs the scaling interval of '{p.Name}', whose weight has no monomial expansion; use TransferRule.SameThreshold.");
            var gammaLo = -classes.Max(c => c.KpExponent.Constant);
            factors[p.Name] = Math.Pow(kNew / kRef, gammaLo);
        }
        return new TransferResult(referenceDatasetSize, datasetSize, ridge, ridge, kRef, kNew, factors, rule,
            string.Create(inv, $"κ fixed; k_P moves from {kRef:G4} to {kNew:G4} and each coupling is scaled by (k_P,new/k_P,ref)^γ_lo so that the dimensionless coupling g·k_P^−γ_lo of its leading diagram class is unchanged (α = {alpha:0.###}); classes elsewhere in the interval match only approximately"));
    }

    /// <summary>k_P = (P/κ)^(1/(1+α)), refused when it is not a finite positive number (κ tiny against P, or a slowly decaying spectrum).</summary>
    private static double Threshold(double datasetSize, double ridge, double alpha, string argument)
    {
        var threshold = Math.Pow(datasetSize / ridge, 1 / (1 + alpha));
        if (!(threshold > 0) || !double.IsFinite(threshold))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the threshold k_P = (P/κ)^(1/(1+α)) at P = {datasetSize:R}, κ = {ridge:R}, α = {alpha:G4} is {threshold:R}; transfer needs a finite k_P > 0 (P/κ between about 1e-300 and 1e300^(1+α))."), argument);
        return threshold;
    }

    /// <summary>The second system: the same spectrum with the transferred ridge and scaled couplings.</summary>
    public static InteractingModel Apply(InteractingModel model, TransferResult transfer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(transfer);
        var gaussian = new GaussianModel(model.Name + " (transferred)", model.Gaussian.Spectrum, transfer.Ridge, model.Gaussian.Noise);
        return new InteractingModel(gaussian, model.Perturbations.Select(p => p.Scaled(transfer.CouplingFactors[p.Name])).ToList());
    }
}
