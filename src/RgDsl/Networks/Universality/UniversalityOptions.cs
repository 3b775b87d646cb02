namespace RgDsl.Networks.Universality;

/// <summary>The GP the finite-width shift δ(P) = ε_N/ε_ref − 1 is measured against.</summary>
public enum ShiftReference
{
    /// <summary>
    /// The GP with the renormalised kernel s*(P)·K (THEORY §6.7; s* the posterior saddle of the kernel scale,
    /// <see cref="NetworkPrediction.RenormalisedScale"/>): what is left of δ is the fluctuation of the kernel around
    /// its renormalised value, which the RG says shrinks at large P.
    /// </summary>
    RenormalisedKernel,
    /// <summary>The infinite-width NNGP (s = 1): the shift the main job's network report shows; it contains the kernel renormalisation, which need not shrink with P.</summary>
    Nngp,
}

/// <summary>Options of <see cref="UniversalityMeasurement.Measure"/>.</summary>
/// <param name="MinDatasetSize">The smallest P of the grid (at least 2).</param>
/// <param name="MaxDatasetSize">The largest P of the grid (at least 10 × <paramref name="MinDatasetSize"/>: one decade).</param>
/// <param name="GridPoints">Log-spaced values of P between the two (at least 3; rounded to whole numbers, which must stay distinct).</param>
/// <param name="InitialDatasets">Training sets sampled at every P in the first round (at least 2, for a standard error).</param>
/// <param name="MaxDatasets">Training sets any one P may use in all (the count budget; at least <paramref name="InitialDatasets"/>).</param>
/// <param name="TestPoints">Test points per training set.</param>
/// <param name="TimeBudgetSeconds">Wall time the whole measurement may take. The first round is estimated before anything runs and refused past it; later rounds are planned from the measured time per training set.</param>
/// <param name="RequiredSignificance">A point is resolved when |δ| reaches this many standard errors (THEORY §6.7: 3) — at the same confidence under a Student-t with n − 1 degrees of freedom, since the s.e. comes from n training sets (<see cref="UniversalityPoint.Threshold"/>) — and every chain at it mixed.</param>
/// <param name="AssumedFlopsPerSecond">Floating-point rate per core the a-priori time estimate assumes (a round number for one modern core; measured times replace it after the first round).</param>
/// <param name="Reference">The GP δ is measured against (default: the renormalised kernel, THEORY §6.7).</param>
/// <param name="MaxRounds">Rounds of adding training sets to unresolved points (the first included).</param>
/// <param name="Seed">Seed of the training sets and chains.</param>
/// <param name="Sampler">Options of the exact sampler (<see cref="NetworkSampler.CollapsedHmc"/>); null: its defaults.</param>
public sealed record UniversalityOptions(
    int MinDatasetSize = 16,
    int MaxDatasetSize = 256,
    int GridPoints = 4,
    int InitialDatasets = 4,
    int MaxDatasets = 64,
    int TestPoints = 200,
    double TimeBudgetSeconds = 300,
    double RequiredSignificance = 3,
    double AssumedFlopsPerSecond = 1e9,
    ShiftReference Reference = ShiftReference.RenormalisedKernel,
    int MaxRounds = 4,
    int Seed = 1,
    CollapsedHmcOptions? Sampler = null)
{
    /// <summary>The defaults.</summary>
    public static UniversalityOptions Default { get; } = new();
}
