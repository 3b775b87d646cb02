using System.Globalization;
using RgDsl;
using RgDsl.Networks;

// A finite-width network declared in the DSL, its theory (the kernel scale integrated exactly, the shape fluctuations
// at first order) and the network itself sampled exactly (collapsed HMC) on the same kind of data. docs/NETWORKS.md
// ("Declaring a network") shows this program's output. Options: --width N (default 256), --size P (default 64),
// --datasets D (default 4).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var width = Option("--width", 256);
var size = Option("--size", 64);
var datasets = Option("--datasets", 4);

var network = new ErfNetwork { Width = width };
Console.WriteLine(network.Describe());
Console.WriteLine();

var theory = network.PredictNetwork(size);
Console.WriteLine($"theory at N = {width}, P = {size}:");
Console.WriteLine($"  GP (infinite width)                  ε = {theory.GaussianProcess.TestError:G4}");
Console.WriteLine($"  kernel scale integrated exactly      ε = {theory.ScaleMixture.TestError:G4}");
Console.WriteLine($"  + shape fluctuations, first order    ε = {theory.Point.TestError:G4}  (shift ε/ε_GP − 1 = {theory.RelativeShift:+0.000;-0.000})");
Console.WriteLine($"  truncated 1/N expansion              ε = {theory.TruncatedExpansion?.TestError:G4}{(theory.TruncatedExpansionProblem is { } p ? "  — " + p : "")}");
Console.WriteLine($"  reliable: {theory.IsReliable}{string.Concat(theory.Warnings.Select(w => "\n    - " + w))}");
Console.WriteLine();

var sampled = network.Sample(size, new NetworkExperimentOptions(Datasets: datasets));
Console.WriteLine($"the network itself: {sampled}");
var z = (sampled.RelativeShift.Value - theory.RelativeShift) / sampled.RelativeShift.StandardError;
Console.WriteLine($"measured shift {sampled.RelativeShift.Value:+0.000;-0.000} ± {sampled.RelativeShift.StandardError:0.000} against predicted {theory.RelativeShift:+0.000;-0.000} (z = {z:0.0})");

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    if (i < 0) return fallback;
    if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 1)
        throw new ArgumentException($"{name} needs a positive integer", name);
    return v;
}

/// <summary>A one-hidden-layer erf network on 16 Gaussian inputs with power-law covariance (a = 0.5) and a linear teacher.</summary>
[RgNetwork(Depth = 1, Activation = Activation.Erf)]
[GaussianInputs(Dimension = 16, Exponent = 0.5)]
[LinearTeacher(Exponent = 0.5, Power = 1)]
public partial class ErfNetwork
{
    [Width] public int Width { get; init; } = 256;
    [Ridge] public double Kappa => 0.05;
}
