using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using RgDsl.Spectra;

namespace RgDsl.Gaussian;

/// <summary>Options of the self-consistent ridge solve.</summary>
/// <param name="RelativeTolerance">Stop when the Newton step in ln t is below this.</param>
/// <param name="MaxIterations">Iteration limit of the safeguarded Newton iteration.</param>
public sealed record RidgeSolverOptions(double RelativeTolerance = 1e-13, int MaxIterations = 200)
{
    public static RidgeSolverOptions Default { get; } = new();
}

/// <summary>
/// Solves Σ_k n_k λ_k/(λ_k + t) + κ/t = P for t &gt; 0 (THEORY.md §2.2). The left side falls monotonically in t, so
/// the root is unique: Newton's method in x = ln t with the analytic derivative −Σ n L(1−L) − κ/t, safeguarded by
/// bisection inside a bracket that is established first.
/// </summary>
public static class SelfConsistentRidge
{
    /// <summary>Solves for t; false (with a reason) when there is no root or the iteration limit is hit.</summary>
    public static bool TrySolve(ISpectrum spectrum, double datasetSize, double ridge, out double t, [NotNullWhen(false)] out string? error,
        RidgeSolverOptions? options = null, double? initialGuess = null)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        options ??= RidgeSolverOptions.Default;
        t = double.NaN;
        error = CheckInputs(spectrum, datasetSize, ridge);
        if (error is not null) return false;

        double F(double x, out double derivative)
        {
            var tt = Math.Exp(x);
            var (l, spread) = spectrum.LearnabilitySums(tt);
            var ridgeTerm = ridge / tt;
            derivative = -spread - ridgeTerm;
            return l + ridgeTerm - datasetSize;
        }

        // Newton in x = ln t from the spectrum's guess, keeping a bracket [lo, hi] with F(lo) > 0 > F(hi) as it is
        // discovered: a step that leaves the bracket bisects it, and while one side is unknown steps are capped at
        // MaxStep in ln t (F is monotone, so the cap only slows a bad start and cannot lose the root).
        const double MaxStep = 8;
        var x = Math.Log(initialGuess ?? spectrum.InitialRootGuess(datasetSize, ridge));
        if (!double.IsFinite(x)) x = Math.Log(ridge / datasetSize + 1e-300);
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var f = F(x, out var df);
            if (f == 0) { t = Math.Exp(x); return true; }
            // F falls with x: F > 0 means the root lies to the right.
            if (f > 0) lo = Math.Max(lo, x); else hi = Math.Min(hi, x);
            // Newton on ln(Σ L + κ/t) = ln P rather than on F itself: the left side behaves like a power of t far
            // from the root, where this step is nearly exact (plain Newton creeps by one unit of ln t per step).
            var lhs = f + datasetSize;
            var newton = df < 0 && lhs > 0 ? -Math.Log(lhs / datasetSize) * lhs / df : double.NaN;
            if (Math.Abs(newton) <= options.RelativeTolerance * Math.Max(1, Math.Abs(x)))
            {
                t = Math.Exp(x + newton);
                return true;
            }
            var next = x + newton;
            if (!(next > lo && next < hi))
                next = double.IsFinite(lo) && double.IsFinite(hi) ? 0.5 * (lo + hi) : f > 0 ? x + MaxStep : x - MaxStep;
            next = Math.Clamp(next, x - MaxStep, x + MaxStep);
            var change = Math.Abs(next - x);
            x = next;
            if (!double.IsFinite(x) || Math.Abs(x) > 1400)
            {
                error = "could not bracket the root of the self-consistent equation (t would under- or overflow)";
                return false;
            }
            if (change <= options.RelativeTolerance * Math.Max(1, Math.Abs(x)) || hi - lo <= 4e-16 * Math.Abs(x))
            {
                t = Math.Exp(x);
                return true;
            }
        }
        error = $"the self-consistent equation did not converge in {options.MaxIterations} iterations";
        return false;
    }

    /// <summary>Solves for t or throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static double Solve(ISpectrum spectrum, double datasetSize, double ridge, RidgeSolverOptions? options = null, double? initialGuess = null)
    {
        if (TrySolve(spectrum, datasetSize, ridge, out var t, out var error, options, initialGuess)) return t;
        var input = CheckInputs(spectrum, datasetSize, ridge);
        if (input is not null) throw new ArgumentException(input);
        throw new InvalidOperationException(error);
    }

    /// <summary>Null when (P, κ) are valid for this spectrum, else the reason.</summary>
    internal static string? CheckInputs(ISpectrum spectrum, double datasetSize, double ridge)
    {
        if (!double.IsFinite(datasetSize) || datasetSize <= 0)
            return string.Create(CultureInfo.InvariantCulture, $"the dataset size P must be positive and finite; got {datasetSize:R}.");
        if (!double.IsFinite(ridge) || ridge < 0)
            return string.Create(CultureInfo.InvariantCulture, $"the ridge κ must be non-negative and finite; got {ridge:R}.");
        if (ridge == 0 && datasetSize >= spectrum.ModeCount)
            return string.Create(CultureInfo.InvariantCulture,
                $"ridgeless regression (κ = 0) needs P < Σ_k n_k = {spectrum.ModeCount:R} modes (the kernel matrix is singular otherwise); got P = {datasetSize:R}. Use a positive ridge or more modes.");
        return null;
    }
}
