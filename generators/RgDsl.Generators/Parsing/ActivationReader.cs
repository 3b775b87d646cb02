using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// Reads a network's [Activation] method into an <see cref="ActivationSpec"/>: checks the signature
/// <c>double Name(double z)</c>, reads the body with the model's <see cref="ExpressionReader"/>, and writes it as a
/// polynomial in z when it is one for every real z (sums, products, division by z-free values, whole powers; never a
/// rule that holds only for z &gt; 0, such as √(z²) = z). At the declared defaults it checks φ at probe points: finite,
/// not constant, and not growing faster than the Gaussian weight. A body it cannot read is evaluated numerically at
/// run time, where the same checks run before any heavy work.
/// </summary>
internal static class ActivationReader
{
    /// <summary>The highest degree read as a polynomial (RgDsl.Networks.Functions.ActivationFunction.MaxPolynomialDegree).</summary>
    private const int MaxDegree = 24;

    /// <summary>Where φ must be finite (the run time's probe points).</summary>
    private static readonly double[] Probes = { 0, 0.25, -0.25, 0.5, -0.5, 1, -1, 2, -2, 3, -3, 5, -5, 8, -8 };

    /// <summary>Where the growth is checked: φ(z)² e^(−z²/2) (unit pre-activation variance) must fall from |z| = 8 to |z| = 32.</summary>
    private const double Inner = 8, Outer = 32;

    public static ActivationSpec? Read(ISymbol member, ExpressionReader reader, IReadOnlyDictionary<string, double?> defaults, DiagnosticList diagnostics)
    {
        var location = LocationInfo.From(member.Locations.FirstOrDefault());
        if (member is not IMethodSymbol { Parameters.Length: 1, IsGenericMethod: false, ReturnsByRef: false } method
            || method.ReturnType.SpecialType != SpecialType.System_Double
            || method.Parameters[0].Type.SpecialType != SpecialType.System_Double
            || method.Parameters[0].RefKind != RefKind.None)
        {
            diagnostics.Report(DiagnosticDescriptors.NetworkMemberSignature, location, "Activation", member.Name,
                "a method 'double " + member.Name + "(double z)' returning φ(z), static or an instance method (which can read [Parameter]s)");
            return null;
        }

        var expression = reader.ReadMethod(method) is { } e ? Algebra.Simplify(e) : null;
        if (expression is null)
            return new ActivationSpec(method.Name, method.IsStatic, null, null, reader.Reason ?? "the body could not be read");
        if (!Check(method.Name, expression, defaults, location, diagnostics)) return null;

        string? reason = null;
        var polynomial = Polynomial(expression, ref reason);
        if (polynomial is null)
            return new ActivationSpec(method.Name, method.IsStatic, null, null, "not a polynomial in z: " + reason);
        var coefficients = Enumerable.Range(0, polynomial.Length).Select(k => ExprPrinter.ToCode(polynomial[k])).ToEquatableArray();
        return new ActivationSpec(method.Name, method.IsStatic, coefficients, Display(polynomial), null);
    }

    /// <summary>The compile-time checks at the declared defaults (skipped where a parameter has no constant default).</summary>
    private static bool Check(string name, Expr phi, IReadOnlyDictionary<string, double?> defaults, LocationInfo? location, DiagnosticList diagnostics)
    {
        double? At(double z) => Algebra.Evaluate(phi, p => defaults.TryGetValue(p, out var d) ? d : null, new[] { z });
        if (!phi.DependsOnMode)
        {
            var value = At(0);
            diagnostics.Report(DiagnosticDescriptors.ActivationConstant, location, name, "it does not depend on z", value is { } v ? " = " + Format(v) : "");
            return false;
        }
        var values = new List<double>();
        foreach (var z in Probes)
        {
            if (At(z) is not { } v) return true; // a parameter without a constant default: checked at run time
            if (double.IsNaN(v) || double.IsInfinity(v))
            {
                diagnostics.Report(DiagnosticDescriptors.ActivationNotIntegrable, location, name, "φ(" + Format(z) + ") = " + Format(v) + " at the declared defaults");
                return false;
            }
            values.Add(v);
        }
        if (values.All(v => v.Equals(values[0])))
        {
            diagnostics.Report(DiagnosticDescriptors.ActivationConstant, location, name, "φ = " + Format(values[0]) + " at every probe point", " at the declared defaults");
            return false;
        }
        foreach (var sign in new[] { 1.0, -1.0 })
        {
            if (At(sign * Outer) is not { } outer || At(sign * Inner) is not { } inner) continue;
            if (double.IsNaN(outer) || double.IsInfinity(outer))
            {
                diagnostics.Report(DiagnosticDescriptors.ActivationNotIntegrable, location, name,
                    "φ(" + Format(sign * Outer) + ") = " + Format(outer) + ": it grows faster than the Gaussian weight e^(−z²/2) falls");
                return false;
            }
            if (outer != 0 && LogIntegrand(outer, Outer) > LogIntegrand(inner, Inner))
            {
                diagnostics.Report(DiagnosticDescriptors.ActivationNotIntegrable, location, name, string.Format(CultureInfo.InvariantCulture,
                    "φ(z)² e^(−z²/2) grows from e^{0:0.#} at z = {1} to e^{2:0.#} at z = {3}", LogIntegrand(inner, Inner), Format(sign * Inner), LogIntegrand(outer, Outer), Format(sign * Outer)));
                return false;
            }
        }
        return true;
    }

    private static double LogIntegrand(double value, double z) => 2 * Math.Log(Math.Abs(value)) - z * z / 2;

    /// <summary>
    /// c_0 … c_n with φ(z) = Σ c_k z^k for every real z, or null with the reason. Only rules exact on the whole real line.
    /// </summary>
    internal static Expr[]? Polynomial(Expr e, ref string? reason)
    {
        if (!e.DependsOnMode) return new[] { e };
        switch (e)
        {
            case ModeIndex { Slot: 0 }:
                return new Expr[] { new Num(0), new Num(1) };
            case Neg(var x):
                return Polynomial(x, ref reason)?.Select(c => Algebra.Simplify(new Neg(c))).ToArray();
            case Binary('+' or '-', var l, var r):
            {
                var a = Polynomial(l, ref reason);
                var b = a is null ? null : Polynomial(r, ref reason);
                if (a is null || b is null) return null;
                var op = ((Binary)e).Op;
                var sum = new Expr[Math.Max(a.Length, b.Length)];
                for (var k = 0; k < sum.Length; k++)
                    sum[k] = k >= b.Length ? a[k] : k >= a.Length ? Algebra.Simplify(op == '+' ? b[k] : new Neg(b[k])) : Algebra.Simplify(new Binary(op, a[k], b[k]));
                return sum;
            }
            case Binary('*', var l, var r):
            {
                var a = Polynomial(l, ref reason);
                var b = a is null ? null : Polynomial(r, ref reason);
                return a is null || b is null ? null : Multiply(a, b, ref reason);
            }
            case Binary('/', var l, var r) when !r.DependsOnMode:
                return Polynomial(l, ref reason)?.Select(c => Algebra.Simplify(new Binary('/', c, r))).ToArray();
            case Binary('/', _, _):
                reason = "a division by an expression in z";
                return null;
            case Pow(var b, Num { Value: var n }) when n >= 0 && n <= MaxDegree && n == Math.Floor(n):
            {
                var basis = Polynomial(b, ref reason);
                if (basis is null) return null;
                Expr[]? power = new Expr[] { new Num(1) };
                for (var i = 0; i < (int)n && power is not null; i++) power = Multiply(power, basis, ref reason);
                return power;
            }
            case Pow:
                reason = "a power of z that is not a whole constant from 0 to " + MaxDegree.ToString(CultureInfo.InvariantCulture);
                return null;
            case Func1(var name, _):
                reason = "Math." + name + " of z";
                return null;
            default:
                reason = "an unsupported expression";
                return null;
        }
    }

    private static Expr[]? Multiply(Expr[] a, Expr[] b, ref string? reason)
    {
        if (a.Length + b.Length - 2 > MaxDegree)
        {
            reason = "a degree above " + MaxDegree.ToString(CultureInfo.InvariantCulture);
            return null;
        }
        var product = new Expr?[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
            for (var j = 0; j < b.Length; j++)
            {
                var term = new Binary('*', a[i], b[j]);
                product[i + j] = product[i + j] is { } existing ? new Binary('+', existing, term) : term;
            }
        return product.Select(c => Algebra.Simplify(c!)).ToArray();
    }

    /// <summary>"z + Epsilon·z^3": the non-zero terms.</summary>
    private static string Display(Expr[] c)
    {
        var parts = new List<string>();
        for (var k = 0; k < c.Length; k++)
        {
            if (c[k] is Num { Value: 0 }) continue;
            var power = k == 0 ? "" : k == 1 ? "z" : "z^" + k.ToString(CultureInfo.InvariantCulture);
            var coefficient = ExprPrinter.ToDisplay(c[k]);
            var needsParentheses = c[k] is Binary { Op: '+' or '-' };
            parts.Add(k == 0 ? coefficient
                : c[k] is Num { Value: 1 } ? power
                : (needsParentheses ? "(" + coefficient + ")" : coefficient) + "·" + power);
        }
        return parts.Count == 0 ? "0" : string.Join(" + ", parts);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
