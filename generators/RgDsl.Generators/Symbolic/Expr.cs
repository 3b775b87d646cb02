using System;
using System.Globalization;

namespace RgDsl.Generators.Symbolic;

/// <summary>A symbolic expression over constants, model parameters and the mode index k.</summary>
internal abstract record Expr
{
    public abstract bool DependsOnMode { get; }
}

internal sealed record Num(double Value) : Expr
{
    public override bool DependsOnMode => false;
}

/// <summary>A [Parameter] property of the model.</summary>
internal sealed record Param(string Name) : Expr
{
    public override bool DependsOnMode => false;
}

/// <summary>The mode index k.</summary>
internal sealed record ModeIndex : Expr
{
    public static readonly ModeIndex Instance = new();
    public override bool DependsOnMode => true;
}

internal sealed record Neg(Expr Operand) : Expr
{
    public override bool DependsOnMode => Operand.DependsOnMode;
}

internal sealed record Binary(char Op, Expr Left, Expr Right) : Expr
{
    public override bool DependsOnMode => Left.DependsOnMode || Right.DependsOnMode;
}

/// <summary>Math.Pow(a, b).</summary>
internal sealed record Pow(Expr Base, Expr Exponent) : Expr
{
    public override bool DependsOnMode => Base.DependsOnMode || Exponent.DependsOnMode;
}

/// <summary>Math.Exp, Math.Log, Math.Sqrt of one argument.</summary>
internal sealed record Func1(string Name, Expr Argument) : Expr
{
    public override bool DependsOnMode => Argument.DependsOnMode;
}

/// <summary>Constant folding, identities, and the power-law normal form c·k^e.</summary>
internal static class Algebra
{
    public static Expr Add(Expr a, Expr b) => Simplify(new Binary('+', a, b));
    public static Expr Sub(Expr a, Expr b) => Simplify(new Binary('-', a, b));
    public static Expr Mul(Expr a, Expr b) => Simplify(new Binary('*', a, b));
    public static Expr Div(Expr a, Expr b) => Simplify(new Binary('/', a, b));
    public static Expr Negate(Expr a) => Simplify(new Neg(a));

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
                    case '-' when l == r: return new Num(0);
                    case '*' when IsZero(l) || IsZero(r): return new Num(0);
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

    /// <summary>Writes e as c·k^x with c and x free of k, or returns null with the reason.</summary>
    public static (Expr Coefficient, Expr Exponent)? PowerLaw(Expr e, out string? reason)
    {
        reason = null;
        var result = Normalise(e, ref reason);
        return result is null ? null : (Simplify(result.Value.Coefficient), Simplify(result.Value.Exponent));
    }

    private static (Expr Coefficient, Expr Exponent)? Normalise(Expr e, ref string? reason)
    {
        if (!e.DependsOnMode) return (e, new Num(0));
        switch (e)
        {
            case ModeIndex:
                return (new Num(1), new Num(1));
            case Neg(var x):
            {
                var inner = Normalise(x, ref reason);
                return inner is null ? null : (new Neg(inner.Value.Coefficient), inner.Value.Exponent);
            }
            case Binary('*', var l, var r):
            {
                var a = Normalise(l, ref reason); var b = Normalise(r, ref reason);
                if (a is null || b is null) return null;
                return (new Binary('*', a.Value.Coefficient, b.Value.Coefficient), new Binary('+', a.Value.Exponent, b.Value.Exponent));
            }
            case Binary('/', var l, var r):
            {
                var a = Normalise(l, ref reason); var b = Normalise(r, ref reason);
                if (a is null || b is null) return null;
                return (new Binary('/', a.Value.Coefficient, b.Value.Coefficient), new Binary('-', a.Value.Exponent, b.Value.Exponent));
            }
            case Pow(var b, var x) when !x.DependsOnMode:
            {
                var a = Normalise(b, ref reason);
                return a is null ? null : (new Pow(a.Value.Coefficient, x), new Binary('*', a.Value.Exponent, x));
            }
            case Func1("Sqrt", var x):
            {
                var a = Normalise(x, ref reason);
                return a is null ? null : (new Func1("Sqrt", a.Value.Coefficient), new Binary('*', a.Value.Exponent, new Num(0.5)));
            }
            case Binary(var op, _, _):
                reason = op is '+' or '-' ? "a sum of terms in k" : $"'{op}' of terms in k";
                return null;
            case Pow:
                reason = "an exponent that depends on k";
                return null;
            case Func1(var name, _):
                reason = $"Math.{name} of k";
                return null;
            default:
                reason = "an unsupported expression";
                return null;
        }
    }

    /// <summary>Evaluates a k-free expression with parameter values; null if a parameter has no known value.</summary>
    public static double? Evaluate(Expr e, Func<string, double?> parameter) => e switch
    {
        Num n => n.Value,
        Param p => parameter(p.Name),
        Neg(var x) => -Evaluate(x, parameter),
        Binary(var op, var l, var r) when Evaluate(l, parameter) is { } a && Evaluate(r, parameter) is { } b =>
            op switch { '+' => a + b, '-' => a - b, '*' => a * b, _ => a / b },
        Pow(var b, var x) when Evaluate(b, parameter) is { } a && Evaluate(x, parameter) is { } c => Math.Pow(a, c),
        Func1(var name, var x) when Evaluate(x, parameter) is { } a =>
            name switch { "Exp" => Math.Exp(a), "Log" => Math.Log(a), _ => Math.Sqrt(a) },
        _ => null,
    };

    internal static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
