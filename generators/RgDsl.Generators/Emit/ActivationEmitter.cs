using System.Linq;
using RgDsl.Generators.Model;
using static RgDsl.Generators.Emit.Literals;

namespace RgDsl.Generators.Emit;

/// <summary>
/// Writes <c>__RgActivation()</c> for a network with a declared [Activation] method: the method as a delegate, and,
/// where the generator read it as a polynomial, its coefficients at the instance's parameters, guarded against the
/// method at probe points (<c>ClosedFormGuard.TryCheckActivation</c>); where they differ the method is used numerically.
/// </summary>
internal static class ActivationEmitter
{
    private const string Function = "global::RgDsl.Networks.Functions.ActivationFunction";

    public static void Emit(CodeWriter w, string className, ActivationSpec a)
    {
        var method = (a.IsStatic ? className : "this") + "." + a.MethodName;
        w.Line("/// <summary>φ as declared by [Activation] " + a.MethodName + (a.Display is null ? ", evaluated numerically." : ", read as the polynomial " + Escape(a.Display) + " (guarded against the method).") + "</summary>");
        w.Line("private " + Function + " __RgActivation()");
        w.Open();
        w.Line("global::System.Func<double, double> phi = " + method + ";");
        if (a.PolynomialCoefficients is { } coefficients)
        {
            w.Line("var polynomial = new double[] { " + string.Join(", ", coefficients) + " };");
            w.Line("return global::RgDsl.ClosedFormGuard.TryCheckActivation(phi, polynomial, out _)");
            w.Line("    ? new " + Function + "(" + String(a.MethodName) + ", phi, polynomial, " + String(a.Display) + ")");
            w.Line("    : new " + Function + "(" + String(a.MethodName) + ", phi);");
        }
        else
        {
            w.Line("return new " + Function + "(" + String(a.MethodName) + ", phi);");
        }
        w.Close();
        w.Line();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
