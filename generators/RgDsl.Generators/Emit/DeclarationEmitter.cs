using System.Linq;
using RgDsl.Generators.Model;
using RgDsl.Scaling;
using static RgDsl.Generators.Emit.Literals;

namespace RgDsl.Generators.Emit;

/// <summary>
/// Writes what the generator understood as data: the static <c>RgDeclaration</c> (with the [Expect] claims) and the
/// static <c>CompileTimeScaling</c>, with named arguments for the many-parameter records.
/// </summary>
internal static class DeclarationEmitter
{
    public static void EmitDeclaration(CodeWriter w, ModelSpec model, TableData? tables)
    {
        w.Line("/// <summary>The declaration as the RgDsl generator understood it.</summary>");
        w.Call("public static readonly global::RgDsl.ModelDeclaration RgDeclaration = new global::RgDsl.ModelDeclaration", Named(
            ("Name", String(model.ClassName)),
            ("Modes", Modes(model.Modes)),
            ("Parameters", Array("global::RgDsl.DeclaredParameter", model.Parameters.Select(p =>
                New("global::RgDsl.DeclaredParameter", new[] { String(p.Name), Double(p.Default) })))),
            ("Spectrum", tables is null ? ModeFunction(model.Spectrum) : Table(model.SpectrumFile!.FileName, tables.Description)),
            ("Target", model.TargetFile is not null ? Table(model.TargetFile.FileName, "measured table") : model.Target is null ? "null" : ModeFunction(model.Target)),
            ("Ridge", String(model.Ridge.MemberName)),
            ("RidgeFormula", String(model.Ridge.Formula)),
            ("LabelNoise", String(model.Noise?.MemberName)),
            ("LabelNoiseFormula", String(model.Noise?.Formula)),
            ("Multiplicity", String(model.MultiplicityMethod)),
            ("Perturbations", Array("global::RgDsl.DeclaredPerturbation", model.Perturbations.Select(p => New("global::RgDsl.DeclaredPerturbation", Named(
                ("Method", String(p.MethodName)),
                ("Legs", Enum(p.Legs)),
                ("Formula", String(p.Formula)),
                ("Monomials", p.Recognised ? String(string.Join(" + ", p.Monomials.Select(m => m.Display))) : "null"),
                ("NotRecognisedReason", String(p.NotRecognisedReason)),
                ("Pattern", String(p.Pattern))))))),
            ("Expectations", Array("global::RgDsl.DeclaredExpectation", model.Expectations.Select(Expectation)))), ";");
        w.Line();
    }

    private static string Table(string fileName, string description) => New("global::RgDsl.DeclaredModeFunction", Named(
        ("Method", String(fileName)), ("Formula", String(description)), ("PowerLawCoefficient", "null"), ("PowerLawExponent", "null"),
        ("NotRecognisedReason", String("read from " + fileName))));

    private static string ModeFunction(ModeFunctionSpec f) => New("global::RgDsl.DeclaredModeFunction", Named(
        ("Method", String(f.MethodName)),
        ("Formula", String(f.Formula)),
        ("PowerLawCoefficient", String(f.PowerLaw?.CoefficientDisplay)),
        ("PowerLawExponent", String(f.PowerLaw?.ExponentDisplay)),
        ("NotRecognisedReason", String(f.NotRecognisedReason))));

    private static string Expectation(ExpectationSpec e) => New("global::RgDsl.DeclaredExpectation", e.Kind switch
    {
        ExpectationKind.Universality => Named(("Text", String(e.Text)), ("Universality", Enum(e.Universality))),
        ExpectationKind.DiagramExponent => Named(("Text", String(e.Text)), ("Perturbation", String(e.Perturbation)), ("Tolerance", Double(e.Tolerance)),
            ("Diagram", String(e.Diagram)), ("PExponent", Double(e.Exponent))),
        ExpectationKind.Classification => Named(("Text", String(e.Text)), ("Perturbation", String(e.Perturbation)), ("Classification", Enum(e.Classification))),
        _ => Named(("Text", String(e.Text)), ("LearningCurveExponent", Double(e.Exponent)), ("Tolerance", Double(e.Tolerance))),
    });

    public static void EmitScaling(CodeWriter w, ModelSpec model) => EmitScaling(w, model.Scaling);

    /// <summary>The static CompileTimeScaling of a model or network from its scaling spec (null: not analysable at compile time).</summary>
    public static void EmitScaling(CodeWriter w, ScalingSpec? spec)
    {
        w.Line("/// <summary>The scaling analysis done symbolically by the generator, at the declared defaults (null when the spectrum or target is not an analysable power law).</summary>");
        if (spec is not { } scaling)
        {
            w.Line("public static readonly global::RgDsl.ScalingReport? CompileTimeScaling = null;");
            w.Line();
            return;
        }
        w.Line("public static readonly global::RgDsl.ScalingReport? CompileTimeScaling = new global::RgDsl.ScalingReport(");
        w.Indent();
        w.Line("Alpha: " + Double(scaling.Alpha) + ",");
        w.Line("Beta: " + Double(scaling.Beta) + ",");
        w.ArrayArgument("Perturbations", "global::RgDsl.PerturbationScaling", scaling.Perturbations, p => EmitPerturbationScaling(w, p));
        w.Line("AlphaFormula: " + String(scaling.AlphaFormula) + ",");
        w.Line("BetaFormula: " + String(scaling.BetaFormula) + ",");
        w.Line("Ridgeless: " + Bool(scaling.Ridgeless) + ",");
        w.Line("Noise: " + Double(scaling.Noise) + ");");
        w.Dedent();
        w.Line();
    }

    private static void EmitPerturbationScaling(CodeWriter w, PerturbationScalingSpec p)
    {
        w.Line("new global::RgDsl.PerturbationScaling(");
        w.Indent();
        w.Line("Name: " + String(p.Name) + ",");
        w.Line("Legs: " + Enum(p.Legs) + ",");
        w.Line("Exponent: " + Double(p.Exponent) + ",");
        w.Line("ExponentFormula: " + String(p.ExponentFormula) + ",");
        w.Line("Interval: " + (p.IntervalLo is { } lo && p.IntervalHi is { } hi ? New("global::RgDsl.ScalingInterval", new[] { Double(lo), Double(hi) }) : "null") + ",");
        w.Line("Classification: " + Enum(p.Classification) + ",");
        w.ArrayArgument("Classes", "global::RgDsl.DiagramClassScaling", p.Classes, c => EmitClass(w, c));
        w.Line("CutoffSensitive: " + Bool(p.CutoffSensitive) + ",");
        w.Line("Logarithmic: " + Bool(p.Logarithmic) + ",");
        w.Line("Note: " + String(p.Note) + ",");
        // One string literal per perturbation, decoded at run time on first access: one call per class made the
        // compiler the slowest step of a build with many vertices.
        if (p.SecondOrder.Count > 0) w.Line("SecondOrder: " + SecondOrderTableCall(p.SecondOrder) + ",");
        if (p.Variance.Count > 0) w.ArrayArgument("VarianceClasses", "global::RgDsl.DiagramClassScaling", p.Variance, c => EmitClass(w, c));
        if (p.VarianceSecondOrder.Count > 0) w.Line("VarianceSecondOrder: " + SecondOrderTableCall(p.VarianceSecondOrder) + ",");
        w.Line("Pattern: " + String(p.Pattern) + "),");
        w.Dedent();
    }

    private static string SecondOrderTableCall(EquatableArray<ClassSpec> classes) =>
        "global::RgDsl.DiagramClassScaling.SecondOrderClasses(" + String(SecondOrderTable.Encode(classes.Select(c =>
            new SecondOrderRow(c.Kp, c.P, c.Dominance, c.Cutoff, c.KpFormula, c.PFormula, c.Diagram ?? "", c.Partner ?? "", c.DiagramCount, c.FreeSums)))) + ")";

    private static void EmitClass(CodeWriter w, ClassSpec c) => w.Call("new global::RgDsl.DiagramClassScaling", Named(
        ("Class", Enum(c.Class)),
        ("FreeSums", c.FreeSums.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("KpExponent", Double(c.Kp)),
        ("PExponent", Double(c.P)),
        ("Dominance", Enum(c.Dominance)),
        ("CutoffExponent", Double(c.Cutoff)),
        ("Conditions", Array("string", c.Conditions.Select(String))),
        ("KpFormula", String(c.KpFormula)),
        ("PFormula", String(c.PFormula)),
        ("Diagram", String(c.Diagram)),
        ("Order", c.Order.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Partner", String(c.Partner)),
        ("DiagramCount", c.DiagramCount.ToString(System.Globalization.CultureInfo.InvariantCulture))), ",");
}
