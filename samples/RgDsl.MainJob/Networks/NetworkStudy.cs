using System.Globalization;
using RgDsl.MainJob.Models.Networks;
using RgDsl.Networks;
using RgDsl.Networks.Data;
using RgDsl.Reporting;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Execution;
using RgDsl.Sweeps.Methods;
using RgDsl.Sweeps.Storage;
using RgDsl.Sweeps.Cli;

namespace RgDsl.MainJob.Networks;

/// <summary>What the networks section measured, for the console summary and the index.</summary>
public sealed record NetworkStudySummary(IReadOnlyList<NetworkFamilySummary> Families, string Report, double Seconds, string Speed);

/// <summary>
/// The networks section of the main job (THEORY §6): the sample networks' theory next to the networks themselves.
/// Every sampled point is a unit of a sweep (<see cref="Sweep"/>) stored under out/sweeps/networks, so a report that was
/// killed resumes where it stopped, and the same sweep can be sharded on a cluster
/// (<c>dotnet run --project samples/RgDsl.MainJob -- sweep plan --sweep networks</c>).
/// </summary>
public static class NetworkStudy
{
    /// <summary>The sweep of sampled network points for a preset (the report's measured points).</summary>
    public static Sweep Sweep(ReportPreset preset, NetworkData? mnist = null)
    {
        var (datasets, samples) = preset switch { ReportPreset.Quick => (3, 40), ReportPreset.Full => (12, 150), _ => (6, 60) };
        var hmc = new NetworkSampling(new NetworkExperimentOptions(Datasets: datasets, TestPoints: 400,
            CollapsedHmc: new CollapsedHmcOptions(Warmup: samples, Samples: samples)));
        var sweep = new Sweep("networks", seed: 20_261_129);
        SweepModel Widths<T>(string name, Func<int, T> create, IEnumerable<int> widths) where T : class =>
            SweepModel.Create(name, set => create((int)set["Width"]), widths.Select(w => ParameterSet.Of(("Width", w))));
        void Add(SweepModel model, params double[] sizes)
        {
            var grid = new SweepGrid { Models = { model }, Methods = { hmc } };
            grid.DatasetSizes.AddRange(sizes);
            sweep.Add(grid);
        }
        if (preset == ReportPreset.Quick)
        {
            Add(Widths("relu", w => new ReluNetwork { Width = w }, [64]), 16);
            Add(Widths("linear", w => new LinearNetwork { Width = w }, [16]), 16);
            return sweep;
        }
        var full = preset == ReportPreset.Full;
        Add(Widths("linear", w => new LinearNetwork { Width = w }, [64]), 64);
        if (full) Add(Widths("linear", w => new LinearNetwork { Width = w }, [256]), 256);
        Add(Widths("deep-linear", w => new DeepLinearNetwork { Width = w }, [64]), 64);
        // ReLU: the decay with N at P = 128, the growth with P at N = 512, and one point beyond first order.
        // N = 1024 only in --full since the feature-learning family came in (8 s of the standard preset's time).
        Add(Widths("relu", w => new ReluNetwork { Width = w }, full ? [256, 512, 1024, 2048] : [256, 512]), 128);
        Add(Widths("relu", w => new ReluNetwork { Width = w }, [512]), full ? [16, 32, 64, 256, 512] : [16, 32, 64]);
        Add(Widths("relu", w => new ReluNetwork { Width = w }, [64]), 256);
        // erf: the decay with N at P = 64, and one point in the proportional regime.
        Add(Widths("erf", w => new ErfNetwork { Width = w }, full ? [32, 128, 256, 512, 1024, 2048] : [32, 128, 256, 512, 1024]), 64);
        if (full) Add(Widths("erf", w => new ErfNetwork { Width = w }, [512]), 16, 32, 128, 256);
        // Feature learning: the mean-field tanh network at several widths against the adapted kernel (one unit per N and P).
        Add(Widths("mean-field", FeatureLearningNetwork, FeatureLearningWidths(preset)), FeatureLearningSizes(preset));
        // MNIST networks only in --full: their two units took 69 s of the 219 s the networks section took in the
        // standard preset (under load), which kept the main job over its 5 minutes.
        if (mnist is not null && full)
            Add(Widths("mnist-relu", w => MnistNetwork(mnist, w), [128, 512]), 64);
        return sweep;
    }

    /// <summary>
    /// The feature-learning network (<see cref="MeanFieldTanhNetwork"/>) at width N, its theory shared by every width and
    /// its saddle on 4 training sets of 2,048 importance samples (the defaults, 6 and 4,096, cost three times as much:
    /// the family's report took 225 s with them on the loaded 2-core machine, over the main job's budget).
    /// </summary>
    public static NetworkModel FeatureLearningNetwork(int width) => new(nameof(MeanFieldTanhNetwork), FeatureLearningTheory.Value.WithWidth(width));

    private static readonly Lazy<NetworkTheory> FeatureLearningTheory = new(() =>
    {
        var declared = new MeanFieldTanhNetwork().ToNetworkModel();
        return new NetworkTheory(declared.Architecture, declared.Data, declared.Ridge, new NetworkTheoryOptions(AdaptiveDatasets: 4, AdaptiveUnits: 2048));
    });

    /// <summary>The widths of the feature-learning family (mean-field tanh): one colour each in its plots.</summary>
    public static int[] FeatureLearningWidths(ReportPreset preset) => preset == ReportPreset.Full ? [64, 128, 256, 512] : [64, 128, 256];

    /// <summary>The sampled sizes of the feature-learning family: P ≤ N/4 at the widest standard width (where the theory was checked), and beyond it at the narrow ones.</summary>
    public static double[] FeatureLearningSizes(ReportPreset preset) => preset == ReportPreset.Full ? [16, 32, 64, 128, 256] : [16, 32, 64];

    /// <summary>
    /// <c>RgDsl.MainJob sweep [--quick|--full] [--no-mnist] [--data DIR] [--out DIR] &lt;verb&gt; …</c>: the sweep command
    /// line of <see cref="Sweep"/>. The preset flags and --data may stand anywhere; they go to every worker (the Slurm task
    /// line, the Kubernetes command, <c>run --local</c> children), because they change the set of units. --out sets the
    /// default --dir, &lt;out&gt;/sweeps/networks, where the report looks for the units.
    /// </summary>
    /// <param name="args">The words after <c>sweep</c>.</param>
    /// <param name="mnistCache">The MNIST cache to look for (its presence adds the mnist-relu units in --full), or null for --no-mnist.</param>
    public static int RunSweepCommand(string[] args, ReportPreset preset, string output, string? mnistCache, int digitsPerDigit)
    {
        var verbArgs = new List<string>();
        var workerArgs = new List<string> { "sweep" };
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--quick" or "--full" or "--no-mnist") workerArgs.Add(args[i]);
            else if (args[i] is "--data" or "--out" && i + 1 < args.Length)
            {
                // The cache is named absolutely for the workers; --out only places the default sweep directory.
                if (args[i] == "--data") workerArgs.AddRange(["--data", Path.GetFullPath(args[i + 1])]);
                i++;
            }
            else verbArgs.Add(args[i]);
        }
        NetworkData? mnist = null;
        if (mnistCache is not null)
        {
            mnist = MnistNetworkData.TryLoad(mnistCache, digitsPerDigit, out var problem);
            if (mnist is null)
                Console.Error.WriteLine($"note: no MNIST cache at {Path.GetFullPath(mnistCache)} ({problem}): the sweep has no mnist-relu units. Every worker must see the same cache, or get --no-mnist like the planner; otherwise `run` refuses (the sweep changed since its plan).");
        }
        // `--sweep feature-learning` selects issue 19's table (FeatureLearningTable); otherwise the report's networks
        // sweep is the only one hosted, so that verbs without --sweep keep working.
        var named = verbArgs.IndexOf("--sweep") is var at and >= 0 && at + 1 < verbArgs.Count ? verbArgs[at + 1] : null;
        Sweep[] sweeps = named == FeatureLearningTable.Name ? [FeatureLearningTable.Sweep()] : [Sweep(preset, mnist)];
        return SweepCommand.Run(verbArgs.ToArray(), sweeps, new SweepCommandSettings(Arguments: workerArgs, DirectoryRoot: Path.Combine(output, "sweeps")));
    }

    /// <summary>A one-hidden-layer ReLU network on MNIST digits (parity), built at run time from the loaded data.</summary>
    public static NetworkModel MnistNetwork(NetworkData data, int width)
    {
        // One theory (spectrum on a 1,000-digit pool, cumulants) for every width.
        var theory = MnistTheories.GetOrAdd(data, d => new NetworkTheory(new NetworkArchitecture(d.Dimension, 1, width, Activation.Relu), d, 0.05,
            new NetworkTheoryOptions(PoolSize: 1000)));
        return new NetworkModel("MnistRelu", theory.WithWidth(width));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<NetworkData, NetworkTheory> MnistTheories = new();

    public static NetworkStudySummary Write(string output, ReportPreset preset, NetworkData? mnist, Action<string, double>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sweep = Sweep(preset, mnist);
        var directory = new SweepDirectory(Path.Combine(output, "sweeps", "networks"));
        var units = sweep.Units();
        var log = new ProgressLog(units.Count, progress);
        ShardRunner.Run(sweep, directory, 0, 1, log);
        var outcomes = SweepResults.Read(sweep, directory);
        var failed = outcomes.Where(o => o.Status != UnitStatus.Done).ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException($"{failed.Count} network units did not finish: {string.Join("; ", failed.Select(f => f.Unit.Id + ": " + f.Error))}");
        IReadOnlyList<NetworkMeasurement> Measured(string model) => outcomes.Where(o => o.Unit.Model == model).Select(o =>
        {
            var m = o.Measurement!;
            // split_rhat and min_effective_samples are absent from units recorded before they were measured.
            double? Optional(string name) => m.Values.Any(v => v.Name == name) ? m[name].Value : null;
            return new NetworkMeasurement((int)m["width"].Value, o.Unit.DatasetSize, Estimate(m["test_error"]), Estimate(m["gp_error"]), Estimate(m["relative_shift"]),
                m["effective_samples"].Value, m.Warnings, Optional("split_rhat"), Optional("min_effective_samples"));
        }).ToList();

        progress?.Invoke("networks: theory and exact posteriors", 0.9);
        var quick = preset == ReportPreset.Quick;
        var exactDatasets = preset switch { ReportPreset.Quick => 4, ReportPreset.Full => 48, _ => 24 };
        var linearSizes = Ladder(4, quick ? 64 : 1024);
        var exactWidths = quick ? new[] { 16 } : [16, 64, 256];
        // P from N/4 to 4N at each width.
        List<(int, LinearMixtureAverage)> Exact(NetworkModel model) =>
            exactWidths.SelectMany(w => (quick ? new[] { w } : [w / 4, w, 4 * w]).Select(p => (w, model.WithWidth(w).ExactLinear(p, exactDatasets, seed: 7)))).ToList();
        var linear = new LinearNetwork { Width = 64 }.ToNetworkModel();
        var deepLinear = new DeepLinearNetwork { Width = 64 }.ToNetworkModel();
        var families = new List<NetworkFamily>
        {
            new("linear", "One-hidden-layer linear network", "128 Gaussian inputs (Σ_jj ∝ j^-1.5), a linear teacher of power 9 — nine times what the prior expects, so the posterior renormalises the kernel scale and finite width is not a small effect. The prior is exactly a mixture of GPs over one Gamma-distributed scale; the exact posterior is computed per training set.",
                linear, exactWidths, linearSizes, Measured("linear"), Exact(linear)),
            new("deep-linear", "Two-hidden-layer linear network", "The same task with two hidden layers: the kernel scale is a product of two Gamma factors (the setting of Li and Sompolinsky's kernel renormalisation, whose saddle point the table shows).",
                deepLinear, exactWidths, linearSizes, Measured("deep-linear"), Exact(deepLinear)),
        };
        var nonLinearSizes = Ladder(16, quick ? 32 : 256);
        if (!quick)
        {
            families.Add(new("relu", "ReLU network, standard scaling", "16 Gaussian inputs (Σ_jj ∝ j^-1.5), a linear teacher of power 1, κ = 0.05. The kernel scale is integrated exactly and the last layer's shape fluctuations enter at first order; the theory flags P > N/4 (towards the proportional regime) and large first-order corrections.",
                new ReluNetwork { Width = 128 }.ToNetworkModel(), [64, 512], nonLinearSizes, Measured("relu")));
            families.Add(new("erf", "erf network, standard scaling", "The same task with erf units: their shape fluctuations lower the error below the GP's.",
                new ErfNetwork { Width = 128 }.ToNetworkModel(), [32, 256], nonLinearSizes, Measured("erf")));
            families.Add(new("mean-field", "Feature learning: mean-field tanh", string.Create(CultureInfo.InvariantCulture,
                $"A tanh network with output ∝ 1/N and likelihood variance κ/N (mean-field scaling) on 8 Gaussian inputs (Σ_jj ∝ j^-1.5), a linear teacher of power 4, κ = 0.5, label noise 0.01. Its hidden units move by O(1), so the NNGP is not its large-N limit: the kernel the posterior selects adapts (it grows and turns towards the teacher), which removes much of the large ridge. The theory is the adaptive-kernel saddle (THEORY §6.5), which does not depend on N; the sampled networks at N = {string.Join(", ", FeatureLearningWidths(preset))} show how close they come to it, and the NNGP how much the adaptation matters. The theory flags P/N > 4, the largest ratio at which one-hidden-layer tanh and ReLU networks were checked against sampled ones (1/4 for other activations). The saddle is averaged over 4 training sets of its own (2,048 importance samples of a unit). Preset: {preset} (--full adds N = 512 and P up to 256)."),
                FeatureLearningNetwork(FeatureLearningWidths(preset)[^1]), FeatureLearningWidths(preset), Ladder(8, FeatureLearningSizes(preset)[^1]), Measured("mean-field")));
            if (mnist is not null && preset == ReportPreset.Full)
                families.Add(new("mnist-relu", "ReLU network on MNIST", "A one-hidden-layer ReLU network on MNIST digits (centred, |x|²/d = 1), digit parity as the target, κ = 0.05; the spectrum is measured on 1,000 digits.",
                    MnistNetwork(mnist, 128), [128, 512], [32, 64], Measured("mnist-relu")));
        }
        else
            families.Add(new("relu", "ReLU network, standard scaling", "Quick preset: one sampled point.", new ReluNetwork { Width = 64 }.ToNetworkModel(), [64], nonLinearSizes, Measured("relu")));

        var speed = SamplerSpeed(preset);
        var summaries = NetworkReport.Write(families, Path.Combine(output, "networks"),
            "Every measured point is a unit of the sweep in `out/sweeps/networks` (collapsed HMC on several training sets); rerunning the main job reuses finished units. " + speed);
        return new NetworkStudySummary(summaries, Path.Combine(output, "networks", "report.md"), clock.Elapsed.TotalSeconds, speed);
    }

    /// <summary>Effective samples per second of both samplers on one problem (the report uses the faster, collapsed HMC).</summary>
    private static string SamplerSpeed(ReportPreset preset)
    {
        if (preset == ReportPreset.Quick) return "";
        var network = new ErfNetwork { Width = 128 }.ToNetworkModel();
        var options = new NetworkExperimentOptions(Datasets: 2, TestPoints: 200, Seed: 5,
            CollapsedHmc: new CollapsedHmcOptions(Warmup: 60, Samples: 100),
            Langevin: new LangevinOptions(StepSize: 0.004, BurnIn: 2000, Samples: 200, Thinning: 10));
        var hmc = network.Sample(64, options);
        var langevin = network.Train(64, options);
        return string.Create(CultureInfo.InvariantCulture,
            $"Sampler speed on the erf network (N = 128, d = 16, P = 64, 2 training sets): collapsed HMC {hmc.EffectiveSamplesPerSecond:0.#} effective samples of the test error per second (ε = {hmc.TestError}), unadjusted Langevin (η = 0.004) {langevin.EffectiveSamplesPerSecond:0.#} per second (ε = {langevin.TestError}).");
    }

    private static Estimate Estimate(SweepValue value) => new(value.Value, value.StandardError ?? 0);

    /// <summary>Powers of two from <paramref name="from"/> to <paramref name="to"/> (theory curves: each point with a shape correction costs about a second).</summary>
    private static double[] Ladder(double from, double to)
    {
        var list = new List<double>();
        for (var p = from; p <= to * 1.0001; p *= 2) list.Add(Math.Round(p));
        return list.ToArray();
    }

    /// <summary>Turns the shard runner's log lines into progress.</summary>
    private sealed class ProgressLog(int units, Action<string, double>? progress) : TextWriter
    {
        private int _lines;
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void WriteLine(string? value)
        {
            _lines++;
            progress?.Invoke("networks: " + (value ?? ""), Math.Min(0.9, 0.9 * _lines / Math.Max(1, units)));
        }
    }
}
