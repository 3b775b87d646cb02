using System.Globalization;

namespace RgDsl.Benchmarks;

/// <summary>The worked custom vertex of docs/DSL.md: an odd (third-cumulant) vertex and a fourth cumulant that is not pair-local.</summary>
[RgModel(Modes = 20_000)]
public partial class OddCumulant
{
    [Parameter] public double Alpha { get; init; } = 1.0;

    [Spectrum] public double Eigenvalue(long k) => Math.Pow(k, -(1 + Alpha));
    [Target] public double TargetPower(long k) => Math.Pow(k, -2.0);
    [Ridge] public double Kappa => 0.1;

    // (1/3) Σ_kqp W f_k f_q f_p
    [Perturbation("k q p")] public double Cubic(long k, long q, long p) => 2e-3;

    // (1/4) Σ_kqp W(q,p) f_k² f_q f_p, symmetric in q and p
    [Perturbation("k k q p")] public double Quartic(long k, long q, long p) => 1e-3 * Math.Pow(q * (double)p, 0.5);
}

internal static class CustomVertexExample
{
    public static void Run()
    {
        var model = new OddCumulant();
        Console.WriteLine(model.Describe());
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("      P   Gaussian ε      first order     second order    (field-theory error)");
        foreach (var p in new[] { 10.0, 100.0, 1000.0 })
        {
            double E(Approximation a) => model.Predict(p, a).FieldTheoryError ?? model.Predict(p, a).TestError;
            var g = model.Predict(p, Approximation.FirstOrder);
            Console.WriteLine(string.Create(inv, $"{p,7:G4}   {g.FieldTheoryError / (1 + g.NonGaussianCorrection),-14:G6}  {E(Approximation.FirstOrder),-14:G6}  {E(Approximation.SecondOrder),-14:G6}"));
        }
        // The one-loop shell flow down to the threshold k_P at P = 100: the running vertices there, and the prediction.
        var interacting = model.ToInteractingModel();
        var threshold = (long)Math.Round(model.Predict(100).LearnabilityThreshold);
        var flow = interacting.Flow(100, new FlowOptions(StopScale: threshold));
        Console.WriteLine(flow.Couplings!.Scheme);
        Console.WriteLine(string.Create(inv, $"running vertices at Λ = {flow.Couplings.Vertices![^1].Scale} (k_P = {threshold}), W = Σ c·ℓ1^a·ℓ2^b…:"));
        foreach (var v in flow.Couplings.Vertices[^1].Vertices)
            Console.WriteLine("  " + string.Join(" + ", v.Terms.Select(t => string.Create(inv, $"{t.Coefficient:G4}") + string.Concat(t.Exponents.Select((e, i) => e == 0 ? "" : string.Create(inv, $"·ℓ{i + 1}^{e:G3}"))))) + "   \"" + v.Pattern + "\"");
        var first = interacting.Predict(100, Approximation.FirstOrder).FieldTheoryError!.Value;
        Console.WriteLine(string.Create(inv, $"field-theory error at P = 100: flow {flow.EndPoint!.FieldTheoryError:G8}, first order {first:G8} (flow − first order {flow.EndPoint.FieldTheoryError - first:G3}: the O(g²) running)"));
    }
}
