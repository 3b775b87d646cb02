using System.Globalization;
using RgDsl.Diagrams;

using RgDsl.Perturbations;

namespace RgDsl.Perturbations.Solvers;

/// <summary>
/// Evaluates the diagrams of <see cref="DiagramEnumerator"/> on a field theory with given Gaussian moments (the S₀
/// means f̄⁰ and variances G⁰): a diagram's value at external mode k is
/// coefficient · Σ_{free classes} Π_v W_v(indices) Π_C n_C G_C^a f̄_C^b. When every vertex of a diagram has a monomial
/// expansion the sum factorises over the classes into power sums Σ_q n_q q^E G_q^a f̄_q^b, each O(M) and cached, so a
/// diagram costs O(M) per distinct power sum and a per-mode pass per distinct external factor k^E G_k^a f̄_k^b
/// (shared by all diagrams). A diagram with a vertex without monomials is summed index by index: O(M^(c+1)) for c
/// summed classes, refused above <see cref="MaxGenericTerms"/> terms. On a power-law spectrum the power sums can come in
/// closed form instead (<see cref="PowerLawModeSums"/>): then only the projected (test-error) values are available,
/// at any rank.
/// </summary>
internal sealed class DiagramEvaluator
{
    /// <summary>The most terms M^(c+1) a diagram with a weight that is not a sum of monomials may cost.</summary>
    public const double MaxGenericTerms = 2e8;

    private readonly FieldTheory? _theory;
    private readonly PowerLawModeSums? _closedForm;
    private readonly IReadOnlyList<Perturbation> _perturbations;
    private readonly double[] _mean = [], _variance = [], _residual = [];
    private readonly Dictionary<double, double[]> _powers = new();
    private readonly Dictionary<(double E, int A, int B, int Rho), double> _sums = new();

    public DiagramEvaluator(FieldTheory theory, FieldMoments moments)
    {
        _theory = theory;
        _perturbations = theory.Perturbations;
        _mean = moments.MeanArray;
        _variance = moments.VarianceArray;
        _residual = new double[theory.Modes];
        for (var i = 0; i < theory.Modes; i++) _residual[i] = theory.Amplitude[i] - _mean[i];
    }

    /// <summary>An evaluator of projected values over S₀ of a power-law spectrum in closed form (monomial weights only).</summary>
    public DiagramEvaluator(IReadOnlyList<Perturbation> perturbations, PowerLawModeSums sums)
    {
        _perturbations = perturbations;
        _closedForm = sums;
    }

    private FieldTheory Theory => _theory ?? throw new NotSupportedException("per-mode values and weights without monomials need the materialised modes of a FieldTheory.");

    /// <summary>The test error of S₀ without label noise, Σ_k n_k (y_k − f̄_k)²: what relative corrections are relative to.</summary>
    public double GaussianError => Sum(0, 0, 0, 2);

    /// <summary>Σ_k n_k G⁰_k: what relative corrections of the posterior variance are relative to.</summary>
    public double GaussianVariance => Sum(0, 1, 0, 0);

    /// <summary>k^e for every mode (k = 1..M), computed once per exponent.</summary>
    private double[] Powers(double e)
    {
        if (_powers.TryGetValue(e, out var p)) return p;
        p = new double[Theory.Modes];
        for (var i = 0; i < p.Length; i++) p[i] = MonomialExpansion.Pow(Theory.Index[i], e);
        return _powers[e] = p;
    }

    /// <summary>Σ_q n_q q^E G_q^a f̄_q^b (y_q − f̄_q)^ρ.</summary>
    private double Sum(double e, int a, int b, int rho)
    {
        if (_closedForm is not null) return _closedForm.Sum(e, a, b, rho);
        if (_sums.TryGetValue((e, a, b, rho), out var s)) return s;
        var powers = Powers(e);
        s = 0;
        for (var i = 0; i < powers.Length; i++)
            s += Theory.Multiplicity[i] * powers[i] * Factor(i, a, b, rho);
        return _sums[(e, a, b, rho)] = s;
    }

    private double Factor(int i, int a, int b, int rho)
    {
        var f = 1.0;
        for (var j = 0; j < a; j++) f *= _variance[i];
        for (var j = 0; j < b; j++) f *= _mean[i];
        for (var j = 0; j < rho; j++) f *= _residual[i];
        return f;
    }

    private bool Monomial(Diagram d) => d.Vertices.All(v => _perturbations[v].Terms is not null);

    /// <summary>
    /// For a diagram whose vertices all have monomials: each combination of one monomial per vertex as the external
    /// exponent E and the product of the coefficient and the free classes' power sums.
    /// </summary>
    private IEnumerable<(double ExternalExponent, double Scalar)> Combinations(Diagram d)
    {
        var terms = d.Vertices.Select(v => _perturbations[v].Terms!).ToArray();
        var external = d.ExternalClass;
        var exponents = new double[d.Classes.Length];
        var choice = new int[terms.Length];
        while (true)
        {
            Array.Clear(exponents);
            var scalar = d.Coefficient.Value;
            for (var v = 0; v < terms.Length; v++)
            {
                var term = terms[v][choice[v]];
                scalar *= term.Coefficient;
                for (var l = 0; l < d.LetterClass[v].Length; l++) exponents[d.LetterClass[v][l]] += term.Exponents[l];
            }
            for (var c = 0; c < d.Classes.Length; c++)
                if (c != external) scalar *= Sum(exponents[c], d.Classes[c].Propagators, d.Classes[c].Signals, 0);
            yield return (exponents[external], scalar);
            var j = 0;
            while (j < choice.Length && ++choice[j] == terms[j].Count) choice[j++] = 0;
            if (j == choice.Length) yield break;
        }
    }

    /// <summary>Adds the per-mode values of mean or variance diagrams into <paramref name="target"/> (index k − 1).</summary>
    public void AddPerMode(IEnumerable<Diagram> diagrams, double[] target)
    {
        _ = Theory;
        // Diagrams with monomials: one scalar per external factor k^E G^a f̄^b, then one pass per factor.
        var groups = new Dictionary<(double E, int A, int B), double>();
        foreach (var d in diagrams)
        {
            if (!Monomial(d))
            {
                Generic(d, (k, value) => target[k] += value);
                continue;
            }
            var ext = d.Classes[d.ExternalClass];
            foreach (var (e, scalar) in Combinations(d))
            {
                var key = (e, ext.Propagators, ext.Signals);
                groups[key] = (groups.TryGetValue(key, out var s) ? s : 0) + scalar;
            }
        }
        foreach (var ((e, a, b), scalar) in groups)
        {
            if (scalar == 0) continue;
            var powers = Powers(e);
            for (var i = 0; i < target.Length; i++) target[i] += scalar * powers[i] * Factor(i, a, b, 0);
        }
    }

    /// <summary>Σ_k n_k (y_k − f̄_k)^ρ · value_k of a diagram (ρ its residual power): its term of the test error (or of Σ G for a variance diagram).</summary>
    public double Projected(Diagram d)
    {
        if (!Monomial(d))
        {
            double total = 0;
            Generic(d, (k, value) => total += Theory.Multiplicity[k] * value * Pow(_residual[k], d.Residual));
            return total;
        }
        var ext = d.Classes[d.ExternalClass];
        double sum = 0;
        foreach (var (e, scalar) in Combinations(d)) sum += scalar * Sum(e, ext.Propagators, ext.Signals, d.Residual);
        return sum;
    }

    private static double Pow(double x, int n) => n == 0 ? 1 : n == 1 ? x : Math.Pow(x, n);

    /// <summary>The cost M^(c+1) of summing a diagram index by index (c summed classes).</summary>
    public static double GenericCost(Diagram d, int modes) => Math.Pow(modes, d.FreeClasses + 1);

    /// <summary>
    /// Sums a diagram index by index over every assignment of modes to its free classes, for each external mode,
    /// calling <paramref name="add"/> with the mode (index k − 1) and the value there.
    /// </summary>
    private void Generic(Diagram d, Action<int, double> add)
    {
        var m = Theory.Modes;
        if (GenericCost(d, m) > MaxGenericTerms)
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"the diagram {d.Name} has {d.FreeClasses} summed indices and a weight that is not a sum of monomials: summing it costs M^{d.FreeClasses + 1} = {GenericCost(d, m):G3} terms on {m} modes, above the limit of {MaxGenericTerms:G3}. Write the weights ({string.Join(", ", d.Vertices.Distinct().Where(v => _perturbations[v].Terms is null).Select(v => _perturbations[v].Name))}) as sums of terms c·k^a·q^b·…, use fewer modes, or stay at first order."));
        var classes = d.Classes.Length;
        var external = d.ExternalClass;
        var free = Enumerable.Range(0, classes).Where(c => c != external).ToArray();
        var modeOf = new int[classes];
        var buffers = d.Vertices.Select(v => new long[_perturbations[v].VertexPattern.LetterCount]).ToArray();
        var weights = d.Vertices.Select(v => _perturbations[v].Weight).ToArray();
        for (var k = 0; k < m; k++)
        {
            modeOf[external] = k;
            var externalFactor = Factor(k, d.Classes[external].Propagators, d.Classes[external].Signals, 0);
            if (externalFactor == 0) continue;
            double total = 0;
            Array.Clear(modeOf, 0, classes);
            modeOf[external] = k;
            while (true)
            {
                var term = 1.0;
                foreach (var c in free)
                    term *= _theory!.Multiplicity[modeOf[c]] * Factor(modeOf[c], d.Classes[c].Propagators, d.Classes[c].Signals, 0);
                if (term != 0)
                    for (var v = 0; v < weights.Length; v++)
                    {
                        var buffer = buffers[v];
                        for (var l = 0; l < buffer.Length; l++) buffer[l] = modeOf[d.LetterClass[v][l]] + 1;
                        term *= weights[v](buffer);
                    }
                total += term;
                var j = 0;
                while (j < free.Length && ++modeOf[free[j]] == m) modeOf[free[j++]] = 0;
                if (j == free.Length) break;
            }
            add(k, d.Coefficient.Value * externalFactor * total);
        }
    }
}
