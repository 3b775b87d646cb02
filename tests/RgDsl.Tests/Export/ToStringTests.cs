using RgDsl.Perturbations;
using RgDsl.Spectra;
using RgDsl.Tests.Report;

namespace RgDsl.Tests.Export;

/// <summary>Result types print what they found, not their type name or a collection's.</summary>
public class ToStringTests
{
    private static readonly GaussianModel Gaussian = new("g", new PowerLawSpectrum(1, 2, 300, 1, 2), 1e-3);
    private static readonly InteractingModel Quartic = new(new GaussianModel("q", new PowerLawSpectrum(1, 2, 300, 1, 2), 0.05), [Perturbation.ConstantPairLocal("U", 0.1)]);

    public static TheoryData<string, string[]> Results => new()
    {
        { Gaussian.ToString(), ["GaussianModel g: power law λ_k = 1·k^-2", "κ = 0.001, σ² = 0"] },
        { Quartic.ToString(), ["InteractingModel q:", "κ = 0.05", "perturbations U (PairLocal)"] },
        { Gaussian.LearningCurve(10, 100, 1000).ToString(), ["LearningCurve g: 3 point(s), P = 10..1000, ε = ", "local exponents -"] },
        { Gaussian.Predict(100).ToString(), ["P = 100: ε = ", "E₀ = ", "k_P = ", "Gaussian, "] },
        { Quartic.Predict(100, Approximation.FirstOrder).ToString(), ["P = 100: ε = ", ", δ = ", "FirstOrder"] },
        { Gaussian.Flow(100).ToString(), ["RgFlow at P = 100: κ = 0.001", "the hard flow stops at Λ* = ", "recorded points"] },
        { Quartic.Flow(100, new FlowOptions(ShellWidth: 0.1)).ToString(), ["RgFlow at P = 100", "coupling flow over"] },
        { Gaussian.Simulate(50, new SimulationOptions(Seeds: 2)).ToString(), ["Kernel ridge regression at P = 50: ε = ", "(2 seeds, 300 modes); theory "] },
        { Quartic.Sample(20, new SamplerOptions(Chains: 1, Samples: 200, Warmup: 50)).ToString(), ["HMC at P = 20: δ = ", " ± ", "1 chains × 200 samples", "acceptance"] },
        { Gaussian.Scaling().ToString(), ["α = 1, β = 1, ridge-dominated: ε ∝ P^-0.5; Gaussian"] },
        { Quartic.PredictScaling().ToString(), ["ridge-dominated", "U (PairLocal): y = 4, interval [2, 4], Relevant", "GP-universal", "diagram class"] },
        { RgDsl.Transfer.FlowTransfer.PowerCounting(Quartic, 100, 400).ToString(), ["Transfer P = 100 → 400 (SameThreshold): κ 0.05 → 0.2", "U ×"] },
        { ReportProbe.RgDeclaration.ToString(), ["ModelDeclaration ReportProbe: M = 300, parameters Alpha = 1, spectrum k^-(1 + Alpha) (power law), 1 perturbation(s), 1 claim(s)"] },
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void Results_print_what_they_found(string text, string[] expected)
    {
        foreach (var part in expected) Assert.True(text.Contains(part, StringComparison.Ordinal), $"\"{part}\" not in:\n{text}");
        Assert.DoesNotContain("RgDsl.", text);
        Assert.DoesNotContain("System.", text);
    }
}
