// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): the compile-time
// fit of a measured table and the run-time fits of spectra are this one code. Keep it netstandard2.0-compatible.
using System;
using System.Collections.Generic;

namespace RgDsl.Spectra
{
    /// <summary>
    /// Power-law fits of mode functions (λ_k ∝ k^−(1+α), y_k² ∝ k^−(1+β)). Values are averaged in logarithmic bins
    /// of ratio <see cref="BinRatio"/> over consecutive modes first: single target powers scatter like squared
    /// projections and may be 0, bin means do not. Each bin sits at the mode k̄ whose power-law value equals the bin
    /// mean, k̄ = (mean k^e)^(1/e), found by iterating the fit, so that an exact power law gives its exact exponent.
    /// </summary>
    internal static class SpectrumFit
    {
        /// <summary>The first mode of the default range: the first modes are not yet on the asymptotic law.</summary>
        public const int FirstMode = 10;
        /// <summary>The default range ends at M/<see cref="LastModeDivisor"/>, away from the noisy or truncated end.</summary>
        public const int LastModeDivisor = 4;
        /// <summary>…and at most at this mode (infinite and huge ranks).</summary>
        public const int MaxLastMode = 1000;
        /// <summary>Fewer modes than this give no default range: 10..M/4 must hold at least three bins (M/4 ≥ 17).</summary>
        public const int MinimumModes = 68;
        /// <summary>Ratio of the last to the first mode of a bin.</summary>
        public const double BinRatio = 1.25;
        private const int MaxIterations = 50;

        /// <summary>
        /// The decay exponent of a mode law from the exponent of its fit: λ_k ∝ k^e = k^−(1+α) gives α = −e − 1 (and
        /// y_k² ∝ k^−(1+β) gives β the same way). The one place this conversion is written.
        /// </summary>
        public static double DecayExponent(double fittedExponent) => -fittedExponent - 1;

        /// <summary><see cref="DecayExponent(double)"/> of an exponent that is not fitted yet (null stays null).</summary>
        public static double? DecayExponent(double? fittedExponent) => -fittedExponent - 1;

        /// <summary><see cref="DecayExponent(double)"/> of an exponent written in the model's parameters.</summary>
        public static RgDsl.Scaling.LinearForm DecayExponent(RgDsl.Scaling.LinearForm exponent) => -exponent - 1;

        /// <summary>k = 10..min(M/4, 1000); null for fewer than 68 modes.</summary>
        public static (int From, int To)? DefaultRange(long modes) =>
            modes < MinimumModes ? null : (FirstMode, (int)Math.Min(modes / LastModeDivisor, MaxLastMode));

        /// <summary>
        /// The fit of value(k) ∝ k^e over from ≤ k ≤ to (bins whose mean is 0 are left out); null when fewer than
        /// three bins are left.
        /// </summary>
        public static PowerLawFit? LogBinned(Func<long, double> value, long from, long to)
        {
            if (from < 1 || to < from) throw new ArgumentOutOfRangeException(nameof(from), $"the fit range {from}..{to} must satisfy 1 ≤ from ≤ to.");
            var bins = new List<(long Lo, long Hi, double Mean)>();
            for (var lo = from; lo <= to;)
            {
                var hi = Math.Min(to, Math.Max(lo, (long)Math.Floor(lo * BinRatio)));
                double sum = 0;
                for (var k = lo; k <= hi; k++) sum += value(k);
                var mean = sum / (hi - lo + 1);
                if (mean > 0) bins.Add((lo, hi, mean));
                lo = hi + 1;
            }
            if (bins.Count < 3) return null;
            var means = bins.ConvertAll(b => b.Mean);
            var fit = PowerLawFit.Fit(bins.ConvertAll(b => Position(b.Lo, b.Hi, 0)), means);
            for (var iteration = 0; iteration < MaxIterations; iteration++)
            {
                var exponent = fit.Exponent;
                fit = PowerLawFit.Fit(bins.ConvertAll(b => Position(b.Lo, b.Hi, exponent)), means);
                if (Math.Abs(fit.Exponent - exponent) <= 1e-13 * Math.Max(1, Math.Abs(exponent))) break;
            }
            return fit;
        }

        /// <summary>The fit over values[k − 1], k = from..to.</summary>
        public static PowerLawFit? LogBinned(IReadOnlyList<double> values, long from, long to) => LogBinned(k => values[(int)(k - 1)], from, to);

        /// <summary>k̄ = (mean over the bin of k^e)^(1/e); the geometric mean for e = 0.</summary>
        private static double Position(long lo, long hi, double exponent)
        {
            if (lo == hi) return lo;
            double sum = 0;
            if (Math.Abs(exponent) < 1e-12)
            {
                for (var k = lo; k <= hi; k++) sum += Math.Log(k);
                return Math.Exp(sum / (hi - lo + 1));
            }
            for (var k = lo; k <= hi; k++) sum += Math.Pow(k, exponent);
            return Math.Pow(sum / (hi - lo + 1), 1 / exponent);
        }
    }
}
