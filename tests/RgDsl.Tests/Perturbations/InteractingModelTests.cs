using RgDsl.Perturbations;
using RgDsl.Reporting;
using RgDsl.Spectra;
using RgDsl.Flow;

namespace RgDsl.Tests.Perturbations;

public class InteractingModelTests
{
    private static InteractingModel Model(double u, long modes = 2000) =>
        new(new GaussianModel("net", new PowerLawSpectrum(1, 2, modes, 1, 1.5), 0.05, 1e-3), [Perturbation.ConstantPairLocal("U", u)]);

    [Theory]
    [InlineData(Approximation.FirstOrder)]
    [InlineData(Approximation.Hartree)]
    [InlineData(Approximation.ShellFlow)]
    [InlineData(Approximation.Auto)]
    public void Zero_coupling_reproduces_the_Gaussian_point_exactly(Approximation approximation)
    {
        var model = Model(0);
        var gaussian = model.Gaussian.Predict(100);
        var point = model.Predict(100, approximation);
        Assert.Equal(gaussian.TestError, point.TestError);
        Assert.Equal(0, point.NonGaussianCorrection);
        Assert.Equal(point.GaussianFieldTheoryError, point.FieldTheoryError);
    }

    [Fact]
    public void Correction_combines_the_field_theory_change_with_the_self_consistent_curve()
    {
        var model = Model(3);
        var point = model.Predict(100, Approximation.Hartree);
        var gaussian = model.Gaussian.Predict(100);
        var delta = point.FieldTheoryError!.Value / point.GaussianFieldTheoryError!.Value - 1;
        Assert.Equal(delta, point.NonGaussianCorrection, 15);
        Assert.Equal(gaussian.TestError * (1 + delta), point.TestError, 15);
        Assert.Equal(point.TestError, point.Bias + point.Variance, 15);
        Assert.True(delta > 0, "a positive constant coupling raises the effective ridge and so the error");
        // The Gaussian field-theory error is the EK test error of the same model.
        Assert.Equal(model.Gaussian.Predict(100, Approximation.EquivalentKernel).TestError, point.GaussianFieldTheoryError!.Value, 1e-12);
    }

    [Fact]
    public void Quadrature_on_a_restricted_model_matches_its_Hartree_at_small_coupling()
    {
        var model = Model(1e-3).Restrict(3);
        var exact = model.Quadrature(10);
        var hartree = model.FieldTheory(10).Hartree();
        for (var i = 0; i < 3; i++) Assert.Equal(exact.Mean[i], hartree.Mean[i], 1e-5);
    }

    [Fact]
    public void Flow_reports_the_running_couplings_and_the_end_point()
    {
        var flow = Model(1).Flow(100);
        Assert.NotNull(flow.Couplings);
        Assert.True(flow.Couplings!.Stable);
        Assert.Equal(Approximation.ShellFlow, flow.EndPoint!.Approximation);
        Assert.True(flow.Couplings.Points.Count > 10);
    }

    [Fact]
    public void Ridgeless_or_infinite_models_cannot_take_perturbations()
    {
        Assert.Contains("positive ridge", Assert.Throws<ArgumentException>(() =>
            new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 2, 100, 1, 2), 0), [Perturbation.ConstantPairLocal("U", 1)])).Message);
        Assert.Contains("finite number of modes", Assert.Throws<ArgumentException>(() =>
            new InteractingModel(new GaussianModel("m", new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2), 1e-3), [Perturbation.ConstantPairLocal("U", 1)])).Message);
    }

    [Fact]
    public void Hartree_failure_is_clear_and_auto_falls_back_to_first_order()
    {
        var model = Model(-2000, modes: 200);
        Assert.Contains("Hartree", Assert.Throws<InvalidOperationException>(() => model.Predict(100, Approximation.Hartree)).Message);
        Assert.Equal(Approximation.FirstOrder, model.Predict(100).Approximation);
    }

    [Fact]
    public void Non_symmetric_monomial_weights_are_refused()
    {
        Assert.Contains("symmetric", Assert.Throws<ArgumentException>(() =>
            Perturbation.PairLocal("W", (k, q) => k, [new Monomial(1, 1, 0)])).Message);
    }

    [Fact]
    public void Flow_portrait_separates_runaway_from_stable_starting_couplings()
    {
        var model = Model(0, modes: 500);
        var portrait = FlowPortrait.Compute(model, 50, (-500, 500), (-2000, 2000), gridSize: 5, shellWidth: 0.1);
        Assert.Equal(25, portrait.Trajectories.Count);
        Assert.Contains(portrait.Trajectories, t => t.Stable);
        Assert.Contains(portrait.Trajectories, t => !t.Stable);
        Assert.NotEmpty(portrait.Separatrix);
        // Positive U with non-negative r never runs away; the most negative corner does.
        Assert.All(portrait.Trajectories.Where(t => t.U0 >= 0 && t.R0 >= 0), t => Assert.True(t.Stable));
        Assert.False(portrait.Trajectories.Single(t => t.U0 == -2000 && t.R0 == -500).Stable);
        var path = Path.Combine(Path.GetTempPath(), $"portrait-{Guid.NewGuid():N}.png");
        try { portrait.SavePng(path, "test"); Assert.True(new FileInfo(path).Length > 1000); }
        finally { File.Delete(path); }
        Assert.StartsWith("r0,U0,stable,rg_time,r,U", portrait.ToCsv());
    }
}
