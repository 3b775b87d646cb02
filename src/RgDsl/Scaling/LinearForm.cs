// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace RgDsl.Scaling
{
    /// <summary>c₀ + Σ_i c_i·p_i: an exponent as a linear formula in the model's parameters.</summary>
    internal sealed class LinearForm : IEquatable<LinearForm>
    {
        private readonly SortedDictionary<string, double> _terms;

        private static readonly SortedDictionary<string, double> NoTerms = new SortedDictionary<string, double>(StringComparer.Ordinal);

        public LinearForm(double constant, IDictionary<string, double>? terms = null)
        {
            Constant = constant;
            _terms = NoTerms;
            if (terms != null)
                foreach (var kv in terms)
                    if (kv.Value != 0)
                    {
                        if (ReferenceEquals(_terms, NoTerms)) _terms = new SortedDictionary<string, double>(StringComparer.Ordinal);
                        _terms[kv.Key] = kv.Value;
                    }
        }

        // Forms are immutable, so a result may share its operand's terms: the fast paths below keep the generator's
        // power counting of hundreds of diagrams per model from allocating dictionaries for constant exponents.
        private LinearForm(double constant, SortedDictionary<string, double> terms, bool shared)
        {
            Constant = constant;
            _terms = terms;
        }

        public static LinearForm Of(double constant) => new LinearForm(constant);
        public static LinearForm Parameter(string name) => new LinearForm(0, new Dictionary<string, double> { [name] = 1 });

        public double Constant { get; }
        public IEnumerable<KeyValuePair<string, double>> Terms => _terms;
        public bool IsConstant => _terms.Count == 0;

        public static LinearForm operator +(LinearForm a, LinearForm b)
        {
            if (b._terms.Count == 0) return new LinearForm(a.Constant + b.Constant, a._terms, shared: true);
            if (a._terms.Count == 0) return new LinearForm(a.Constant + b.Constant, b._terms, shared: true);
            var terms = new Dictionary<string, double>(a._terms);
            foreach (var kv in b._terms) terms[kv.Key] = (terms.TryGetValue(kv.Key, out var v) ? v : 0) + kv.Value;
            return new LinearForm(a.Constant + b.Constant, terms);
        }

        public static LinearForm operator -(LinearForm a, LinearForm b) => a + b * -1;
        public static LinearForm operator -(LinearForm a) => a * -1;
        public static LinearForm operator +(LinearForm a, double b) => a + Of(b);
        public static LinearForm operator -(LinearForm a, double b) => a + Of(-b);

        public static LinearForm operator *(LinearForm a, double factor) =>
            a._terms.Count == 0 || factor == 1 ? new LinearForm(a.Constant * factor, a._terms, shared: true)
                : new LinearForm(a.Constant * factor, a._terms.ToDictionary(kv => kv.Key, kv => kv.Value * factor));

        public static LinearForm operator /(LinearForm a, double divisor) => a * (1 / divisor);

        /// <summary>The value with the given parameter values (NaN where a parameter has none).</summary>
        public double Evaluate(Func<string, double> parameter)
        {
            var value = Constant;
            foreach (var kv in _terms) value += kv.Value * parameter(kv.Key);
            return value;
        }

        /// <summary>"2 + 2*Alpha", "-1 - Beta", "Alpha/2", "0".</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            if (Constant != 0 || _terms.Count == 0) sb.Append(Number(Constant));
            foreach (var kv in _terms)
            {
                var c = kv.Value;
                if (sb.Length > 0) sb.Append(c < 0 ? " - " : " + ");
                else if (c < 0) sb.Append('-');
                var magnitude = Math.Abs(c);
                sb.Append(magnitude == 1 ? kv.Key : Number(magnitude) + "*" + kv.Key);
            }
            return sb.ToString();
        }

        private static string Number(double v) => Math.Round(v, 12).ToString("G12", CultureInfo.InvariantCulture);

        /// <summary>A/B as a formula: the form divided by another, kept as text when B is not constant.</summary>
        public string DividedBy(LinearForm divisor)
        {
            if (divisor.IsConstant) return (this / divisor.Constant).ToString();
            if (IsConstant && Constant == 0) return "0";
            return (IsConstant && Constant > 0 ? ToString() : "(" + this + ")") + "/(" + divisor + ")";
        }

        public bool Equals(LinearForm? other) =>
            other != null && Constant == other.Constant && _terms.Count == other._terms.Count && _terms.All(kv => other._terms.TryGetValue(kv.Key, out var v) && v == kv.Value);

        public override bool Equals(object? obj) => obj is LinearForm other && Equals(other);
        public override int GetHashCode() => ToString().GetHashCode();
    }
}
