using System.Numerics.Tensors;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using RgDsl.Statistics;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Sampling;

/// <summary>
/// One chain of split HMC on the collapsed posterior of the hidden weights (standardised, x = W/σ_w): the prior
/// |x|²/2 with the kinetic energy |p|²/2 is a unit harmonic oscillator, integrated exactly (a rotation of (x, p) by
/// the step ε), between half kicks by the data force −∇U_data (Shahbaba et al. 2014; as the field-theory
/// <see cref="Perturbations.Sampling.HmcSampler"/>). The integrator is symplectic and reversible, so with the Metropolis test
/// the chain is exact; its energy error comes from U_data alone. The step size is adapted in warm-up by
/// <see cref="DualAveraging"/>, each step jittered by ±10% and each trajectory's length drawn uniformly in [½, 1] of the
/// nominal length.
/// </summary>
internal sealed class CollapsedHmcChain
{
    private readonly CollapsedHmcOptions _options;
    private readonly CollapsedPosterior _posterior;
    private readonly NormalGenerator _random;
    private readonly int _n;
    private readonly double[] _x, _p, _gradient, _x0, _g0, _temp, _prediction;
    private readonly DualAveraging _adaptation;
    private double _u, _trainError, _kernelScale;

    public CollapsedHmcChain(WeightLayout layout, double ridge, NetworkDataset train, NetworkDataset test,
        CollapsedHmcOptions options, int seed, WorkerTeam team)
    {
        _options = options;
        _posterior = new CollapsedPosterior(layout, ridge, train, test, new MatrixProduct(team));
        _n = layout.HiddenCount;
        _random = new NormalGenerator(seed);
        Record = new ChainRecord(options.Samples, test.Count);
        _x = new double[_n];
        _p = new double[_n];
        _gradient = new double[_n];
        _x0 = new double[_n];
        _g0 = new double[_n];
        _temp = new double[_n];
        _prediction = new double[test.Count];

        _random.Fill(_x); // a prior draw (standardised)
        _u = _posterior.Evaluate(_x, _gradient);
        Record.GradientEvaluations++;
        if (!double.IsFinite(_u)) throw new InvalidOperationException("collapsed HMC: the energy is not finite at the initial weights (check the data scale).");
        _posterior.PredictTest(_x, _prediction);
        _trainError = _posterior.TrainError();
        _kernelScale = _posterior.KernelScale();
        _adaptation = new DualAveraging(options.InitialStepSize, options.TargetAcceptance, 0, options.TrajectoryLength);
    }

    /// <summary>What the chain kept so far.</summary>
    public ChainRecord Record { get; }

    /// <summary>The current hidden weights, standardised (x = W/σ_w; layer by layer, each N × fan-in row-major: unit j's weights contiguous).</summary>
    public ReadOnlySpan<double> Weights => _x;

    /// <summary>Proposals made (warm-up included).</summary>
    public int Iterations { get; private set; }

    /// <summary>Runs a whole chain: warm-up, then one kept sample per proposal.</summary>
    public static ChainRecord Run(WeightLayout layout, double ridge, NetworkDataset train, NetworkDataset test,
        CollapsedHmcOptions options, int seed, WorkerTeam team, CancellationToken cancellationToken)
    {
        var chain = new CollapsedHmcChain(layout, ridge, train, test, options, seed, team);
        for (var i = 0; i < options.Warmup + options.Samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            chain.Iterate();
        }
        chain.Record.StepSize = chain._adaptation.AdaptedStep;
        return chain.Record;
    }

    /// <summary>One proposal: a trajectory, the Metropolis test, the step-size update or the kept sample. Allocates nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Iterate()
    {
        var iteration = Iterations++;
        var warm = iteration < _options.Warmup;
        var n = _n;
        var x = _x;
        var p = _p;
        var gradient = _gradient;
        var step = _adaptation.Step(warm) * (0.9 + 0.2 * _random.NextUniform());
        var length = _options.TrajectoryLength * (0.5 + 0.5 * _random.NextUniform());
        var wanted = (int)Math.Ceiling(length / step);
        var steps = Math.Clamp(wanted, 1, _options.MaxStepsPerTrajectory);

        Array.Copy(x, _x0, n);
        Array.Copy(gradient, _g0, n);
        _random.Fill(p);
        var h0 = _u + 0.5 * (VectorMath.Dot(x, x) + VectorMath.Dot(p, p));
        var (sin, cos) = Math.SinCos(step);
        var uNew = _u;
        for (var s = 0; s < steps; s++)
        {
            TensorPrimitives.MultiplyAdd(gradient, -0.5 * step, p, p);
            // (x, p) ← (x cos ε + p sin ε, p cos ε − x sin ε): the prior oscillator, exactly.
            TensorPrimitives.Multiply(x, sin, _temp);
            TensorPrimitives.Multiply(x, cos, x);
            TensorPrimitives.MultiplyAdd(p, sin, x, x);
            TensorPrimitives.Multiply(p, cos, p);
            TensorPrimitives.Subtract(p, _temp, p);
            uNew = _posterior.Evaluate(x, gradient);
            Record.GradientEvaluations++;
            if (!double.IsFinite(uNew)) break;
            TensorPrimitives.MultiplyAdd(gradient, -0.5 * step, p, p);
        }
        var logAccept = double.IsFinite(uNew)
            ? Math.Min(0, h0 - (uNew + 0.5 * (VectorMath.Dot(x, x) + VectorMath.Dot(p, p))))
            : double.NegativeInfinity;
        if (double.IsNaN(logAccept)) logAccept = double.NegativeInfinity;
        var accept = Math.Log(_random.NextUniform()) < logAccept;
        if (accept)
        {
            _u = uNew;
            // The posterior still holds the proposal's state: read its observables now.
            _posterior.PredictTest(x, _prediction);
            _trainError = _posterior.TrainError();
            _kernelScale = _posterior.KernelScale();
        }
        else
        {
            Array.Copy(_x0, x, n);
            Array.Copy(_g0, gradient, n);
        }

        if (warm)
        {
            _adaptation.Update(logAccept);
            return;
        }
        Record.Proposals++;
        if (accept) Record.Accepted++;
        // Counted with the proposals (after the warm-up), so that the warning's "k of n" compares like with like.
        if (wanted > steps) Record.TruncatedTrajectories++;
        if (Record.Count < Record.Capacity)
        {
            _prediction.CopyTo(Record.NextPrediction);
            Record.Commit(_trainError, _kernelScale);
        }
    }
}
