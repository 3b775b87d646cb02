using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Emit;
using RgDsl.Generators.Model;
using RgDsl.Diagrams;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// Turns one [RgModel] class into a <see cref="ModelSpec"/> and its diagnostics, in steps: the class shape, the
/// members by attribute, the mode functions, the perturbations, and the scaling analysis with the [Expect] claims.
/// </summary>
internal sealed class ModelParser : DeclarationParser
{
    private const long Infinite = long.MaxValue;

    // What the member step found, for the later steps (and the [Parameter]s, in the base).
    private readonly Dictionary<MemberRole, ISymbol> _singles = new();
    private readonly List<(IMethodSymbol Method, Legs Legs, VertexPattern Pattern)> _perturbationMethods = new();
    private Dictionary<string, double?> _defaults = new();
    private long _modes = Infinite;

    private ModelParser(GeneratorAttributeSyntaxContext context, KnownSymbols known, CancellationToken cancellation)
        : base(context, known, cancellation)
    {
    }

    /// <summary>
    /// The cheap step of the pipeline: reads the class into a <see cref="ParsedModel"/> with the input of the scaling
    /// analysis, which <see cref="ModelAnalysis"/> runs in a step of its own.
    /// </summary>
    public static ParsedModel Parse(GeneratorAttributeSyntaxContext context, KnownSymbols known, CancellationToken cancellation)
    {
        // Never throw into the compiler: a failure is reported on the class instead.
        return DeclarationChecks.Guarded((INamedTypeSymbol)context.TargetSymbol, () => new ModelParser(context, known, cancellation).Parse(),
            diagnostics => new ParsedModel(null, diagnostics, null));
    }

    private ParsedModel Parse()
    {
        CheckClassShape();
        CheckGeneratedNames();
        var modes = _modes = ReadModes();
        var (spectrumFile, spectrumFileLocation) = ReadTableReference(_known.Spectrum, TableRole.Spectrum);
        var (targetFile, targetFileLocation) = ReadTableReference(_known.Target, TableRole.Target);
        CollectMembers();
        CheckRequiredMembers(spectrumFile, spectrumFileLocation);

        var ridge = Scalar(MemberRole.Ridge);
        var noise = Scalar(MemberRole.LabelNoise);
        var modeFunctions = new ModeFunctionReader(Reader, _diagnostics, modes == Infinite, _defaults);
        var spectrum = spectrumFile is not null
            ? new ModeFunctionSpec(spectrumFile.FileName, null, null, "measured table")
            : modeFunctions.Read(ModeMethod(MemberRole.Spectrum, SpecialType.System_Double, "a method 'double Name(long k)' returning λ_k"), "Spectrum");
        var targetMethod = ModeMethod(MemberRole.Target, SpecialType.System_Double, "a method 'double Name(long k)' returning y_k²");
        var target = modeFunctions.Read(targetMethod, "Target");
        var multiplicityMethod = ModeMethod(MemberRole.Multiplicity, SpecialType.System_Int64, "a method 'long Name(long k)' returning n_k ≥ 1");
        var multiplicityIsUnit = multiplicityMethod is not null && ReadMultiplicity(multiplicityMethod) is Num { Value: 1 };
        if (modes == Infinite && spectrum is not null && spectrumFile is null) CheckInfiniteRank(spectrum, target, multiplicityIsUnit);

        var perturbations = _perturbationMethods.Select(p => new PerturbationReader(Reader(), _diagnostics, _defaults).Read(p.Method, p.Legs, p.Pattern)).ToList();
        var ridgeAtDefaults = RidgeAtDefaults();
        if (perturbations.Count > 0) CheckPerturbationConditions(modes, spectrumFile, ridgeAtDefaults);
        if (perturbations.Count > 0) BoundednessCheck.Report(perturbations, _defaults, _diagnostics.Report);

        AnalysisInput? analysis = null;
        var expectations = ExpectationReader.Read(_type, _known, _diagnostics, _cancellation);
        if (spectrum is not null && !_diagnostics.Fatal)
        {
            // Only what the analysis reads is gathered here; the analysis itself is the pipeline's next step (ModelAnalysis).
            var noiseAtDefaults = noise is null ? 0 : AtDefaults(MemberRole.LabelNoise);
            analysis = new AnalysisInput(_type.Name, _classLocation, modeFunctions.Exponent("Spectrum"), modeFunctions.Exponent("Target"), targetMethod is null,
                ridgeAtDefaults, noiseAtDefaults,
                perturbations.Select(p => new AnalysedPerturbation(p.Spec,
                    p.Terms?.Select(t => new TermSpec(t.Coefficient, t.Exponents.ToEquatableArray())).ToEquatableArray(), p.Location)).ToEquatableArray(),
                _parameters.ToEquatableArray(), expectations.ToEquatableArray());
        }

        if (_diagnostics.Fatal || spectrum is null || ridge is null)
            return new ParsedModel(null, _diagnostics.ToEquatableArray(), analysis);
        var model = new ModelSpec(
            _type.ContainingNamespace.IsGlobalNamespace ? null : _type.ContainingNamespace.ToDisplayString(),
            _type.Name, _type.DeclaredAccessibility == Accessibility.Public, modes, _parameters.ToEquatableArray(), spectrum, target, ridge, noise,
            multiplicityMethod?.Name, multiplicityIsUnit, perturbations.Select(p => p.Spec).ToEquatableArray(), null,
            expectations.Select(e => e.Spec).ToEquatableArray(), spectrumFile, targetFile,
            multiplicityMethod is null ? null : StaticOwner.Of(multiplicityMethod));
        return new ParsedModel(model, _diagnostics.ToEquatableArray(), analysis, spectrumFileLocation, targetFileLocation);
    }

    private ExpressionReader Reader() =>
        new(_semantic, _type, _known.Math, _parameters.Select(p => p.Name), _modes, _cancellation);

    // Class shape: a partial class (not a record), top level, not generic, not static.
    private void CheckClassShape()
    {
        if (_type.IsRecord || _context.TargetNode is RecordDeclarationSyntax)
        {
            _diagnostics.Report(DiagnosticDescriptors.ModelIsRecord, _classLocation, _type.Name);
            return;
        }
        DeclarationChecks.CheckPartialTopLevel(_type, _classLocation, _diagnostics, _cancellation);
    }

    /// <summary>
    /// RG0036: a member the user declares under the name of a generated one would not compile (CS0102, CS0111): any
    /// member but a method, or a method with the generated one's parameter types; the class itself (CS0542).
    /// </summary>
    private void CheckGeneratedNames()
    {
        foreach (var member in _type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !GeneratedMembers.Clashes(member, out var what)) continue;
            _diagnostics.Report(DiagnosticDescriptors.ReservedMemberName, LocationInfo.From(member.Locations.FirstOrDefault()), _type.Name, member.Name, what);
        }
        if (GeneratedMembers.Names.TryGetValue(_type.Name, out var generated))
            _diagnostics.Report(DiagnosticDescriptors.ReservedMemberName, _classLocation, _type.Name, _type.Name, generated.What);
    }

    private long ReadModes()
    {
        var attribute = _context.Attributes[0];
        var modes = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Modes").Value.Value is long value ? value : Infinite;
        if (modes <= 0)
        {
            var argument = (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellation) as AttributeSyntax)?.ArgumentList?.Arguments
                .FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "Modes");
            _diagnostics.Report(DiagnosticDescriptors.ModesNotPositive, LocationInfo.From(argument) ?? _classLocation, _type.Name, modes);
        }
        return modes;
    }

    /// <summary>[Spectrum(File = …)] or [Target(File = …)] on the class.</summary>
    private (TableReference? Table, LocationInfo? Location) ReadTableReference(INamedTypeSymbol? attributeType, TableRole role)
    {
        foreach (var data in _type.GetAttributes())
        {
            if (!KnownSymbols.Is(data.AttributeClass, attributeType)) continue;
            var named = data.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value);
            if (!named.TryGetValue("File", out var file) || file is not string fileName) continue;
            var tail = named.TryGetValue("PowerLawTail", out var t) && t is true;
            return (new TableReference(fileName, role, tail), LocationInfo.From(data.ApplicationSyntaxReference?.GetSyntax(_cancellation)));
        }
        return (null, null);
    }

    // Members by attribute: parameters, the single-member roles, perturbations.
    private void CollectMembers()
    {
        foreach (var member in _type.GetMembers())
        {
            _cancellation.ThrowIfCancellationRequested();
            foreach (var data in member.GetAttributes())
            {
                if (_known.RoleOf(data.AttributeClass) is not { } role) continue;
                var location = LocationInfo.From(member.Locations.FirstOrDefault());
                switch (role)
                {
                    case MemberRole.Parameter when member is IPropertySymbol property:
                        if (property.Type.SpecialType != SpecialType.System_Double)
                            _diagnostics.Report(DiagnosticDescriptors.ParameterNotDouble, location, property.Name, property.Type.ToDisplayString());
                        else if (property.IsStatic)
                            _diagnostics.Report(DiagnosticDescriptors.StaticParameter, location, property.Name);
                        else if (_parameters.All(p => p.Name != property.Name)) // a duplicate is the compiler's CS0102, not ours
                            _parameters.Add(new ParameterSpec(property.Name, DeclarationChecks.ConstantInitializer(property, _semantic, _cancellation)));
                        break;
                    case MemberRole.Perturbation when data.ConstructorArguments.Length == 1 && data.ConstructorArguments[0].Value is string patternText:
                        if (member is IMethodSymbol vertex) ReadVertexPattern(vertex, data, patternText, location);
                        break;
                    case MemberRole.Perturbation:
                        var legsValue = data.ConstructorArguments.Length == 1 && data.ConstructorArguments[0].Value is int v ? v : (int)Legs.PairLocal;
                        if (member is not IMethodSymbol method) break;
                        if (!Enum.IsDefined(typeof(Legs), legsValue))
                            _diagnostics.Report(DiagnosticDescriptors.PerturbationSignature, location, member.Name, legsValue, "one of the Legs values");
                        // Legs.Pattern names no structure by itself: the pattern comes as a string.
                        else if (legsValue == (int)Legs.Pattern)
                            _diagnostics.Report(DiagnosticDescriptors.PerturbationSignature, location, member.Name, Legs.Pattern,
                                "declared by its index pattern instead, e.g. [Perturbation(\"k k q p\")]");
                        else if (PerturbationReader.ExpectedIndices(method, (Legs)legsValue) is { } expected)
                            _diagnostics.ReportSignature(DiagnosticDescriptors.PerturbationSignature, location, expected, member.Name, (Legs)legsValue,
                                PerturbationReader.Signature(member.Name, expected));
                        else
                            _perturbationMethods.Add((method, (Legs)legsValue, VertexPattern.Of((Legs)legsValue)));
                        break;
                    case MemberRole.Parameter:
                        break;
                    default:
                        if (_singles.TryGetValue(role, out var first))
                            _diagnostics.Report(DiagnosticDescriptors.DuplicateMember, location, _type.Name, role, first.Name, member.Name);
                        else
                            _singles[role] = member;
                        break;
                }
            }
        }
        _defaults = _parameters.ToDictionary(p => p.Name, p => p.Default);
    }

    private void CheckRequiredMembers(TableReference? spectrumFile, LocationInfo? spectrumFileLocation)
    {
        if (!_singles.ContainsKey(MemberRole.Spectrum) && spectrumFile is null)
            _diagnostics.Report(DiagnosticDescriptors.MissingSpectrum, _classLocation, _type.Name);
        if (_singles.TryGetValue(MemberRole.Spectrum, out var spectrum) && spectrumFile is not null)
            _diagnostics.Report(DiagnosticDescriptors.DuplicateMember, spectrumFileLocation, _type.Name, "Spectrum", "the class (File = " + spectrumFile.FileName + ")", spectrum.Name);
        if (!_singles.ContainsKey(MemberRole.Ridge))
            _diagnostics.Report(DiagnosticDescriptors.MissingRidge, _classLocation, _type.Name);
    }

    /// <summary>The method of a mode-function role when its signature is <c>T Name(long k)</c>; RG0004 otherwise.</summary>
    private IMethodSymbol? ModeMethod(MemberRole role, SpecialType returnType, string expected)
    {
        if (!_singles.TryGetValue(role, out var member)) return null;
        if (member is IMethodSymbol m && m.ReturnType.SpecialType == returnType && m.Parameters.Length == 1
            && m.Parameters[0].Type.SpecialType == SpecialType.System_Int64 && !m.IsGenericMethod && m.Parameters[0].RefKind == RefKind.None)
            return m;
        _diagnostics.Report(DiagnosticDescriptors.WrongSignature, LocationInfo.From(member.Locations.FirstOrDefault()), role, member.Name, expected);
        return null;
    }

    /// <summary>[Ridge] or [LabelNoise]: a double property with a getter or a parameterless double method; RG0004 otherwise.</summary>
    private ScalarSpec? Scalar(MemberRole role)
    {
        if (!_singles.TryGetValue(role, out var member)) return null;
        if (!ScalarMember.HasShape(member))
        {
            _diagnostics.Report(DiagnosticDescriptors.WrongSignature, LocationInfo.From(member.Locations.FirstOrDefault()), role, member.Name,
                ScalarMember.Expected(member));
            return null;
        }
        var reader = Reader();
        var read = reader.ReadScalar(member);
        if (read is null) ReaderFindings.Report(reader, _diagnostics, member);
        var simplified = read is null ? null : Algebra.Simplify(read);
        // RG0039: a constant ridge or noise variance must be non-negative and finite.
        if (simplified is Num { Value: var value } && !(value >= 0 && !double.IsInfinity(value)))
            _diagnostics.Report(DiagnosticDescriptors.ValueOutOfRange, LocationInfo.From(member.Locations.FirstOrDefault()), role, member.Name,
                "the constant " + Algebra.Literal(value), role == MemberRole.Ridge ? "the ridge κ must be non-negative and finite" : "the label-noise variance σ² must be non-negative and finite");
        return new ScalarSpec(member.Name, member is IMethodSymbol, simplified is null ? null : ExprPrinter.ToDisplay(simplified), StaticOwner.Of(member));
    }

    /// <summary>A [Multiplicity] method's value when the generator can read it; RG0039 for a constant below 1.</summary>
    private Expr? ReadMultiplicity(IMethodSymbol method)
    {
        var reader = Reader();
        var read = reader.ReadMethod(method);
        if (read is null)
        {
            ReaderFindings.Report(reader, _diagnostics, method);
            return null;
        }
        var simplified = Algebra.Simplify(read);
        if (simplified is Num { Value: < 1 } n)
            _diagnostics.Report(DiagnosticDescriptors.ValueOutOfRange, LocationInfo.From(method.Locations.FirstOrDefault()), MemberRole.Multiplicity, method.Name,
                "the constant " + Algebra.Literal(n.Value), "multiplicities n_k must be at least 1");
        return simplified;
    }

    private double? RidgeAtDefaults() => AtDefaults(MemberRole.Ridge);

    /// <summary>The value of a scalar member ([Ridge], [LabelNoise]) at the declared defaults, when the generator can read it.</summary>
    private double? AtDefaults(MemberRole role) =>
        _singles.TryGetValue(role, out var member) && Reader().ReadScalar(member) is { } e
            ? Algebra.Evaluate(Algebra.Simplify(e), p => _defaults.TryGetValue(p, out var d) ? d : null)
            : null;

    // RG0009: with infinite rank only closed-form power laws can be summed.
    private void CheckInfiniteRank(ModeFunctionSpec spectrum, ModeFunctionSpec? target, bool multiplicityIsUnit)
    {
        var problems = new List<string>();
        if (spectrum.PowerLaw is null) problems.Add($"the spectrum '{spectrum.MethodName}' is not a recognised power law");
        if (target is { PowerLaw: null }) problems.Add($"the target '{target.MethodName}' is not a recognised power law");
        if (_singles.TryGetValue(MemberRole.Multiplicity, out var multiplicity) && !multiplicityIsUnit) problems.Add($"it declares a [Multiplicity] '{multiplicity.Name}'");
        if (problems.Count > 0)
            _diagnostics.Report(DiagnosticDescriptors.InfiniteRankNeedsPowerLaw, _classLocation, _type.Name, string.Join(" and ", problems));
    }

    // RG0017/RG0018: the interacting field theory needs κ > 0 and a finite cutoff.
    /// <summary>
    /// A [Perturbation("k k q p")] vertex: its pattern over the method's parameters (RG0075 unknown index, RG0076 more
    /// than six legs, RG0077 parameters that carry no leg or a signature other than double(long, …)); a pattern of one
    /// of the four kinds, up to renaming, is that kind.
    /// </summary>
    private void ReadVertexPattern(IMethodSymbol method, AttributeData data, string text, LocationInfo? memberLocation)
    {
        var argument = data.ApplicationSyntaxReference?.GetSyntax(_cancellation) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } attribute
            ? LocationInfo.From(attribute.ArgumentList.Arguments[0].GetLocation()) : memberLocation;
        var names = method.Parameters.Select(p => p.Name).ToList();
        var shown = string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n', ',' }, StringSplitOptions.RemoveEmptyEntries));
        if (!VertexPattern.TryParse(text, names, out var pattern, out var problem, out var detail))
        {
            var tokens = shown.Split(' ').Where(t => t.Length > 0).ToList();
            switch (problem)
            {
                case PatternProblem.TooManyLegs:
                    _diagnostics.Report(DiagnosticDescriptors.VertexTooManyLegs, argument, method.Name, shown, tokens.Count, VertexPattern.MaxLegs);
                    break;
                case PatternProblem.UnusedIndex:
                    var used = names.Where(tokens.Contains).ToList();
                    _diagnostics.ReportSignature(DiagnosticDescriptors.VertexWeightArity, argument, used, method.Name, shown,
                        $"has {used.Count} distinct {(used.Count == 1 ? "index" : "indices")} ({string.Join(", ", used)}) and {detail}",
                        PerturbationReader.Signature(method.Name, used));
                    break;
                // An unknown index the weight could take: the fix adds it (the pattern parses on its own).
                case PatternProblem.UnknownIndex when VertexPattern.TryParse(text, null, out var own, out _, out _):
                    _diagnostics.ReportSignature(DiagnosticDescriptors.VertexUnknownIndex, argument, own!.Letters, method.Name, shown, detail);
                    break;
                default:
                    _diagnostics.Report(DiagnosticDescriptors.VertexUnknownIndex, argument, method.Name, shown, detail);
                    break;
            }
            return;
        }
        // The weight takes the indices in the order of their first appearance: the signature to ask for, in one step.
        var order = VertexPattern.Parse(text).Letters;
        if (method.ReturnType.SpecialType != SpecialType.System_Double || method.IsGenericMethod || method.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Int64 || p.RefKind != RefKind.None))
        {
            _diagnostics.ReportSignature(DiagnosticDescriptors.VertexWeightArity, argument, order, method.Name, pattern!.Text,
                $"has the indices {string.Join(", ", order)}", PerturbationReader.Signature(method.Name, order));
            return;
        }
        if (!order.SequenceEqual(names))
        {
            _diagnostics.ReportSignature(DiagnosticDescriptors.VertexWeightArity, argument, order, method.Name, pattern!.Text,
                $"takes its indices in the order of their first appearance ({string.Join(", ", order)})", PerturbationReader.Signature(method.Name, order));
            return;
        }
        _perturbationMethods.Add((method, pattern!.Kind ?? Legs.Pattern, pattern));
    }

    private void CheckPerturbationConditions(long modes, TableReference? spectrumFile, double? ridgeAtDefaults)
    {
        if ((modes == Infinite && spectrumFile is null) || spectrumFile?.PowerLawTail == true)
            _diagnostics.Report(DiagnosticDescriptors.PerturbationNeedsFiniteRank, _classLocation, _type.Name);
        if (ridgeAtDefaults is 0.0)
        {
            var ridge = _singles[MemberRole.Ridge];
            _diagnostics.Report(DiagnosticDescriptors.PerturbationNeedsRidge, LocationInfo.From(ridge.Locations.FirstOrDefault()), _type.Name, ridge.Name);
        }
    }
}

/// <summary>The diagnostics of one model as they are found; an error makes the model fatal (nothing is emitted).</summary>
internal sealed class DiagnosticList
{
    private readonly List<DiagnosticInfo> _items = new();

    public bool Fatal { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] args) =>
        Add(descriptor, DiagnosticInfo.Create(descriptor, location, args));

    /// <summary>Reports a signature diagnostic with the indices the weight must take, for the code fix (<see cref="SignatureProperties.Indices"/>).</summary>
    public void ReportSignature(DiagnosticDescriptor descriptor, LocationInfo? location, IEnumerable<string> indices, params object?[] args) =>
        Add(descriptor, DiagnosticInfo.Create(descriptor, location, args) with
        {
            Properties = new[] { SignatureProperties.Indices, string.Join(" ", indices) }.ToEquatableArray(),
        });

    private void Add(DiagnosticDescriptor descriptor, DiagnosticInfo info)
    {
        _items.Add(info);
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) Fatal = true;
    }

    public EquatableArray<DiagnosticInfo> ToEquatableArray() => _items.ToEquatableArray();
}
