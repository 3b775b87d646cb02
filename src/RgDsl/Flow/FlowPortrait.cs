using System.Globalization;
using System.Text;
using RgDsl.Perturbations.Solvers;

using RgDsl.Perturbations;

namespace RgDsl.Flow;

/// <summary>One trajectory of the (r, U) flow: starting couplings and the running couplings against ℓ.</summary>
public sealed record PortraitTrajectory(double R0, double U0, IReadOnlyList<double> RgTime, IReadOnlyList<double> R, IReadOnlyList<double> U, bool Stable);

/// <summary>
/// Trajectories of the W = 1 flow in the (r, U) plane (a constant mass term (r/2) Σ f² and a constant pair-local
/// coupling (U/4)(Σ f²)²) from a grid of starting couplings, on one model's spectrum. A trajectory is unstable when
/// some mode's effective inverse variance reaches zero. Because a shell at scale Λ holds Λ dℓ modes the flow is
/// explicitly ℓ-dependent and has no non-trivial fixed point; what separates the trajectories is a separatrix between
/// starting points that stay stable and those that run away, marked between grid neighbours that disagree.
/// </summary>
public sealed class FlowPortrait
{
    private FlowPortrait(IReadOnlyList<PortraitTrajectory> trajectories, IReadOnlyList<(double R0, double U0)> separatrix, double datasetSize,
        (double Min, double Max) rRange, (double Min, double Max) uRange)
    {
        Trajectories = trajectories; Separatrix = separatrix; DatasetSize = datasetSize; RRange = rRange; URange = uRange;
    }

    /// <summary>The range of starting r.</summary>
    public (double Min, double Max) RRange { get; }
    /// <summary>The range of starting U.</summary>
    public (double Min, double Max) URange { get; }

    public IReadOnlyList<PortraitTrajectory> Trajectories { get; }
    /// <summary>Midpoints between neighbouring starting points whose trajectories end differently.</summary>
    public IReadOnlyList<(double R0, double U0)> Separatrix { get; }
    public double DatasetSize { get; }

    /// <summary>Traces the grid of starting couplings r0 ∈ rRange, U0 ∈ uRange (gridSize² trajectories, log shells of width dℓ).</summary>
    public static FlowPortrait Compute(InteractingModel model, double datasetSize, (double Min, double Max) rRange, (double Min, double Max) uRange,
        int gridSize = 9, double shellWidth = 0.05)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (gridSize < 2) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, "the grid needs at least 2 points per axis.");
        if (!(rRange.Max > rRange.Min) || !(uRange.Max > uRange.Min)) throw new ArgumentException("each range needs Min < Max.");
        var baseTheory = model.FieldTheory(datasetSize);
        var (lambda, target, multiplicity) = (baseTheory.Lambda, baseTheory.Amplitude.Select(a => a * a).ToArray(), baseTheory.Multiplicity.Select(m => (long)m).ToArray());
        var trajectories = new PortraitTrajectory[gridSize * gridSize];
        Parallel.For(0, trajectories.Length, index =>
        {
            var r0 = rRange.Min + (rRange.Max - rRange.Min) * (index % gridSize) / (gridSize - 1);
            var u0 = uRange.Min + (uRange.Max - uRange.Min) * (index / gridSize) / (gridSize - 1);
            var theory = new FieldTheory(lambda, target, multiplicity, datasetSize, baseTheory.Ridge, baseTheory.Noise,
                [Perturbation.Quadratic("r", _ => r0), Perturbation.ConstantPairLocal("U", u0)]);
            var flow = ShellFlow.Run(theory, new ShellFlowOptions(ShellWidth: shellWidth));
            trajectories[index] = new PortraitTrajectory(r0, u0,
                Array.AsReadOnly(flow.Points.Select(p => p.RgTime).ToArray()),
                Array.AsReadOnly(flow.Points.Select(p => r0 + p.Tadpole[0]).ToArray()),
                Array.AsReadOnly(flow.Points.Select(p => p.Quartic[0][0]).ToArray()),
                flow.Stable);
        });
        var separatrix = new List<(double, double)>();
        for (var j = 0; j < gridSize; j++)
            for (var i = 0; i < gridSize; i++)
            {
                var t = trajectories[j * gridSize + i];
                if (i + 1 < gridSize && trajectories[j * gridSize + i + 1].Stable != t.Stable)
                    separatrix.Add(((t.R0 + trajectories[j * gridSize + i + 1].R0) / 2, t.U0));
                if (j + 1 < gridSize && trajectories[(j + 1) * gridSize + i].Stable != t.Stable)
                    separatrix.Add((t.R0, (t.U0 + trajectories[(j + 1) * gridSize + i].U0) / 2));
            }
        return new FlowPortrait(trajectories, separatrix, datasetSize, rRange, uRange);
    }

    /// <summary>What each column of <see cref="ToCsv"/> holds (for a comment header above it).</summary>
    public const string CsvColumnDefinitions =
        "r0, U0: the trajectory's starting couplings; stable: 1 when it stays bounded; rg_time: ℓ; r, U: the couplings at ℓ.";

    /// <summary>CSV: one row per recorded point of every trajectory (columns: <see cref="CsvColumnDefinitions"/>).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("r0,U0,stable,rg_time,r,U\n");
        foreach (var t in Trajectories)
            for (var i = 0; i < t.RgTime.Count; i++)
                sb.Append(string.Create(CultureInfo.InvariantCulture, $"{t.R0:R},{t.U0:R},{(t.Stable ? 1 : 0)},{t.RgTime[i]:R},{t.R[i]:R},{t.U[i]:R}\n"));
        return sb.ToString();
    }
}
