using System.Numerics.Tensors;
using RgDsl.Networks.Linear;
using RgDsl.Networks.Propagation;
using System.Runtime.CompilerServices;

namespace RgDsl.Networks.Sampling;

/// <summary>
/// One chain of split HMC on the collapsed posterior of the hidden weights (standardised, x = W/σ_w): the prior
/// |x|²/2 with the kinetic energy |p|²/2 is a unit harmonic oscillator, integrated exactly (a rotation of (x, p) by
/// the step ε), between half kicks by the data force −∇U_data (Shahbaba et al. 2014; as the field-theory
/// <see cref="Perturbations.HmcSampler"/>). The integrator is symplectic and reversible, so with the Metropolis test
/// the chain is exact; its energy error comes from U_data alone. The step size is adapted in warm-up by dual averaging
/// (Hoffman and Gelman 2014), each step jittered by ±10% and each trajectory's length drawn uniformly in [½, 1] of the
/// nominal length.
/// </summary>
internal static class CollapsedHmcChain
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ChainRecord Run(WeightLayout layout, double ridge, NetworkDataset train, NetworkDataset test,
        CollapsedHmcOptions options, int seed, WorkerTeam team)
    {
        var product = new MatrixProduct(team);
        var posterior = new CollapsedPosterior(layout, ridge, train, test, product);
        var n = layout.HiddenCount;
        var random = new NormalGenerator((ulong)seed, n);
        var record = new ChainRecord(options.Samples, test.Count);

        var x = new double[n];
        var p = new double[n];
        var gradient = new double[n];
        var x0 = new double[n];
        var g0 = new double[n];
        var temp = new double[n];
        var prediction = new double[test.Count];

        random.Fill(x);
        var u = posterior.Evaluate(x, gradient);
        record.GradientEvaluations++;
        if (!double.IsFinite(u)) throw new InvalidOperationException("collapsed HMC: the energy is not finite at the initial weights (check the data scale).");
        posterior.PredictTest(x, prediction);
        var trainError = posterior.TrainError();
        var kernelScale = posterior.KernelScale();

        // Dual averaging (Hoffman and Gelman 2014, Algorithm 5).
        const double Gamma = 0.05, T0 = 10, Kappa = 0.75;
        var logStep = Math.Log(Math.Min(options.InitialStepSize, options.TrajectoryLength));
        var mu = Math.Log(10 * options.InitialStepSize);
        double logStepBar = logStep, hBar = 0;
        var maxLogStep = Math.Log(options.TrajectoryLength);

        var total = options.Warmup + options.Samples;
        for (var iteration = 0; iteration < total; iteration++)
        {
            var warm = iteration < options.Warmup;
            var step = Math.Exp(warm ? logStep : logStepBar) * (0.9 + 0.2 * random.NextUniform());
            var length = options.TrajectoryLength * (0.5 + 0.5 * random.NextUniform());
            var wanted = (int)Math.Ceiling(length / step);
            var steps = Math.Clamp(wanted, 1, options.MaxStepsPerTrajectory);
            if (wanted > steps) record.TruncatedTrajectories++;

            Array.Copy(x, x0, n);
            Array.Copy(gradient, g0, n);
            random.Fill(p);
            var h0 = u + 0.5 * (TensorPrimitives.Dot(x, x) + TensorPrimitives.Dot(p, p));
            var (sin, cos) = Math.SinCos(step);
            var uNew = u;
            for (var s = 0; s < steps; s++)
            {
                TensorPrimitives.MultiplyAdd(gradient, -0.5 * step, p, p);
                // (x, p) ← (x cos ε + p sin ε, p cos ε − x sin ε)
                TensorPrimitives.Multiply(x, sin, temp);
                TensorPrimitives.Multiply(x, cos, x);
                TensorPrimitives.MultiplyAdd(p, sin, x, x);
                TensorPrimitives.Multiply(p, cos, p);
                TensorPrimitives.Subtract(p, temp, p);
                uNew = posterior.Evaluate(x, gradient);
                record.GradientEvaluations++;
                if (!double.IsFinite(uNew)) break;
                TensorPrimitives.MultiplyAdd(gradient, -0.5 * step, p, p);
            }
            var logAccept = double.IsFinite(uNew)
                ? Math.Min(0, h0 - (uNew + 0.5 * (TensorPrimitives.Dot(x, x) + TensorPrimitives.Dot(p, p))))
                : double.NegativeInfinity;
            if (double.IsNaN(logAccept)) logAccept = double.NegativeInfinity;
            var accept = Math.Log(random.NextUniform()) < logAccept;
            if (accept)
            {
                u = uNew;
                // The posterior still holds the proposal's state: read its observables now.
                posterior.PredictTest(x, prediction);
                trainError = posterior.TrainError();
                kernelScale = posterior.KernelScale();
            }
            else
            {
                Array.Copy(x0, x, n);
                Array.Copy(g0, gradient, n);
            }

            if (warm)
            {
                var m = iteration + 1;
                hBar = (1 - 1.0 / (m + T0)) * hBar + (options.TargetAcceptance - Math.Exp(logAccept)) / (m + T0);
                logStep = Math.Min(mu - Math.Sqrt(m) / Gamma * hBar, maxLogStep);
                var weight = Math.Pow(m, -Kappa);
                logStepBar = weight * logStep + (1 - weight) * logStepBar;
                continue;
            }
            record.Proposals++;
            if (accept) record.Accepted++;
            prediction.CopyTo(record.NextPrediction);
            record.Commit(trainError, kernelScale);
        }
        record.StepSize = Math.Exp(options.Warmup > 0 ? logStepBar : logStep);
        return record;
    }
}
