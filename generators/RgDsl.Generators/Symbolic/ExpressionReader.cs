using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RgDsl.Generators.Symbolic;

/// <summary>
/// Reads the body of a model member into an <see cref="Expr"/>: constants, [Parameter] properties, the mode index,
/// + − * /, Math.Pow/Exp/Log/Sqrt, casts, and calls to other members of the model (inlined, with the argument
/// substituted). Anything else yields null with a reason, and the emitter falls back to calling the user's code.
/// </summary>
internal sealed class ExpressionReader
{
    private const int MaxInlineDepth = 8;
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _model;
    private readonly INamedTypeSymbol? _math;
    private readonly HashSet<string> _parameters;
    private readonly CancellationToken _cancellation;

    public ExpressionReader(Compilation compilation, INamedTypeSymbol model, INamedTypeSymbol? math, IEnumerable<string> parameters, CancellationToken cancellation)
    {
        _compilation = compilation; _model = model; _math = math; _parameters = new HashSet<string>(parameters); _cancellation = cancellation;
    }

    public string? Reason { get; private set; }

    /// <summary>Reads a method's body with its single parameter bound to <paramref name="argument"/> (k by default).</summary>
    public Expr? ReadMethod(IMethodSymbol method, Expr? argument = null, int depth = 0)
    {
        var body = BodyOf(method);
        if (body is null) return Fail($"'{method.Name}' has no expression body or single return statement");
        var bindings = new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default);
        if (method.Parameters.Length == 1) bindings[method.Parameters[0]] = argument ?? ModeIndex.Instance;
        else
            for (var i = 0; i < method.Parameters.Length; i++) bindings[method.Parameters[i]] = new ModeIndex(i);
        return Read(body, bindings, depth);
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
        if (body is null) return Fail($"'{member.Name}' has no expression body or single return statement");
        return Read(body, new Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default), depth);
    }

    private Expr? Fail(string reason)
    {
        Reason ??= reason;
        return null;
    }

    private static ExpressionSyntax? BodyOf(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
            if (reference.GetSyntax() is MethodDeclarationSyntax declaration)
                return declaration.ExpressionBody?.Expression ?? SingleReturn(declaration.Body);
        return null;
    }

    private static ExpressionSyntax? BodyOf(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax declaration) continue;
            if (declaration.ExpressionBody is not null) return declaration.ExpressionBody.Expression;
            var getter = declaration.AccessorList?.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
            if (getter?.ExpressionBody is not null) return getter.ExpressionBody.Expression;
            if (getter?.Body is not null) return SingleReturn(getter.Body);
            // An auto-property: its initializer is its value as long as nothing assigns it.
            if (getter is not null && declaration.AccessorList!.Accessors.All(a => a.Body is null && a.ExpressionBody is null) && declaration.Initializer is not null
                && declaration.AccessorList.Accessors.Count == 1)
                return declaration.Initializer.Value;
        }
        return null;
    }

    private static ExpressionSyntax? SingleReturn(BlockSyntax? block) =>
        block is { Statements.Count: 1 } && block.Statements[0] is ReturnStatementSyntax { Expression: { } e } ? e : null;

    private Expr? Read(ExpressionSyntax syntax, Dictionary<IParameterSymbol, Expr> bindings, int depth)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (depth > MaxInlineDepth) return Fail("calls nest too deeply to inline");
        var semantic = _compilation.GetSemanticModel(syntax.SyntaxTree);
        var constant = semantic.GetConstantValue(syntax, _cancellation);
        if (constant.HasValue && constant.Value is not null and not string and not bool and not char)
            return new Num(System.Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture));

        switch (syntax)
        {
            case ParenthesizedExpressionSyntax p:
                return Read(p.Expression, bindings, depth);
            case CastExpressionSyntax c:
                return Read(c.Expression, bindings, depth);
            case CheckedExpressionSyntax c:
                return Read(c.Expression, bindings, depth);
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression):
                return Read(u.Operand, bindings, depth) is { } x ? new Neg(x) : null;
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryPlusExpression):
                return Read(u.Operand, bindings, depth);
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
                var l = Read(b.Left, bindings, depth);
                var r = Read(b.Right, bindings, depth);
                return l is null || r is null ? null : new Binary(op.Value, l, r);
            }
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return ReadSymbol(syntax, semantic.GetSymbolInfo(syntax, _cancellation).Symbol, bindings, depth);
            case InvocationExpressionSyntax invocation:
                return ReadInvocation(invocation, semantic, bindings, depth);
            default:
                return Fail($"'{syntax}' is not a recognised expression");
        }
    }

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

    private Expr? ReadInvocation(InvocationExpressionSyntax invocation, SemanticModel semantic, Dictionary<IParameterSymbol, Expr> bindings, int depth)
    {
        if (semantic.GetSymbolInfo(invocation, _cancellation).Symbol is not IMethodSymbol method)
            return Fail($"'{invocation}' could not be resolved");
        var args = new List<Expr>();
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            var value = Read(argument.Expression, bindings, depth);
            if (value is null) return null;
            args.Add(value);
        }
        if (_math is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _math))
        {
            switch (method.Name)
            {
                case "Pow" when args.Count == 2: return new Pow(args[0], args[1]);
                case "Exp" or "Log" or "Sqrt" when args.Count == 1: return new Func1(method.Name, args[0]);
                default: return Fail($"Math.{method.Name} is not supported");
            }
        }
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _model))
        {
            if (args.Count == 0) return ReadScalar(method, depth + 1);
            if (args.Count == 1) return ReadMethod(method, args[0], depth + 1);
        }
        return Fail($"the call '{invocation}' is not supported");
    }
}
