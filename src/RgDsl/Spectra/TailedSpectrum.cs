using System.Globalization;

namespace RgDsl.Spectra;

/// <summary>A measured table continued by a power-law tail λ_k = λ_N (k/N)^−(1+α), y_k² = y_N²-level (k/N)^−(1+β) for k &gt; N, to infinity.</summary>
internal sealed class TailedSpectrum : ISpectrum
{
    private readonly TableSpectrum _table;
    private readonly PowerLawSpectrum _tail;
    private readonly long _n;

    public TailedSpectrum(TableSpectrum table, double alpha, double beta)
    {
        _table = table;
        _n = table.Modes;
        var s = 1 + alpha;
        var r = 1 + beta;
        // Match the tail at mode N: c·N^−s = λ_N; the target level from the mean of the last tenth of the table.
        var lastTenth = Math.Max(1, (int)(_n / 10));
        var level = Enumerable.Range((int)_n - lastTenth + 1, lastTenth).Average(k => table.TargetPower(k) * Math.Pow(k, r));
        _tail = new PowerLawSpectrum(table.Eigenvalue(_n) * Math.Pow(_n, s), s, RgModel.Infinite, level, r);
        Alpha = alpha; Beta = beta;
    }

    /// <summary>The number of measured modes before the tail.</summary>
    public long TableModes => _n;
    public double Alpha { get; }
    public double Beta { get; }
    public long Modes => RgModel.Infinite;
    public double ModeCount => double.PositiveInfinity;
    public double Eigenvalue(long k) => k <= _n ? _table.Eigenvalue(k) : _tail.Eigenvalue(k);
    public double TargetPower(long k) => k <= _n ? _table.TargetPower(k) : _tail.TargetPower(k);
    public long Multiplicity(long k) => 1;
    public SpectralSums Sums(double t, long from = 1, long to = RgModel.Infinite) => _table.Sums(t, from, Math.Min(to, _n)) + (to > _n ? _tail.Sums(t, Math.Max(from, _n + 1), to) : default);
    public (double Learnability, double Spread) LearnabilitySums(double t)
    {
        var head = _table.LearnabilitySums(t);
        var tail = _tail.Sums(t, _n + 1);
        return (head.Learnability + tail.Learnability, head.Spread + tail.LearnabilitySpread);
    }
    public double EigenvalueSum(long from = 1, long to = RgModel.Infinite) => _table.EigenvalueSum(from, Math.Min(to, _n)) + (to > _n ? _tail.EigenvalueSum(Math.Max(from, _n + 1), to) : 0);
    public double TargetPowerSum(long from = 1, long to = RgModel.Infinite) => _table.TargetPowerSum(from, Math.Min(to, _n)) + (to > _n ? _tail.TargetPowerSum(Math.Max(from, _n + 1), to) : 0);
    public double ThresholdIndex(double t) => t >= _table.Eigenvalue(_n) ? _table.ThresholdIndex(t) : _tail.ThresholdIndex(t);
    public string Description => string.Create(CultureInfo.InvariantCulture, $"{_table.Description} + power-law tail beyond mode {_n} (α = {Alpha:0.###}, β = {Beta:0.###})");
}
