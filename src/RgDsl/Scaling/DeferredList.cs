// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators). Keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections;
using System.Collections.Generic;

namespace RgDsl.Scaling
{
    /// <summary>
    /// A read-only list built at its first access, then kept (thread-safe): the condition texts of a diagram class,
    /// which second order never shows, and the second-order tables of CompileTimeScaling, decoded only when read.
    /// </summary>
    internal sealed class DeferredList<T> : IReadOnlyList<T>
    {
        private readonly Lazy<T[]> _items;

        public DeferredList(Func<T[]> build) => _items = new Lazy<T[]>(build);

        public T this[int index] => _items.Value[index];
        public int Count => _items.Value.Length;
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items.Value).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
