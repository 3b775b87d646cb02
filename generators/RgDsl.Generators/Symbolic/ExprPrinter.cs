using System.Globalization;

namespace RgDsl.Generators.Symbolic;

/// <summary>Prints expressions as C# (for the emitted solver) and as readable formulas (for Describe and diagnostics).</summary>
internal static class ExprPrinter
{
    /// <summary>C# over the instance: parameters as this.Name, fully parenthesised, invariant round-trip literals.</summary>
    public static string ToCode(Expr e) => e switch
    {
        Num n => Emit.Literals.Double(n.Value),
        Param p => "this." + p.Name,
        ModeIndex m => "(double)" + SlotName(m.Slot),
        Neg(var x) => "(-" + ToCode(x) + ")",
        Binary(var op, var l, var r) => "(" + ToCode(l) + " " + op + " " + ToCode(r) + ")",
        Pow(var b, var x) => "global::System.Math.Pow(" + ToCode(b) + ", " + ToCode(x) + ")",
        Func1(var name, var x) => "global::System.Math." + name + "(" + ToCode(x) + ")",
        _ => "double.NaN",
    };

    /// <summary>A formula with minimal parentheses: 1 + Alpha, -(1 + Alpha), k^-(1 + Beta), 0.5·k^-2.</summary>
    public static string ToDisplay(Expr e) => Display(e, 0);

    // Precedence: 1 additive, 2 multiplicative, 3 unary minus, 4 power, 5 atoms.
    private static string Display(Expr e, int context)
    {
        switch (e)
        {
            case Num n:
            {
                var text = n.Value.ToString("G15", CultureInfo.InvariantCulture);
                return n.Value < 0 && context > 1 ? "(" + text + ")" : text;
            }
            case Param p: return p.Name;
            case ModeIndex m: return SlotName(m.Slot);
            case Neg(var x): return Wrap("-" + Display(x, 3), 3, context);
            case Binary(var op, var l, var r):
            {
                var precedence = op is '+' or '-' ? 1 : 2;
                var symbol = op == '*' ? "·" : op.ToString();
                var text = precedence == 1
                    ? Display(l, 1) + " " + symbol + " " + Display(r, 2)
                    : Display(l, 2) + symbol + Display(r, 3);
                return Wrap(text, precedence, context);
            }
            case Pow(var b, var x): return Wrap(Display(b, 5) + "^" + Display(x, 4), 4, context);
            case Func1(var name, var x): return (name == "Exp" ? "exp" : name == "Log" ? "ln" : "sqrt") + "(" + Display(x, 0) + ")";
            default: return "?";
        }
    }

    private static string Wrap(string text, int precedence, int context) => precedence < context ? "(" + text + ")" : text;

    internal static string SlotName(int slot) => slot switch { 0 => "k", 1 => "q", 2 => "p", 3 => "r", 4 => "s", _ => "u" };

    /// <summary>"c·k^a·q^b" with unit coefficients and zero exponents omitted.</summary>
    public static string MonomialDisplay(Expr coefficient, Expr[] exponents)
    {
        var parts = new System.Collections.Generic.List<string>();
        for (var i = 0; i < exponents.Length; i++)
        {
            var e = exponents[i];
            if (e is Num { Value: 0 }) continue;
            var name = SlotName(i);
            parts.Add(e switch
            {
                Num { Value: 1 } => name,
                Num n => name + "^" + n.Value.ToString("G15", CultureInfo.InvariantCulture),
                Neg(var x) => name + "^-" + Display(x, 4),
                _ => name + "^" + Display(e, 4),
            });
        }
        if (parts.Count == 0) return Display(coefficient, 0);
        var body = string.Join("·", parts);
        return coefficient is Num { Value: 1 } ? body : Display(coefficient, 2) + "·" + body;
    }

    /// <summary>"c·k^e" with a unit coefficient omitted.</summary>
    public static string PowerLawDisplay(Expr coefficient, Expr exponent)
    {
        if (exponent is Num { Value: 0 }) return Display(coefficient, 0); // a constant
        var power = exponent switch
        {
            Num { Value: 1 } => "k",
            Num n => "k^" + n.Value.ToString("G15", CultureInfo.InvariantCulture),
            Neg(var x) => "k^-" + Display(x, 4),
            _ => "k^" + Display(exponent, 4),
        };
        if (coefficient is Num { Value: 1 }) return power;
        return Display(coefficient, 2) + "·" + power;
    }
}
