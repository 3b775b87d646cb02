// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): one enumeration of
// the Wick contractions, so the diagrams the generator power-counts are the diagrams the runtime evaluates. Keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RgDsl.Diagrams
{
    /// <summary>
    /// Enumerates the connected Wick contractions of the declared vertices for the mean f̄_k and the variance G_k at
    /// first and second order in the couplings, and the test-error diagrams built from them, grouped by topology.
    /// With S = S₀ + Σ_a V_a, V_a = (1/m_a) Σ W_a f⋯f, every moment is a series of joint cumulants of the Gaussian S₀:
    /// f̄_k = f̄⁰_k − κ(f_k, V) + ½κ(f_k, V, V) − …, G_k = G⁰_k − κ(f_k, f_k, V) + ½κ(f_k, f_k, V, V) − …; writing each
    /// field as its S₀ mean plus a fluctuation, a joint cumulant is the sum over pairings of the fluctuations that join
    /// every block (the observable's legs and each vertex) into one connected graph; each unpaired leg is a "signal"
    /// f̄⁰, each pairing a propagator G⁰ that identifies the mode indices of its two legs (S₀ is diagonal).
    /// Legs of one index are interchangeable, and so are indices that carry a single leg (the weight is symmetric under
    /// their exchange), so contractions are enumerated as numbers of pairings between such groups, each counted with
    /// the number of leg-level pairings it stands for; contractions that give the same expression up to renaming of
    /// summed indices, the weight's symmetries and the exchange of two copies of one vertex are one diagram.
    /// </summary>
    internal static class DiagramEnumerator
    {
        /// <summary>Enumerations already done, by observable and patterns: they depend on nothing else.</summary>
        private static readonly ConcurrentDictionary<string, IReadOnlyList<Diagram>> Cache = new(StringComparer.Ordinal);
        private const int CacheLimit = 4096;

        /// <summary>
        /// The connected first-order diagrams of <paramref name="observable"/> (Mean or Variance) with one vertex of
        /// pattern <paramref name="a"/>; vertex 0 is that vertex. Names hold "{0}" for its weight.
        /// </summary>
        public static IReadOnlyList<Diagram> Connected(DiagramObservable observable, VertexPattern a) =>
            Enumerate(observable, new[] { 0 }, new[] { a });

        /// <summary>
        /// The connected second-order diagrams with one vertex of pattern <paramref name="a"/> (vertex 0) and one of
        /// <paramref name="b"/> (vertex 1); <paramref name="same"/> when both are the same perturbation (then the two
        /// copies may be exchanged and the factor 1/2! of the expansion applies).
        /// </summary>
        public static IReadOnlyList<Diagram> Connected(DiagramObservable observable, VertexPattern a, VertexPattern b, bool same) =>
            Enumerate(observable, same ? new[] { 0, 0 } : new[] { 0, 1 }, same ? new[] { a } : new[] { a, b });

        private static IReadOnlyList<Diagram> Enumerate(DiagramObservable observable, int[] slots, VertexPattern[] patterns)
        {
            if (observable == DiagramObservable.TestError) throw new ArgumentException("connected diagrams are of the mean or the variance.", nameof(observable));
            var cacheKey = observable + "|" + string.Join("|", slots) + "|" + string.Join("|", patterns.Select(p => p.Text));
            if (Cache.TryGetValue(cacheKey, out var cached)) return cached;
            var nodes = BuildNodes(observable, slots.Select(s => patterns[s]).ToArray());
            var found = new Dictionary<string, Diagram>(StringComparer.Ordinal);
            new Enumeration(nodes, slots, patterns, observable).Run(diagram =>
            {
                found[diagram.Key] = found.TryGetValue(diagram.Key, out var existing)
                    ? WithCoefficient(existing, existing.Coefficient + diagram.Coefficient)
                    : diagram;
            });
            var result = found.Values.Where(d => !d.Coefficient.IsZero).OrderBy(d => d.Key, StringComparer.Ordinal).ToList().AsReadOnly();
            if (Cache.Count > CacheLimit) Cache.Clear();
            Cache[cacheKey] = result;
            return result;
        }

        /// <summary>A mean diagram in the test error: −2 Σ_k n_k (y_k − f̄_k) δf̄_k.</summary>
        internal static Diagram Projected(Diagram mean) =>
            new(DiagramObservable.TestError, mean.Vertices, mean.LetterClass, mean.Classes, new Rational(-2) * mean.Coefficient, 1,
                mean.SameModeContractions, false, "E|" + mean.Key, mean.Name, mean.ClassNames);

        /// <summary>
        /// Σ_k n_k (δ₁f̄_k)² of the first-order mean diagrams of two perturbations (or of one, <paramref name="same"/>),
        /// grouped by the unordered pair of first-order topologies. Vertices and names are those of the inputs.
        /// </summary>
        internal static IEnumerable<Diagram> Products(IReadOnlyList<Diagram> da, IReadOnlyList<Diagram> db, bool same)
        {
            var found = new Dictionary<string, Diagram>(StringComparer.Ordinal);
            foreach (var x in da)
                foreach (var y in db)
                {
                    // (Σ_a δf̄ + Σ_b δf̄)²: cross terms of two perturbations twice, a perturbation's own square once
                    // over ordered pairs of its diagrams.
                    var factor = same ? new Rational(1) : new Rational(2);
                    var (p, q) = string.CompareOrdinal(x.Key, y.Key) <= 0 ? (x, y) : (y, x);
                    var key = "E0|" + p.Key + "*" + q.Key;
                    var coefficient = factor * x.Coefficient * y.Coefficient;
                    found[key] = found.TryGetValue(key, out var existing)
                        ? WithCoefficient(existing, existing.Coefficient + coefficient)
                        : Product(p, q, coefficient, key);
                }
            return found.Values.Where(d => !d.Coefficient.IsZero).OrderBy(d => d.Key, StringComparer.Ordinal);
        }

        /// <summary>Two first-order mean diagrams on one external mode, as one diagram with both vertices.</summary>
        private static Diagram Product(Diagram x, Diagram y, Rational coefficient, string key)
        {
            // Vertices ascending; the classes of both, the two external classes merged into one.
            if (x.Vertices[0] > y.Vertices[0]) (x, y) = (y, x);
            var classes = new List<IndexClass>();
            var names = new List<string>();
            var mapX = new int[x.Classes.Length];
            var mapY = new int[y.Classes.Length];
            int ex = x.ExternalClass, ey = y.ExternalClass;
            classes.Add(new IndexClass(true, x.Classes[ex].Propagators + y.Classes[ey].Propagators, x.Classes[ex].Signals + y.Classes[ey].Signals));
            names.Add("k");
            mapX[ex] = 0;
            mapY[ey] = 0;
            for (var i = 0; i < x.Classes.Length; i++)
                if (i != ex) { mapX[i] = classes.Count; classes.Add(x.Classes[i]); names.Add(x.ClassNames[i]); }
            for (var i = 0; i < y.Classes.Length; i++)
                if (i != ey) { mapY[i] = classes.Count; classes.Add(y.Classes[i]); names.Add(y.ClassNames[i] + "′"); }
            var letterClass = new[] { x.LetterClass[0].Select(c => mapX[c]).ToArray(), y.LetterClass[0].Select(c => mapY[c]).ToArray() };
            var name = "[" + x.Name + "]·[" + y.Name + "]";
            return new Diagram(DiagramObservable.TestError, new[] { x.Vertices[0], y.Vertices[0] }, letterClass, classes.ToArray(), coefficient, 0,
                x.SameModeContractions + y.SameModeContractions, true, key, name, names.ToArray());
        }

        internal static Diagram WithCoefficient(Diagram d, Rational coefficient) =>
            new(d.Observable, d.Vertices, d.LetterClass, d.Classes, coefficient, d.Residual, d.SameModeContractions, d.IsProduct, d.Key, d.Name, d.ClassNames);

        /// <summary>
        /// A group of interchangeable legs: the legs of one index (Pooled = false), or the single legs of all indices
        /// that carry one leg in a vertex (Pooled = true: each leg its own index, the weight symmetric in them). The
        /// external node (Slot = −1) holds the observable's one or two legs at mode k.
        /// </summary>
        private sealed class Node
        {
            public Node(int slot, int[] letters, int capacity, bool pooled)
            {
                Slot = slot; Letters = letters; Capacity = capacity; Pooled = pooled;
            }

            public int Slot { get; }
            public int[] Letters { get; }
            public int Capacity { get; }
            public bool Pooled { get; }
        }

        private static Node[] BuildNodes(DiagramObservable observable, VertexPattern[] patterns)
        {
            var nodes = new List<Node> { new(-1, Array.Empty<int>(), observable == DiagramObservable.Variance ? 2 : 1, false) };
            for (var s = 0; s < patterns.Length; s++)
            {
                var p = patterns[s];
                var singles = Enumerable.Range(0, p.LetterCount).Where(l => p.Multiplicity[l] == 1).ToArray();
                for (var l = 0; l < p.LetterCount; l++)
                    if (p.Multiplicity[l] >= 2 || singles.Length == 1)
                        nodes.Add(new Node(s, new[] { l }, p.Multiplicity[l], false));
                if (singles.Length >= 2) nodes.Add(new Node(s, singles, singles.Length, true));
            }
            return nodes.ToArray();
        }

        /// <summary>The letters of a vertex that are not pooled, in pattern order, grouped by multiplicity for the symmetry.</summary>
        private static int[] Individual(VertexPattern p)
        {
            var singles = Enumerable.Range(0, p.LetterCount).Count(l => p.Multiplicity[l] == 1);
            return Enumerable.Range(0, p.LetterCount).Where(l => p.Multiplicity[l] >= 2 || singles == 1).ToArray();
        }

        private static bool IsPooled(VertexPattern p, int letter) =>
            p.Multiplicity[letter] == 1 && Enumerable.Range(0, p.LetterCount).Count(l => p.Multiplicity[l] == 1) >= 2;

        /// <summary>One enumeration over the symmetric matrix n[x, y] of pairings between nodes.</summary>
        private sealed class Enumeration
        {
            private readonly Node[] _nodes;
            private readonly int[] _slots;
            private readonly IReadOnlyList<VertexPattern> _patterns;
            private readonly DiagramObservable _observable;
            private readonly int[,] _n;
            private readonly int[] _remaining;
            private readonly Canonical _canonical;
            private readonly int[][] _symmetries;
            private Action<Diagram>? _emit;

            public Enumeration(Node[] nodes, int[] slots, IReadOnlyList<VertexPattern> patterns, DiagramObservable observable)
            {
                _nodes = nodes; _slots = slots; _patterns = patterns; _observable = observable;
                _n = new int[nodes.Length, nodes.Length];
                _remaining = nodes.Select(x => x.Capacity).ToArray();
                _canonical = new Canonical(observable, slots, patterns);
                _symmetries = Symmetries(nodes, slots, patterns);
            }

            /// <summary>
            /// The node permutations that map every configuration to one of equal value and count: permutations of the
            /// non-pooled letter nodes of equal multiplicity within a vertex (the weight's symmetry) and, for two copies
            /// of one perturbation, their exchange. The identity is included.
            /// </summary>
            private static int[][] Symmetries(Node[] nodes, int[] slots, IReadOnlyList<VertexPattern> patterns)
            {
                var k = nodes.Length;
                var result = new List<int[]> { Enumerable.Range(0, k).ToArray() };
                for (var s = 0; s < slots.Length; s++)
                {
                    var pattern = patterns[slots[s]];
                    foreach (var group in Enumerable.Range(0, k).Where(x => nodes[x].Slot == s && !nodes[x].Pooled)
                        .GroupBy(x => pattern.Multiplicity[nodes[x].Letters[0]]).Where(g => g.Count() > 1))
                    {
                        var members = group.ToArray();
                        var expanded = new List<int[]>();
                        foreach (var current in result)
                            foreach (var perm in Canonical.AllPermutations(members))
                            {
                                var copy = current.ToArray();
                                for (var j = 0; j < members.Length; j++) copy[members[j]] = current[perm[j]];
                                expanded.Add(copy);
                            }
                        result = expanded;
                    }
                }
                if (slots.Length == 2 && slots[0] == slots[1])
                {
                    // Nodes of both copies are built in the same order: the i-th node of copy 0 ↔ the i-th of copy 1.
                    var first = Enumerable.Range(0, k).Where(x => nodes[x].Slot == 0).ToArray();
                    var second = Enumerable.Range(0, k).Where(x => nodes[x].Slot == 1).ToArray();
                    var swap = Enumerable.Range(0, k).ToArray();
                    for (var i = 0; i < first.Length; i++) { swap[first[i]] = second[i]; swap[second[i]] = first[i]; }
                    result = result.Concat(result.Select(p => p.Select(x => swap[x]).ToArray())).ToList();
                }
                return result.ToArray();
            }

            private int Get(int x, int y) => x <= y ? _n[x, y] : _n[y, x];

            /// <summary>
            /// Whether the current configuration is the smallest of its orbit under <see cref="_symmetries"/> (upper
            /// triangle read row by row), and the size of its stabiliser.
            /// </summary>
            private bool IsOrbitMinimum(out int stabiliser)
            {
                stabiliser = 0;
                var k = _nodes.Length;
                foreach (var sigma in _symmetries)
                {
                    var comparison = 0;
                    for (var x = 0; x < k && comparison == 0; x++)
                        for (var y = x; y < k; y++)
                        {
                            var permuted = Get(sigma[x], sigma[y]);
                            var current = _n[x, y];
                            if (permuted != current) { comparison = permuted < current ? -1 : 1; break; }
                        }
                    if (comparison < 0) return false;
                    if (comparison == 0) stabiliser++;
                }
                return true;
            }

            public void Run(Action<Diagram> emit)
            {
                _emit = emit;
                Recurse(0, 0);
            }

            private void Recurse(int x, int y)
            {
                var k = _nodes.Length;
                if (x == k) { Emit(); return; }
                if (y == k)
                {
                    if (x == 0 && _remaining[0] != 0) return; // every external leg is contracted with a vertex leg
                    Recurse(x + 1, x + 1);
                    return;
                }
                var max = x == y ? (x == 0 ? 0 : _remaining[x] / 2) : Math.Min(_remaining[x], _remaining[y]);
                for (var count = 0; count <= max; count++)
                {
                    _n[x, y] = count;
                    if (x == y) _remaining[x] -= 2 * count;
                    else { _remaining[x] -= count; _remaining[y] -= count; }
                    Recurse(x, y + 1);
                    if (x == y) _remaining[x] += 2 * count;
                    else { _remaining[x] += count; _remaining[y] += count; }
                }
                _n[x, y] = 0;
            }

            private void Emit()
            {
                var k = _nodes.Length;
                if (_slots.Length == 2)
                {
                    var connected = false;
                    for (var x = 1; x < k && !connected; x++)
                        for (var y = x + 1; y < k && !connected; y++)
                            if (_n[x, y] > 0 && _nodes[x].Slot != _nodes[y].Slot) connected = true;
                    if (!connected) return;
                }
                // One configuration per orbit of the symmetries, standing for the whole orbit (equal values and counts).
                if (!IsOrbitMinimum(out var stabiliser)) return;
                var orbit = _symmetries.Length / stabiliser;

                // The number of leg-level pairings this configuration stands for.
                long count = 1;
                for (var x = 0; x < k; x++)
                {
                    long denominator = Factorial(_remaining[x]) * Factorial(2 * _n[x, x]);
                    for (var y = 0; y < k; y++)
                        if (y != x) denominator *= Factorial(_n[Math.Min(x, y), Math.Max(x, y)]);
                    count *= Factorial(_nodes[x].Capacity) / denominator;
                    count *= DoubleFactorial(2 * _n[x, x] - 1);
                    for (var y = x + 1; y < k; y++) count *= Factorial(_n[x, y]);
                }

                // Union-find over the indices: one element per non-pooled node, one per pooled leg.
                var element = new int[k];
                var pooledFirst = new int[k];
                var elements = 0;
                for (var x = 0; x < k; x++)
                {
                    if (_nodes[x].Pooled) { pooledFirst[x] = elements; elements += _nodes[x].Capacity; }
                    else element[x] = elements++;
                }
                var parent = Enumerable.Range(0, elements).ToArray();
                int Find(int e) { while (parent[e] != e) e = parent[e] = parent[parent[e]]; return e; }
                void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }
                var cursor = new int[k];
                int Next(int x) => _nodes[x].Pooled ? pooledFirst[x] + cursor[x]++ : element[x];

                var propagatorAt = new List<int>();
                var signalAt = new List<int>();
                var sameMode = 0;
                for (var x = 0; x < k; x++)
                    for (var y = x; y < k; y++)
                        for (var c = 0; c < _n[x, y]; c++)
                        {
                            if (x == y)
                            {
                                if (_nodes[x].Pooled) { var e1 = Next(x); var e2 = Next(x); Union(e1, e2); propagatorAt.Add(e1); }
                                else { propagatorAt.Add(element[x]); sameMode++; }
                            }
                            else
                            {
                                var e1 = Next(x); var e2 = Next(y);
                                Union(e1, e2);
                                propagatorAt.Add(e1);
                            }
                        }
                for (var x = 1; x < k; x++)
                    for (var c = 0; c < _remaining[x]; c++) signalAt.Add(Next(x));

                // Classes: roots in order of first appearance, the external one first.
                var classOf = new Dictionary<int, int>();
                var roots = new List<int>();
                int ClassOf(int e)
                {
                    var r = Find(e);
                    if (!classOf.TryGetValue(r, out var c)) { c = roots.Count; classOf[r] = c; roots.Add(r); }
                    return c;
                }
                ClassOf(element[0]);
                var letterClass = _slots.Select(s => new int[_patterns[s].LetterCount]).ToArray();
                for (var x = 1; x < k; x++)
                {
                    var node = _nodes[x];
                    for (var i = 0; i < node.Letters.Length; i++)
                        letterClass[node.Slot][node.Letters[i]] = ClassOf(node.Pooled ? pooledFirst[x] + i : element[x]);
                }
                var propagators = new int[roots.Count];
                var signals = new int[roots.Count];
                foreach (var e in propagatorAt) propagators[ClassOf(e)]++;
                foreach (var e in signalAt) signals[ClassOf(e)]++;
                var classes = Enumerable.Range(0, roots.Count).Select(c => new IndexClass(c == 0, propagators[c], signals[c])).ToArray();

                var coefficient = new Rational(_slots.Length % 2 == 0 ? count * orbit : -count * orbit);
                foreach (var s in _slots) coefficient *= new Rational(1, _patterns[s].LegCount);
                if (_slots.Length == 2 && _slots[0] == _slots[1]) coefficient *= new Rational(1, 2);

                var r = _canonical.Describe(letterClass, classes);
                _emit!(new Diagram(_observable, _slots, r.LetterClass, r.Classes, coefficient, 0, sameMode, false, r.Key, r.NameTemplate, r.ClassNames));
            }
        }

        private static long Factorial(int n)
        {
            long f = 1;
            for (var i = 2; i <= n; i++) f *= i;
            return f;
        }

        private static long DoubleFactorial(int n)
        {
            long f = 1;
            for (var i = n; i > 1; i -= 2) f *= i;
            return f;
        }

        /// <summary>
        /// The canonical key of a contracted diagram and its readable formula: the smallest code over the
        /// permutations of equally frequent indices in each vertex (the weight's symmetries) and, for two copies of one
        /// vertex, their exchange. Indices carrying a single leg are pooled: only how many of them land in each class
        /// matters. A code lists, vertex by vertex, the class of each non-pooled index (classes numbered in order of
        /// first appearance, the external one first), then each numbered class's propagators, signals and pooled
        /// indices, then the same for the classes that hold pooled indices only, sorted.
        /// </summary>
        /// <summary>A diagram's canonical key, its formula with "{0}", "{1}" standing for the vertices' weights, and its canonical classes.</summary>
        internal sealed class Representative
        {
            public Representative(string key, string nameTemplate, int[][] letterClass, IndexClass[] classes, string[] classNames)
            {
                Key = key; NameTemplate = nameTemplate; LetterClass = letterClass; Classes = classes; ClassNames = classNames;
            }

            public string Key { get; }
            public string NameTemplate { get; }
            public int[][] LetterClass { get; }
            public IndexClass[] Classes { get; }
            public string[] ClassNames { get; }
        }

        internal sealed class Canonical
        {
            private static readonly string[] FreeNames = { "q", "p", "r", "s", "u", "v", "w", "x", "z" };

            private readonly int[] _slots;
            private readonly VertexPattern[] _patterns;
            private readonly DiagramObservable _observable;
            private readonly int[][] _individual;
            private readonly bool[][] _pooled;
            private readonly int[][] _orders;

            public Canonical(DiagramObservable observable, int[] slots, IReadOnlyList<VertexPattern> patterns)
            {
                _observable = observable; _slots = slots;
                _patterns = slots.Select(s => patterns[s]).ToArray();
                _individual = _patterns.Select(Individual).ToArray();
                _pooled = _patterns.Select(p => Enumerable.Range(0, p.LetterCount).Select(l => IsPooled(p, l)).ToArray()).ToArray();
                _orders = slots.Length == 2 && slots[0] == slots[1] ? new[] { new[] { 0, 1 }, new[] { 1, 0 } } : new[] { Enumerable.Range(0, slots.Length).ToArray() };
            }

            public Representative Describe(int[][] letterClass, IndexClass[] classes)
            {
                var n = classes.Length;
                int[]? best = null;
                int[]? bestIds = null;
                int[]? bestOrder = null;
                int[][]? bestSequences = null;
                var choice = new int[_slots.Length];
                var ids = new int[n];
                var code = new List<int>(32);
                foreach (var order in _orders)
                {
                    var anonymous = AnonymousCodes(letterClass, classes, order);
                    var classCodes = new int[n];
                    for (var c = 0; c < n; c++) classCodes[c] = ClassCode(letterClass, classes, order, c);
                    var candidates = new List<int[]>[_slots.Length];
                    for (var i = 0; i < order.Length; i++) candidates[i] = Refined(order[i], letterClass, classCodes, order);
                    Array.Clear(choice, 0, choice.Length);
                    while (true)
                    {
                        // Build the code, comparing with the best so far as it grows: stop as soon as it is larger.
                        code.Clear();
                        for (var c = 0; c < n; c++) ids[c] = classes[c].External ? 0 : -1;
                        var next = 1;
                        var state = best is null ? -1 : 0; // −1: smaller than best (or no best); 0: equal so far; 1: larger
                        void Add(int value)
                        {
                            if (state == 0)
                            {
                                var i = code.Count;
                                var other = i < best!.Length ? best[i] : int.MinValue;
                                if (value != other) state = value < other ? -1 : 1;
                            }
                            code.Add(value);
                        }
                        for (var i = 0; i < order.Length && state <= 0; i++)
                        {
                            var v = order[i];
                            Add(_slots[v]);
                            foreach (var letter in candidates[i][choice[i]])
                            {
                                var c = letterClass[v][letter];
                                if (ids[c] < 0) ids[c] = next++;
                                Add(ids[c]);
                            }
                        }
                        if (state <= 0)
                        {
                            Add(-1);
                            var classOfId = new int[next];
                            for (var c = 0; c < n; c++) if (ids[c] >= 0) classOfId[ids[c]] = c;
                            for (var id = 0; id < next && state <= 0; id++) Add(classCodes[classOfId[id]]);
                            Add(-1);
                            foreach (var x in anonymous.Codes) Add(x);
                        }
                        if (state < 0)
                        {
                            best = code.ToArray();
                            bestIds = (int[])ids.Clone();
                            var k = next;
                            foreach (var c in anonymous.Classes) bestIds[c] = k++;
                            bestOrder = order;
                            bestSequences = Enumerable.Range(0, order.Length).Select(i => candidates[i][choice[i]]).ToArray();
                        }
                        // Next combination of permutations (odometer).
                        var j = 0;
                        while (j < choice.Length && ++choice[j] == candidates[j].Count) choice[j++] = 0;
                        if (j == choice.Length) break;
                    }
                }

                return Represent(best!, bestIds!, bestOrder!, bestSequences!, letterClass, classes);
            }

            /// <summary>
            /// The canonical representative of the smallest code: classes renumbered by canonical id (the external
            /// class 0), vertices in the chosen order, and each vertex's letters assigned so that, within a group of
            /// equally frequent letters (which the weight cannot tell apart), classes ascend.
            /// </summary>
            private Representative Represent(int[] best, int[] finalIds, int[] bestOrder, int[][] bestSequences, int[][] letterClass, IndexClass[] classes)
            {
                var n = classes.Length;
                var canonicalClasses = new IndexClass[n];
                for (var c = 0; c < n; c++) canonicalClasses[finalIds[c]] = classes[c];
                var classNames = new string[n];
                var free = 0;
                for (var c = 0; c < n; c++)
                    classNames[c] = canonicalClasses[c].External ? "k" : free < FreeNames.Length ? FreeNames[free++] : "i" + (++free - FreeNames.Length);
                var canonicalLetters = new int[bestOrder.Length][];
                var sb = new StringBuilder();
                for (var i = 0; i < bestOrder.Length; i++)
                {
                    var v = bestOrder[i];
                    var pattern = _patterns[v];
                    var sequence = bestSequences[i];
                    var assigned = new int[pattern.LetterCount];
                    for (var position = 0; position < _individual[v].Length; position++)
                        assigned[_individual[v][position]] = finalIds[letterClass[v][sequence[position]]];
                    foreach (var group in _individual[v].GroupBy(l => pattern.Multiplicity[l]))
                    {
                        var letters = group.ToArray();
                        var ascending = letters.Select(l => assigned[l]).OrderBy(x => x).ToArray();
                        for (var j = 0; j < letters.Length; j++) assigned[letters[j]] = ascending[j];
                    }
                    var pooledLetters = Enumerable.Range(0, pattern.LetterCount).Where(l => _pooled[v][l]).ToArray();
                    var pooledIds = pooledLetters.Select(l => finalIds[letterClass[v][l]]).OrderBy(x => x).ToArray();
                    for (var j = 0; j < pooledLetters.Length; j++) assigned[pooledLetters[j]] = pooledIds[j];
                    canonicalLetters[i] = assigned;
                    if (sb.Length > 0) sb.Append(' ');
                    sb.Append('{').Append(i).Append('}').Append('(').Append(string.Join(",", assigned.Select(c => classNames[c]))).Append(')');
                }
                for (var c = 0; c < n; c++)
                {
                    sb.Append(Factor("G", classNames[c], canonicalClasses[c].Propagators));
                    sb.Append(Factor("f̄", classNames[c], canonicalClasses[c].Signals));
                }
                var prefix = _observable == DiagramObservable.Variance ? "G|" : "M|";
                var key = prefix + string.Join(".", best.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return new Representative(key, sb.ToString(), canonicalLetters, canonicalClasses, classNames);
            }

            /// <summary>External flag, propagators, signals and pooled indices per vertex (in the given order) of a class, packed.</summary>
            private int ClassCode(int[][] letterClass, IndexClass[] classes, int[] order, int c)
            {
                var code = (classes[c].External ? 1 : 0) << 4 | classes[c].Propagators;
                code = code << 4 | classes[c].Signals;
                foreach (var v in order)
                {
                    var pooled = 0;
                    for (var l = 0; l < _patterns[v].LetterCount; l++)
                        if (_pooled[v][l] && letterClass[v][l] == c) pooled++;
                    code = code << 3 | pooled;
                }
                return code;
            }

            /// <summary>The classes that hold only pooled indices (not external, no non-pooled index), with their codes sorted.</summary>
            private (List<int> Classes, List<int> Codes) AnonymousCodes(int[][] letterClass, IndexClass[] classes, int[] order)
            {
                var named = new bool[classes.Length];
                for (var c = 0; c < classes.Length; c++) named[c] = classes[c].External;
                for (var v = 0; v < _slots.Length; v++)
                    foreach (var l in _individual[v]) named[letterClass[v][l]] = true;
                var list = Enumerable.Range(0, classes.Length).Where(c => !named[c]).Select(c => (c, code: ClassCode(letterClass, classes, order, c)))
                    .OrderBy(t => t.code).ToList();
                return (list.Select(t => t.c).ToList(), list.Select(t => t.code).ToList());
            }

            private static int Compare(List<int> a, int[] b)
            {
                var n = Math.Min(a.Count, b.Length);
                for (var i = 0; i < n; i++)
                    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
                return a.Count.CompareTo(b.Length);
            }

            private static string Factor(string symbol, string index, int power) =>
                power == 0 ? "" : " " + symbol + "_" + index + (power == 1 ? "" : Superscript(power));

            internal static string Superscript(int n)
            {
                const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
                return new string(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(ch => digits[ch - '0']).ToArray());
            }

            /// <summary>
            /// The orders of a vertex's non-pooled letters to try: within each group of equal multiplicity (which the
            /// weight's symmetry lets permute) the letters sorted by an invariant of their class (its code and how many
            /// non-pooled letters of each vertex it holds), and every permutation among letters whose invariants tie.
            /// The invariant does not depend on the labelling, so isomorphic diagrams get corresponding candidate sets.
            /// </summary>
            private List<int[]> Refined(int v, int[][] letterClass, int[] classCodes, int[] order)
            {
                var letters = _individual[v];
                var pattern = _patterns[v];
                var invariant = new long[letters.Length];
                for (var i = 0; i < letters.Length; i++)
                {
                    var c = letterClass[v][letters[i]];
                    long key = classCodes[c];
                    foreach (var w in order)
                    {
                        var held = 0;
                        foreach (var l in _individual[w]) if (letterClass[w][l] == c) held++;
                        key = key << 3 | (long)held;
                    }
                    invariant[i] = key;
                }
                // Sort positions: by multiplicity group (as in the pattern), then by invariant.
                var sorted = Enumerable.Range(0, letters.Length)
                    .OrderBy(i => Array.IndexOf(letters, letters.First(l => pattern.Multiplicity[l] == pattern.Multiplicity[letters[i]])))
                    .ThenBy(i => invariant[i]).ToArray();
                var result = new List<int[]> { sorted.Select(i => letters[i]).ToArray() };
                var start = 0;
                while (start < sorted.Length)
                {
                    var end = start + 1;
                    while (end < sorted.Length && invariant[sorted[end]] == invariant[sorted[start]]
                        && pattern.Multiplicity[letters[sorted[end]]] == pattern.Multiplicity[letters[sorted[start]]]) end++;
                    if (end - start > 1)
                    {
                        var expanded = new List<int[]>();
                        foreach (var current in result)
                            foreach (var perm in AllPermutations(current.Skip(start).Take(end - start).ToArray()))
                            {
                                var copy = current.ToArray();
                                for (var j = 0; j < perm.Length; j++) copy[start + j] = perm[j];
                                expanded.Add(copy);
                            }
                        result = expanded;
                    }
                    start = end;
                }
                return result;
            }

            internal static IEnumerable<int[]> AllPermutations(int[] items)
            {
                if (items.Length <= 1) { yield return items; yield break; }
                for (var i = 0; i < items.Length; i++)
                {
                    var rest = items.Where((_, j) => j != i).ToArray();
                    foreach (var tail in AllPermutations(rest)) yield return new[] { items[i] }.Concat(tail).ToArray();
                }
            }
        }
    }
}
