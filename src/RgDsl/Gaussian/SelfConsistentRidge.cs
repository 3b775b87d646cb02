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
    public static bool TrySolve(ISpectrum spectrum, double datasetSize, double ridge, out double t, out string? error,
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

        // Initial guess: the EK scale κ/P plus the eigenvalue at the P-th mode (ridgeless scale).
        var guess = initialGuess ?? ridge / datasetSize + EigenvalueNear(spectrum, datasetSize);
        var x = Math.Log(guess);
        var f = F(x, out var df);
        // Bracket [lo, hi] with F(lo) > 0 > F(hi), widening geometrically in ln t.
        double lo = x, hi = x, flo = f, fhi = f;
        var step = 1.0;
        var guard = 0;
        while (flo <= 0 && guard++ < 2000) { hi = lo; fhi = flo; lo -= step; step *= 2; flo = F(lo, out _); }
        step = 1.0; guard = 0;
        while (fhi >= 0 && guard++ < 2000) { lo = hi; flo = fhi; hi += step; step *= 2; fhi = F(hi, out _); }
        if (flo <= 0 || fhi >= 0 || !double.IsFinite(lo) || !double.IsFinite(hi))
        {
            error = "could not bracket the root of the self-consistent equation (t would under- or overflow)";
            return false;
        }
        if (flo == 0) { t = Math.Exp(lo); return true; }

        x = Math.Clamp(x, lo, hi);
        f = F(x, out df);
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            if (f == 0) { t = Math.Exp(x); return true; }
            if (f > 0) lo = x; else hi = x;
            var newton = x - f / df;
            var next = newton > lo && newton < hi && df < 0 ? newton : 0.5 * (lo + hi);
            var change = Math.Abs(next - x);
            x = next;
            f = F(x, out df);
            if (change <= options.RelativeTolerance * Math.Max(1, Math.Abs(x)) || hi - lo <= 4 * double.Epsilon * Math.Abs(x))
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

    private static double EigenvalueNear(ISpectrum spectrum, double datasetSize)
    {
        var k = (long)Math.Clamp(Math.Ceiling(datasetSize), 1, Math.Min(spectrum.Modes, 1L << 52));
        return spectrum.Eigenvalue(k);
    }
}
