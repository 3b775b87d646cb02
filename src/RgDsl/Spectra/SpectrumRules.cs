// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): a measured table
// read at compile time and a spectrum built at run time obey the same rules, with the same words.
// Keep it netstandard2.0-compatible and free of dependencies.
using System.Globalization;

namespace RgDsl.Spectra
{
    /// <summary>What a spectrum must satisfy mode by mode; each check returns the problem, or null.</summary>
    internal static class SpectrumRules
    {
        /// <summary>An eigenvalue may exceed the previous one by this relative amount (rounding in measured tables).</summary>
        public const double MonotonicityTolerance = 1e-12;

        public static string? EigenvalueProblem(long k, double value, double previous)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
                return $"eigenvalue λ_{k} = {R(value)} must be positive and finite";
            if (value > previous * (1 + MonotonicityTolerance))
                return $"eigenvalues must be non-increasing, but λ_{k} = {R(value)} > λ_{k - 1} = {R(previous)}; order the modes by decreasing eigenvalue";
            return null;
        }

        public static string? TargetProblem(long k, double value) =>
            double.IsNaN(value) || double.IsInfinity(value) || value < 0 ? $"target power y_{k}² = {R(value)} must be non-negative and finite" : null;

        public static string? MultiplicityProblem(long k, long value) =>
            value < 1 ? $"multiplicity n_{k} = {value.ToString(CultureInfo.InvariantCulture)} must be at least 1" : null;

        private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
