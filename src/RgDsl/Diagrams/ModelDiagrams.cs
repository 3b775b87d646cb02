// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators). Keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Linq;

namespace RgDsl.Diagrams
{
    /// <summary>
    /// The diagrams of a model's declared vertices: the enumerations of <see cref="DiagramEnumerator"/> (which know only
    /// patterns) placed on the model's perturbations (by position) and named with their weights' names. Keys start with
    /// the vertices ("0|…", "0,1|…"), so they are unique within the model.
    /// </summary>
    internal sealed class ModelDiagrams
    {
        private readonly IReadOnlyList<VertexPattern> _patterns;
        private readonly IReadOnlyList<string> _names;

        public ModelDiagrams(IReadOnlyList<VertexPattern> patterns, IReadOnlyList<string> names)
        {
            if (patterns.Count != names.Count) throw new ArgumentException("one name per pattern.", nameof(names));
            _patterns = patterns; _names = names;
        }

        public int Count => _patterns.Count;

        /// <summary>The connected diagrams of the mean or variance with one vertex of perturbation a.</summary>
        public IReadOnlyList<Diagram> Connected(DiagramObservable observable, int a) =>
            DiagramEnumerator.Connected(observable, _patterns[a]).Select(d => Place(d, a, a)).ToList();

        /// <summary>The connected diagrams of the mean or variance with one vertex of a and one of b (a ≤ b).</summary>
        public IReadOnlyList<Diagram> Connected(DiagramObservable observable, int a, int b)
        {
            if (a > b) (a, b) = (b, a);
            return DiagramEnumerator.Connected(observable, _patterns[a], _patterns[b], a == b).Select(d => Place(d, a, b)).ToList();
        }

        /// <summary>Every connected diagram of the mean or variance of the given order (1 or 2), perturbation by perturbation and pair by pair.</summary>
        public IReadOnlyList<Diagram> AllConnected(DiagramObservable observable, int order)
        {
            var result = new List<Diagram>();
            for (var a = 0; a < Count; a++)
            {
                if (order == 1) result.AddRange(Connected(observable, a));
                else
                    for (var b = a; b < Count; b++) result.AddRange(Connected(observable, a, b));
            }
            return result;
        }

        /// <summary>The first-order test-error diagrams of perturbation a.</summary>
        public IReadOnlyList<Diagram> TestError(int a) => Connected(DiagramObservable.Mean, a).Select(DiagramEnumerator.Projected).ToList();

        /// <summary>The second-order test-error diagrams of the pair a ≤ b: connected mean diagrams and products of first-order ones.</summary>
        public IReadOnlyList<Diagram> TestError(int a, int b)
        {
            if (a > b) (a, b) = (b, a);
            return Connected(DiagramObservable.Mean, a, b).Select(DiagramEnumerator.Projected)
                .Concat(DiagramEnumerator.Products(Connected(DiagramObservable.Mean, a), Connected(DiagramObservable.Mean, b), a == b))
                .ToList();
        }

        /// <summary>
        /// Every test-error diagram up to <paramref name="maxOrder"/> (1 or 2):
        /// δε = Σ_k n_k [−2(y_k − f̄_k)(δ₁f̄_k + δ₂f̄_k) + (δ₁f̄_k)²] + O(g³).
        /// </summary>
        public IReadOnlyList<Diagram> AllTestError(int maxOrder)
        {
            if (maxOrder < 1 || maxOrder > 2) throw new ArgumentOutOfRangeException(nameof(maxOrder), maxOrder, "diagrams are enumerated to first or second order.");
            var result = new List<Diagram>();
            for (var a = 0; a < Count; a++) result.AddRange(TestError(a));
            if (maxOrder == 2)
                for (var a = 0; a < Count; a++)
                    for (var b = a; b < Count; b++) result.AddRange(TestError(a, b));
            return result;
        }

        private Diagram Place(Diagram local, int a, int b)
        {
            var vertices = local.Order == 1 ? new[] { a } : new[] { a, b };
            var name = local.Name.Replace("{0}", _names[a]).Replace("{1}", _names[b]);
            var key = string.Join(",", vertices) + "|" + local.Key;
            return new Diagram(local.Observable, vertices, local.LetterClass, local.Classes, local.Coefficient, local.Residual, local.SameModeContractions,
                local.IsProduct, key, name, local.ClassNames);
        }
    }
}
