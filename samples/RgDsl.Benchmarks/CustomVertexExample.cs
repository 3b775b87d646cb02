using System.Globalization;

namespace RgDsl.Benchmarks;

/// <summary>The README's worked custom vertex: an odd (third-cumulant) vertex and a fourth cumulant that is not pair-local.</summary>
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
        try { model.Predict(100, Approximation.ShellFlow); }
        catch (NotSupportedException e) { Console.WriteLine("ShellFlow: " + e.Message); }
    }
}
