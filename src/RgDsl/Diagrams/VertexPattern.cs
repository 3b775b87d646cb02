// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): the generator
// validates a [Vertex] pattern and the runtime builds its perturbation from the same rules. Keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Linq;

namespace RgDsl.Diagrams
{
    /// <summary>Why a pattern text is not a vertex pattern.</summary>
    internal enum PatternProblem
    {
        /// <summary>No legs at all.</summary>
        Empty,
        /// <summary>A token that is not an identifier, or an index that is not one of the weight's parameters.</summary>
        UnknownIndex,
        /// <summary>More than <see cref="VertexPattern.MaxLegs"/> legs.</summary>
        TooManyLegs,
        /// <summary>A weight parameter that no leg carries.</summary>
        UnusedIndex,
    }

    /// <summary>
    /// The index structure of a vertex (1/m) Σ W(ℓ₁, …, ℓ_s) f_{i₁} ⋯ f_{i_m} (THEORY.md §3.2): the mode index of each
    /// of its m legs, written as whitespace-separated index names, e.g. "k k q q" (the pair-local quartic), "k k k k"
    /// (mode-local), "k q p" (a cubic term), "k k q p". Every distinct index ℓ is summed over all modes independently;
    /// the weight W takes the distinct indices in the order of their first appearance (<see cref="Letters"/>). Legs of
    /// the same index are one squared (cubed, …) field. The normalisation 1/m makes the four <see cref="RgDsl.Legs"/>
    /// kinds the patterns "k k" (1/2), "k k q q" (1/4), "k k k k" (1/4) and "k k q q p p" (1/6). Indices that appear
    /// equally often can be renamed into each other without changing the sum, so only the part of W symmetric under
    /// those exchanges contributes: the weight is required to be symmetric under them (<see cref="Transpositions"/>).
    /// </summary>
    internal sealed class VertexPattern : IEquatable<VertexPattern>
    {
        /// <summary>The most legs a vertex may have.</summary>
        public const int MaxLegs = 6;

        private VertexPattern(string[] letters, int[] legs)
        {
            Letters = letters;
            Legs = legs;
            Multiplicity = new int[letters.Length];
            foreach (var l in legs) Multiplicity[l]++;
            Text = string.Join(" ", legs.Select(l => letters[l]));
        }

        /// <summary>The legs as written, single-spaced: "k k q p".</summary>
        public string Text { get; }
        /// <summary>The distinct indices in the order of their first appearance: the weight's arguments.</summary>
        public string[] Letters { get; }
        /// <summary>The index (into <see cref="Letters"/>) of each leg.</summary>
        public int[] Legs { get; }
        /// <summary>How many legs carry each index.</summary>
        public int[] Multiplicity { get; }

        /// <summary>m: the number of fields of the vertex.</summary>
        public int LegCount => Legs.Length;
        /// <summary>s: the number of independent mode sums.</summary>
        public int LetterCount => Letters.Length;
        /// <summary>True when every index carries an even number of legs: a product of powers of squared fields.</summary>
        public bool IsEven => Multiplicity.All(c => c % 2 == 0);

        /// <summary>
        /// Pairs of indices whose exchange maps the vertex to itself (equal multiplicity): the weight must be symmetric
        /// under each. Each index is paired with the first of its multiplicity, which generates all permutations.
        /// </summary>
        public IReadOnlyList<(int A, int B)> Transpositions
        {
            get
            {
                var result = new List<(int, int)>();
                for (var b = 0; b < LetterCount; b++)
                    for (var a = 0; a < b; a++)
                        if (Multiplicity[a] == Multiplicity[b])
                        {
                            result.Add((a, b));
                            break;
                        }
                return result;
            }
        }

        /// <summary>
        /// Parses a pattern. When <paramref name="indices"/> is given (the weight's parameter names), every token must
        /// be one of them, every one of them must appear, and <see cref="Letters"/> follows their order; otherwise
        /// tokens must be identifiers and the letters follow their first appearance.
        /// </summary>
        public static bool TryParse(string? text, IReadOnlyList<string>? indices, out VertexPattern? pattern, out PatternProblem problem, out string detail)
        {
            pattern = null;
            problem = PatternProblem.Empty;
            detail = "";
            var tokens = (text ?? "").Split(new[] { ' ', '\t', '\r', '\n', ',' }, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
            {
                detail = "the pattern has no legs; write one index per leg, e.g. \"k k q p\"";
                return false;
            }
            foreach (var token in tokens)
            {
                if (!IsIdentifier(token) || (indices is not null && !indices.Contains(token)))
                {
                    problem = PatternProblem.UnknownIndex;
                    detail = indices is null
                        ? $"'{token}' is not an index name"
                        : $"'{token}' is not a parameter of the weight (its indices are {(indices.Count == 0 ? "none" : string.Join(", ", indices))})";
                    return false;
                }
            }
            if (tokens.Length > MaxLegs)
            {
                problem = PatternProblem.TooManyLegs;
                detail = $"{tokens.Length} legs; a vertex has at most {MaxLegs}";
                return false;
            }
            var letters = indices?.ToArray() ?? tokens.Distinct(StringComparer.Ordinal).ToArray();
            var unused = letters.Where(l => !tokens.Contains(l)).ToList();
            if (unused.Count > 0)
            {
                problem = PatternProblem.UnusedIndex;
                detail = $"the weight's {(unused.Count == 1 ? "index" : "indices")} {string.Join(", ", unused)} {(unused.Count == 1 ? "carries" : "carry")} no leg";
                return false;
            }
            pattern = new VertexPattern(letters, tokens.Select(t => Array.IndexOf(letters, t)).ToArray());
            return true;
        }

        /// <summary>Parses a pattern or throws <see cref="ArgumentException"/> naming the problem.</summary>
        public static VertexPattern Parse(string text, string parameterName = "pattern") =>
            TryParse(text, null, out var pattern, out _, out var detail) ? pattern! : throw new ArgumentException($"vertex pattern \"{text}\": {detail}.", parameterName);

        /// <summary>The pattern of one of the four kinds, with the indices k, q, p.</summary>
        public static VertexPattern Of(Legs legs) => legs switch
        {
            RgDsl.Legs.Quadratic => Parse("k k"),
            RgDsl.Legs.ModeLocal => Parse("k k k k"),
            RgDsl.Legs.PairLocal => Parse("k k q q"),
            RgDsl.Legs.PairLocal6 => Parse("k k q q p p"),
            _ => throw new ArgumentOutOfRangeException(nameof(legs), legs, "only the four kinds have a fixed pattern."),
        };

        /// <summary>
        /// The kind this pattern is, up to renaming and reordering of its indices (so "q q k k" is
        /// <see cref="RgDsl.Legs.PairLocal"/>), or null for a pattern outside the four kinds.
        /// </summary>
        public Legs? Kind
        {
            get
            {
                var shape = string.Join(",", Multiplicity.OrderByDescending(c => c));
                return shape switch
                {
                    "2" => RgDsl.Legs.Quadratic,
                    "4" => RgDsl.Legs.ModeLocal,
                    "2,2" => RgDsl.Legs.PairLocal,
                    "2,2,2" => RgDsl.Legs.PairLocal6,
                    _ => null,
                };
            }
        }

        private static bool IsIdentifier(string token) =>
            (char.IsLetter(token[0]) || token[0] == '_') && token.All(c => char.IsLetterOrDigit(c) || c == '_');

        public bool Equals(VertexPattern? other) => other is not null && other.Text == Text && other.Letters.SequenceEqual(Letters);
        public override bool Equals(object? obj) => Equals(obj as VertexPattern);
        public override int GetHashCode() => Text.GetHashCode();
        public override string ToString() => Text;
    }
}
