using RgDsl.Validity;

namespace RgDsl.Networks.Validation;

/// <summary>
/// Upper estimates of the bytes a network call allocates, from the sizes of its arrays (8 bytes a double), so that
/// <see cref="MemoryBudget"/> can refuse it before anything is allocated. Each counts the arrays that live at the same
/// time in the code it names, with the copies MathNet makes (a Cholesky factor next to its matrix); they are meant to
/// be above the true peak, not below it.
/// </summary>
internal static class NetworkMemory
{
    /// <summary>Concurrent workers of a Parallel.For over <paramref name="items"/> items.</summary>
    private static double Concurrent(double items) => Math.Min(items, Environment.ProcessorCount);

    /// <summary>
    /// The spectrum on a pool of n inputs (NetworkTheory.SharedParts): the kernel matrix, its eigendecomposition and copy
    /// (4n²), and the cumulant estimate's feature batches (units/8 × n, twice) and mode tables.
    /// </summary>
    public static double Spectrum(NetworkTheoryOptions o, int dimension)
    {
        double n = o.PoolSize, m = Math.Min(o.ShapeModes, o.PoolSize);
        return 8 * (4 * n * n + 2 * (o.ShapeNeurons / 8.0 + 1) * n + 10 * m * m + n * m + 2 * n * dimension + (o.ShapeNeurons / 8.0 + 1) * dimension);
    }

    /// <summary>The largest pool whose <see cref="Spectrum"/> fits the budget.</summary>
    public static long LargestPool(NetworkTheoryOptions o, int dimension) => Largest(n => Spectrum(o with { PoolSize = (int)Math.Min(n, int.MaxValue) }, dimension));

    /// <summary>
    /// The shape correction at P (ShapeFirstOrder.Estimate), per training set of n = P + T points run side by side: the
    /// kernel on all points and its blocks (4n²), the inverse and factor of the training block (2P²), the units' features,
    /// noise and projections (4·units·n), and the inputs and first-layer weights (2n·d + units·d); deeper, the lower
    /// layers' fluctuations (Theory.LowerLayerShape): every layer's NNGP covariance and dual, the derivatives' G and H,
    /// and a draw's covariance, difference, antithetic pair and sums (about 8 + 2·depth n² arrays), its features and
    /// weights, and the lower units' features with the products of their contraction (about 8·units·n).
    /// </summary>
    public static double Shape(double p, NetworkTheoryOptions o, int dimension, NetworkArchitecture architecture)
    {
        var n = p + o.ShapeTestPoints;
        var width = Theory.LowerLayerShape.ReferenceWidth;
        var depth = architecture.Depth;
        var lower = Theory.LowerLayerShape.IsAdded(architecture, o) ? (8 + 2.0 * depth) * n * n + 3.0 * width * n + (double)width * Math.Max(width, dimension) + 8.0 * o.ShapeUnits * n : 0;
        return Concurrent(o.ShapeDatasets) * 8 * (4 * n * n + 2 * p * p + 4.0 * o.ShapeUnits * n + 2 * n * dimension + (double)o.ShapeUnits * dimension + lower);
    }

    /// <summary>
    /// Seconds of the shape correction at about 10⁹ flops a second per core: a Cholesky and inverse of P × P (P³), each
    /// unit's correlated preactivations on n points (units·n²) and its products with the training block (units·n·P);
    /// deeper (Theory.LowerLayerShape), per lower layer its units' contraction (about 8·units·n·P) and the derivative of
    /// its dual map (4 duals of n² pairs at about 40 operations each in closed form, 400 by Mehler's series), and per
    /// lower network drawn its forward pass and covariances (N_ref·n² per layer below the last, N_ref²·n per
    /// hidden-to-hidden product), two duals per layer and its contraction (2n·P + 2P²).
    /// </summary>
    public static double ShapeSeconds(double p, NetworkTheoryOptions o, NetworkArchitecture architecture)
    {
        var n = p + o.ShapeTestPoints;
        var operations = p * p * p + o.ShapeUnits * n * (n + 2 * p);
        if (Theory.LowerLayerShape.IsAdded(architecture, o))
        {
            double width = Theory.LowerLayerShape.ReferenceWidth, below = architecture.Depth - 1;
            var dual = architecture.Function.BuiltIn is Activation.Tanh or null ? 400 : 40;
            operations += below * (8.0 * o.ShapeUnits * n * p + 4 * dual * n * n)
                + o.ShapeLowerDraws * (below * (width * n * n + 2 * dual * n * n) + (below - 1) * width * width * n + 2 * n * p + 2 * p * p);
        }
        return o.ShapeDatasets * operations / 1e9 / Environment.ProcessorCount;
    }

    /// <summary>
    /// An experiment (NetworkExperiments.Run) at P with T test points: the training and test sets (twice, (P + T)(d + 2));
    /// the GP limit's P × P kernel with its factor and the T × P cross kernel; per chain side by side its weights (6 copies),
    /// the propagated features and derivatives of every layer on P and T points, the collapsed posterior's three
    /// min(N, P)² matrices (Langevin: the dense readout's two N² ones); every chain's record of its samples' predictions;
    /// and the results kept per training set.
    /// </summary>
    public static double Experiment(NetworkArchitecture a, double p, double t, int datasets, NetworkSamplerKind sampler, int chains, int samples)
    {
        double n = a.Width, d = a.InputDimension, layers = a.Depth;
        var data = 2 * (p + t) * (d + 2);
        var gaussian = 3 * p * p + t * p;
        var m = Math.Min(n, p);
        var work = sampler == NetworkSamplerKind.CollapsedHmc ? 3 * m * m : 2 * n * n;
        var perChain = 6 * (double)a.ParameterCount + (2 * layers + 2) * (p + t) * n + work;
        var records = (double)Math.Max(chains, 1) * samples * (t + 3); // every chain's record is kept until the chains are combined
        var results = (double)datasets * (3 * t + 64);
        return 8 * (data + gaussian + Concurrent(Math.Max(chains, 1)) * perChain + records + results);
    }

    /// <summary>The largest whole x ≥ 1 with bytes(x) ≤ <see cref="MemoryBudget.Usable"/> (bytes increasing in x), or 0 when even 1 does not fit.</summary>
    public static long Largest(Func<double, double> bytes) => TimeBudget.LargestWithin(bytes, MemoryBudget.Usable);
}
