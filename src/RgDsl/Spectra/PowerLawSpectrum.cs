using System.Globalization;

namespace RgDsl.Spectra;

/// <summary>
/// The analytic power law λ_k = c·k^(−s) with target y_k² = A·k^(−r), unit multiplicities, and rank M finite or
/// infinite. Modes up to <see cref="HeadModes"/> are summed exactly from cached values; the rest through a closed-form
/// tail (<see cref="PowerLawTail"/>), so that a sum over 1e12 or infinitely many modes costs about as much as one over
/// a few thousand, and agrees with brute-force summation to about 1e-12 relative.
/// </summary>
public sealed class PowerLawSpectrum : ISpectrum
{
    /// <summary>How many leading modes are summed term by term.</summary>
    public const int HeadModes = 512;

    private readonly TableSpectrum? _head;
    private readonly PowerLawTail? _learnability, _spread, _squared, _bias, _eigenvalues, _targets;

    /// <summary>Creates λ_k = coefficient·k^(−exponent), y_k² = targetCoefficient·k^(−targetExponent).</summary>
    /// <param name="coefficient">c &gt; 0.</param>
    /// <param name="exponent">s ≥ 0 (s = 1 + α); s &gt; 1 when the rank is infinite, or the trace diverges.</param>
    /// <param name="modes">M ≥ 1 or <see cref="RgModel.Infinite"/>.</param>
    /// <param name="targetCoefficient">A ≥ 0.</param>
    /// <param name="targetExponent">r; r &gt; 1 when the rank is infinite, or the target power diverges.</param>
    public PowerLawSpectrum(double coefficient, double exponent, long modes, double targetCoefficient, double targetExponent)
    {
        SpectrumValidation.CheckModes(modes, "power-law spectrum");
        if (!double.IsFinite(coefficient) || coefficient <= 0)
            throw new ArgumentOutOfRangeException(nameof(coefficient), coefficient, "power-law spectrum: the coefficient c of λ_k = c·k^(−s) must be positive and finite.");
        if (!double.IsFinite(exponent) || exponent < 0)
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "power-law spectrum: the decay exponent s of λ_k = c·k^(−s) must be finite and ≥ 0 (eigenvalues must not increase).");
        if (!double.IsFinite(targetCoefficient) || targetCoefficient < 0)
            throw new ArgumentOutOfRangeException(nameof(targetCoefficient), targetCoefficient, "power-law target: the coefficient A of y_k² = A·k^(−r) must be non-negative and finite.");
        if (!double.IsFinite(targetExponent))
            throw new ArgumentOutOfRangeException(nameof(targetExponent), targetExponent, "power-law target: the exponent r of y_k² = A·k^(−r) must be finite.");
        if (modes == RgModel.Infinite)
        {
            if (exponent <= 1)
                throw new ArgumentOutOfRangeException(nameof(exponent), exponent,
                    string.Create(CultureInfo.InvariantCulture, $"power-law spectrum: with infinite rank the trace Σ_k k^(−s) diverges for s = {exponent:R} ≤ 1 (α = s − 1 ≤ 0). Use α > 0 or a finite number of modes."));
            if (targetExponent <= 1 && targetCoefficient > 0)
                throw new ArgumentOutOfRangeException(nameof(targetExponent), targetExponent,
                    string.Create(CultureInfo.InvariantCulture, $"power-law target: with infinite rank the target power Σ_k k^(−r) diverges for r = {targetExponent:R} ≤ 1 (β ≤ 0). Use β > 0 or a finite number of modes."));
        }
        Coefficient = coefficient; Exponent = exponent; Modes = modes;
        TargetCoefficient = targetCoefficient; TargetExponent = targetExponent;

        var head = (int)Math.Min(modes, HeadModes);
        var lambda = new double[head];
        var target = new double[head];
        for (var i = 0; i < head; i++)
        {
            lambda[i] = coefficient * Math.Pow(i + 1, -exponent);
            target[i] = targetCoefficient * Math.Pow(i + 1, -targetExponent);
        }
        _head = new TableSpectrum(lambda, target, null, "power-law head");
        if (modes > HeadModes)
        {
            _learnability = new PowerLawTail(coefficient, exponent, 0, 1, 1);
            _spread = new PowerLawTail(coefficient, exponent, 0, 1, 2);
            _squared = new PowerLawTail(coefficient, exponent, 0, 2, 2);
            _bias = new PowerLawTail(coefficient, exponent, targetExponent, 0, 2);
            _eigenvalues = new PowerLawTail(coefficient, exponent, exponent, 0, 0);
            _targets = new PowerLawTail(coefficient, exponent, targetExponent, 0, 0);
        }
    }

    /// <summary>c in λ_k = c·k^(−s).</summary>
    public double Coefficient { get; }
    /// <summary>s = 1 + α in λ_k = c·k^(−s).</summary>
    public double Exponent { get; }
    /// <summary>A in y_k² = A·k^(−r).</summary>
    public double TargetCoefficient { get; }
    /// <summary>r = 1 + β in y_k² = A·k^(−r).</summary>
    public double TargetExponent { get; }

    public long Modes { get; }
    public double ModeCount => Modes == RgModel.Infinite ? double.PositiveInfinity : Modes;

    public double Eigenvalue(long k) => Coefficient * Math.Pow(CheckIndex(k), -Exponent);
    public double TargetPower(long k) => TargetCoefficient * Math.Pow(CheckIndex(k), -TargetExponent);
    public long Multiplicity(long k) { CheckIndex(k); return 1; }

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"power law λ_k = {Coefficient:R}·k^-{Exponent:R}, y_k² = {TargetCoefficient:R}·k^-{TargetExponent:R}, M = {(Modes == RgModel.Infinite ? "∞" : Modes.ToString(CultureInfo.InvariantCulture))} (exact head of {Math.Min(Modes, HeadModes)} modes, closed-form tail)");

    private double CheckIndex(long k)
    {
        if (k < 1 || k > Modes) throw new ArgumentOutOfRangeException(nameof(k), k, "mode index out of range.");
        return k;
    }

    private (long Lo, long Hi) TailRange(long from, long to) => (Math.Max(from, HeadModes + 1L), Math.Min(to, Modes));

    public SpectralSums Sums(double t, long from = 1, long to = RgModel.Infinite)
    {
        var sums = _head!.Sums(t, from, to);
        if (_learnability is null) return sums;
        var (lo, hi) = TailRange(from, to);
        if (hi < lo) return sums;
        return sums + new SpectralSums(
            _learnability.Sum(t, lo, hi),
            _spread!.Sum(t, lo, hi),
            _squared!.Sum(t, lo, hi),
            TargetCoefficient == 0 ? 0 : TargetCoefficient * _bias!.Sum(t, lo, hi));
    }

    public (double Learnability, double Spread) LearnabilitySums(double t)
    {
        var (l, s) = _head!.LearnabilitySums(t);
        if (_learnability is null) return (l, s);
        return (l + _learnability.Sum(t, HeadModes + 1L, Modes), s + _spread!.Sum(t, HeadModes + 1L, Modes));
    }

    public double EigenvalueSum(long from = 1, long to = RgModel.Infinite)
    {
        var sum = _head!.EigenvalueSum(from, to);
        if (_eigenvalues is null) return sum;
        var (lo, hi) = TailRange(from, to);
        return hi < lo ? sum : sum + Coefficient * _eigenvalues.Sum(1, lo, hi);
    }

    public double TargetPowerSum(long from = 1, long to = RgModel.Infinite)
    {
        var sum = _head!.TargetPowerSum(from, to);
        if (_targets is null || TargetCoefficient == 0) return sum;
        var (lo, hi) = TailRange(from, to);
        return hi < lo ? sum : sum + TargetCoefficient * _targets.Sum(1, lo, hi);
    }

    /// <summary>κ/P plus the ridgeless asymptote c·[P s sin(π/s)/π]^(−s) (THEORY.md §2.3), for s &gt; 1.</summary>
    public double InitialRootGuess(double datasetSize, double ridge)
    {
        if (Exponent <= 1) return ridge / datasetSize + Eigenvalue((long)Math.Clamp(Math.Ceiling(datasetSize), 1, Math.Min(Modes, 1L << 52)));
        var ridgeless = Coefficient * Math.Pow(datasetSize * Exponent * Math.Sin(Math.PI / Exponent) / Math.PI, -Exponent);
        return ridge / datasetSize + ridgeless;
    }

    public double ThresholdIndex(double t)
    {
        if (Exponent == 0) return t <= Coefficient ? ModeCount : 0;
        var tau = Math.Pow(Coefficient / t, 1 / Exponent);
        return Math.Min(tau, ModeCount);
    }
}
