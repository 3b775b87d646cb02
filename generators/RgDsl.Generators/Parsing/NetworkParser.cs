using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Diagnostics;
using RgDsl.Generators.Model;
using RgDsl.Generators.Symbolic;

namespace RgDsl.Generators.Parsing;

/// <summary>
/// Turns one [RgNetwork] class into a <see cref="NetworkSpec"/> and its diagnostics, in steps: the class shape, the
/// architecture (the attribute's constants), the members (width, ridge, noise, parameters, teacher, inputs) and the
/// data declaration.
/// </summary>
internal sealed class NetworkParser : DeclarationParser
{
    private readonly Dictionary<string, ISymbol> _members = new();

    private NetworkParser(GeneratorAttributeSyntaxContext context, KnownSymbols known, CancellationToken cancellation)
        : base(context, known, cancellation)
    {
    }

    /// <summary>The pipeline's parse step: the spec without its compile-time scaling, which <see cref="Analyse"/> adds in a step of its own.</summary>
    public static NetworkParseResult Parse(GeneratorAttributeSyntaxContext context, KnownSymbols known, CancellationToken cancellation)
    {
        // Never throw into the compiler: a failure is reported on the class instead.
        return DeclarationChecks.Guarded((INamedTypeSymbol)context.TargetSymbol, () => new NetworkParser(context, known, cancellation).Parse(),
            diagnostics => new NetworkParseResult(null, diagnostics));
    }

    private NetworkParseResult Parse()
    {
        CheckClassShape();
        var (depth, activation, parameterisation, weightVariance, readoutVariance) = ReadArchitecture();
        CollectMembers();
        var defaults = _parameters.ToDictionary(p => p.Name, p => p.Default);
        var declaredActivation = ReadActivation(ref activation, defaults);
        var (widthMember, defaultWidth) = ReadWidth();
        var ridge = ReadScalar("Ridge", required: true);
        var noise = ReadScalar("LabelNoise", required: false);
        if (ridge is not null && _members.TryGetValue("Ridge", out var ridgeSymbol) && ValueAtDefaults(ridgeSymbol, defaults) is { } ridgeValue && !(ridgeValue > 0))
            _diagnostics.Report(DiagnosticDescriptors.NetworkRidgeNotPositive, LocationInfo.From(ridgeSymbol.Locations.FirstOrDefault()), _type.Name, ridgeSymbol.Name,
                ridgeValue.ToString("R", CultureInfo.InvariantCulture));
        var data = ReadData(noise is not null);

        if (!_diagnostics.Fatal)
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkUnderstood, _classLocation, _type.Name, Summary(depth, activation, parameterisation, data, declaredActivation));
            if (parameterisation == Parameterisation.MeanField && activation != Activation.Linear)
                _diagnostics.Report(DiagnosticDescriptors.MeanFieldBeyondFirstOrder, _classLocation, _type.Name);
        }
        if (_diagnostics.Fatal || widthMember is null || ridge is null || data is null)
            return new NetworkParseResult(null, _diagnostics.ToEquatableArray());
        var spec = new NetworkSpec(
            _type.ContainingNamespace.IsGlobalNamespace ? null : _type.ContainingNamespace.ToDisplayString(),
            _type.Name, _type.DeclaredAccessibility == Accessibility.Public, depth, activation, parameterisation, weightVariance, readoutVariance,
            widthMember, defaultWidth, data, ridge, noise, _parameters.ToEquatableArray(), DeclaredActivation: declaredActivation);
        return new NetworkParseResult(spec, _diagnostics.ToEquatableArray());
    }

    /// <summary>The pipeline's analysis step: the parsed network with its compile-time scaling (the diagram engine's work).</summary>
    public static NetworkParseResult Analyse(NetworkParseResult parsed) =>
        parsed.Network is { } network ? parsed with { Network = network with { Scaling = CompileTimeScaling(network.Activation, network.Depth, network.Data) } } : parsed;

    /// <summary>
    /// What is known at compile time: a linear network on Gaussian inputs with a linear teacher has exactly
    /// λ_j ∝ j^-(1+a) and y_j² ∝ j^-(1+b), so α = a and β = b, and its kernel scale, written as the truncated quartic
    /// −(2L/N)/(λ_k λ_q), gets its scaling from the shared rules (the theory integrates it exactly). A non-linear
    /// network's NNGP spectrum is measured at run time: null.
    /// </summary>
    private static ScalingSpec? CompileTimeScaling(Activation activation, int depth, NetworkDataSpec data)
    {
        if (activation != Activation.Linear || data.Kind != NetworkDataKind.GaussianInputs || data.TeacherMethod is not null) return null;
        var s = 1 + data.InputExponent;
        var coefficient = new Num(-2.0 * depth);
        var monomial = new MonomialSpec(ExprPrinter.ToCode(coefficient), new[] { ExprPrinter.ToCode(new Num(s)), ExprPrinter.ToCode(new Num(s)) }.ToEquatableArray(),
            ExprPrinter.MonomialDisplay(coefficient, [new Num(s), new Num(s)]));
        var perturbation = new PerturbationSpec("KernelScale", Legs.PairLocal, "-(2L/N)/(λ_k λ_q)", new[] { monomial }.ToEquatableArray(), null, "k k q q");
        var terms = new List<Algebra.Term> { new(coefficient, [new Num(s), new Num(s)]) };
        var input = new ScalingAnalysis.Input(new Num(-s), new Num(-1 - data.TeacherExponent), false, null, 0, [(perturbation, terms, null)]);
        // The analysis's own diagnostics (a cutoff-sensitive tadpole, say) would repeat on every linear network: not reported.
        return ScalingAnalysis.Analyse("network", input, new Dictionary<string, double?>(), null, static (_, _, _) => { });
    }

    private static string Summary(int depth, Activation activation, Parameterisation parameterisation, NetworkDataSpec? data, ActivationSpec? declared) =>
        FormattableString.Invariant($"{depth} hidden layer(s), {ActivationText(activation, declared)}, {parameterisation} scaling; data: {data?.Display}; ")
        + "NNGP kernel " + activation switch
        {
            Activation.Linear => "(linear)", Activation.Relu => "(arc-cosine)", Activation.Erf => "(arcsine)",
            Activation.Custom when declared?.Display is not null => "(the polynomial's finite Hermite series, exact at every depth; guarded against the method at run time)",
            Activation.Custom => "(Mehler series on Gauss–Hermite coefficients of the method, evaluated numerically: " + declared?.NumericReason + ")",
            _ => "(Mehler series)",
        }
        + "; kernel scale integrated exactly over " + depth.ToString(CultureInfo.InvariantCulture) + " Gamma factor(s)"
        + (activation == Activation.Linear ? "; no shape fluctuations (the prior is exactly a mixture of GPs)" : "; last-layer shape fluctuations at first order");

    private static string ActivationText(Activation activation, ActivationSpec? declared) =>
        declared is null ? activation.ToString() : "φ = [Activation] " + declared.MethodName + "(z)" + (declared.Display is null ? "" : " = " + declared.Display);

    /// <summary>
    /// The [Activation] method, if any (<see cref="ActivationReader"/>); it makes the activation <see cref="Activation.Custom"/>.
    /// Naming a built-in as well, or Activation.Custom without a method, is an error at the attribute's argument.
    /// </summary>
    private ActivationSpec? ReadActivation(ref Activation activation, Dictionary<string, double?> defaults)
    {
        var attribute = _context.Attributes[0];
        var named = attribute.NamedArguments.Any(a => a.Key == "Activation");
        if (!_members.TryGetValue("Activation", out var member))
        {
            if (activation == Activation.Custom)
                _diagnostics.Report(DiagnosticDescriptors.ActivationConflict, ArgumentLocation(attribute, "Activation"), _type.Name,
                    "Activation.Custom selects a declared activation, but no method is marked [Activation]; declare one, e.g. '[Activation] double Phi(double z) => z + Epsilon * z * z * z;', or name a built-in");
            return null;
        }
        if (named && activation != Activation.Custom)
            _diagnostics.Report(DiagnosticDescriptors.ActivationConflict, ArgumentLocation(attribute, "Activation"), _type.Name,
                "Activation = Activation." + activation + " and the [Activation] method '" + member.Name + "' both declare φ; keep one");
        activation = Activation.Custom;
        return ActivationReader.Read(member, Reader(), defaults, _diagnostics);
    }

    // Class shape: partial, top level, not generic, not static; not also an [RgModel].
    private void CheckClassShape()
    {
        DeclarationChecks.CheckPartialTopLevel(_type, _classLocation, _diagnostics, _cancellation);
        if (_type.GetAttributes().Any(a => KnownSymbols.Is(a.AttributeClass, _known.RgModel)))
            _diagnostics.Report(DiagnosticDescriptors.NetworkWithFieldTheoryMembers, _classLocation, _type.Name, "it is also marked [RgModel]; a class is either a declared field theory or a network");
    }

    private (int Depth, Activation Activation, Parameterisation Parameterisation, double WeightVariance, double ReadoutVariance) ReadArchitecture()
    {
        var attribute = _context.Attributes[0];
        var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value);
        var depth = named.TryGetValue("Depth", out var d) && d is int depthValue ? depthValue : 1;
        var activation = named.TryGetValue("Activation", out var a) && a is int activationValue ? activationValue : (int)Activation.Relu;
        var parameterisation = named.TryGetValue("Parameterisation", out var p) && p is int parameterisationValue ? parameterisationValue : (int)Parameterisation.Standard;
        var weightVariance = named.TryGetValue("WeightVariance", out var w) && w is double wv ? wv : 1;
        var readoutVariance = named.TryGetValue("ReadoutVariance", out var r) && r is double rv ? rv : 1;
        if (depth is < 1 or > 4)
            _diagnostics.Report(DiagnosticDescriptors.NetworkDepthOutOfRange, ArgumentLocation(attribute, "Depth"), _type.Name, depth);
        if (!Enum.IsDefined(typeof(Activation), activation))
            _diagnostics.Report(DiagnosticDescriptors.NetworkEnumUnknown, ArgumentLocation(attribute, "Activation"), _type.Name, "Activation", activation,
                string.Join(", ", Enum.GetNames(typeof(Activation)).Select(n => "Activation." + n)));
        if (!Enum.IsDefined(typeof(Parameterisation), parameterisation))
            _diagnostics.Report(DiagnosticDescriptors.NetworkEnumUnknown, ArgumentLocation(attribute, "Parameterisation"), _type.Name, "Parameterisation", parameterisation,
                string.Join(", ", Enum.GetNames(typeof(Parameterisation)).Select(n => "Parameterisation." + n)));
        if (!(weightVariance > 0) || double.IsInfinity(weightVariance))
            _diagnostics.Report(DiagnosticDescriptors.NetworkValueOutOfRange, ArgumentLocation(attribute, "WeightVariance"), _type.Name, "WeightVariance",
                Format(weightVariance), "the prior variance σ_w² of the hidden weights must be positive and finite");
        if (!(readoutVariance > 0) || double.IsInfinity(readoutVariance))
            _diagnostics.Report(DiagnosticDescriptors.NetworkValueOutOfRange, ArgumentLocation(attribute, "ReadoutVariance"), _type.Name, "ReadoutVariance",
                Format(readoutVariance), "the prior variance σ_a² of the readout must be positive and finite");
        return (depth, (Activation)activation, (Parameterisation)parameterisation, weightVariance, readoutVariance);
    }

    // Members by attribute. Field-theory roles are refused: a network derives its spectrum and perturbations.
    private void CollectMembers()
    {
        foreach (var member in _type.GetMembers())
        {
            _cancellation.ThrowIfCancellationRequested();
            foreach (var data in member.GetAttributes())
            {
                var attribute = data.AttributeClass;
                var location = LocationInfo.From(member.Locations.FirstOrDefault());
                var role = _known.RoleOf(attribute);
                string? name = role switch
                {
                    MemberRole.Ridge => "Ridge",
                    MemberRole.LabelNoise => "LabelNoise",
                    MemberRole.Parameter => null,
                    MemberRole.Spectrum or MemberRole.Target or MemberRole.Multiplicity or MemberRole.Perturbation => "field",
                    _ => KnownSymbols.Is(attribute, _known.Width) ? "Width"
                        : KnownSymbols.Is(attribute, _known.Teacher) ? "Teacher"
                        : KnownSymbols.Is(attribute, _known.Inputs) ? "Inputs"
                        : KnownSymbols.Is(attribute, _known.ActivationMethod) ? "Activation"
                        : "",
                };
                if (role == MemberRole.Parameter)
                {
                    if (member is IPropertySymbol property)
                    {
                        if (property.Type.SpecialType != SpecialType.System_Double)
                            _diagnostics.Report(DiagnosticDescriptors.ParameterNotDouble, location, property.Name, property.Type.ToDisplayString());
                        else
                            _parameters.Add(new ParameterSpec(property.Name, DeclarationChecks.ConstantInitializer(property, _semantic, _cancellation)));
                    }
                    continue;
                }
                if (name is null or "") continue;
                if (name == "field")
                {
                    _diagnostics.Report(DiagnosticDescriptors.NetworkWithFieldTheoryMembers, location, _type.Name, "'" + member.Name + "' is marked [" + role + "]");
                    continue;
                }
                if (_members.TryGetValue(name, out var first))
                    _diagnostics.Report(DiagnosticDescriptors.DuplicateMember, location, _type.Name, name, first.Name, member.Name);
                else
                    _members[name] = member;
            }
        }
    }

    private (string? Member, int? Default) ReadWidth()
    {
        if (!_members.TryGetValue("Width", out var member))
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkWidthInvalid, _classLocation, _type.Name, "no [Width] member; declare '[Width] public int Width { get; init; } = 256;'");
            return (null, null);
        }
        var location = LocationInfo.From(member.Locations.FirstOrDefault());
        if (member is not IPropertySymbol { GetMethod: not null, Parameters.Length: 0 } property || property.Type.SpecialType != SpecialType.System_Int32)
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkMemberSignature, location, "Width", member.Name, "an 'int' property with a getter, e.g. 'public int " + member.Name + " { get; init; } = 256;'");
            return (null, null);
        }
        var initial = DeclarationChecks.ConstantInitializer(property, _semantic, _cancellation);
        if (initial is { } value && value < 1)
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkWidthInvalid, location, _type.Name,
                "the width '" + member.Name + "' is " + Format(value) + " by default; a network needs at least one unit per layer (N ≥ 1)");
            return (null, null);
        }
        return (member.Name, initial is { } v ? (int)v : null);
    }

    /// <summary>[Ridge] or [LabelNoise]: a double property with a getter or a parameterless double method.</summary>
    private ScalarSpec? ReadScalar(string role, bool required)
    {
        if (!_members.TryGetValue(role, out var member))
        {
            if (required) _diagnostics.Report(DiagnosticDescriptors.MissingRidge, _classLocation, _type.Name);
            return null;
        }
        if (!ScalarMember.HasShape(member))
        {
            _diagnostics.Report(DiagnosticDescriptors.WrongSignature, LocationInfo.From(member.Locations.FirstOrDefault()), role, member.Name,
                ScalarMember.Expected(member));
            return null;
        }
        var formula = Reader().ReadScalar(member) is { } e ? ExprPrinter.ToDisplay(Algebra.Simplify(e)) : null;
        return new ScalarSpec(member.Name, member is IMethodSymbol, formula, StaticOwner.Of(member));
    }

    /// <summary>
    /// The network's data: an [Inputs] member (which brings its own targets and noise), or [GaussianInputs] with a
    /// teacher ([LinearTeacher] or a [Teacher] method). Null, with the diagnostics, when the declaration is incomplete,
    /// conflicting or out of range.
    /// </summary>
    private NetworkDataSpec? ReadData(bool hasNoiseMember)
    {
        var gaussian = _type.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a.AttributeClass, _known.GaussianInputs));
        var linear = _type.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a.AttributeClass, _known.LinearTeacher));
        _members.TryGetValue("Teacher", out var teacherMember);
        _members.TryGetValue("Inputs", out var inputsMember);
        if (inputsMember is not null) return ReadInputs(inputsMember, gaussian, linear, teacherMember, hasNoiseMember);
        if (gaussian is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkDataMissing, _classLocation, _type.Name);
            return null;
        }
        var gaussianLocation = LocationInfo.From(gaussian.ApplicationSyntaxReference?.GetSyntax(_cancellation));
        var (dimension, exponent, valid) = ReadGaussianInputs(gaussian, gaussianLocation);
        if (linear is not null && teacherMember is not null)
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkDataConflict, LocationInfo.From(teacherMember.Locations.FirstOrDefault()), _type.Name,
                "[LinearTeacher] and the [Teacher] method '" + teacherMember.Name + "' both declare the target; keep one");
            return null;
        }
        if (linear is null && teacherMember is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkTeacherMissing, gaussianLocation, _type.Name);
            return null;
        }
        var display = FormattableString.Invariant($"Gaussian inputs, d = {dimension}, Σ_jj ∝ j^-(1+{Format(exponent)})");
        return teacherMember is not null
            ? ReadTeacherMethod(teacherMember, dimension, exponent, valid, display)
            : ReadLinearTeacher(linear!, dimension, exponent, valid, display);
    }

    /// <summary>Data from an [Inputs] member: the conflicts with the other data declarations reported, its type checked.</summary>
    private NetworkDataSpec? ReadInputs(ISymbol inputsMember, AttributeData? gaussian, AttributeData? linear, ISymbol? teacherMember, bool hasNoiseMember)
    {
        var location = LocationInfo.From(inputsMember.Locations.FirstOrDefault());
        if (gaussian is not null)
            _diagnostics.Report(DiagnosticDescriptors.NetworkDataConflict, LocationInfo.From(gaussian.ApplicationSyntaxReference?.GetSyntax(_cancellation)), _type.Name,
                "[GaussianInputs] and the [Inputs] member '" + inputsMember.Name + "' both declare the data; keep one");
        if (linear is not null || teacherMember is not null)
            _diagnostics.Report(DiagnosticDescriptors.NetworkDataConflict, teacherMember is not null ? LocationInfo.From(teacherMember.Locations.FirstOrDefault())
                : LocationInfo.From(linear!.ApplicationSyntaxReference?.GetSyntax(_cancellation)), _type.Name,
                "a teacher is declared, but the [Inputs] member '" + inputsMember.Name + "' brings its own targets");
        if (hasNoiseMember && _members.TryGetValue("LabelNoise", out var noise))
            _diagnostics.Report(DiagnosticDescriptors.NetworkDataConflict, LocationInfo.From(noise.Locations.FirstOrDefault()), _type.Name,
                "[LabelNoise] '" + noise.Name + "' is declared, but the label noise of [Inputs] data belongs to the NetworkData it returns");
        var isMethod = inputsMember is IMethodSymbol;
        var type = inputsMember switch
        {
            IMethodSymbol { Parameters.Length: 0, IsGenericMethod: false } m => m.ReturnType,
            IPropertySymbol { GetMethod: not null, Parameters.Length: 0 } p => p.Type,
            _ => null,
        };
        if (type is null || !IsNetworkData(type))
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkMemberSignature, location, "Inputs", inputsMember.Name,
                "a parameterless method or a property returning RgDsl.Networks.Data.NetworkData (e.g. 'NetworkData.FromDataset(...)')");
            return null;
        }
        return new NetworkDataSpec(NetworkDataKind.Inputs, 0, 0, null, 0, 0, inputsMember.Name, isMethod, "[Inputs] " + inputsMember.Name + (isMethod ? "()" : ""), inputsMember.IsStatic);
    }

    /// <summary>[GaussianInputs]' dimension d (default 16) and covariance exponent a (default 0.5), each range reported; valid when both are in range.</summary>
    private (int Dimension, double Exponent, bool Valid) ReadGaussianInputs(AttributeData gaussian, LocationInfo? gaussianLocation)
    {
        var g = gaussian.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value);
        var dimension = g.TryGetValue("Dimension", out var dv) && dv is int di ? di : 16;
        var exponent = g.TryGetValue("Exponent", out var ev) && ev is double ed ? ed : 0.5;
        var valid = true;
        if (dimension < 1)
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkValueOutOfRange, ArgumentLocation(gaussian, "Dimension") ?? gaussianLocation, _type.Name, "Dimension", dimension,
                "the input dimension d must be at least 1");
            valid = false;
        }
        if (!(exponent > -1) || double.IsInfinity(exponent))
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkValueOutOfRange, ArgumentLocation(gaussian, "Exponent") ?? gaussianLocation, _type.Name, "Exponent",
                Format(exponent), "the input covariance Σ_jj ∝ j^-(1+a) needs a finite a > −1 to decrease");
            valid = false;
        }
        return (dimension, exponent, valid);
    }

    /// <summary>Gaussian inputs with a [Teacher] method 'double T(double[] x)'.</summary>
    private NetworkDataSpec? ReadTeacherMethod(ISymbol teacherMember, int dimension, double exponent, bool valid, string display)
    {
        if (teacherMember is not IMethodSymbol { Parameters.Length: 1, IsGenericMethod: false } method
            || method.ReturnType.SpecialType != SpecialType.System_Double
            || method.Parameters[0].Type is not IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Double, Rank: 1 }
            || method.Parameters[0].RefKind != RefKind.None)
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkMemberSignature, LocationInfo.From(teacherMember.Locations.FirstOrDefault()), "Teacher", teacherMember.Name,
                "a method 'double " + teacherMember.Name + "(double[] x)' returning the target at input x");
            return null;
        }
        return valid ? new NetworkDataSpec(NetworkDataKind.GaussianInputs, dimension, exponent, teacherMember.Name, 0, 0, null, false, display + "; [Teacher] " + teacherMember.Name, method.IsStatic) : null;
    }

    /// <summary>Gaussian inputs with [LinearTeacher]: its exponent b (default 0.5, finite) and total power (default 1, positive and finite).</summary>
    private NetworkDataSpec? ReadLinearTeacher(AttributeData linear, int dimension, double exponent, bool valid, string display)
    {
        var t = linear.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value);
        var teacherExponent = t.TryGetValue("Exponent", out var te) && te is double tev ? tev : 0.5;
        var power = t.TryGetValue("Power", out var tp) && tp is double tpv ? tpv : 1;
        if (double.IsNaN(teacherExponent) || double.IsInfinity(teacherExponent))
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkValueOutOfRange, ArgumentLocation(linear, "Exponent"), _type.Name, "LinearTeacher.Exponent", Format(teacherExponent),
                "the teacher's exponent b must be finite");
            valid = false;
        }
        if (!(power > 0) || double.IsInfinity(power))
        {
            _diagnostics.Report(DiagnosticDescriptors.NetworkValueOutOfRange, ArgumentLocation(linear, "Power"), _type.Name, "LinearTeacher.Power", Format(power),
                "the teacher's total power must be positive and finite");
            valid = false;
        }
        return valid
            ? new NetworkDataSpec(NetworkDataKind.GaussianInputs, dimension, exponent, null, teacherExponent, power, null, false,
                display + FormattableString.Invariant($"; linear teacher, powers ∝ j^-(1+{Format(teacherExponent)}), total {Format(power)}"))
            : null;
    }

    private bool IsNetworkData(ITypeSymbol type)
    {
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
            if (KnownSymbols.Is(t, _known.NetworkData)) return true;
        return false;
    }

    private ExpressionReader Reader() =>
        new(_semantic, _type, _known.Math, _parameters.Select(p => p.Name), long.MaxValue, _cancellation);

    private double? ValueAtDefaults(ISymbol member, Dictionary<string, double?> defaults) =>
        Reader().ReadScalar(member) is { } e ? Algebra.Evaluate(Algebra.Simplify(e), p => defaults.TryGetValue(p, out var d) ? d : null) : null;

    private LocationInfo? ArgumentLocation(AttributeData attribute, string name) =>
        LocationInfo.From((attribute.ApplicationSyntaxReference?.GetSyntax(_cancellation) as AttributeSyntax)?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == name)) ?? LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(_cancellation));

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
