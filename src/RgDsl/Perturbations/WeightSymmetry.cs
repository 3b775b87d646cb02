// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): the compile-time
// check of a declared weight (RG0020) and the run-time check of a monomial expansion probe the same index tuples.
// Keep it netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RgDsl.Perturbations
{
    /// <summary>Two index tuples, one a swap of the other, at which a weight takes different values.</summary>
    internal sealed class Asymmetry
    {
        public Asymmetry(double[] indices, double value, double[] swapped, double swappedValue)
        {
            Indices = indices; Value = value; Swapped = swapped; SwappedValue = swappedValue;
        }

        public double[] Indices { get; }
        public double Value { get; }
        public double[] Swapped { get; }
        public double SwappedValue { get; }

        public static string Tuple(double[] indices) => string.Join(", ", indices.Select(R));
        public static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>"W(1, 2) = 0.0005 but W(2, 1) = 0.002".</summary>
        public override string ToString() => $"W({Tuple(Indices)}) = {R(Value)} but W({Tuple(Swapped)}) = {R(SwappedValue)}";
    }

    /// <summary>
    /// The symmetry check of a weight of a product of squared fields (THEORY.md §3.2): W must not change when its mode
    /// indices are swapped. Probed at three index tuples of distinct modes and each of their transpositions.
    /// </summary>
    internal static class WeightSymmetry
    {
        /// <summary>Values closer than this, relative to the larger, count as equal.</summary>
        public const double RelativeTolerance = 1e-12;

        private static readonly double[][] PairProbes = { new double[] { 1, 2 }, new double[] { 2, 5 }, new double[] { 3, 7 } };
        private static readonly double[][] TripleProbes = { new double[] { 1, 2, 3 }, new double[] { 2, 3, 5 }, new double[] { 1, 4, 9 } };
        private static readonly double[][] GeneralProbes = { new double[] { 1, 2, 3, 5, 7, 11 }, new double[] { 2, 3, 5, 7, 11, 13 }, new double[] { 1, 4, 9, 16, 25, 36 } };

        /// <summary>
        /// The first asymmetry of a weight of <paramref name="slots"/> (2 or 3) mode indices, or null when none is found;
        /// <paramref name="weight"/> returns null where it cannot be evaluated, which ends the search without a finding.
        /// </summary>
        public static Asymmetry? Find(int slots, Func<double[], double?> weight)
        {
            if (slots < 2) return null;
            foreach (var probe in slots == 2 ? PairProbes : TripleProbes)
            {
                var a = weight(probe);
                if (a is null) return null;
                var swaps = slots == 2
                    ? new[] { new[] { probe[1], probe[0] } }
                    : new[] { new[] { probe[1], probe[0], probe[2] }, new[] { probe[2], probe[1], probe[0] } };
                foreach (var swap in swaps)
                {
                    var b = weight(swap);
                    if (b is null) return null;
                    if (Math.Abs(a.Value - b.Value) > RelativeTolerance * Math.Max(Math.Abs(a.Value), Math.Abs(b.Value)))
                        return new Asymmetry(probe, a.Value, swap, b.Value);
                }
            }
            return null;
        }

        /// <summary>
        /// The first asymmetry of a weight of <paramref name="slots"/> mode indices under the given exchanges of two
        /// indices (a vertex's indices of equal multiplicity, <c>VertexPattern.Transpositions</c>), probed at three
        /// tuples of distinct modes, or null when none is found.
        /// </summary>
        public static Asymmetry? Find(int slots, IEnumerable<(int A, int B)> transpositions, Func<double[], double?> weight)
        {
            var swaps = transpositions.ToList();
            if (swaps.Count == 0) return null;
            foreach (var full in GeneralProbes)
            {
                var probe = full.Take(slots).ToArray();
                var a = weight(probe);
                if (a is null) return null;
                foreach (var (i, j) in swaps)
                {
                    var swap = (double[])probe.Clone();
                    swap[i] = probe[j];
                    swap[j] = probe[i];
                    var b = weight(swap);
                    if (b is null) return null;
                    if (Math.Abs(a.Value - b.Value) > RelativeTolerance * Math.Max(Math.Abs(a.Value), Math.Abs(b.Value)))
                        return new Asymmetry(probe, a.Value, swap, b.Value);
                }
            }
            return null;
        }
    }
}
