using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RgDsl.Spectra;

/// <summary>
/// A spectrum held as arrays: eigenvalues, target powers and multiplicities of modes 1..M. Sums visit every mode
/// in the range, vectorised with <see cref="Vector{T}"/>.
/// </summary>
public sealed class TableSpectrum : ISpectrum
{
    /// <summary>The largest rank that is materialised into arrays (three doubles per mode).</summary>
    public const long MaxTabulatedModes = 100_000_000;

    private readonly double[] _eigenvalues;
    private readonly double[] _targets;
    private readonly double[] _multiplicities;
    private readonly double[] _cumulativeCount; // Σ_{j≤k} n_j, for the threshold index
    private readonly bool _unitMultiplicity;

    /// <summary>Builds a table from arrays; every entry is validated (positive non-increasing λ, y² ≥ 0, n ≥ 1).</summary>
    /// <param name="eigenvalues">λ_k, k = 1..M.</param>
    /// <param name="targetPowers">y_k²; null for the GP-matched teacher y_k² = λ_k.</param>
    /// <param name="multiplicities">n_k; null for all ones.</param>
    /// <param name="source">A name used in error messages and the description.</param>
    public TableSpectrum(double[] eigenvalues, double[]? targetPowers = null, long[]? multiplicities = null, string source = "table spectrum")
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (eigenvalues.Length == 0) throw new ArgumentException($"{source}: the spectrum has no modes.", nameof(eigenvalues));
        if (targetPowers is not null && targetPowers.Length != eigenvalues.Length)
            throw new ArgumentException($"{source}: {targetPowers.Length} target powers for {eigenvalues.Length} eigenvalues.", nameof(targetPowers));
        if (multiplicities is not null && multiplicities.Length != eigenvalues.Length)
            throw new ArgumentException($"{source}: {multiplicities.Length} multiplicities for {eigenvalues.Length} eigenvalues.", nameof(multiplicities));
        var n = eigenvalues.Length;
        _eigenvalues = (double[])eigenvalues.Clone();
        _targets = targetPowers is null ? (double[])eigenvalues.Clone() : (double[])targetPowers.Clone();
        _multiplicities = new double[n];
        _cumulativeCount = new double[n];
        double previous = double.PositiveInfinity, count = 0;
        _unitMultiplicity = true;
        for (var i = 0; i < n; i++)
        {
            SpectrumValidation.CheckEigenvalue(i + 1, _eigenvalues[i], previous, source);
            SpectrumValidation.CheckTarget(i + 1, _targets[i], source);
            var m = multiplicities?[i] ?? 1;
            SpectrumValidation.CheckMultiplicity(i + 1, m, source);
            _unitMultiplicity &= m == 1;
            _multiplicities[i] = m;
            count += m;
            _cumulativeCount[i] = count;
            previous = _eigenvalues[i];
        }
        Source = source;
    }

    private TableSpectrum(double[] eigenvalues, double[] targets, double[] multiplicities, double[] cumulative, bool unit, string source)
    {
        _eigenvalues = eigenvalues; _targets = targets; _multiplicities = multiplicities; _cumulativeCount = cumulative;
        _unitMultiplicity = unit; Source = source;
    }

    /// <summary>
    /// Tabulates mode functions over k = 1..M. Generic over structs so that each generated model gets its own
    /// specialised loop; pass <see cref="DelegateModeFunction"/> for the generic path.
    /// </summary>
    public static TableSpectrum FromFunctions<TEigen, TTarget, TMultiplicity>(
        long modes, TEigen eigenvalue, TTarget target, TMultiplicity multiplicity, string source)
        where TEigen : struct, IModeFunction
        where TTarget : struct, IModeFunction
        where TMultiplicity : struct, IModeCount
    {
        SpectrumValidation.CheckModes(modes, source);
        if (modes > MaxTabulatedModes)
            throw new ArgumentOutOfRangeException(nameof(modes), modes,
                $"{source}: {modes} modes are too many to tabulate (at most {MaxTabulatedModes}); declare the spectrum as a power law c·k^e so that the closed-form tail is used.");
        var n = (int)modes;
        var lambda = new double[n];
        var targets = new double[n];
        var mult = new double[n];
        var cumulative = new double[n];
        double previous = double.PositiveInfinity, count = 0;
        var unit = true;
        for (var i = 0; i < n; i++)
        {
            long k = i + 1;
            var l = eigenvalue.Evaluate(k);
            SpectrumValidation.CheckEigenvalue(k, l, previous, source);
            var y = target.Evaluate(k);
            SpectrumValidation.CheckTarget(k, y, source);
            var m = multiplicity.Evaluate(k);
            SpectrumValidation.CheckMultiplicity(k, m, source);
            unit &= m == 1;
            lambda[i] = l; targets[i] = y; mult[i] = m;
            count += m; cumulative[i] = count;
            previous = l;
        }
        return new TableSpectrum(lambda, targets, mult, cumulative, unit, source);
    }

    /// <summary>Where the table came from (used in messages).</summary>
    public string Source { get; }

    public long Modes => _eigenvalues.Length;
    public double ModeCount => _cumulativeCount[^1];
    public ReadOnlySpan<double> Eigenvalues => _eigenvalues;
    public ReadOnlySpan<double> TargetPowers => _targets;

    public double Eigenvalue(long k) => _eigenvalues[Index(k)];
    public double TargetPower(long k) => _targets[Index(k)];
    public long Multiplicity(long k) => (long)_multiplicities[Index(k)];

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{Source}: {Modes} tabulated modes{(_unitMultiplicity ? "" : $" ({ModeCount:R} with multiplicity)")}, λ_1 = {_eigenvalues[0]:R}, λ_M = {_eigenvalues[^1]:R}");

    private int Index(long k)
    {
        if (k < 1 || k > _eigenvalues.Length) throw new ArgumentOutOfRangeException(nameof(k), k, $"mode index must be in 1..{_eigenvalues.Length}.");
        return (int)(k - 1);
    }

    private (int Start, int Length) Range(long from, long to)
    {
        var lo = Math.Max(from, 1);
        var hi = Math.Min(to, _eigenvalues.Length);
        return hi < lo ? (0, 0) : ((int)(lo - 1), (int)(hi - lo + 1));
    }

    public SpectralSums Sums(double t, long from = 1, long to = RgModel.Infinite)
    {
        var (start, length) = Range(from, to);
        var lam = _eigenvalues.AsSpan(start, length);
        var y2 = _targets.AsSpan(start, length);
        var mul = _multiplicities.AsSpan(start, length);
        var w = Vector<double>.Count;
        var vt = new Vector<double>(t);
        var one = Vector<double>.One;
        Vector<double> s1 = default, s2 = default, s3 = default, s4 = default;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vl = MemoryMarshal.Cast<double, Vector<double>>(lam);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y2);
            var vm = MemoryMarshal.Cast<double, Vector<double>>(mul);
            for (var j = 0; j < vl.Length; j++)
            {
                var l = vl[j] / (vl[j] + vt);
                var q = one - l;
                var nl = vm[j] * l;
                s1 += nl;
                s2 += nl * q;
                s3 += nl * l;
                s4 += vm[j] * q * q * vy[j];
            }
            i = vl.Length * w;
        }
        double a1 = Vector.Sum(s1), a2 = Vector.Sum(s2), a3 = Vector.Sum(s3), a4 = Vector.Sum(s4);
        for (; i < length; i++)
        {
            var l = lam[i] / (lam[i] + t);
            var q = 1 - l;
            a1 += mul[i] * l; a2 += mul[i] * l * q; a3 += mul[i] * l * l; a4 += mul[i] * q * q * y2[i];
        }
        return new SpectralSums(a1, a2, a3, a4);
    }

    public (double Learnability, double Spread) LearnabilitySums(double t)
    {
        var lam = _eigenvalues.AsSpan();
        var mul = _multiplicities.AsSpan();
        var vt = new Vector<double>(t);
        Vector<double> s1 = default, s2 = default;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vl = MemoryMarshal.Cast<double, Vector<double>>(lam);
            var vm = MemoryMarshal.Cast<double, Vector<double>>(mul);
            for (var j = 0; j < vl.Length; j++)
            {
                var l = vl[j] / (vl[j] + vt);
                var nl = vm[j] * l;
                s1 += nl;
                s2 += nl - nl * l;
            }
            i = vl.Length * Vector<double>.Count;
        }
        double a1 = Vector.Sum(s1), a2 = Vector.Sum(s2);
        for (; i < lam.Length; i++)
        {
            var l = lam[i] / (lam[i] + t);
            a1 += mul[i] * l; a2 += mul[i] * l * (1 - l);
        }
        return (a1, a2);
    }

    public double EigenvalueSum(long from = 1, long to = RgModel.Infinite)
    {
        var (start, length) = Range(from, to);
        double s = 0;
        for (var i = start; i < start + length; i++) s += _multiplicities[i] * _eigenvalues[i];
        return s;
    }

    public double TargetPowerSum(long from = 1, long to = RgModel.Infinite)
    {
        var (start, length) = Range(from, to);
        double s = 0;
        for (var i = start; i < start + length; i++) s += _multiplicities[i] * _targets[i];
        return s;
    }

    public double ThresholdIndex(double t)
    {
        // Modes with λ ≥ t, plus a log-linear fraction of the next mode's multiplicity.
        var lam = _eigenvalues;
        if (t > lam[0]) return 0; // not even the first mode is half learned
        int lo = 0, hi = lam.Length - 1;
        if (lam[hi] >= t) return _cumulativeCount[hi];
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (lam[mid] >= t) lo = mid; else hi = mid;
        }
        // λ[lo] ≥ t > λ[hi]
        var fraction = Math.Log(lam[lo] / t) / Math.Log(lam[lo] / lam[hi]);
        return _cumulativeCount[lo] + fraction * _multiplicities[hi];
    }
}
