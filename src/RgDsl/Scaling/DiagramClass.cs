// Shared with the source generator (linked into generators/RgDsl.Generators): keep it dependency-free and
// netstandard2.0-compatible.
namespace RgDsl;

/// <summary>
/// A diagram class of the first-order correction to the test error (THEORY.md §4): which contraction of which term
/// kind. The scaling rules, the exact class corrections of the field theory and the reports all key on these values.
/// </summary>
public enum DiagramClass
{
    /// <summary>Quadratic term: the mass insertion w(k) on the mode itself.</summary>
    MassInsertion,
    /// <summary>Mode-local quartic: the fluctuation contraction 3w(k)G_k on the mode.</summary>
    OnModeFluctuation,
    /// <summary>Mode-local quartic: the signal contraction w(k)f̄_k² on the mode.</summary>
    OnModeSignal,
    /// <summary>Pair-local quartic: the tadpole Σ_q W(k,q)G_q over the other modes' fluctuations.</summary>
    FluctuationTadpole,
    /// <summary>Pair-local quartic: the tadpole Σ_q W(k,q)f̄_q² over the other modes' signal.</summary>
    SignalTadpole,
    /// <summary>Pair-local quartic: the cross contraction 2W(k,k)G_k on the same mode.</summary>
    CrossContraction,
    /// <summary>Pair-local sextic: Σ_qp W(k,q,p)G_qG_p.</summary>
    DoubleFluctuationTadpole,
    /// <summary>Pair-local sextic: Σ_qp W(k,q,p)(G_qf̄_p² + f̄_q²G_p).</summary>
    FluctuationSignalTadpole,
    /// <summary>Pair-local sextic: Σ_qp W(k,q,p)f̄_q²f̄_p².</summary>
    DoubleSignalTadpole,
    /// <summary>
    /// Any other diagram of the diagram engine (a custom vertex, the sextic's contractions on the mode itself, second
    /// order): named by its formula (<see cref="DiagramClassScaling.Diagram"/>).
    /// </summary>
    Other,
}

/// <summary>Readable names of the diagram classes, as the reports and diagnostics print them.</summary>
public static class DiagramClassNames
{
    /// <summary>"fluctuation tadpole", "cross contraction", …</summary>
    public static string DisplayName(this DiagramClass diagramClass) => diagramClass switch
    {
        DiagramClass.MassInsertion => "mass insertion",
        DiagramClass.OnModeFluctuation => "on-mode fluctuation",
        DiagramClass.OnModeSignal => "on-mode signal",
        DiagramClass.FluctuationTadpole => "fluctuation tadpole",
        DiagramClass.SignalTadpole => "signal tadpole",
        DiagramClass.CrossContraction => "cross contraction",
        DiagramClass.DoubleFluctuationTadpole => "double fluctuation tadpole",
        DiagramClass.FluctuationSignalTadpole => "fluctuation-signal tadpole",
        DiagramClass.DoubleSignalTadpole => "double signal tadpole",
        DiagramClass.Other => "diagram",
        _ => diagramClass.ToString(),
    };
}
