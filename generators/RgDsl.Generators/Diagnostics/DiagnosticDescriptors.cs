using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Diagnostics;

/// <summary>
/// The catalogue of RgDsl diagnostics. IDs are stable: never renumber, never reuse a retired one; add new ones at the end.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "RgDsl";

    /// <summary>
    /// Where every diagnostic's help link points (the IDE's link on the ID): the diagnostics page of the docs, whose
    /// table has a row per ID. One constant, so a move of the page is one edit.
    /// </summary>
    public const string HelpLinkUri = "https://github.com/rgdsl/rgdsl/blob/main/docs/DIAGNOSTICS.md#diagnostics";

    public static readonly DiagnosticDescriptor ClassNotPartial = new(
        "RG0001", "Model class must be partial",
        "Model class '{0}' must be declared 'partial' so that RgDsl can generate its solver; add the 'partial' modifier to every declaration of '{0}'",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor MissingSpectrum = new(
        "RG0002", "Model has no [Spectrum]",
        "Model '{0}' has no [Spectrum] method; declare one as 'double Name(long k)' returning the kernel eigenvalue λ_k",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor DuplicateMember = new(
        "RG0003", "Attribute declared twice",
        "Model '{0}' declares [{1}] on both '{2}' and '{3}'; keep exactly one",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor WrongSignature = new(
        "RG0004", "Member has the wrong signature for its attribute",
        "[{0}] member '{1}' must be {2}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ParameterNotDouble = new(
        "RG0005", "Parameter is not a double",
        "[Parameter] property '{0}' has type '{1}'; model parameters must be 'double' properties",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ModesNotPositive = new(
        "RG0006", "Modes must be positive",
        "Model '{0}' declares Modes = {1}; the kernel rank must be at least 1 (or RgModel.Infinite)",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor InfiniteTrace = new(
        "RG0007", "Infinite rank with a divergent trace",
        "Spectrum '{0}' decays as k^{1} with infinite rank, so Σ_k λ_k diverges (α = {2} ≤ 0); use a faster decay (exponent below -1) or a finite Modes",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor SpectrumNotRecognised = new(
        "RG0008", "Mode function evaluated at run time",
        "[{0}] '{1}' is not recognised as a power law c·k^e ({2}); it is tabulated mode by mode at run time",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor InfiniteRankNeedsPowerLaw = new(
        "RG0009", "Infinite rank needs an analytic power law",
        "Model '{0}' has infinite rank, but {1}; with RgModel.Infinite the spectrum and target must be power laws c·k^e and the multiplicity 1, or give a finite Modes",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    /// <summary>Retired: perturbations are solved since the perturbation release. Kept so the ID is never reused.</summary>
    public static readonly DiagnosticDescriptor PerturbationNotSupported = new(
        "RG0010", "Perturbation not yet solved (retired)",
        "Perturbation '{0}' (Legs.{1}) is recognised but not yet solved",
        Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor GeneratorFailure = new(
        "RG0011", "RgDsl generator failed",
        "RgDsl could not generate model '{0}': {1}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor UnsupportedClassShape = new(
        "RG0012", "Unsupported model class",
        "Model class '{0}' must be a non-static, non-generic, top-level class ({1})",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor InfiniteTraceAtDefaults = new(
        "RG0013", "Divergent trace at the declared defaults",
        "Spectrum '{0}' decays as k^{1}, which at the declared parameter defaults is k^{2} ≥ k^-1: with infinite rank Σ_k λ_k diverges; predictions will fail until the parameters make the exponent below -1",
        Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor PerturbationSignature = new(
        "RG0014", "Perturbation signature does not match its legs",
        "Perturbation '{0}' is declared Legs.{1}, so it must be {2}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor PowerLawRecognised = new(
        "RG0015", "Power-law mode function recognised",
        "[{0}] '{1}' recognised as {2}; sums over modes use the closed-form power-law tail",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor MissingRidge = new(
        "RG0016", "Model has no [Ridge]",
        "Model '{0}' has no [Ridge]; declare a 'double' property marked [Ridge] returning κ ≥ 0 (0 for ridgeless regression)",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor PerturbationNeedsRidge = new(
        "RG0017", "Perturbations need a positive ridge",
        "Model '{0}' declares perturbations but its ridge '{1}' is 0; the interacting field theory has data term P/κ and needs κ > 0",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor PerturbationNeedsFiniteRank = new(
        "RG0018", "Perturbations need a finite rank",
        "Model '{0}' declares perturbations but has infinite rank; set Modes (the UV cutoff matters for cutoff-sensitive couplings)",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor WeightNotAnalysable = new(
        "RG0019", "Perturbation weight evaluated pairwise",
        "Perturbation '{0}' is not recognised as a sum of monomials c·k^a·q^b ({1}); it is evaluated pairwise at run time, O(M²) per mode sum (O(M³) for Legs.PairLocal6), and ShellFlow is not available for it",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NonSymmetricWeight = new(
        "RG0020", "Perturbation weight is not symmetric",
        "Perturbation '{0}' is not symmetric in its mode indices: W({1}) = {2} but W({3}) = {4}; the weight of a product of squared fields must not change when its indices are swapped",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor WeightRecognised = new(
        "RG0021", "Perturbation weight recognised as monomials",
        "Perturbation '{0}' recognised as {1}; mode sums cost O(M) and the shell flow closes on its coefficients",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ScalingInterval = new(
        "RG0022", "Scaling interval of a perturbation",
        "Perturbation '{0}': y = {1}, scaling interval {2} at the declared defaults, {3}",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor IrrelevantPerturbation = new(
        "RG0023", "Irrelevant perturbation: GP universality lost",
        "Perturbation '{0}' is irrelevant (interval {1}): its corrections grow with P, so the learning curve does not approach the GP's at large data",
        Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor CutoffSensitive = new(
        "RG0024", "Cutoff-sensitive perturbation",
        "Perturbation '{0}': the {1} is dominated by the cutoff M (∝ M^{2}), a non-universal correction that depends on the number of modes rather than on k_P",
        Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ScalingNotAnalysed = new(
        "RG0025", "Scaling not analysed",
        "The scaling of '{0}' could not be analysed at compile time ({1}); Scaling() measures it at run time",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ExpectationContradicted = new(
        "RG0026", "Expectation contradicted by the scaling analysis",
        "[Expect] claims {0}, but the scaling analysis at the declared defaults finds {1}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ExpectationUndecided = new(
        "RG0027", "Expectation not decidable at compile time",
        "[Expect] claims {0}, which the symbolic analysis cannot decide ({1}); check it at run time with ScalingExpectations.Check",
        Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor TableFileMissing = new(
        "RG0028", "Table file not found",
        "Model '{0}' reads '{1}', which is not among the project's AdditionalFiles; add <AdditionalFiles Include=\"{1}\" /> to the project file",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor TableRowMalformed = new(
        "RG0029", "Malformed table row",
        "{0}, line {1}: '{2}' is not a row 'value' or 'k,value' with k = {3}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor TableValueInvalid = new(
        "RG0030", "Invalid table value",
        "{0}, line {1}: {2}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor TableRead = new(
        "RG0031", "Measured table read",
        "{0}: {1} modes read; fitted over k = {2}: {3}",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ModelIsRecord = new(
        "RG0035", "Model is a record",
        "Model '{0}' is a record; RgDsl models must be a 'partial class' (a record would compare and print the solver's cached state, and the generated class half cannot join a record)",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ReservedMemberName = new(
        "RG0036", "Member named like a generated member",
        "Model '{0}' declares '{1}', but RgDsl generates {2} of that name into the class; rename '{1}'",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor IncreasingSpectrum = new(
        "RG0037", "Spectrum increases with k",
        "Spectrum '{0}' is {1}, which increases with k (exponent {2} > 0); eigenvalues must be non-increasing, so the exponent must be ≤ 0",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor IncreasingSpectrumAtDefaults = new(
        "RG0038", "Spectrum increases at the declared defaults",
        "Spectrum '{0}' decays as k^{1}, which at the declared parameter defaults is k^{2}: the eigenvalues increase with k, and predictions will fail until the parameters make the exponent ≤ 0",
        Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ValueOutOfRange = new(
        "RG0039", "Constant value out of range",
        "[{0}] '{1}' is {2}, but {3}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor RecursiveMember = new(
        "RG0040", "Member calls itself unconditionally",
        "Evaluating '{0}' never returns: it runs into the unconditional recursion {1}, and the process would stop with a stack overflow; remove the recursion",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor InvalidExpectation = new(
        "RG0041", "Invalid [Expect] argument",
        "[Expect] {0}: {1}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor IntegerArithmetic = new(
        "RG0042", "Integer arithmetic in a model formula",
        "In '{0}': {1}. The generator does not read it as a formula and calls the method as written.",
        Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkUri);

    // Hardening (issue 11): RG0045–RG0054.

    public static readonly DiagnosticDescriptor StaticParameter = new(
        "RG0045", "Parameter is static",
        "[Parameter] property '{0}' is static; model parameters belong to an instance (each model object has its own values): remove 'static'",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    // Networks ([RgNetwork], THEORY §6): RG0055–RG0074.

    public static readonly DiagnosticDescriptor NetworkDepthOutOfRange = new(
        "RG0055", "Network depth out of range",
        "Network '{0}': Depth = {1}; a network has 1 to 4 hidden layers",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkEnumUnknown = new(
        "RG0056", "Unknown activation or parameterisation",
        "Network '{0}': {1} = {2} is not a defined value; use {3}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkWidthInvalid = new(
        "RG0057", "Network width missing or invalid",
        "Network '{0}': {1}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkRidgeNotPositive = new(
        "RG0058", "Network ridge must be positive",
        "Network '{0}': the ridge '{1}' is {2} at the declared defaults; a network's ridge κ is its likelihood variance (the training temperature) and must be positive",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkDataMissing = new(
        "RG0059", "Network has no data",
        "Network '{0}' declares no data; add [GaussianInputs(Dimension = d, Exponent = a)] with a teacher, or an [Inputs] member returning RgDsl.Networks.Data.NetworkData",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkDataConflict = new(
        "RG0060", "Conflicting network data declarations",
        "Network '{0}': {1}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkTeacherMissing = new(
        "RG0061", "Gaussian inputs without a teacher",
        "Network '{0}' has [GaussianInputs] but no target; add [LinearTeacher(Exponent = b, Power = A)] or a method '[Teacher] double Name(double[] x)'",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkMemberSignature = new(
        "RG0062", "Network member has the wrong signature",
        "[{0}] member '{1}' must be {2}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkValueOutOfRange = new(
        "RG0063", "Network constant out of range",
        "Network '{0}': {1} = {2}; {3}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkWithFieldTheoryMembers = new(
        "RG0064", "Network with field-theory declarations",
        "Network '{0}': {1}; a network's spectrum and perturbations are derived from its architecture, not declared",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor NetworkUnderstood = new(
        "RG0065", "Network as understood",
        "Network '{0}': {1}",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor MeanFieldBeyondFirstOrder = new(
        "RG0066", "Mean-field network: the kernel adapts",
        "Network '{0}' uses the mean-field scaling: its hidden units move by O(1); predictions take the kernel-adaptation saddle (one hidden layer, or two with a φ that has a continuous derivative and grows at most linearly), elsewhere a first-order shape term with a warning, and say when they leave the range measured against sampled networks",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ActivationNotIntegrable = new(
        "RG0067", "Activation not finite or growing too fast",
        "[Activation] '{0}': {1}; the NNGP kernel is E[φ(u)φ(v)] over Gaussian pre-activations, which needs φ finite everywhere and φ(u)² e^(−u²/2q) integrable (exp(z²), for example, never is for q ≥ 1/4): declare a φ that grows slower",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ActivationConstant = new(
        "RG0068", "Constant activation",
        "[Activation] '{0}' is constant ({1}){2}: its NNGP kernel is a constant and the network cannot learn; declare a φ that depends on z",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor ActivationConflict = new(
        "RG0069", "Activation declared twice or not at all",
        "Network '{0}': {1}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor VertexUnknownIndex = new(
        "RG0075", "Vertex pattern names an unknown index",
        "Perturbation '{0}': pattern \"{1}\": {2}; write one index per leg, each a parameter of the weight, as in [Perturbation(\"k k q p\")] double W(long k, long q, long p)",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor VertexTooManyLegs = new(
        "RG0076", "Vertex has more than six legs",
        "Perturbation '{0}': pattern \"{1}\" has {2} legs; a vertex has at most {3}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor VertexWeightArity = new(
        "RG0077", "Vertex weight does not take the pattern's indices",
        "Perturbation '{0}': pattern \"{1}\" {2}, so the weight must be {3}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor VertexWeightAsymmetric = new(
        "RG0078", "Vertex weight is not symmetric where the pattern requires it",
        "Perturbation '{0}': in pattern \"{1}\" the indices {2} carry equally many legs, so renaming one into the other leaves the sum unchanged and the weight must be symmetric under their exchange: {3}",
        Category, DiagnosticSeverity.Error, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor DiagramsEnumerated = new(
        "RG0079", "Diagrams of a vertex",
        "Perturbation '{0}' (\"{1}\"): {2} first-order test-error diagram(s): {3}; {4} second-order class(es) with itself and the later vertices",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    public static readonly DiagnosticDescriptor UnboundedAction = new(
        "RG0080", "Action unbounded below",
        "Perturbation '{0}' (\"{1}\"): the action is unbounded below: {2}; every result will carry UnboundedReason and IsWithinRange = false (Hartree, the diagrams and HMC describe at most a metastable state)",
        Category, DiagnosticSeverity.Info, true, helpLinkUri: HelpLinkUri);

    private static readonly Dictionary<string, DiagnosticDescriptor> All = new[]
    {
        ClassNotPartial, MissingSpectrum, DuplicateMember, WrongSignature, ParameterNotDouble, ModesNotPositive,
        InfiniteTrace, SpectrumNotRecognised, InfiniteRankNeedsPowerLaw, PerturbationNotSupported, GeneratorFailure,
        UnsupportedClassShape, InfiniteTraceAtDefaults, PerturbationSignature, PowerLawRecognised, MissingRidge,
        PerturbationNeedsRidge, PerturbationNeedsFiniteRank, WeightNotAnalysable, NonSymmetricWeight, WeightRecognised,
        ScalingInterval, IrrelevantPerturbation, UnboundedAction, CutoffSensitive, ScalingNotAnalysed, ExpectationContradicted, ExpectationUndecided,
        TableFileMissing, TableRowMalformed, TableValueInvalid, TableRead,
        ModelIsRecord, ReservedMemberName, IncreasingSpectrum, IncreasingSpectrumAtDefaults, ValueOutOfRange, RecursiveMember,
        InvalidExpectation, IntegerArithmetic, StaticParameter,
        NetworkDepthOutOfRange, NetworkEnumUnknown, NetworkWidthInvalid, NetworkRidgeNotPositive, NetworkDataMissing, NetworkDataConflict,
        NetworkTeacherMissing, NetworkMemberSignature, NetworkValueOutOfRange, NetworkWithFieldTheoryMembers, NetworkUnderstood, MeanFieldBeyondFirstOrder,
        ActivationNotIntegrable, ActivationConstant, ActivationConflict,
        VertexUnknownIndex, VertexTooManyLegs, VertexWeightArity, VertexWeightAsymmetric, DiagramsEnumerated,
    }.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => All[id];

    public static IEnumerable<DiagnosticDescriptor> Catalogue => All.Values.OrderBy(d => d.Id);
}
