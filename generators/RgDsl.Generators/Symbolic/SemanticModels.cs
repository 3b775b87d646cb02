using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace RgDsl.Generators.Symbolic;

/// <summary>
/// One semantic model per syntax tree for the whole parse of a class. <see cref="Compilation.GetSemanticModel"/>
/// returns a new model on every call, and a new model binds a member's body afresh: asking it once per syntax node
/// bound each body once per node it has.
/// </summary>
internal sealed class SemanticModels
{
    private readonly Compilation _compilation;
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();

    /// <param name="known">The model the pipeline already has for the class's own tree.</param>
    public SemanticModels(SemanticModel known)
    {
        _compilation = known.Compilation;
        _models[known.SyntaxTree] = known;
    }

    public SemanticModel For(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out var model)) _models[tree] = model = _compilation.GetSemanticModel(tree);
        return model;
    }
}
