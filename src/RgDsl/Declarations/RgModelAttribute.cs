namespace RgDsl;

/// <summary>
/// Marks a <c>partial class</c> as an RgDsl model. The source generator reads its members marked with
/// <see cref="SpectrumAttribute"/>, <see cref="TargetAttribute"/>, <see cref="RidgeAttribute"/> and the others,
/// and emits a specialised learning-curve solver into the other half of the class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RgModelAttribute : Attribute
{
    /// <summary>The kernel rank M (the UV cutoff). <see cref="RgModel.Infinite"/> for an analytic power-law tail.</summary>
    public long Modes { get; set; } = RgModel.Infinite;
}

/// <summary>Constants used in model declarations.</summary>
public static class RgModel
{
    /// <summary>Infinite kernel rank: sums over modes use a closed-form tail (the spectrum must be a power law).</summary>
    public const long Infinite = long.MaxValue;
}

/// <summary>A model parameter: a <c>double</c> property that the spectrum, target, ridge and perturbations may use.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ParameterAttribute : Attribute { }

/// <summary>
/// The kernel eigenvalue λ_k of mode k = 1..M: a method <c>double Name(long k)</c>, positive and non-increasing; or,
/// on the model class, <c>[Spectrum(File = "spectrum.csv")]</c>: a measured table read at compile time from the
/// project's AdditionalFiles (one value per line, or "k,value"; a non-numeric first line is a header).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SpectrumAttribute : Attribute
{
    /// <summary>A measured table in AdditionalFiles (on the class).</summary>
    public string? File { get; set; }

    /// <summary>Continue the table beyond its last mode by a power law with the exponents fitted at compile time.</summary>
    public bool PowerLawTail { get; set; }
}

/// <summary>
/// The target power y_k² of mode k: a method <c>double Name(long k)</c>, non-negative; or, on the model class,
/// <c>[Target(File = "target.csv")]</c> (same format as the spectrum table). Optional; default y_k² = λ_k.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TargetAttribute : Attribute
{
    /// <summary>A measured table in AdditionalFiles (on the class).</summary>
    public string? File { get; set; }
}

/// <summary>The ridge κ ≥ 0: a <c>double</c> property (or parameterless method).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RidgeAttribute : Attribute { }

/// <summary>The label-noise variance σ² ≥ 0: a <c>double</c> property (or parameterless method). Optional; default 0.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LabelNoiseAttribute : Attribute { }

/// <summary>The multiplicity n_k ≥ 1 of mode k: a method <c>long Name(long k)</c>. Optional; default 1.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MultiplicityAttribute : Attribute { }

/// <summary>
/// A non-Gaussian perturbation of the kind <see cref="Legs"/>; the method returns coupling × weight (THEORY.md §3.2).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PerturbationAttribute : Attribute
{
    /// <summary>A term of one of the four kinds: shorthand for its pattern ("k k", "k k q q", "k k k k", "k k q q p p").</summary>
    public PerturbationAttribute(Legs legs) => Legs = legs;

    /// <summary>
    /// A vertex (1/m) Σ W(ℓ₁, …, ℓ_s) f_{i₁} ⋯ f_{i_m} declared by its index pattern, one index per leg, e.g.
    /// <c>[Perturbation("k k q p")] double W(long k, long q, long p)</c>: every index is a parameter of the method
    /// (the weight takes them in the order of its parameters), at most six legs, odd patterns included; the weight
    /// must be symmetric under the exchange of indices that carry equally many legs (here q and p).
    /// </summary>
    public PerturbationAttribute(string pattern)
    {
        Legs = Legs.Pattern;
        Pattern = pattern;
    }

    /// <summary>The kind, or <see cref="Legs.Pattern"/> for a term declared by its pattern.</summary>
    public Legs Legs { get; }

    /// <summary>The index pattern, when the term is declared by one.</summary>
    public string? Pattern { get; }
}
