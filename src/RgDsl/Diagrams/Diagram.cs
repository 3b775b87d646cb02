// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): the generator
// enumerates and power-counts the diagrams, the runtime evaluates the same ones. Keep it netstandard2.0-compatible
// and free of dependencies.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RgDsl.Diagrams
{
    /// <summary>What a diagram contributes to.</summary>
    internal enum DiagramObservable
    {
        /// <summary>The mean f̄_k of mode k: connected diagrams with one external leg.</summary>
        Mean,
        /// <summary>The variance G_k of mode k: connected diagrams with two external legs.</summary>
        Variance,
        /// <summary>
        /// The test error Σ_k n_k (y_k − f̄_k)²: the mean diagrams weighted by −2(y_k − f̄_k) (residual power 1) and,
        /// at second order, products of two first-order mean diagrams on the same mode (residual power 0).
        /// </summary>
        TestError,
    }

    /// <summary>An exact fraction with small terms (the combinatorial factor of a diagram).</summary>
    internal readonly struct Rational : IEquatable<Rational>
    {
        public Rational(long numerator, long denominator = 1)
        {
            if (denominator == 0) throw new DivideByZeroException();
            if (denominator < 0) { numerator = -numerator; denominator = -denominator; }
            var g = Gcd(Math.Abs(numerator), denominator);
            Numerator = g == 0 ? 0 : numerator / g;
            Denominator = g == 0 ? 1 : denominator / g;
        }

        public long Numerator { get; }
        public long Denominator { get; }
        public bool IsZero => Numerator == 0;
        public double Value => (double)Numerator / Denominator;

        public static Rational operator +(Rational a, Rational b) => new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
        public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
        public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

        private static long Gcd(long a, long b)
        {
            while (b != 0) { var t = a % b; a = b; b = t; }
            return a;
        }

        public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;
        public override bool Equals(object? obj) => obj is Rational r && Equals(r);
        public override int GetHashCode() => unchecked((int)(Numerator * 397 ^ Denominator));

        /// <summary>"-1/2", "3", "-2".</summary>
        public override string ToString() => Denominator == 1
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An index class of a contracted diagram: vertex indices identified with each other by propagators (which are
    /// diagonal in the mode), summed over all modes unless it holds the external mode k. It carries G^Propagators
    /// (one G per propagator whose ends lie in it) and f̄^Signals (one S₀ mean per leg left uncontracted).
    /// </summary>
    internal sealed class IndexClass
    {
        public IndexClass(bool external, int propagators, int signals)
        {
            External = external; Propagators = propagators; Signals = signals;
        }

        public bool External { get; }
        public int Propagators { get; }
        public int Signals { get; }
    }

    /// <summary>
    /// One diagram (a topology, with the summed combinatorial factor of every Wick contraction that has it): the
    /// vertices it joins, the index class of each of their indices, the classes' propagators and signals, and its
    /// coefficient. With S₀ moments G_q and f̄_q (THEORY.md §2.1) its value at external mode k is
    /// Coefficient · Σ_{free classes} Π_v W_v(indices) · Π_C G_C^a f̄_C^b, and in the test error
    /// Σ_k n_k (y_k − f̄_k)^Residual times that. The perturbation of order <see cref="Order"/> in the couplings is the
    /// sum of its diagrams.
    /// </summary>
    internal sealed class Diagram
    {
        public Diagram(DiagramObservable observable, int[] vertices, int[][] letterClass, IndexClass[] classes, Rational coefficient, int residual,
            int sameModeContractions, bool product, string key, string name, string[] classNames)
        {
            Observable = observable; Vertices = vertices; LetterClass = letterClass; Classes = classes; Coefficient = coefficient;
            Residual = residual; SameModeContractions = sameModeContractions; IsProduct = product; Key = key; Name = name; ClassNames = classNames;
        }

        public DiagramObservable Observable { get; }
        /// <summary>The perturbation (by position in the model's list) of each vertex; ascending.</summary>
        public int[] Vertices { get; }
        /// <summary>The order in the couplings: the number of vertices.</summary>
        public int Order => Vertices.Length;
        /// <summary>For each vertex, the index class of each of its indices (in the pattern's letter order).</summary>
        public int[][] LetterClass { get; }
        public IndexClass[] Classes { get; }
        /// <summary>The external class (the mode k of the observable), or −1 when there is none.</summary>
        public int ExternalClass => Array.FindIndex(Classes, c => c.External);
        /// <summary>The combinatorial factor with the sign and the vertex normalisations: (−1)^order/order!-type factor × count / Π m.</summary>
        public Rational Coefficient { get; }
        /// <summary>In the test error: the power of the residual (y_k − f̄_k) at the external mode (1, or 0 for a product).</summary>
        public int Residual { get; }
        /// <summary>n_δ: contractions of two legs of the same index inside one vertex, each a free sum over the mode (THEORY.md §4.2).</summary>
        public int SameModeContractions { get; }
        /// <summary>A test-error diagram that is the product of two first-order mean diagrams at the same mode.</summary>
        public bool IsProduct { get; }
        /// <summary>The canonical key: equal for equal topologies (and only for those) of the same observable and vertices.</summary>
        public string Key { get; }
        /// <summary>The readable formula without the coefficient, e.g. "W(k,q) G_k G_q f̄_k" (sum over every index but k).</summary>
        public string Name { get; }
        /// <summary>The index name of each class in <see cref="Name"/>: "k" for the external mode, then q, p, r, ….</summary>
        public string[] ClassNames { get; }

        /// <summary>The number of summed (free) index classes.</summary>
        public int FreeClasses => Classes.Count(c => !c.External);

        public override string ToString() => Coefficient + " · " + Name;
    }
}
