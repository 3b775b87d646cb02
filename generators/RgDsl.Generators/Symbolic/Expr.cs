using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;

namespace RgDsl.Generators.Symbolic;

/// <summary>A symbolic expression over constants, model parameters and the mode index k.</summary>
internal abstract record Expr
{
    public abstract bool DependsOnMode { get; }

    /// <summary>The height of the tree (1 for a leaf): the reader refuses deep trees, so that every recursion over them stays shallow.</summary>
    public abstract int Depth { get; }
}

internal sealed record Num(double Value) : Expr
{
    public override bool DependsOnMode => false;
    public override int Depth => 1;
}

/// <summary>A [Parameter] property of the model.</summary>
internal sealed record Param(string Name) : Expr
{
    public override bool DependsOnMode => false;
    public override int Depth => 1;
}

/// <summary>A mode index: slot 0 is k, 1 is q, 2 is p (the parameters of the member, in order).</summary>
internal sealed record ModeIndex(int Slot = 0) : Expr
{
    public static readonly ModeIndex Instance = new(0);
    public override bool DependsOnMode => true;
    public override int Depth => 1;
}

internal sealed record Neg(Expr Operand) : Expr
{
    public override bool DependsOnMode => Operand.DependsOnMode;
    public override int Depth { get; } = 1 + Operand.Depth;
}

internal sealed record Binary(char Op, Expr Left, Expr Right) : Expr
{
    public override bool DependsOnMode => Left.DependsOnMode || Right.DependsOnMode;
    public override int Depth { get; } = 1 + Math.Max(Left.Depth, Right.Depth);
}

/// <summary>Math.Pow(a, b).</summary>
internal sealed record Pow(Expr Base, Expr Exponent) : Expr
{
    public override bool DependsOnMode => Base.DependsOnMode || Exponent.DependsOnMode;
    public override int Depth { get; } = 1 + Math.Max(Base.Depth, Exponent.Depth);
}

/// <summary>Math.Exp, Math.Log, Math.Sqrt of one argument.</summary>
internal sealed record Func1(string Name, Expr Argument) : Expr
{
    public override bool DependsOnMode => Argument.DependsOnMode;
    public override int Depth { get; } = 1 + Argument.Depth;
}

/// <summary>Constant folding, identities, and the power-law normal form c·k^e.</summary>
internal static class Algebra
{
    public static Expr Simplify(Expr e)
    {
        switch (e)
        {
            case Neg(var x):
                x = Simplify(x);
                if (x is Num n) return new Num(-n.Value);
                if (x is Neg inner) return inner.Operand;
                return new Neg(x);
            case Binary(var op, var l, var r):
            {
                l = Simplify(l); r = Simplify(r);
                if (l is Num a && r is Num b)
                {
                    var v = op switch { '+' => a.Value + b.Value, '-' => a.Value - b.Value, '*' => a.Value * b.Value, _ => a.Value / b.Value };
                    if (!double.IsNaN(v) && !double.IsInfinity(v)) return new Num(v);
                }
                switch (op)
                {
                    case '+' when IsZero(l): return r;
                    case '+' when IsZero(r): return l;
                    case '+' when r is Neg rn: return Simplify(new Binary('-', l, rn.Operand));
                    case '-' when IsZero(r): return l;
                    case '-' when IsZero(l): return Simplify(new Neg(r));
                    case '-' when l == r && !l.DependsOnMode: return new Num(0); // x − x is NaN for infinite x
                    // 0·x is 0 only for finite x: keep it when x depends on a mode (0·Math.Exp(k) is NaN at large k in C#).
                    case '*' when (IsZero(l) && !r.DependsOnMode) || (IsZero(r) && !l.DependsOnMode): return new Num(0);
                    case '*' when IsOne(l): return r;
                    case '*' when IsOne(r): return l;
                    case '*' when IsMinusOne(l): return Simplify(new Neg(r));
                    case '*' when IsMinusOne(r): return Simplify(new Neg(l));
                    case '/' when IsOne(r): return l;
                    case '/' when l == r && !l.DependsOnMode: return new Num(1); // a parameter over itself (zero is the user's run-time error)
                }
                return new Binary(op, l, r);
            }
            case Pow(var b0, var x0):
            {
                var b = Simplify(b0); var x = Simplify(x0);
                if (IsZero(x) || IsOne(b)) return new Num(1);
                if (IsOne(x)) return b;
                if (b is Num nb && x is Num nx)
                {
                    var v = Math.Pow(nb.Value, nx.Value);
                    if (!double.IsNaN(v) && !double.IsInfinity(v)) return new Num(v);
                }
                return new Pow(b, x);
            }
            case Func1(var name, var arg):
            {
                var a = Simplify(arg);
                if (a is Num constant)
                {
                    var v = name switch { "Exp" => Math.Exp(constant.Value), "Log" => Math.Log(constant.Value), _ => Math.Sqrt(constant.Value) };
                    if (!double.IsNaN(v) && !double.IsInfinity(v)) return new Num(v);
                }
                return new Func1(name, a);
            }
            default:
                return e;
        }
    }

    private static bool IsZero(Expr e) => e is Num { Value: 0 };
    private static bool IsOne(Expr e) => e is Num { Value: 1 };
    private static bool IsMinusOne(Expr e) => e is Num { Value: -1 };

    /// <summary>Writes e as c·k^x with c and x free of k (a one-index expansion with a single term), or returns null with the reason.</summary>
    public static (Expr Coefficient, Expr Exponent)? PowerLaw(Expr e, out string? reason)
    {
        var terms = Monomials(e, 1, out reason);
        if (terms is null) return null;
        if (terms.Count != 1)
        {
            reason = "a sum of terms in k";
            return null;
        }
        return (terms[0].Coefficient, terms[0].Exponents[0]);
    }

    /// <summary>A monomial c·k^{e₀}·q^{e₁}·p^{e₂} with k-free coefficient and exponents.</summary>
    internal sealed record Term(Expr Coefficient, Expr[] Exponents);

    /// <summary>Writes e as a sum of monomials in the mode indices of <paramref name="slots"/> slots, or null with the reason.</summary>
    public static List<Term>? Monomials(Expr e, int slots, out string? reason)
    {
        reason = null;
        var terms = Expand(e, slots, ref reason);
        if (reason is not null && slots == 1) reason = reason.Replace("the mode indices", "k").Replace("a mode index", "k");
        var simplified = terms?.Select(t => new Term(Simplify(t.Coefficient), t.Exponents.Select(Simplify).ToArray())).ToList();
        if (simplified is null) return null;
        // 0·k^e is 0 for e ≤ 0 (k^e is finite for k ≥ 1); for e > 0 it could be 0·∞ = NaN in C#, so it stays.
        var kept = simplified.Where(t => !(t.Coefficient is Num { Value: 0 } && t.Exponents.All(x => x is Num { Value: <= 0 }))).ToList();
        return kept.Count > 0 ? kept : [new Term(new Num(0), Enumerable.Repeat<Expr>(new Num(0), slots).ToArray())];
    }

    /// <summary>The most terms an expansion may have: beyond it the weight is evaluated as written (pairwise).</summary>
    private const int MaxTerms = 256;

    private static List<Term>? Expand(Expr e, int slots, ref string? reason)
    {
        Expr[] Zero() => Enumerable.Repeat<Expr>(new Num(0), slots).ToArray();
        if (!e.DependsOnMode) return [new Term(e, Zero())];
        switch (e)
        {
            case ModeIndex m when m.Slot < slots:
            {
                var exponents = Zero();
                exponents[m.Slot] = new Num(1);
                return [new Term(new Num(1), exponents)];
            }
            case Neg(var x):
                return Expand(x, slots, ref reason)?.Select(t => t with { Coefficient = new Neg(t.Coefficient) }).ToList();
            case Binary('+' or '-', var l, var r):
            {
                var a = Expand(l, slots, ref reason);
                var b = Expand(r, slots, ref reason);
                if (a is null || b is null) return null;
                if (a.Count + b.Count > MaxTerms) { reason = $"more than {MaxTerms} monomials"; return null; }
                var negate = ((Binary)e).Op == '-';
                return a.Concat(b.Select(t => negate ? t with { Coefficient = new Neg(t.Coefficient) } : t)).ToList();
            }
            case Binary('*', var l, var r):
            {
                var a = Expand(l, slots, ref reason);
                var b = Expand(r, slots, ref reason);
                if (a is null || b is null) return null;
                if (a.Count * b.Count > MaxTerms) { reason = $"more than {MaxTerms} monomials"; return null; }
                return (from x in a from y in b
                        select new Term(new Binary('*', x.Coefficient, y.Coefficient),
                            x.Exponents.Zip(y.Exponents, (p, q) => (Expr)new Binary('+', p, q)).ToArray())).ToList();
            }
            case Binary('/', var l, var r):
            {
                var a = Expand(l, slots, ref reason);
                var b = Expand(r, slots, ref reason);
                if (a is null || b is null) return null;
                if (b.Count != 1) { reason = "a division by a sum of terms in the mode indices"; return null; }
                return a.Select(x => new Term(new Binary('/', x.Coefficient, b[0].Coefficient),
                    x.Exponents.Zip(b[0].Exponents, (p, q) => (Expr)new Binary('-', p, q)).ToArray())).ToList();
            }
            case Pow(var b, var x) when !x.DependsOnMode:
            {
                var a = Expand(b, slots, ref reason);
                if (a is null) return null;
                if (a.Count == 1)
                    return [new Term(new Pow(a[0].Coefficient, x), a[0].Exponents.Select(p => (Expr)new Binary('*', p, x)).ToArray())];
                if (Simplify(x) is Num { Value: 2 or 3 or 4 } whole)
                {
                    // A small integer power of a sum: expand by repeated multiplication.
                    Expr product = b;
                    for (var i = 1; i < (int)whole.Value; i++) product = new Binary('*', product, b);
                    return Expand(product, slots, ref reason);
                }
                reason = "a non-integer power of a sum of terms in the mode indices";
                return null;
            }
            case Func1("Sqrt", var x):
            {
                var a = Expand(x, slots, ref reason);
                if (a is null) return null;
                if (a.Count != 1) { reason = "the square root of a sum of terms in the mode indices"; return null; }
                return [new Term(new Func1("Sqrt", a[0].Coefficient), a[0].Exponents.Select(p => (Expr)new Binary('*', p, new Num(0.5))).ToArray())];
            }
            case Pow:
                reason = "an exponent that depends on a mode index";
                return null;
            case Func1(var name, _):
                reason = $"Math.{name} of a mode index";
                return null;
            default:
                reason = "an unsupported expression";
                return null;
        }
    }

    /// <summary>Evaluates an expression with parameter values and mode indices; null if something has no known value.</summary>
    public static double? Evaluate(Expr e, Func<string, double?> parameter, double[] modes) => e switch
    {
        ModeIndex m when m.Slot < modes.Length => modes[m.Slot],
        Num n => n.Value,
        Param p => parameter(p.Name),
        Neg(var x) => -Evaluate(x, parameter, modes),
        Binary(var op, var l, var r) when Evaluate(l, parameter, modes) is { } a && Evaluate(r, parameter, modes) is { } b =>
            op switch { '+' => a + b, '-' => a - b, '*' => a * b, _ => a / b },
        Pow(var b, var x) when Evaluate(b, parameter, modes) is { } a && Evaluate(x, parameter, modes) is { } c => Math.Pow(a, c),
        Func1(var name, var x) when Evaluate(x, parameter, modes) is { } a =>
            name switch { "Exp" => Math.Exp(a), "Log" => Math.Log(a), _ => Math.Sqrt(a) },
        _ => null,
    };

    /// <summary>Evaluates a k-free expression with parameter values; null if a parameter has no known value.</summary>
    public static double? Evaluate(Expr e, Func<string, double?> parameter) => Evaluate(e, parameter, Array.Empty<double>());

    internal static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
