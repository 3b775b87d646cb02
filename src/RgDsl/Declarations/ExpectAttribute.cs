namespace RgDsl;

/// <summary>
/// A compile-time checked claim about the model (DSL.md): the build fails (RG0026) when the generator's symbolic
/// scaling analysis at the declared parameter defaults contradicts it, and warns (RG0027) when it cannot decide.
/// <c>[Expect(Universality.GaussianProcess)]</c>, <c>[Expect(nameof(Member), Classification.Marginal)]</c>,
/// <c>[Expect(LearningCurveExponent = -0.5, Tolerance = 1e-9)]</c>,
/// <c>[Expect(nameof(Member), Diagram = "fluctuation tadpole", PExponent = -1.5, Tolerance = 1e-9)]</c> (a diagram class
/// of the perturbation, first or second order, named by its class name or its first diagram's formula as
/// CompileTimeScaling lists them).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ExpectAttribute : Attribute
{
    /// <summary>A claim about the asymptotic learning-curve exponent (set <see cref="LearningCurveExponent"/>).</summary>
    public ExpectAttribute() { }

    /// <summary>A claim about universality.</summary>
    public ExpectAttribute(Universality universality) => Universality = universality;

    /// <summary>A claim about one perturbation's classification.</summary>
    public ExpectAttribute(string perturbation, Classification classification)
    {
        Perturbation = perturbation;
        Classification = classification;
    }

    /// <summary>A claim about one of the perturbation's diagram classes (set <see cref="Diagram"/> and <see cref="PExponent"/>).</summary>
    public ExpectAttribute(string perturbation) => Perturbation = perturbation;

    public Universality? Universality { get; }
    public string? Perturbation { get; }
    public Classification? Classification { get; }

    /// <summary>The asymptotic exponent of the test error in P (GP backbone: −min(β, 2(1+α))/(1+α) at fixed ridge, −min(β, 2(1+α)) ridgeless).</summary>
    public double LearningCurveExponent { get; set; } = double.NaN;

    /// <summary>
    /// The diagram class a claim is about: a class name of the four kinds ("fluctuation tadpole") or the formula of a
    /// class's first diagram ("U(k,q) G_k f̄_k G_q", "[U(k,q) G_k f̄_k G_q]·[U(k,q) G_k f̄_k G_q]"), first or second order.
    /// </summary>
    public string? Diagram { get; set; }

    /// <summary>The claimed exponent of P of <see cref="Diagram"/>'s correction δε/ε (at fixed ridge).</summary>
    public double PExponent { get; set; } = double.NaN;

    /// <summary>Allowed deviation of <see cref="LearningCurveExponent"/> or <see cref="PExponent"/>.</summary>
    public double Tolerance { get; set; } = Scaling.LearningCurveLaw.DefaultTolerance;
}
