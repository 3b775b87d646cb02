using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using RgDsl.Networks.Kernels;

namespace RgDsl.Networks.Theory;

/// <summary>
/// The renormalised kernel scales of a deep network in the proportional regime P ~ N (THEORY §6.6), one per layer.
/// </summary>
/// <param name="Scales">Q_l, l = 1…L: Q_l (l &lt; L) multiplies the preactivation covariance of layer l + 1 (the empirical
/// kernel of layer l relative to its NNGP value), Q_L multiplies the output kernel (the readout).</param>
/// <param name="KernelScale">s* = c(Q): the output kernel's scale at the solution (Π Q_l for linear and ReLU networks).</param>
/// <param name="Exponents">η_l = ∂ ln c/∂ ln Q_l at the solution (1 for positively homogeneous activations).</param>
/// <param name="Multiplier">μ = dℓ/d ln s at the solution (ℓ the log evidence); Q_l = 1 + 2μη_l/N.</param>
/// <param name="Iterations">Bisection steps used on μ.</param>
/// <param name="Residual">|dℓ/d ln s − μ| / max(1, |μ|) at the solution.</param>
public sealed record LayerScales(IReadOnlyList<double> Scales, double KernelScale, IReadOnlyList<double> Exponents, double Multiplier,
    int Iterations, double Residual)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Q = ({string.Join(", ", Scales.Select(q => q.ToString("0.####", CultureInfo.InvariantCulture)))}), s* = {KernelScale:0.####}");
}

/// <summary>
/// How the output kernel's scale depends on the layer scales Q_l: c(Q) = tr K_out(Q) / tr K_out(1) on a pool of inputs,
/// by the NNGP recursion with layer l + 1's preactivation variance multiplied by Q_l and the readout by Q_L. For a
/// positively homogeneous activation (linear, ReLU) every layer's dual kernel is homogeneous of degree 1 in its input
/// covariance, so c(Q) = Π Q_l exactly; for erf and tanh it is not, and the recursion is evaluated as it stands (the
/// diagonal of the NNGP recursion only needs the diagonal, so c is exact for the trace; the change of the kernel's
/// shape with Q is left out).
/// </summary>
internal sealed class LayerKernelMap
{
    private readonly NetworkArchitecture _architecture;
    private readonly double[] _inputNorms;
    private readonly double _reference;
    private readonly SecondMomentTable? _secondMoment;

    /// <param name="architecture">The network.</param>
    /// <param name="inputNorms">|x|²/d over a pool of inputs (unused for homogeneous activations).</param>
    public LayerKernelMap(NetworkArchitecture architecture, IReadOnlyList<double> inputNorms)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(inputNorms);
        _architecture = architecture;
        _inputNorms = inputNorms.ToArray();
        IsHomogeneous = architecture.Function.BuiltIn is { } builtIn && Activations.IsPositivelyHomogeneous(builtIn);
        if (!IsHomogeneous && _inputNorms.Length == 0) throw new ArgumentException("a non-homogeneous activation needs a pool of inputs.", nameof(inputNorms));
        if (!IsHomogeneous) _secondMoment = new SecondMomentTable(architecture.Function);
        _reference = IsHomogeneous ? 1 : Trace(Enumerable.Repeat(1.0, architecture.Depth).ToArray());
    }

    public int Depth => _architecture.Depth;
    public bool IsHomogeneous { get; }

    /// <summary>ln c(Q).</summary>
    public double LogScale(IReadOnlyList<double> scales)
    {
        if (IsHomogeneous) return scales.Sum(Math.Log);
        return Math.Log(Trace(scales) / _reference);
    }

    /// <summary>η_l = ∂ ln c/∂ ln Q_l at Q (symmetric differences for non-homogeneous activations).</summary>
    public double[] Exponents(IReadOnlyList<double> scales)
    {
        var eta = new double[Depth];
        if (IsHomogeneous) { Array.Fill(eta, 1.0); return eta; }
        const double h = 1e-4;
        var work = scales.ToArray();
        for (var l = 0; l < Depth; l++)
        {
            var q = work[l];
            work[l] = q * Math.Exp(h);
            var up = LogScale(work);
            work[l] = q * Math.Exp(-h);
            var down = LogScale(work);
            work[l] = q;
            eta[l] = (up - down) / (2 * h);
        }
        return eta;
    }

    private double Trace(IReadOnlyList<double> scales)
    {
        var a = _architecture;
        double sum = 0;
        foreach (var norm in _inputNorms)
        {
            var q = a.WeightVariance * norm;
            for (var l = 2; l <= a.Depth; l++)
                q = a.WeightVariance * scales[l - 2] * _secondMoment!.Value(q);
            sum += a.ReadoutVariance * scales[a.Depth - 1] * _secondMoment!.Value(q);
        }
        return sum;
    }
}

/// <summary>
/// The large-deviation (equivalent-Wishart) treatment of a deep network's hierarchical empirical kernels in the
/// proportional regime (THEORY §6.6; Pacelli et al. 2023 for one hidden layer, Baglioni et al. 2026 for deep MLPs):
/// each layer's empirical kernel is replaced by its NNGP value times a scalar Q_l with the large-deviation rate of a
/// Wishart matrix of N degrees of freedom, (N/2)(Q_l − ln Q_l − 1), and the Q_l are fixed self-consistently by
/// maximising Σ_l (N/2)(ln Q_l − Q_l) + ℓ(ln c(Q)), ℓ the (deterministic-equivalent) log evidence of the GP with kernel
/// c(Q)·K. Stationarity gives Q_l = 1 + 2μη_l(Q)/N with μ = ℓ′(ln c(Q)); μ is found by bisection (the prior term is
/// strictly concave, so the root is bracketed by Q → 0 and a large μ), each step solving the inner fixed point for Q.
/// For deep linear networks this is the saddle point of the exact product-of-Gammas mixture (Li and Sompolinsky 2021).
/// </summary>
public static class LayerRenormalisation
{
    /// <summary>Default relative tolerance on the stationarity residual.</summary>
    public const double DefaultTolerance = 1e-9;
    /// <summary>Default limit of bisection steps.</summary>
    public const int DefaultMaxIterations = 200;
    private const int InnerIterations = 100;
    /// <summary>
    /// Relative change of Q at which the inner fixed point stops: above the noise of η from symmetric differences of
    /// ln c at a step of 10⁻⁴ (about 10⁻¹², which a tolerance of 10⁻¹³ never cleared, so every inner solve ran its 100
    /// iterations), far below the outer tolerance.
    /// </summary>
    private const double InnerTolerance = 1e-10;
    private const double EvidenceStep = 1e-4;


    /// <summary>Solves for the layer scales; false, with the iterations and residual in <paramref name="error"/>, when it does not converge.</summary>
    /// <param name="map">How the output kernel's scale depends on the layer scales.</param>
    /// <param name="width">N, the width of every hidden layer.</param>
    /// <param name="logEvidence">ℓ(ln s): the log evidence of the GP with kernel s·K (−∞ where undefined).</param>
    /// <param name="result">The solution.</param>
    /// <param name="error">Why there is none.</param>
    /// <param name="tolerance">Relative tolerance on |ℓ′ − μ|.</param>
    /// <param name="maxIterations">Bisection steps allowed.</param>
    internal static bool TrySolve(LayerKernelMap map, int width, Func<double, double> logEvidence, [NotNullWhen(true)] out LayerScales? result,
        [NotNullWhen(false)] out string? error, double tolerance = DefaultTolerance, int maxIterations = DefaultMaxIterations)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(logEvidence);
        result = null;
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "the width N must be at least 1.");
        if (!(tolerance > 0) || !double.IsFinite(tolerance)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be positive and finite.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "at least one iteration is needed.");
        var n = (double)width;
        double[] last = Enumerable.Repeat(1.0, map.Depth).ToArray();

        // G(μ) = ℓ′(ln c(Q(μ))) − μ falls from +∞-ish (Q → 0) to negative (large μ).
        double G(double mu, out double[] q, out double[] eta)
        {
            q = InnerScales(map, n, mu, last, out eta);
            if (q.Any(v => !(v > 0) || !double.IsFinite(v))) return double.NaN;
            last = q;
            var u = map.LogScale(q);
            var slope = (logEvidence(u + EvidenceStep) - logEvidence(u - EvidenceStep)) / (2 * EvidenceStep);
            return slope - mu;
        }

        var etaMax = map.Exponents(last).Max();
        var lo = -n / (2 * etaMax) * (1 - 1e-9);
        var hi = 1.0;
        double gHi = G(hi, out _, out _);
        for (var k = 0; k < 200 && !(gHi < 0); k++) { hi *= 2; gHi = G(hi, out _, out _); }
        if (!(gHi < 0))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"the layer scales have no bracketed solution: dℓ/d ln s − μ = {gHi:G4} at μ = {hi:G4} (the evidence is not finite there)");
            return false;
        }
        double mid = 0, gMid = double.NaN;
        double[] qMid = last, etaMid = map.Exponents(last);
        var iterations = 0;
        for (; iterations < maxIterations; iterations++)
        {
            mid = 0.5 * (lo + hi);
            gMid = G(mid, out qMid, out etaMid);
            if (double.IsNaN(gMid) || gMid > 0) lo = mid; else hi = mid;
            if (!double.IsNaN(gMid) && Math.Abs(gMid) <= tolerance * Math.Max(1, Math.Abs(mid))) break;
            if (hi - lo <= 1e-15 * Math.Max(1, Math.Abs(mid))) break;
        }
        var residual = Math.Abs(gMid) / Math.Max(1, Math.Abs(mid));
        if (double.IsNaN(residual) || residual > tolerance)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"the layer scales did not converge in {iterations} of {maxIterations} iterations: residual |dℓ/d ln s − μ|/max(1, |μ|) = {residual:G4} > tolerance {tolerance:G4}");
            return false;
        }
        result = new LayerScales(qMid, Math.Exp(map.LogScale(qMid)), etaMid, mid, iterations + 1, residual);
        error = null;
        return true;
    }

    /// <summary>Solves for the layer scales.</summary>
    /// <exception cref="InvalidOperationException">No convergence (the message gives the iterations and the residual).</exception>
    internal static LayerScales Solve(LayerKernelMap map, int width, Func<double, double> logEvidence, double tolerance = DefaultTolerance, int maxIterations = DefaultMaxIterations) =>
        TrySolve(map, width, logEvidence, out var result, out var error, tolerance, maxIterations) ? result : throw new InvalidOperationException(error);

    /// <summary>Q_l = 1 + 2μη_l(Q)/N by fixed-point iteration (η changes slowly with Q).</summary>
    private static double[] InnerScales(LayerKernelMap map, double n, double mu, double[] start, out double[] eta)
    {
        var q = start.ToArray();
        eta = map.Exponents(q);
        for (var i = 0; i < InnerIterations; i++)
        {
            var change = 0.0;
            for (var l = 0; l < q.Length; l++)
            {
                var next = 1 + 2 * mu * eta[l] / n;
                if (!(next > 0)) { q[l] = double.NaN; return q; }
                change = Math.Max(change, Math.Abs(next - q[l]) / next);
                q[l] = next;
            }
            if (map.IsHomogeneous || change < InnerTolerance) break;
            eta = map.Exponents(q);
        }
        return q;
    }
}
