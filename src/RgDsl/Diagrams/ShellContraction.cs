// The Wick rules of integrating a shell of modes out of a vertex (the one-loop shell flow, THEORY.md §3.3). Kept
// netstandard2.0-compatible and free of dependencies, next to the diagram enumerator, so that the generator could
// list the induced vertices from the same rules.
using System;
using System.Collections.Generic;
using System.Linq;

namespace RgDsl.Diagrams
{
    /// <summary>
    /// What integrating a shell σ of modes (at first order in the couplings) does to a vertex (1/m) Σ W(ℓ…) Π f: each
    /// index ℓ is summed over the slow modes or over σ. The part with every index slow stays; the part with every index
    /// on the shell is a constant; each mixed split S (the shell indices) leaves the vertex of the slow indices, with the
    /// shell legs replaced by their Gaussian average: pairs of shell legs contracted into propagators G_q, unpaired legs
    /// signals f̄_q (Wick's theorem), shell indices that land on the same mode joined (the δ(0) contractions of §4.2).
    /// For a monomial weight Π ℓ^{e_ℓ} the average is E[Π_{ℓ∈S} X_ℓ] with X_ℓ = Σ_{q∈σ} n_q q^{e_ℓ} f_q^{m_ℓ}, which is
    /// the sum over the set partitions π of S of Π_{B∈π} Σ_{q∈σ} n_q q^{Σ_B e} κ_q(f^{m_ℓ}: ℓ∈B), κ_q the joint cumulant
    /// of powers of the one Gaussian field f_q (modes, and degenerate copies, are independent under the shell Gaussian).
    /// </summary>
    internal static class ShellContraction
    {
        /// <summary>
        /// ⟨f^m⟩ of a Gaussian field with mean f̄ and variance G: the sum over Wick contractions of m legs, C(m, 2j) ways
        /// to pick 2j legs, (2j − 1)!! pairings of them into propagators, the other m − 2j legs signals.
        /// </summary>
        public static double GaussianMoment(int m, double mean, double variance)
        {
            double sum = 0;
            for (var j = 0; 2 * j <= m; j++)
                sum += Binomial(m, 2 * j) * DoubleFactorial(2 * j - 1) * Math.Pow(variance, j) * Math.Pow(mean, m - 2 * j);
            return sum;
        }

        /// <summary>
        /// The joint cumulant κ(f^{a₁}, …, f^{a_r}) of powers of one Gaussian field (moment–cumulant inversion over the set
        /// partitions of the r factors): zero unless Wick contractions connect every factor.
        /// </summary>
        public static double JointCumulant(IReadOnlyList<int> powers, double mean, double variance)
        {
            double sum = 0;
            foreach (var partition in SetPartitions(powers.Count))
            {
                var blocks = partition.Count;
                var term = (blocks % 2 == 1 ? 1.0 : -1.0) * Factorial(blocks - 1);
                foreach (var block in partition) term *= GaussianMoment(block.Sum(i => powers[i]), mean, variance);
                sum += term;
            }
            return sum;
        }

        /// <summary>Every set partition of {0, …, n − 1}, each a list of blocks (ascending members).</summary>
        public static IEnumerable<List<int[]>> SetPartitions(int n)
        {
            if (n == 0)
            {
                yield return new List<int[]>();
                yield break;
            }
            foreach (var rest in SetPartitions(n - 1))
            {
                // n − 1 joins one of the blocks of a partition of the first n − 1, or stands alone.
                for (var b = 0; b < rest.Count; b++)
                {
                    var copy = rest.Select(x => x).ToList();
                    copy[b] = rest[b].Concat(new[] { n - 1 }).ToArray();
                    yield return copy;
                }
                var alone = rest.Select(x => x).ToList();
                alone.Add(new[] { n - 1 });
                yield return alone;
            }
        }

        /// <summary>
        /// The vertex left by a split: the slow indices (ascending in the pattern's letter order), their leg counts, and
        /// the factor m′/m that renormalises the (1/m) of the original vertex to the (1/m′) of the induced one.
        /// Null when no leg is left (a constant, dropped from the action).
        /// </summary>
        public static (int[] Letters, int[] Multiplicity, double Normalisation)? Remainder(VertexPattern pattern, int shellMask)
        {
            var letters = Enumerable.Range(0, pattern.LetterCount).Where(l => (shellMask & (1 << l)) == 0).ToArray();
            var multiplicity = letters.Select(l => pattern.Multiplicity[l]).ToArray();
            var legs = multiplicity.Sum();
            if (legs == 0) return null;
            return (letters, multiplicity, (double)legs / pattern.LegCount);
        }

        private static double Binomial(int n, int k)
        {
            double b = 1;
            for (var i = 1; i <= k; i++) b = b * (n - k + i) / i;
            return b;
        }

        private static double DoubleFactorial(int n)
        {
            double f = 1;
            for (var i = n; i > 1; i -= 2) f *= i;
            return f;
        }

        private static double Factorial(int n)
        {
            double f = 1;
            for (var i = 2; i <= n; i++) f *= i;
            return f;
        }
    }
}
