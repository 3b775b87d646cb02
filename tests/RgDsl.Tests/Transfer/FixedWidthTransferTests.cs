using RgDsl.Transfer;

namespace RgDsl.Tests.Transfer;

/// <summary>A width-like parameter N sets the pair-local coupling (U = 3.2/N); the quadratic term does not depend on it.</summary>
[RgModel(Modes = 20_000)]
public partial class WidthTransferModel
{
    [Parameter] public double Width { get; init; } = 64;
    [Parameter] public double Alpha { get; init; } = 1;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Ridge] public double Kappa => 1e-3;

    [Perturbation(Legs.PairLocal)]
    public double Norm(long k, long q) => 3.2 / Width;

    [Perturbation(Legs.Quadratic)]
    public double Mass(long k) => 0.3 * k;
}

/// <summary>As <see cref="WidthTransferModel"/> with a second term whose weight the generator cannot read.</summary>
#pragma warning disable RG0025 // the unreadable weight is the point
[RgModel(Modes = 2_000)]
public partial class UnreadableWidthModel
{
    [Parameter] public double Width { get; init; } = 64;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -2.0);
    [Ridge] public double Kappa => 1e-3;

    [Perturbation(Legs.PairLocal)]
    public double Norm(long k, long q) => 3.2 / Width;

    [Perturbation(Legs.ModeLocal)]
    public double Wiggle(long k) => 1e-3 * (2 + Math.Sin(k)) / Width;
}
#pragma warning restore RG0025

/// <summary>
/// Fixed width on a declared model (THEORY.md §5): the couplings the width sets are held as declared, κ_B is solved so
/// that they match at B's threshold, the others are solved for; verified here independently of the result's own check
/// on the first-order predictions of A and of B rebuilt from the result (δ_B/δ_A − 1 within 2%, curves within 5% over
/// a factor 16 in P).
/// </summary>
public class FixedWidthTransferTests
{
    private const double PA = 10, PB = 40;

    private static double Delta(InteractingModel m, double p) => m.Predict(p, Approximation.FirstOrder).NonGaussianCorrection;

    [Fact]
    public void The_declared_width_is_held_and_the_ridge_is_solved()
    {
        var declared = new WidthTransferModel();
        var result = declared.Transfer(PA, PB, TransferConstraint.FixedWidth(nameof(WidthTransferModel.Width)));
        Assert.True(result.Holds, result.ToString());
        // Norm is set by the width: held. Mass is not: solved, so that its threshold coupling in B matches A's.
        Assert.Equal(1, result.CouplingFactors!["Norm"]);
        var mass = result.Couplings!.Single(c => c.Term == "Mass");
        Assert.Equal(mass.Reference, mass.Transferred, Math.Abs(mass.Reference) * 1e-8);
        // The flow's moments depend on P/κ only (a_k = 1/λ_k + P/κ), so holding the width-set coupling is the same threshold: κ_B = κ_A P_B/P_A.
        Assert.Equal(PB / PA, result.Ridge!.Value / 1e-3, 0.02);

        var a = declared.ToInteractingModel();
        var b = FlowTransfer.Build(a, result.Ridge.Value, result.Couplings!.Select(c => c.Factor).ToList());
        // B's width-set coupling is the declared one: B equals the declared model at the same width with κ_B.
        Assert.Equal(a.Perturbations[0].Weight2!(3, 5), b.Perturbations[0].Weight2!(3, 5));
        Assert.True(Math.Abs(Delta(b, PB) / Delta(a, PA) - 1) < 0.02);
        var curve = Enumerable.Range(0, 9).Select(i => PA * Math.Pow(16, i / 8.0 - 0.5)).Max(p => Math.Abs(Delta(b, PB / PA * p) / Delta(a, p) - 1));
        Assert.True(curve < 0.05, $"rescaled curves differ by {curve}");
        Assert.True(Math.Abs(Delta(a, PA)) > 1e-4, "the correction must be visible");
    }

    [Fact]
    public void A_width_no_coupling_depends_on_or_no_parameter_at_all_is_refused_by_name()
    {
        var declared = new WidthTransferModel();
        Assert.Contains("no perturbation of WidthTransferModel depends on 'Alpha'",
            Assert.Throws<ArgumentException>(() => declared.Transfer(PA, PB, TransferConstraint.FixedWidth("Alpha"))).Message);
        Assert.Contains("no [Parameter] named 'N'; its parameters are Width, Alpha",
            Assert.Throws<ArgumentException>(() => declared.Transfer(PA, PB, TransferConstraint.FixedWidth("N"))).Message);
    }

    [Fact]
    public void A_weight_the_generator_cannot_read_leaves_the_width_set_unknown_and_the_result_says_so()
    {
        var result = new UnreadableWidthModel().Transfer(PA, PB, TransferConstraint.FixedWidth("Width"));
        Assert.False(result.Holds);
        Assert.Null(result.Ridge);
        Assert.Contains("cannot tell whether the width Width sets the coupling of Wiggle", result.Reason);
    }
}
