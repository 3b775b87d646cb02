using System.Globalization;
using RgDsl.Scaling;

namespace RgDsl.Transfer;

public static partial class FlowTransfer
{
    /// <summary>
    /// The power-counting option of the transfer (<see cref="TransferRule"/>): a quick estimate that neither follows
    /// the RG flow nor verifies its result, kept for comparison with <see cref="Transfer(InteractingModel, double, double, TransferConstraint, FlowTransferOptions?)"/>.
    /// <see cref="TransferRule.SameThreshold"/> (κ ∝ P) is exact but trivial; <see cref="TransferRule.FixedRidge"/> scales each
    /// coupling by (k_P,B/k_P,A)^γ_lo of its leading diagram class and misses δ_B/δ_A by 0.2–0.33 before the asymptotic
    /// regime (docs/VALIDATION.md). <see cref="HyperparameterTransfer.Apply"/> builds system B from the result.
    /// It replaces the removed generated <c>TransferTo</c> and the obsolete <see cref="InteractingModel.TransferTo"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Non-positive or non-finite sizes, or a threshold k_P = (P/κ)^(1/(1+α)) that is not a finite positive number.</exception>
    /// <exception cref="NotSupportedException"><see cref="TransferRule.FixedRidge"/> for a weight without a monomial expansion (no scaling interval).</exception>
    public static TransferResult PowerCounting(InteractingModel model, double referenceDatasetSize, double datasetSize, TransferRule rule = TransferRule.SameThreshold)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(referenceDatasetSize > 0) || !(datasetSize > 0) || !double.IsFinite(referenceDatasetSize) || !double.IsFinite(datasetSize))
            throw new ArgumentException("both dataset sizes must be positive and finite.");
        var ridge = model.Gaussian.Ridge;
        var (alpha, beta) = ScalingAnalyzer.FitExponents(model.Gaussian.Spectrum);
        var kRef = PowerCountingThreshold(referenceDatasetSize, ridge, alpha, nameof(referenceDatasetSize));
        var inv = CultureInfo.InvariantCulture;
        if (rule == TransferRule.SameThreshold)
        {
            var newRidge = ridge * datasetSize / referenceDatasetSize;
            return new TransferResult(referenceDatasetSize, datasetSize, ridge, newRidge, kRef, kRef,
                model.Perturbations.ToDictionary(p => p.Name, _ => 1.0), rule,
                string.Create(inv, $"P/κ = {referenceDatasetSize / ridge:G6} in both systems (κ ∝ P), so k_P = {kRef:G4} and every dimensionless coupling at k_P is unchanged; the couplings stay as declared"));
        }
        var kNew = PowerCountingThreshold(datasetSize, ridge, alpha, nameof(datasetSize));
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

    /// <summary>The power-counting option for a declared (generated) model at its current parameter values: <see cref="PowerCounting(InteractingModel, double, double, TransferRule)"/> of its run-time model.</summary>
    /// <exception cref="ArgumentException">A model without perturbations; and as <see cref="PowerCounting(InteractingModel, double, double, TransferRule)"/>.</exception>
    public static TransferResult PowerCounting(IDeclaredModel model, double referenceDatasetSize, double datasetSize, TransferRule rule = TransferRule.SameThreshold)
    {
        ArgumentNullException.ThrowIfNull(model);
        var interacting = model.ToInteractingModel() ?? throw new ArgumentException($"{model.Name} declares no perturbation to transfer.", nameof(model));
        return PowerCounting(interacting, referenceDatasetSize, datasetSize, rule);
    }

    /// <summary>k_P = (P/κ)^(1/(1+α)), refused when it is not a finite positive number (κ tiny against P, or a slowly decaying spectrum).</summary>
    private static double PowerCountingThreshold(double datasetSize, double ridge, double alpha, string argument)
    {
        var threshold = Math.Pow(datasetSize / ridge, 1 / (1 + alpha));
        if (!(threshold > 0) || !double.IsFinite(threshold))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the threshold k_P = (P/κ)^(1/(1+α)) at P = {datasetSize:R}, κ = {ridge:R}, α = {alpha:G4} is {threshold:R}; transfer needs a finite k_P > 0 (P/κ between about 1e-300 and 1e300^(1+α))."), argument);
        return threshold;
    }
}
