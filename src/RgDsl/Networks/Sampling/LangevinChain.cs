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
internal static class LangevinChain
{
    // U beyond this multiple of its scale at the start means the integrator is unstable (it grows geometrically).
    private const double DivergenceFactor = 1e3;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ChainRecord Run(WeightLayout layout, double ridge, NetworkDataset train, NetworkDataset test,
        LangevinOptions options, int seed, WorkerTeam team)
    {
        var architecture = layout.Architecture;
        var product = new MatrixProduct(team);
        var posterior = new FullPosterior(layout, ridge, train, test, product);
        var total = layout.TotalCount;
        var hidden = layout.HiddenCount;
        var n = layout.Width;
        var random = new NormalGenerator((ulong)seed, total);
        var record = new ChainRecord(options.Samples, test.Count) { StepSize = options.StepSize };

        var theta = new double[total];
        var proposal = new double[total];
        var gradient = new double[total];
        var proposalGradient = new double[total];
        var noise = new double[total];
        var readoutTemp = new double[n];
        var readoutTemp2 = new double[n];

        random.Fill(theta);
        TensorPrimitives.Multiply(theta.AsSpan(0, hidden), Math.Sqrt(architecture.WeightVariance), theta.AsSpan(0, hidden));
        TensorPrimitives.Multiply(theta.AsSpan(hidden, n), Math.Sqrt(architecture.ReadoutVariance), theta.AsSpan(hidden, n));

        var identity = options.Preconditioner == LangevinPreconditioner.Identity;
        var hiddenMass = identity ? 1 : architecture.WeightVariance;
        var readoutMass = identity ? 1 : architecture.ReadoutVariance;
        var denseAt = options.Preconditioner == LangevinPreconditioner.DenseReadout ? Math.Max(1, options.BurnIn / 2) : long.MaxValue;
        var dense = false;
        var nu = ridge / architecture.LikelihoodScale;
        var denseScale = architecture.ReadoutVariance * nu; // M_a = denseScale·A⁻¹
        var a = new double[denseAt == long.MaxValue ? 0 : n * n];
        var factor = new double[a.Length];

        var eta = options.StepSize;
        var u = posterior.Evaluate(theta, gradient);
        record.GradientEvaluations++;
        var trainError = posterior.TrainError;
        if (!double.IsFinite(u)) throw new InvalidOperationException("Langevin: the negative log posterior is not finite at the initial weights (check the data scale).");
        var limit = DivergenceFactor * (Math.Abs(u) + total + train.Count);

        var steps = options.StepsPerChain;
        for (long step = 1; step <= steps; step++)
        {
            if (step == denseAt)
            {
                // Fix the dense readout mass from the features at the current weights (re-evaluated: the last
                // evaluation may have been a rejected proposal).
                u = posterior.Evaluate(theta, gradient);
                record.GradientEvaluations++;
                BuildReadoutMass(posterior.TrainFeatures, train.Count, n, architecture.ReadoutKernelScale, nu, a, factor);
                dense = true;
            }

            // Proposal θ' = θ − ηM g + √(2η) M^(1/2) ξ.
            random.Fill(noise);
            var hiddenNoise = Math.Sqrt(2 * eta * hiddenMass);
            TensorPrimitives.MultiplyAdd(gradient.AsSpan(0, hidden), -eta * hiddenMass, theta.AsSpan(0, hidden), proposal.AsSpan(0, hidden));
            TensorPrimitives.MultiplyAdd(noise.AsSpan(0, hidden), hiddenNoise, proposal.AsSpan(0, hidden), proposal.AsSpan(0, hidden));
            var readout = proposal.AsSpan(hidden, n);
            if (dense)
            {
                gradient.AsSpan(hidden, n).CopyTo(readoutTemp);
                Cholesky.Solve(factor, n, readoutTemp);
                TensorPrimitives.MultiplyAdd(readoutTemp, -eta * denseScale, theta.AsSpan(hidden, n), readout);
                noise.AsSpan(hidden, n).CopyTo(readoutTemp);
                Cholesky.SolveUpper(factor, n, readoutTemp);
                TensorPrimitives.MultiplyAdd(readoutTemp, Math.Sqrt(2 * eta * denseScale), readout, readout);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(gradient.AsSpan(hidden, n), -eta * readoutMass, theta.AsSpan(hidden, n), readout);
                TensorPrimitives.MultiplyAdd(noise.AsSpan(hidden, n), Math.Sqrt(2 * eta * readoutMass), readout, readout);
            }

            var uProposal = posterior.Evaluate(proposal, proposalGradient);
            record.GradientEvaluations++;
            if (!double.IsFinite(uProposal) || uProposal > limit)
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Langevin dynamics diverged at step {step} with step size η = {eta:G4} (U = {uProposal:G4}, started at {limit / DivergenceFactor:G4}): " +
                    $"η is beyond the stability limit of the stiffest direction (curvature up to ~βP/κ = {architecture.LikelihoodScale * train.Count / ridge:G3} without a readout preconditioner). " +
                    $"Use a smaller LangevinOptions.StepSize, e.g. η = {eta / 4:G3}, or the DenseReadout preconditioner."));

            var accept = true;
            if (options.MetropolisAdjusted)
            {
                record.Proposals++;
                // log q(θ|θ') − log q(θ'|θ): the forward residual is √(2η)M^(1/2)ξ, so its term is |ξ|²/2.
                var forward = 0.5 * TensorPrimitives.Dot(noise, noise);
                double reverse = 0;
                for (var i = 0; i < hidden; i++)
                {
                    var v = theta[i] - proposal[i] + eta * hiddenMass * proposalGradient[i];
                    reverse += v * v;
                }
                reverse /= 4 * eta * hiddenMass;
                if (dense)
                {
                    proposalGradient.AsSpan(hidden, n).CopyTo(readoutTemp);
                    Cholesky.Solve(factor, n, readoutTemp);
                    for (var i = 0; i < n; i++) readoutTemp[i] = theta[hidden + i] - proposal[hidden + i] + eta * denseScale * readoutTemp[i];
                    for (var i = 0; i < n; i++) readoutTemp2[i] = TensorPrimitives.Dot(a.AsSpan(i * n, n), readoutTemp);
                    reverse += TensorPrimitives.Dot(readoutTemp, readoutTemp2) / denseScale / (4 * eta);
                }
                else
                {
                    double r = 0;
                    for (var i = hidden; i < total; i++)
                    {
                        var v = theta[i] - proposal[i] + eta * readoutMass * proposalGradient[i];
                        r += v * v;
                    }
                    reverse += r / (4 * eta * readoutMass);
                }
                var logAccept = u - uProposal + forward - reverse;
                accept = Math.Log(random.NextUniform()) < logAccept;
                if (accept) record.Accepted++;
            }
            if (accept)
            {
                (theta, proposal) = (proposal, theta);
                (gradient, proposalGradient) = (proposalGradient, gradient);
                u = uProposal;
                trainError = posterior.TrainError;
            }

            if (step > options.BurnIn && (step - options.BurnIn) % options.Thinning == 0)
            {
                posterior.PredictTest(theta, record.NextPrediction);
                var readoutWeights = theta.AsSpan(hidden, n);
                record.Commit(trainError, TensorPrimitives.Dot(readoutWeights, readoutWeights) / n);
            }
        }
        return record;
    }

    /// <summary>A = νI + cΦᵀΦ (kept for MALA's vᵀAv) and its Cholesky factor.</summary>
    private static void BuildReadoutMass(double[] features, int p, int n, double c, double nu, double[] a, double[] factor)
    {
        var product = new MatrixProduct(WorkerTeam.Single());
        product.Multiply(true, features, 0, n, false, features, 0, n, a, 0, n, n, n, p, c);
        for (var i = 0; i < n; i++) a[i * n + i] += nu;
        Array.Copy(a, factor, a.Length);
        if (!Cholesky.TryFactor(factor, n))
            throw new InvalidOperationException("Langevin: the readout preconditioner νI + cΦᵀΦ is not positive definite (non-finite features).");
    }
}
