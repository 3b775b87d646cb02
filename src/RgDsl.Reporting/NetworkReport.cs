using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearRegression;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using RgDsl.Networks;

namespace RgDsl.Reporting;

/// <summary>A measured point of a network: the network itself (sampled) and the GP on the same training sets.</summary>
/// <param name="Width">N.</param>
/// <param name="DatasetSize">P.</param>
/// <param name="TestError">The network's posterior-mean test error, averaged over training sets.</param>
/// <param name="GaussianProcessError">Kernel ridge regression with the NNGP kernel on the same training sets.</param>
/// <param name="RelativeShift">ε_N/ε_GP − 1, paired.</param>
/// <param name="EffectiveSamples">Effective samples of the test error over all training sets.</param>
/// <param name="Warnings">Runs that did not mix, and the like.</param>
public sealed record NetworkMeasurement(int Width, double DatasetSize, Estimate TestError, Estimate GaussianProcessError, Estimate RelativeShift,
    double EffectiveSamples, IReadOnlyList<string> Warnings);

/// <summary>One family of networks (one architecture and task, several widths) in the network report.</summary>
/// <param name="Name">A short name (a directory name).</param>
/// <param name="Title">A heading.</param>
/// <param name="Description">What the family is and why it is in the report.</param>
/// <param name="Model">The network at any width (the theory at other widths shares its spectrum).</param>
/// <param name="Widths">The widths whose learning curves the theory draws.</param>
/// <param name="Sizes">The dataset sizes of the theory curves.</param>
/// <param name="Measured">The sampled networks.</param>
/// <param name="Exact">For linear networks: the exact scale mixture per training set, averaged (width, result).</param>
public sealed record NetworkFamily(string Name, string Title, string Description, NetworkModel Model, IReadOnlyList<int> Widths, IReadOnlyList<double> Sizes,
    IReadOnlyList<NetworkMeasurement> Measured, IReadOnlyList<(int Width, LinearMixtureAverage Result)>? Exact = null);

/// <summary>What the network report found for one family.</summary>
/// <param name="Name">The family.</param>
/// <param name="Compared">Measured points where the theory says first order applies (no warning).</param>
/// <param name="Agree">Of those, points where predicted and measured shift agree within 3 s.e. + 10%.</param>
/// <param name="Flagged">Measured points the theory flags (beyond first order, proportional regime, mean-field…).</param>
/// <param name="FlaggedOff">Of the flagged points, those where the prediction misses by more than 3 s.e. + 10% (the failures it warned of).</param>
/// <param name="ExactCompared">Linear families: exact points compared with the theory.</param>
/// <param name="ExactAgree">Of those, within 3 s.e. + 5%.</param>
/// <param name="Unmixed">Measured points whose sampler did not mix (not compared).</param>
/// <param name="WidthSlope">The fitted slope of |measured shift| against N over the unflagged points at the most-measured P (null if fewer than 3 widths).</param>
/// <param name="PredictedWidthSlope">The theory's own slope over the same widths.</param>
/// <param name="Report">The report file.</param>
public sealed record NetworkFamilySummary(string Name, int Compared, int Agree, int Flagged, int FlaggedOff, int ExactCompared, int ExactAgree, int Unmixed,
    double? WidthSlope, double? PredictedWidthSlope, string Report);

/// <summary>
/// The networks section of the report (THEORY §6): per family, learning curves of the networks at several widths next
/// to the GP and the finite-width theory, the finite-width shift predicted against measured (as a function of N and of
/// P, log-log, with the predicted slopes), the theory's own warnings, and for linear networks the exact scale mixture.
/// </summary>
public static class NetworkReport
{
    /// <summary>Predicted and measured shift must agree within this many standard errors…</summary>
    public const double AllowedStandardErrors = 3;
    /// <summary>…plus this fraction of the measured shift (non-linear networks, where first order applies).</summary>
    public const double AllowedRelativeShift = 0.1;
    /// <summary>The exact scale mixture and the theory must agree within 3 s.e. plus this fraction (linear networks).</summary>
    public const double AllowedRelativeError = 0.05;

    public static IReadOnlyList<NetworkFamilySummary> Write(IReadOnlyList<NetworkFamily> families, string directory, string? preamble = null)
    {
        ArgumentNullException.ThrowIfNull(families);
        Directory.CreateDirectory(directory);
        var summaries = new List<NetworkFamilySummary>();
        var index = new StringBuilder();
        index.AppendLine("# Finite-width networks");
        index.AppendLine();
        // The theory documents: the main job's copies one level up (out/THEORY.md), or copies of their own.
        var theoryFolder = "../";
        if (!File.Exists(Path.Combine(directory, "..", TheoryDocument.NetworksFileName)))
        {
            TheoryDocument.WriteTo(directory);
            theoryFolder = "";
        }
        index.AppendLine($"Theory ([THEORY §6]({theoryFolder}{TheoryDocument.FileName}), in detail [NETWORKS.md]({theoryFolder}{TheoryDocument.NetworksFileName})): the NNGP kernel's spectrum on the data, the overall kernel scale integrated exactly (a one-dimensional mixture of GPs), and the last layer's shape fluctuations at first order, exact at finite P. Measured: the network itself, sampled from its exact posterior (HMC over the hidden weights with the readout integrated), paired with the GP on the same training sets.");
        if (preamble is not null) index.AppendLine().AppendLine(preamble);
        index.AppendLine();
        foreach (var family in families)
        {
            var summary = WriteFamily(family, Path.Combine(directory, family.Name));
            summaries.Add(summary);
            index.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- [{family.Title}]({family.Name}/report.md): {Describe(summary)}"));
        }
        File.WriteAllText(Path.Combine(directory, "report.md"), index.ToString());
        return summaries;
    }

    /// <summary>
    /// A family for every network declared with [RgNetwork] in <paramref name="assembly"/> (classes with a parameterless
    /// constructor, at their declared defaults): the theory at the declared width N and at 4N over <paramref name="sizes"/>
    /// (default P = 16, 32, …, 256). With <paramref name="sample"/> the network itself is also sampled (collapsed HMC,
    /// <see cref="NetworkModel.Sample"/>) at width N and each size, which takes seconds to minutes per point; pass the
    /// result to <see cref="Write"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A size below 1.</exception>
    public static IReadOnlyList<NetworkFamily> FindNetworks(Assembly assembly, IReadOnlyList<double>? sizes = null, NetworkExperimentOptions? sample = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        sizes ??= [16, 32, 64, 128, 256];
        if (sizes.Count == 0 || sizes.Any(p => !(p >= 1) || double.IsInfinity(p)))
            throw new ArgumentException("dataset sizes must be finite and at least 1.", nameof(sizes));
        return assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDeclaredNetwork).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t =>
            {
                var network = (IDeclaredNetwork)Activator.CreateInstance(t)!;
                var model = network.ToNetworkModel();
                var width = model.Architecture.Width;
                var measured = sample is null ? [] : sizes.Select(p => Measurement(model.Sample(p, sample))).ToList();
                return new NetworkFamily(t.Name, t.Name, model.Describe(), model, [width, 4 * width], sizes, measured);
            })
            .ToList();
    }

    /// <summary>A sampled experiment as a measured point of the report.</summary>
    public static NetworkMeasurement Measurement(NetworkExperiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return new NetworkMeasurement(experiment.Architecture.Width, experiment.DatasetSize, experiment.TestError, experiment.GaussianProcessError,
            experiment.RelativeShift, experiment.EffectiveSamples, experiment.Warnings);
    }

    /// <summary>One line for an index.</summary>
    public static string Describe(NetworkFamilySummary s)
    {
        var parts = new List<string>();
        if (s.ExactCompared > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"theory within 3 s.e. + 5% of the exact posterior at {s.ExactAgree} of {s.ExactCompared} points"));
        if (s.Compared > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"finite-width shift predicted within 3 s.e. + 10% at {s.Agree} of {s.Compared} sampled points where first order applies"));
        if (s.Flagged > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Flagged} point(s) flagged beyond first order, {s.FlaggedOff} of them off"));
        if (s.Unmixed > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Unmixed} sampled point(s) not compared: the chains did not mix"));
        if (s.WidthSlope is { } w) parts.Add(string.Create(CultureInfo.InvariantCulture, $"|shift| ∝ N^{w:0.##} measured, N^{s.PredictedWidthSlope:0.##} predicted"));
        return parts.Count == 0 ? "no measured points" : string.Join("; ", parts);
    }

    private static NetworkFamilySummary WriteFamily(NetworkFamily family, string directory)
    {
        var inv = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        var sb = new StringBuilder();
        var csv = new StringBuilder("width,P,gp_theory,theory,scale_mixture,shape,shape_se,predicted_shift,measured_error,measured_error_se,gp_measured,measured_shift,measured_shift_se,warnings\n");
        sb.AppendLine($"# {family.Title}");
        sb.AppendLine();
        sb.AppendLine(family.Description);
        sb.AppendLine();
        sb.AppendLine("```");
        sb.Append(family.Model.Describe());
        sb.AppendLine("```");
        sb.AppendLine();

        // Theory curves per width, and the GP.
        var models = family.Widths.Concat(family.Measured.Select(m => m.Width)).Concat(family.Exact?.Select(e => e.Width) ?? []).Distinct().Order()
            .ToDictionary(w => w, w => family.Model.WithWidth(w));
        var gpCurve = family.Sizes.Select(p => family.Model.Predict(p, Approximation.Gaussian).TestError).ToArray();
        var series = new List<PlotSeries> { new("GP (N = ∞)", family.Sizes, gpCurve, Dashed: true) };
        foreach (var w in family.Widths)
            series.Add(new PlotSeries(string.Create(inv, $"theory, N = {w}"), family.Sizes, family.Sizes.Select(p => models[w].Predict(p).TestError).ToArray()));
        foreach (var group in family.Measured.GroupBy(m => m.Width).OrderBy(g => g.Key))
        {
            var points = group.OrderBy(m => m.DatasetSize).ToList();
            series.Add(new PlotSeries(string.Create(inv, $"network, N = {group.Key}"), points.Select(m => m.DatasetSize).ToArray(),
                points.Select(m => m.TestError.Value).ToArray(), points.Select(m => m.TestError.StandardError).ToArray(), Points: true));
        }
        if (family.Exact is { Count: > 0 } exactPoints)
            foreach (var group in exactPoints.GroupBy(e => e.Width).OrderBy(g => g.Key))
            {
                var points = group.OrderBy(e => e.Result.DatasetSize).ToList();
                series.Add(new PlotSeries(string.Create(inv, $"exact posterior, N = {group.Key}"), points.Select(e => e.Result.DatasetSize).ToArray(),
                    points.Select(e => e.Result.TestError).ToArray(), points.Select(e => e.Result.StandardError).ToArray(), Points: true));
            }
        LogLogPlot.Save(Path.Combine(directory, "learning-curves.png"), family.Title + ": learning curves", "P", "test error ε", series);
        sb.AppendLine("## Learning curves");
        sb.AppendLine();
        sb.AppendLine("Theory lines at each width and the GP limit; points: the networks sampled from their exact posterior" + (family.Exact is { Count: > 0 } ? " and the exact scale mixture of the linear network" : "") + " (±1 s.e.).");
        sb.AppendLine();
        sb.AppendLine("![learning curves](learning-curves.png)");
        sb.AppendLine();

        // Exact posterior of linear networks against the theory.
        int exactCompared = 0, exactAgree = 0;
        if (family.Exact is { Count: > 0 } exact)
        {
            sb.AppendLine("## The exact posterior against the theory");
            sb.AppendLine();
            sb.AppendLine("The exact posterior-mean test error of the linear network (a one-dimensional integral over the kernel scale per training set, averaged over training sets) against the theory's scale mixture (the same integral with the deterministic-equivalent evidence), the saddle point (Li–Sompolinsky kernel renormalisation), the truncated 1/N expansion, and the GP.");
            sb.AppendLine();
            sb.AppendLine("| N | P | exact ± s.e. | theory | within 3 s.e. + 5% | saddle point | truncated 1/N expansion | GP | ⟨s⟩ exact | s* |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var (width, result) in exact.OrderBy(e => e.Width).ThenBy(e => e.Result.DatasetSize))
            {
                var prediction = models[width].PredictNetwork(result.DatasetSize);
                var ok = Math.Abs(result.TestError - prediction.Point.TestError) <= AllowedStandardErrors * result.StandardError + AllowedRelativeError * result.TestError;
                exactCompared++;
                if (ok) exactAgree++;
                var truncated = prediction.TruncatedExpansion!.TestError;
                sb.AppendLine(string.Create(inv,
                    $"| {width} | {result.DatasetSize:G6} | {result.TestError:G4} ± {result.StandardError:G2} | {prediction.Point.TestError:G4} | {(ok ? "yes" : "**no**")} | {prediction.SaddlePoint.TestError:G4} | {truncated:G4}{(prediction.TruncatedExpansionProblem is null ? "" : " (outside its range)")} | {prediction.GaussianProcess.TestError:G4} | {result.MeanScale:0.###} | {prediction.RenormalisedScale:0.###} |"));
            }
            sb.AppendLine();
        }

        // The finite-width shift, predicted against measured.
        int compared = 0, agree = 0, flagged = 0, flaggedOff = 0, unmixed = 0;
        double? widthSlope = null, predictedWidthSlope = null;
        if (family.Measured.Count > 0)
        {
            sb.AppendLine("## The finite-width shift, predicted against measured");
            sb.AppendLine();
            sb.AppendLine("δ = ε_N/ε_GP − 1: measured from the sampled networks paired with the GP on the same training sets; predicted by the theory (kernel scale exact × shape at first order, with the shape's Monte-Carlo error). \"applies\": the theory raised no warning; the criterion is |predicted − measured| ≤ 3 s.e. + 10% of |measured|.");
            sb.AppendLine();
            sb.AppendLine("| N | P | network ε ± s.e. | GP ε (same data) | measured δ ± s.e. | predicted δ | scale part | shape part ± s.e. | first order applies | agrees | theory's warnings |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var m in family.Measured.OrderBy(m => m.Width).ThenBy(m => m.DatasetSize))
            {
                var p = models[m.Width].PredictNetwork(m.DatasetSize);
                var shapeError = p.Shape?.StandardError ?? 0;
                var error = Math.Sqrt(m.RelativeShift.StandardError * m.RelativeShift.StandardError + shapeError * shapeError);
                var ok = Math.Abs(p.RelativeShift - m.RelativeShift.Value) <= AllowedStandardErrors * error + AllowedRelativeShift * Math.Abs(m.RelativeShift.Value);
                var applies = p.IsReliable && m.Warnings.Count == 0;
                if (applies) { compared++; if (ok) agree++; }
                else if (!p.IsReliable) { flagged++; if (!ok) flaggedOff++; }
                else unmixed++;
                var scalePart = p.ScaleMixture.TestError / p.GaussianProcess.TestError - 1;
                sb.AppendLine(string.Create(inv,
                    $"| {m.Width} | {m.DatasetSize:G6} | {m.TestError.Value:G4} ± {m.TestError.StandardError:G2} | {m.GaussianProcessError.Value:G4} | {m.RelativeShift.Value:0.####} ± {m.RelativeShift.StandardError:0.####} | {p.RelativeShift:0.####} | {scalePart:0.####} | {(p.Shape is { } sh ? sh.RelativeCorrection.ToString("0.####", inv) + " ± " + sh.StandardError.ToString("0.####", inv) : "—")} | {(p.IsReliable ? "yes" : "no")} | {(ok ? "yes" : "**no**")} | {(p.IsReliable ? "" : string.Join("; ", p.Warnings))}{(m.Warnings.Count == 0 ? "" : " sampler: " + string.Join("; ", m.Warnings))} |"));
                csv.AppendLine(string.Create(inv,
                    $"{m.Width},{m.DatasetSize:R},{p.GaussianProcess.TestError:R},{p.Point.TestError:R},{p.ScaleMixture.TestError:R},{p.Shape?.RelativeCorrection ?? 0:R},{shapeError:R},{p.RelativeShift:R},{m.TestError.Value:R},{m.TestError.StandardError:R},{m.GaussianProcessError.Value:R},{m.RelativeShift.Value:R},{m.RelativeShift.StandardError:R},\"{string.Join("; ", p.Warnings.Concat(m.Warnings)).Replace("\"", "'")}\""));
            }
            sb.AppendLine();

            // Against N at the P measured at most widths, and against P at the width measured at most sizes.
            var byP = family.Measured.GroupBy(m => m.DatasetSize).OrderByDescending(g => g.Select(m => m.Width).Distinct().Count()).First();
            if (byP.Select(m => m.Width).Distinct().Count() >= 2)
            {
                var p = byP.Key;
                var widths = byP.Select(m => m.Width).Distinct().Order().ToArray();
                var fine = Ladder(widths.Min(), widths.Max());
                var predicted = fine.Select(w => Math.Abs(family.Model.WithWidth((int)w).PredictNetwork(p).RelativeShift)).ToArray();
                var measured = byP.OrderBy(m => m.Width).ToList();
                var guideScale = predicted[^1] * fine[^1];
                LogLogPlot.Save(Path.Combine(directory, "shift-vs-width.png"), string.Create(inv, $"{family.Title}: |δ| against N at P = {p:G6}"), "N", "|ε_N/ε_GP − 1|",
                [
                    new PlotSeries("theory", fine, predicted),
                    new PlotSeries("∝ 1/N (first order)", fine, fine.Select(w => guideScale / w).ToArray(), Dashed: true),
                    new PlotSeries("network (sampled)", measured.Select(m => (double)m.Width).ToArray(), measured.Select(m => Math.Abs(m.RelativeShift.Value)).ToArray(),
                        measured.Select(m => m.RelativeShift.StandardError).ToArray(), Points: true),
                ]);
                sb.AppendLine(string.Create(inv, $"![shift against width](shift-vs-width.png)"));
                sb.AppendLine();
                var unflagged = measured.Where(m => models[m.Width].PredictNetwork(p).IsReliable && Math.Abs(m.RelativeShift.Value) > 2 * m.RelativeShift.StandardError).ToList();
                if (unflagged.Count >= 3)
                {
                    var fit = PowerLawFit.Fit(unflagged.Select(m => (double)m.Width).ToList(), unflagged.Select(m => Math.Abs(m.RelativeShift.Value)).ToList());
                    var theoryFit = PowerLawFit.Fit(unflagged.Select(m => (double)m.Width).ToList(), unflagged.Select(m => Math.Abs(models[m.Width].PredictNetwork(p).RelativeShift)).ToList());
                    widthSlope = fit.Exponent;
                    predictedWidthSlope = theoryFit.Exponent;
                    sb.AppendLine(string.Create(inv,
                        $"Over the widths where first order applies and the shift is resolved ({string.Join(", ", unflagged.Select(m => m.Width))}), the measured |δ| falls as **N^{fit.Exponent:0.##} ± {fit.StandardError:0.##}**; the theory over the same widths as N^{theoryFit.Exponent:0.##} (first order: N^-1 asymptotically)."));
                }
                else
                    sb.AppendLine("Fewer than three widths have a resolved shift where first order applies: no slope is fitted.");
                sb.AppendLine();
            }
            var byWidth = family.Measured.GroupBy(m => m.Width).OrderByDescending(g => g.Count()).First();
            if (byWidth.Count() >= 2)
            {
                var width = byWidth.Key;
                var points = byWidth.OrderBy(m => m.DatasetSize).ToList();
                var sizes = family.Sizes.Where(s => s >= points.Min(m => m.DatasetSize) && s <= points.Max(m => m.DatasetSize)).ToArray();
                var predicted = sizes.Select(s => Math.Abs(models[width].PredictNetwork(s).RelativeShift)).ToArray();
                LogLogPlot.Save(Path.Combine(directory, "shift-vs-size.png"), string.Create(inv, $"{family.Title}: |δ| against P at N = {width}"), "P", "|ε_N/ε_GP − 1|",
                [
                    new PlotSeries("theory", sizes, predicted),
                    new PlotSeries("network (sampled)", points.Select(m => m.DatasetSize).ToArray(), points.Select(m => Math.Abs(m.RelativeShift.Value)).ToArray(),
                        points.Select(m => m.RelativeShift.StandardError).ToArray(), Points: true),
                ]);
                sb.AppendLine("![shift against P](shift-vs-size.png)");
                sb.AppendLine();
                var resolved = points.Where(m => Math.Abs(m.RelativeShift.Value) > 2 * m.RelativeShift.StandardError).ToList();
                if (resolved.Count >= 3)
                {
                    var fit = PowerLawFit.Fit(resolved.Select(m => m.DatasetSize).ToList(), resolved.Select(m => Math.Abs(m.RelativeShift.Value)).ToList());
                    var theoryFit = PowerLawFit.Fit(resolved.Select(m => m.DatasetSize).ToList(), resolved.Select(m => Math.Abs(models[width].PredictNetwork(m.DatasetSize).RelativeShift)).ToList());
                    sb.AppendLine(string.Create(inv,
                        $"At N = {width} the measured |δ| grows as **P^{fit.Exponent:0.##} ± {fit.StandardError:0.##}** over P = {resolved.Min(m => m.DatasetSize):G4}..{resolved.Max(m => m.DatasetSize):G4}; the theory over the same window as P^{theoryFit.Exponent:0.##}."));
                    sb.AppendLine();
                }
                // Universality: the learning-curve exponent of the network against the GP's on the same data, and the
                // theory's over the same window (a local exponent: these windows are short of the asymptote).
                var mixed = points.Where(m => m.Warnings.Count == 0).ToList();
                if (mixed.Count >= 3)
                {
                    var sizesMixed = mixed.Select(m => m.DatasetSize).ToList();
                    var network = PowerLawFit.Fit(sizesMixed, mixed.Select(m => m.TestError.Value).ToList());
                    var gp = PowerLawFit.Fit(sizesMixed, mixed.Select(m => m.GaussianProcessError.Value).ToList());
                    var theoryNetwork = PowerLawFit.Fit(sizesMixed, sizesMixed.Select(x => models[width].PredictNetwork(x).Point.TestError).ToList());
                    var theoryGp = PowerLawFit.Fit(sizesMixed, sizesMixed.Select(x => models[width].PredictNetwork(x).GaussianProcess.TestError).ToList());
                    // The difference from the paired ratio ε_N/ε_GP = 1 + δ (the two share their data, so their noise mostly
                    // cancels), weighted by the measured errors of δ.
                    var (difference, differenceError) = WeightedSlope(sizesMixed.Select(x => Math.Log(x)).ToArray(),
                        mixed.Select(m => Math.Log(1 + m.RelativeShift.Value)).ToArray(),
                        mixed.Select(m => m.RelativeShift.StandardError / (1 + m.RelativeShift.Value)).ToArray());
                    sb.AppendLine(string.Create(inv,
                        $"Learning-curve exponent at N = {width} over P = {sizesMixed.Min():G4}..{sizesMixed.Max():G4} (a local exponent of a short window, not the asymptotic one): the network ε ∝ **P^{network.Exponent:0.###} ± {network.StandardError:0.###}**, the GP on the same data P^{gp.Exponent:0.###} ± {gp.StandardError:0.###} (difference from the paired ratio {difference:0.###} ± {differenceError:0.###}: {(Math.Abs(difference) <= 3 * differenceError + 0.02 ? "the same within 3 s.e. + 0.02, as GP universality says" : "**different**")}); the theory over the same window: network P^{theoryNetwork.Exponent:0.###}, GP P^{theoryGp.Exponent:0.###}."));
                    sb.AppendLine();
                }
            }
        }
        File.WriteAllText(Path.Combine(directory, "shift.csv"), csv.ToString());
        sb.AppendLine(string.Create(inv, $"Numbers: [shift.csv](shift.csv). Written in {clock.Elapsed.TotalSeconds:F1} s."));
        File.WriteAllText(Path.Combine(directory, "report.md"), sb.ToString());
        return new NetworkFamilySummary(family.Name, compared, agree, flagged, flaggedOff, exactCompared, exactAgree, unmixed, widthSlope, predictedWidthSlope, Path.Combine(directory, "report.md"));
    }

    /// <summary>The slope of y against x by weighted least squares (weights 1/σ²), with its standard error.</summary>
    private static (double Slope, double StandardError) WeightedSlope(double[] x, double[] y, double[] sigma)
    {
        // MathNet's weighted least squares; with known σ the covariance of the coefficients is (XᵀWX)⁻¹.
        var design = Matrix<double>.Build.Dense(x.Length, 2, (i, j) => j == 0 ? 1 : x[i]);
        var weights = Matrix<double>.Build.Diagonal(sigma.Select(Weight).ToArray());
        var coefficients = WeightedRegression.Weighted(design, Vector<double>.Build.Dense(y), weights);
        return (coefficients[1], Math.Sqrt(design.TransposeThisAndMultiply(weights * design).Inverse()[1, 1]));

        // A point reported without error counts as very precise, not as infinitely so (which would give NaN).
        static double Weight(double sigma) => 1 / Math.Max(sigma * sigma, 1e-24);
    }

    /// <summary>Four log-spaced widths from lo to hi (each a prediction with a shape correction).</summary>
    private static double[] Ladder(double lo, double hi)
    {
        const int n = 4;
        return Enumerable.Range(0, n).Select(i => Math.Round(lo * Math.Pow(hi / lo, i / (n - 1.0)))).Distinct().ToArray();
    }
}
