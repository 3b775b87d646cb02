using RgDsl.Generators.Parsing;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Model;

/// <summary>
/// The output of the generator's cheap parse step for one [RgModel] class: the model without its scaling analysis
/// (null when it cannot be emitted), the parse's diagnostics, and what the scaling analysis reads (null when the model
/// is not analysed). Equatable data only, so that the expensive <see cref="ModelAnalysis"/> step downstream stays cached
/// while this value is unchanged.
/// </summary>
internal sealed record ParsedModel(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics, AnalysisInput? Analysis,
    LocationInfo? SpectrumFileLocation = null, LocationInfo? TargetFileLocation = null);

/// <summary>
/// What <see cref="ScalingAnalysis"/> reads of one model: the exponents of the recognised power laws, the ridge and
/// label noise at the declared defaults, the perturbations with their monomials, the declared defaults, the [Expect]
/// claims, and where the diagnostics of the analysis go.
/// </summary>
internal sealed record AnalysisInput(
    string ClassName,
    LocationInfo? ClassLocation,
    Expr? SpectrumExponent,
    Expr? TargetExponent,
    bool MatchedTarget,
    double? RidgeAtDefaults,
    double? NoiseAtDefaults,
    EquatableArray<AnalysedPerturbation> Perturbations,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<ReadExpectation> Expectations);

/// <summary>A perturbation as the analysis reads it: its spec, its monomials (null when the weight is not a sum of them) and where it is.</summary>
internal sealed record AnalysedPerturbation(PerturbationSpec Spec, EquatableArray<TermSpec>? Terms, LocationInfo? Location);

/// <summary>One monomial c·k^a·q^b(·p^c) of a weight as symbolic data (<see cref="Algebra.Term"/>, equatable).</summary>
internal sealed record TermSpec(Expr Coefficient, EquatableArray<Expr> Exponents);
