using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RgDsl.Generators.Model;

namespace RgDsl.Generators.Symbolic;

/// <summary>
/// Reads the body of a model member into an <see cref="Expr"/>: constants, [Parameter] properties, the mode index,
/// + − * /, Math.Pow/Exp/Log/Sqrt, casts, and calls to other members of the model (inlined, with the argument
/// substituted). The reading must mean what C# means, so it follows the types: double arithmetic is read as real
/// arithmetic; integer (int, long) arithmetic only where it provably equals it (+, −, × that cannot overflow for any
/// mode 1..M; never a division, which truncates); conversions only where they are exact or widen to double. Anything
/// else yields null with a reason, and the emitter falls back to calling the user's code.
/// </summary>
internal sealed class ExpressionReader
{
    /// <summary>Calls inlined into one another at most this deep.</summary>
    private const int MaxInlineDepth = 8;
    /// <summary>Syntax nodes read per member at most (inlining can multiply them).</summary>
    private const int MaxNodes = 20_000;
    /// <summary>Expressions at most this deep: every recursion over them (simplification, expansion, printing) stays shallow.</summary>
    private const int MaxDepth = 200;

    private readonly SemanticModels _semantic;
    private readonly INamedTypeSymbol _model;
    private readonly INamedTypeSymbol? _math;
    private readonly HashSet<string> _parameters;
    private readonly double _largestMode;
    private readonly CancellationToken _cancellation;
    // The members being inlined, outermost first: a member met again is a recursion.
    private readonly List<ISymbol> _inlining = new();
    private int _nodes;

    /// <param name="largestMode">The largest mode index M (<see cref="long.MaxValue"/> for infinite rank): integer arithmetic on mode indices is read only where it cannot overflow for any k ≤ M.</param>
    public ExpressionReader(SemanticModels semantic, INamedTypeSymbol model, INamedTypeSymbol? math, IEnumerable<string> parameters, long largestMode, CancellationToken cancellation)
    {
        _semantic = semantic; _model = model; _math = math; _parameters = new HashSet<string>(parameters); _cancellation = cancellation;
        _largestMode = largestMode == long.MaxValue ? double.PositiveInfinity : largestMode;
    }

    /// <summary>Why the last read returned null (the first reason met).</summary>
    public string? Reason { get; private set; }

    /// <summary>The chain of members that calls itself unconditionally ("U → V → U"), when a read met one.</summary>
    public string? Recursion { get; private set; }

    /// <summary>Integer arithmetic whose C# meaning differs from the real one (truncating division, possible overflow), with where it is.</summary>
    public (string Text, LocationInfo? Location)? IntegerArithmetic { get; private set; }

    /// <summary>
    /// Reads a method's body with its parameters bound to <paramref name="arguments"/>; by default (a top-level member)
    /// to the mode indices k, q, p in order.
    /// </summary>
    public Expr? ReadMethod(IMethodSymbol method, IReadOnlyList<Expr>? arguments = null, int depth = 0)
    {
        if (!AllowedParameters(method)) return Fail($"'{method.Name}' takes a parameter of a type other than double, long or int");
        var body = BodyOf(method);
        if (body is null) return Fail($"'{method.Name}' has no expression body or single return statement");
        var bindings = new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default);
        for (var i = 0; i < method.Parameters.Length; i++) bindings[method.Parameters[i]] = arguments?[i] ?? new ModeIndex(i);
        return Inline(method, body, bindings, depth);
    }

    /// <summary>Reads a property's getter or a parameterless method.</summary>
    public Expr? ReadScalar(ISymbol member, int depth = 0)
    {
        ExpressionSyntax? body = member switch
        {
            IPropertySymbol p => BodyOf(p),
            IMethodSymbol m => BodyOf(m),
            _ => null,
        };
        if (body is null)
            return Fail(member is IPropertySymbol property && IsAssignedInConstructor(property)
                ? $"'{member.Name}' is assigned in a constructor, so its initializer is not its value"
                : $"'{member.Name}' has no expression body or single return statement");
        return Inline(member, body, new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default), depth);
    }

    /// <summary>Reads a member's body, refusing a member that is already being read: an unconditional recursion.</summary>
    private Expr? Inline(ISymbol member, ExpressionSyntax body, Dictionary<IParameterSymbol, Expr> bindings, int depth)
    {
        if (!IsReadableType(ReturnType(member))) return Fail($"'{member.Name}' returns '{ReturnType(member)?.ToDisplayString()}', which the generator does not read (double, long or int)");
        var index = _inlining.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, member));
        if (index >= 0)
        {
            // Everything the reader accepts evaluates all its operands, so reaching the member again means it always
            // calls itself: evaluating it never returns.
            Recursion ??= string.Join(" → ", _inlining.Skip(index).Select(m => m.Name).Concat(new[] { member.Name }));
            return Fail($"'{member.Name}' calls itself ({Recursion})");
        }
        if (depth > MaxInlineDepth) return Fail("calls nest too deeply to inline");
        _inlining.Add(member);
        try
        {
            return Read(body, bindings, depth, 0);
        }
        finally
        {
            _inlining.RemoveAt(_inlining.Count - 1);
        }
    }

    private Expr? Fail(string reason)
    {
        Reason ??= reason;
        return null;
    }

    private static ITypeSymbol? ReturnType(ISymbol member) => member switch
    {
        IMethodSymbol m => m.ReturnType,
        IPropertySymbol p => p.Type,
        _ => null,
    };

    private static bool IsInteger(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64;

    private static bool IsReadableType(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Double || IsInteger(type);

    private static bool AllowedParameters(IMethodSymbol method) =>
        method.Parameters.All(p => p.RefKind == RefKind.None && IsReadableType(p.Type));

    private static ExpressionSyntax? BodyOf(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
            if (reference.GetSyntax() is MethodDeclarationSyntax declaration)
                return declaration.ExpressionBody?.Expression ?? SingleReturn(declaration.Body);
        return null;
    }

    private ExpressionSyntax? BodyOf(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax declaration) continue;
            if (declaration.ExpressionBody is not null) return declaration.ExpressionBody.Expression;
            var getter = declaration.AccessorList?.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
            if (getter?.ExpressionBody is not null) return getter.ExpressionBody.Expression;
            if (getter?.Body is not null) return SingleReturn(getter.Body);
            // A get-only auto-property: its initializer is its value unless a constructor assigns it.
            if (getter is not null && declaration.AccessorList!.Accessors.All(a => a.Body is null && a.ExpressionBody is null) && declaration.Initializer is not null
                && declaration.AccessorList.Accessors.Count == 1 && !IsAssignedInConstructor(property))
                return declaration.Initializer.Value;
        }
        return null;
    }

    /// <summary>True when a constructor of the model assigns the property (a get-only auto-property can be set there).</summary>
    private bool IsAssignedInConstructor(IPropertySymbol property)
    {
        foreach (var constructor in _model.Constructors.Concat(_model.StaticConstructors))
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(_cancellation);
                var semantic = _semantic.For(syntax.SyntaxTree);
                foreach (var assignment in syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                    if (SymbolEqualityComparer.Default.Equals(semantic.GetSymbolInfo(assignment.Left, _cancellation).Symbol, property))
                        return true;
            }
        return false;
    }

    private static ExpressionSyntax? SingleReturn(BlockSyntax? block) =>
        block is { Statements.Count: 1 } && block.Statements[0] is ReturnStatementSyntax { Expression: { } e } ? e : null;

    private Expr? Read(ExpressionSyntax syntax, Dictionary<IParameterSymbol, Expr> bindings, int depth, int level)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (++_nodes > MaxNodes) return Fail("the expression is too large to inline");
        if (level > MaxDepth) return Fail("the expression nests too deeply");
        var semantic = _semantic.For(syntax.SyntaxTree);
        // A compile-time constant has the value C# computes (integer division, checked or unchecked overflow included).
        var constant = semantic.GetConstantValue(syntax, _cancellation);
        if (constant.HasValue && constant.Value is not null and not string and not bool and not char)
            return new Num(System.Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture));
        var type = semantic.GetTypeInfo(syntax, _cancellation).Type;
        if (!IsReadableType(type))
            return Fail($"'{syntax}' has type '{type?.ToDisplayString() ?? "?"}'; the generator reads double, long and int arithmetic only");
        var result = ReadTyped(syntax, type!, semantic, bindings, depth, level + 1);
        return result is { Depth: > MaxDepth } ? Fail("the expression nests too deeply") : result;
    }

    private Expr? ReadTyped(ExpressionSyntax syntax, ITypeSymbol type, SemanticModel semantic, Dictionary<IParameterSymbol, Expr> bindings, int depth, int level)
    {
        switch (syntax)
        {
            case ParenthesizedExpressionSyntax p:
                return Read(p.Expression, bindings, depth, level);
            case CastExpressionSyntax c:
            {
                // Exact or widening conversions only: an integer or a double to double, int to long, a type to itself.
                var from = semantic.GetTypeInfo(c.Expression, _cancellation).Type;
                var exact = type.SpecialType == SpecialType.System_Double ? IsReadableType(from)
                    : type.SpecialType == SpecialType.System_Int64 ? IsInteger(from)
                    : from?.SpecialType == type.SpecialType;
                return exact ? Read(c.Expression, bindings, depth, level)
                    : Fail($"the conversion '{c}' from '{from?.ToDisplayString()}' to '{type.ToDisplayString()}' truncates or narrows");
            }
            case CheckedExpressionSyntax c:
                // Integer arithmetic is read only where it cannot overflow, so checked and unchecked agree on it.
                return Read(c.Expression, bindings, depth, level);
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression):
                return Read(u.Operand, bindings, depth, level) is { } x ? Integer(u, type, new Neg(x)) : null;
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryPlusExpression):
                return Read(u.Operand, bindings, depth, level);
            case BinaryExpressionSyntax b:
            {
                char? op = b.Kind() switch
                {
                    SyntaxKind.AddExpression => '+',
                    SyntaxKind.SubtractExpression => '-',
                    SyntaxKind.MultiplyExpression => '*',
                    SyntaxKind.DivideExpression => '/',
                    _ => null,
                };
                if (op is null) return Fail($"operator '{b.OperatorToken.Text}' is not supported");
                // C# evaluates both operands, left first; so does the reader (a recursion on either side is certain).
                var l = Read(b.Left, bindings, depth, level);
                var r = l is null ? null : Read(b.Right, bindings, depth, level);
                if (l is null || r is null) return null;
                if (IsInteger(type) && op == '/') return IntegerDivision(b, type, l, r);
                return Integer(b, type, new Binary(op.Value, l, r));
            }
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return ReadSymbol(syntax, semantic.GetSymbolInfo(syntax, _cancellation).Symbol, bindings, depth);
            case InvocationExpressionSyntax invocation:
                return ReadInvocation(invocation, semantic, bindings, depth, level);
            default:
                return Fail($"'{syntax}' is not a recognised expression");
        }
    }

    /// <summary>
    /// Integer +, − and × equal the real operations when no value can overflow the type: bounded by |constants| and
    /// M for each mode index. Otherwise C# wraps (unchecked) or throws (checked), and the reader declines.
    /// </summary>
    private Expr? Integer(ExpressionSyntax syntax, ITypeSymbol type, Expr e)
    {
        if (!IsInteger(type)) return e;
        var limit = type.SpecialType == SpecialType.System_Int32 ? int.MaxValue : 9.223372036854775807E18; // 2^63, excluded below
        var bound = Bound(e);
        if (bound < limit || (type.SpecialType == SpecialType.System_Int32 && bound <= limit)) return e;
        var name = type.ToDisplayString();
        var modes = double.IsPositiveInfinity(_largestMode) ? "with infinite rank, every k" : "for modes up to M = " + _largestMode.ToString("R", CultureInfo.InvariantCulture);
        return IntegerFailure(syntax, $"'{syntax}' is {name} arithmetic, which overflows the {name} range {modes}; write it in double (for example (double)k * k or Math.Pow(k, 2)) if you mean the real value");
    }

    private Expr? IntegerDivision(BinaryExpressionSyntax syntax, ITypeSymbol type, Expr left, Expr right)
    {
        var example = "";
        for (var k = 1; k <= 10 && example.Length == 0; k++)
        {
            var at = new double[] { k, k, k };
            if (Algebra.Evaluate(left, _ => null, at) is { } a && Algebra.Evaluate(right, _ => null, at) is { } b && b != 0 && Math.Truncate(a / b) != a / b)
                example = string.Format(CultureInfo.InvariantCulture, " (at k = {0} it is {1}, not {2})", k, Math.Truncate(a / b), a / b);
        }
        return IntegerFailure(syntax, $"'{syntax}' is integer division ({type.ToDisplayString()}), which C# truncates{example}; write a double operand (for example 1.0 / …) if you mean real division");
    }

    private Expr? IntegerFailure(ExpressionSyntax syntax, string text)
    {
        IntegerArithmetic ??= (text, LocationInfo.From(syntax));
        return Fail(text);
    }

    private double Bound(Expr e) => e switch
    {
        Num n => Math.Abs(n.Value),
        ModeIndex => _largestMode,
        Neg(var x) => Bound(x),
        Binary('+' or '-', var l, var r) => Bound(l) + Bound(r),
        Binary('*', var l, var r) => Bound(l) * Bound(r),
        _ => double.PositiveInfinity,
    };

    private Expr? ReadSymbol(ExpressionSyntax syntax, ISymbol? symbol, Dictionary<IParameterSymbol, Expr> bindings, int depth)
    {
        switch (symbol)
        {
            case IParameterSymbol parameter when bindings.TryGetValue(parameter, out var bound):
                return bound;
            case IPropertySymbol property when SymbolEqualityComparer.Default.Equals(property.ContainingType, _model):
                if (_parameters.Contains(property.Name)) return new Param(property.Name);
                return ReadScalar(property, depth + 1);
            default:
                return Fail($"'{syntax}' is neither a constant, the mode index, a [Parameter] nor a member of the model");
        }
    }

    private Expr? ReadInvocation(InvocationExpressionSyntax invocation, SemanticModel semantic, Dictionary<IParameterSymbol, Expr> bindings, int depth, int level)
    {
        if (semantic.GetSymbolInfo(invocation, _cancellation).Symbol is not IMethodSymbol method)
            return Fail($"'{invocation}' could not be resolved");
        // Arguments first, as C# evaluates them.
        var args = new List<Expr>();
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            if (argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) || argument.NameColon is not null)
                return Fail($"the call '{invocation}' passes a ref, out or named argument");
            var value = Read(argument.Expression, bindings, depth, level);
            if (value is null) return null;
            args.Add(value);
        }
        if (_math is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _math))
        {
            switch (method.Name)
            {
                case "Pow" when args.Count == 2: return new Pow(args[0], args[1]);
                case "Exp" or "Log" or "Sqrt" when args.Count == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Double: return new Func1(method.Name, args[0]);
                default: return Fail($"Math.{method.Name} is not supported");
            }
        }
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _model) && method.Parameters.Length == args.Count && !method.IsGenericMethod)
            return args.Count == 0 ? ReadScalar(method, depth + 1) : ReadMethod(method, args, depth + 1);
        return Fail($"the call '{invocation}' is not supported");
    }
}
