using RgDsl.Flow;

namespace RgDsl;

/// <summary>How a prediction is computed.</summary>
public enum Approximation
{
    /// <summary>The most accurate method available for the model: the self-consistent Gaussian result for Gaussian models.</summary>
    Auto,
    /// <summary>The self-consistent (eigenlearning) Gaussian learning curve, THEORY.md §2.2.</summary>
    Gaussian,
    /// <summary>The equivalent-kernel field theory, THEORY.md §2.1: t = κ/P, E₀ = 1. Needs κ &gt; 0.</summary>
    EquivalentKernel,
    /// <summary>First-order perturbation theory in the non-Gaussian couplings (later release).</summary>
    FirstOrder,
    /// <summary>Hartree self-consistent resummation (later release).</summary>
    Hartree,
    /// <summary>
    /// One-loop shell RG flow (THEORY.md §3.3): the pair-local flow (tadpole and bubble) for quadratic, mode-local and
    /// pair-local terms; the vertex flow (every sub-pattern a shell integration generates, first order per shell) for
    /// a pair-local sextic or any other vertex pattern with monomial weights.
    /// </summary>
    ShellFlow,
    /// <summary>Finite-width networks: the overall kernel scale integrated exactly (a one-dimensional mixture of GPs, THEORY §6.3), shape fluctuations left out.</summary>
    ScaleMixture,
    /// <summary>Finite-width networks: the GP at the saddle point of the kernel scale (the kernel renormalisation of deep linear networks, Li and Sompolinsky).</summary>
    KernelRenormalisation,
    /// <summary>Finite-width networks: the kernel scale integrated exactly and the shape fluctuations of the last layer at first order (the default for networks).</summary>
    FiniteWidth,
    /// <summary>
    /// Perturbation theory to second order in the couplings: every diagram of every declared vertex and pair of vertices
    /// (THEORY.md §3.3; <c>FieldTheory.SecondOrder</c>). The default (<see cref="Auto"/>) for vertices outside the four kinds.
    /// </summary>
    SecondOrder,
    /// <summary>
    /// Mean-field networks with one hidden layer, or two with a smooth φ: the kernel-adaptation saddle (THEORY §6.5), kernel regression with the
    /// adapted kernel K_ad of the tilted unit measure, averaged over training sets (<c>Networks.Theory.AdaptiveKernel</c>).
    /// </summary>
    AdaptiveKernel,
}
