using RgDsl.Perturbations;
using RgDsl.Spectra;
using RgDsl.Transfer;

namespace RgDsl.Tests.Transfer;

/// <summary>
/// Transfer along the one-loop shell flow (THEORY.md §5), verified on the first-order predictions of the two systems:
/// δ_B(P_B)/δ_A(P_A) − 1 within 2% and δ_B(sP) against δ_A(P) within 5% over a factor 16 in P, computed here
/// independently of the result's own verification; and a case where no transfer can hold, which must say so.
/// </summary>
public class FlowTransferTests
{
    private const double PA = 10, PB = 40, Kappa = 1e-3;

    // k_P,A = (P_A/κ)^(1/(1+α)) = 100 (α = 1) and 40 (α = 1.5); B's window reaches k_P ≈ 1,600 and 210, far below M,
    // so the target power beyond M, about (k_P/M)^α of the bias, stays under 0.1%.
    private static InteractingModel Model(double alpha, double beta, Perturbation term) => Model(alpha, beta, term, 20_000);

    private static double KappaOf(double alpha) => Kappa;

    private static InteractingModel Model(double alpha, double beta, Perturbation term, int modes) =>
        new(new GaussianModel("m", new PowerLawSpectrum(1, 1 + alpha, modes, 1, 1 + beta), KappaOf(alpha), 0), [term]);

    internal static Perturbation Term(string kind, double alpha) => kind switch
    {
        "quadratic" => Perturbation.Quadratic("Q", k => 0.3 * k, [new Monomial(0.3, 1, 0)]),
        "mode-local" => Perturbation.ModeLocal("B", k => 1e-3 * Math.Pow(k, 2 * (1 + alpha) - 0.5), [new Monomial(1e-3, 2 * (1 + alpha) - 0.5, 0)]),
        _ => Perturbation.ConstantPairLocal("U", 0.05),
    };

    private static double Delta(InteractingModel m, double p) => m.Predict(p, Approximation.FirstOrder).NonGaussianCorrection;

    private static (double Point, double Curve) Verify(InteractingModel a, InteractingModel b)
    {
        var point = Math.Abs(Delta(b, PB) / Delta(a, PA) - 1);
        var curve = Enumerable.Range(0, 9).Select(i => PA * Math.Pow(16, i / 8.0 - 0.5))
            .Max(p => Math.Abs(Delta(b, PB / PA * p) / Delta(a, p) - 1));
        return (point, curve);
    }

    [Theory]
    [InlineData("pair-local", 1.5)]
    [InlineData("pair-local", 1.0)]
    [InlineData("mode-local", 1.5)]
    [InlineData("mode-local", 1.0)]
    [InlineData("quadratic", 1.5)]
    [InlineData("quadratic", 1.0)]
    public void At_a_fixed_ridge_the_transferred_system_follows_the_reference_curve(string kind, double alpha)
    {
        var a = Model(alpha, alpha, Term(kind, alpha));
        var result = FlowTransfer.Transfer(a, PA, PB, TransferConstraint.FixedRidge);
        Assert.True(result.Holds, result.ToString());
        Assert.Equal(KappaOf(alpha), result.Ridge);
        var b = FlowTransfer.Build(a, result.Ridge!.Value, result.Couplings!.Select(c => c.Factor).ToList());
        Assert.Equal(result.Couplings![0].Reference, result.Couplings[0].Transferred, 1e-8);
        var (point, curve) = Verify(a, b);
        Assert.True(point < 0.02, $"{kind}, α = {alpha}: δ_B/δ_A − 1 = {point}; {result}");
        Assert.True(curve < 0.05, $"{kind}, α = {alpha}: rescaled curves differ by {curve}; {result}");
        // Not the trivial rule: B differs from A (its threshold moved and its coupling changed).
        Assert.True(result.Threshold > 1.5 * result.ReferenceThreshold);
        Assert.True(Math.Abs(result.Couplings[0].Factor - 1) > 0.05, $"factor {result.Couplings[0].Factor}");
    }
}
