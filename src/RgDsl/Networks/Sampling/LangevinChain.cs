using System.Globalization;
using System.Numerics.Tensors;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Sampling;

/// <summary>
/// One chain of (preconditioned, optionally Metropolis-adjusted) Langevin dynamics on all weights:
/// θ' = θ − ηM∇U(θ) + √(2η) M^(1/2) ξ. The mass M is diagonal on the hidden weights and, with
/// <see cref="LangevinPreconditioner.DenseReadout"/>, a fixed dense N×N block on the readout: M_a = σ_a²ν A⁻¹ with
/// A = νI + cΦᵀΦ = L·Lᵀ, applied through the Cholesky factor (M_a g = σ_a²ν A⁻¹g, M_a^(1/2)ξ = √(σ_a²ν) L⁻ᵀξ,
/// vᵀM_a⁻¹v = vᵀAv/(σ_a²ν)). Every buffer is allocated before the first step.
/// </summary>
internal sealed class LangevinChain
{
    // U beyond this multiple of its scale at the start means the integrator is unstable (it grows geometrically).
    private const double DivergenceFactor = 1e3;

    private readonly WeightLayout _layout;
    private readonly LangevinOptions _options;
    private readonly FullPosterior _posterior;
    private readonly NormalGenerator _random;
    private readonly int _total, _hidden, _n, _trainCount;
    private readonly double _ridge, _hiddenMass, _readoutMass, _nu, _denseScale, _limit, _eta;
    private readonly long _denseAt;
    private readonly double[] _noise, _readoutTemp, _readoutTemp2, _a, _factor;
    private double[] _theta, _proposal, _gradient, _proposalGradient;
    private double _u, _trainError;
    private bool _dense;

    public LangevinChain(WeightLayout layout, double ridge, NetworkDataset train, NetworkDataset test,
        LangevinOptions options, int seed, WorkerTeam team)
    {
        _layout = layout;
        _options = options;
        _ridge = ridge;
        var architecture = layout.Architecture;
        _posterior = new FullPosterior(layout, ridge, train, test, new MatrixProduct(team));
        _total = layout.TotalCount;
        _hidden = layout.HiddenCount;
        _n = layout.Width;
        _trainCount = train.Count;
        _random = new NormalGenerator(seed);
        Record = new ChainRecord(options.Samples, test.Count) { StepSize = options.StepSize };

        _theta = new double[_total];
        _proposal = new double[_total];
        _gradient = new double[_total];
        _proposalGradient = new double[_total];
        _noise = new double[_total];
        _readoutTemp = new double[_n];
        _readoutTemp2 = new double[_n];

        // Start from a prior draw.
        _random.Fill(_theta);
        TensorPrimitives.Multiply(_theta.AsSpan(0, _hidden), Math.Sqrt(architecture.WeightVariance), _theta.AsSpan(0, _hidden));
        TensorPrimitives.Multiply(_theta.AsSpan(_hidden, _n), Math.Sqrt(architecture.ReadoutVariance), _theta.AsSpan(_hidden, _n));

        var identity = options.Preconditioner == LangevinPreconditioner.Identity;
        _hiddenMass = identity ? 1 : architecture.WeightVariance;
        _readoutMass = identity ? 1 : architecture.ReadoutVariance;
        _denseAt = options.Preconditioner == LangevinPreconditioner.DenseReadout ? Math.Max(1, options.BurnIn / 2) : long.MaxValue;
        _nu = ridge / architecture.LikelihoodScale;
        _denseScale = architecture.ReadoutVariance * _nu; // M_a = denseScale·A⁻¹
        _a = new double[_denseAt == long.MaxValue ? 0 : _n * _n];
        _factor = new double[_a.Length];
        _eta = options.StepSize;

        _u = _posterior.Evaluate(_theta, _gradient);
        Record.GradientEvaluations++;
        _trainError = _posterior.TrainError;
        if (!double.IsFinite(_u)) throw new InvalidOperationException("Langevin: the negative log posterior is not finite at the initial weights (check the data scale).");
        _limit = DivergenceFactor * (Math.Abs(_u) + _total + train.Count);
    }

    /// <summary>What the chain kept so far.</summary>
    public ChainRecord Record { get; }

    /// <summary>The current weights (read-only use).</summary>
    internal ReadOnlySpan<double> Weights => _theta;

    /// <summary>Steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>Runs a whole chain: burn-in, then samples × thinning steps.</summary>
    public static ChainRecord Run(WeightLayout layout, double ridge, NetworkDataset train, NetworkDataset test,
        LangevinOptions options, int seed, WorkerTeam team, CancellationToken cancellationToken)
    {
        var chain = new LangevinChain(layout, ridge, train, test, options, seed, team);
        for (long step = 0; step < options.StepsPerChain; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            chain.Step();
        }
        return chain.Record;
    }

    /// <summary>One Langevin step (and the sample it is due to keep). Allocates nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step()
    {
        var step = ++Steps;
        var eta = _eta;
        var hidden = _hidden;
        var n = _n;
        var total = _total;
        if (step == _denseAt)
        {
            // Fix the dense readout mass from the features at the current weights (re-evaluated: the last
            // evaluation may have been a rejected proposal).
            _u = _posterior.Evaluate(_theta, _gradient);
            Record.GradientEvaluations++;
            BuildReadoutMass(_posterior.TrainFeatures, _trainCount, n, _layout.Architecture.ReadoutKernelScale, _nu, _a, _factor);
            _dense = true;
        }
        var theta = _theta;
        var proposal = _proposal;
        var gradient = _gradient;
        var proposalGradient = _proposalGradient;
        var noise = _noise;

        // Proposal θ' = θ − ηM g + √(2η) M^(1/2) ξ.
        _random.Fill(noise);
        TensorPrimitives.MultiplyAdd(gradient.AsSpan(0, hidden), -eta * _hiddenMass, theta.AsSpan(0, hidden), proposal.AsSpan(0, hidden));
        TensorPrimitives.MultiplyAdd(noise.AsSpan(0, hidden), Math.Sqrt(2 * eta * _hiddenMass), proposal.AsSpan(0, hidden), proposal.AsSpan(0, hidden));
        var readout = proposal.AsSpan(hidden, n);
        if (_dense)
        {
            gradient.AsSpan(hidden, n).CopyTo(_readoutTemp);
            Cholesky.Solve(_factor, n, _readoutTemp);
            TensorPrimitives.MultiplyAdd(_readoutTemp, -eta * _denseScale, theta.AsSpan(hidden, n), readout);
            noise.AsSpan(hidden, n).CopyTo(_readoutTemp);
            Cholesky.SolveUpper(_factor, n, _readoutTemp);
            TensorPrimitives.MultiplyAdd(_readoutTemp, Math.Sqrt(2 * eta * _denseScale), readout, readout);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(gradient.AsSpan(hidden, n), -eta * _readoutMass, theta.AsSpan(hidden, n), readout);
            TensorPrimitives.MultiplyAdd(noise.AsSpan(hidden, n), Math.Sqrt(2 * eta * _readoutMass), readout, readout);
        }

        var uProposal = _posterior.Evaluate(proposal, proposalGradient);
        Record.GradientEvaluations++;
        if (!double.IsFinite(uProposal) || uProposal > _limit) throw Divergence(step, uProposal);

        var accept = true;
        if (_options.MetropolisAdjusted)
        {
            Record.Proposals++;
            // log q(θ|θ') − log q(θ'|θ): the forward residual is √(2η)M^(1/2)ξ, so its term is |ξ|²/2.
            var forward = 0.5 * VectorMath.Dot(noise, noise);
            double reverse = 0;
            for (var i = 0; i < hidden; i++)
            {
                var v = theta[i] - proposal[i] + eta * _hiddenMass * proposalGradient[i];
                reverse += v * v;
            }
            reverse /= 4 * eta * _hiddenMass;
            if (_dense)
            {
                proposalGradient.AsSpan(hidden, n).CopyTo(_readoutTemp);
                Cholesky.Solve(_factor, n, _readoutTemp);
                for (var i = 0; i < n; i++) _readoutTemp[i] = theta[hidden + i] - proposal[hidden + i] + eta * _denseScale * _readoutTemp[i];
                for (var i = 0; i < n; i++) _readoutTemp2[i] = VectorMath.Dot(_a.AsSpan(i * n, n), _readoutTemp);
                reverse += VectorMath.Dot(_readoutTemp, _readoutTemp2) / _denseScale / (4 * eta);
            }
            else
            {
                double r = 0;
                for (var i = hidden; i < total; i++)
                {
                    var v = theta[i] - proposal[i] + eta * _readoutMass * proposalGradient[i];
                    r += v * v;
                }
                reverse += r / (4 * eta * _readoutMass);
            }
            var logAccept = _u - uProposal + forward - reverse;
            accept = Math.Log(_random.NextUniform()) < logAccept;
            if (accept) Record.Accepted++;
        }
        if (accept)
        {
            (_theta, _proposal) = (proposal, theta);
            (_gradient, _proposalGradient) = (proposalGradient, gradient);
            _u = uProposal;
            _trainError = _posterior.TrainError;
        }

        if (step > _options.BurnIn && (step - _options.BurnIn) % _options.Thinning == 0 && Record.Count < Record.Capacity)
        {
            _posterior.PredictTest(_theta, Record.NextPrediction);
            var readoutWeights = _theta.AsSpan(hidden, n);
            Record.Commit(_trainError, VectorMath.Dot(readoutWeights, readoutWeights) / n);
        }
    }

    private LangevinDivergenceException Divergence(long step, double u) => new(string.Create(CultureInfo.InvariantCulture,
        $"Langevin dynamics diverged at step {step} with step size η = {_eta:G4} ({(double.IsFinite(u) ? $"U = {u:G4} exceeds {_limit:G4}, a thousand times its scale at the start" : "U is not finite")}): " +
        $"η is beyond the stability limit of the stiffest direction (curvature up to ~βP/κ = {_layout.Architecture.LikelihoodScale * _trainCount / _ridge:G3} without a readout preconditioner). " +
        $"Use a smaller LangevinOptions.StepSize, e.g. η = {_eta / 4:G3}, or the DenseReadout preconditioner."), _eta, step);

    /// <summary>A = νI + cΦᵀΦ (kept for MALA's vᵀAv) and its Cholesky factor.</summary>
    private static void BuildReadoutMass(double[] features, int p, int n, double c, double nu, double[] a, double[] factor)
    {
        var product = new MatrixProduct(WorkerTeam.Single());
        product.Gram(false, features, 0, n, a, n, p, c, mirror: true);
        for (var i = 0; i < n; i++) a[i * n + i] += nu;
        Array.Copy(a, factor, a.Length);
        if (!Cholesky.TryFactor(factor, n))
            throw new InvalidOperationException("Langevin: the readout preconditioner νI + cΦᵀΦ is not positive definite (non-finite features).");
    }
}
