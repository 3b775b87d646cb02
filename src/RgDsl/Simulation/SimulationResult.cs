namespace RgDsl;

/// <summary>Options of <see cref="GaussianModel.Simulate"/>: kernel ridge regression on a Gaussian design (THEORY.md §7.1).</summary>
/// <param name="Seeds">Independent training sets averaged over, 2..100000 (≥ 2 for a standard error).</param>
/// <param name="Seed">Seed of the first training set; seed i uses Seed + i.</param>
/// <param name="MaxModes">Modes (counted with multiplicity) kept in the design; larger spectra are truncated and the
/// theory is then evaluated on the same truncated spectrum.</param>
public sealed record SimulationOptions(int Seeds = 8, int Seed = 1, int MaxModes = 4000)
{
    /// <summary>
    /// Receives the fraction of training sets done, in (0, 1], after each training set once the run has taken longer
    /// than <see cref="ProgressDelay"/> (and 1 at the end of such a run); null (the default) reports nothing. The
    /// library never prints: show it with e.g. <c>new Progress&lt;double&gt;(f =&gt; Console.Write($"\r{f:P0}"))</c>.
    /// </summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>How long a run goes before it starts reporting to <see cref="Progress"/> (2 s; zero reports every training set).</summary>
    public TimeSpan ProgressDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Forces the dual (P × P) or primal (M × M) solve; null chooses the smaller system. For tests.</summary>
    internal KernelRidgeForm? Form { get; init; }
}

/// <summary>Which linear system a kernel ridge regression solves.</summary>
internal enum KernelRidgeForm
{
    /// <summary>(X Xᵀ + κI) α = y, P × P: the smaller system when P ≤ M.</summary>
    Dual,

    /// <summary>(Xᵀ X + κI) w = Xᵀ y, M × M: the smaller system when P &gt; M.</summary>
    Primal,
}

/// <summary>Measured kernel-ridge errors with standard errors, next to the theory for exactly the simulated modes.</summary>
public sealed record SimulationResult(
    double DatasetSize,
    double TestError,
    double TestErrorStandardError,
    double TrainError,
    double TrainErrorStandardError,
    int Seeds,
    int SimulatedModes,
    bool Truncated,
    LearningCurvePoint Theory)
{
    /// <summary>
    /// (measured − theory) / standard error of the test error. When every seed measures the same error (a spectrum too
    /// small to learn anything, or one seed), the standard error is floored at round-off, 1e-12 of the error, so the
    /// deviation stays finite: 0 when measurement and theory agree, large when they do not.
    /// </summary>
    public double TestErrorDeviation
    {
        get
        {
            var difference = TestError - Theory.TestError;
            if (difference == 0) return 0;
            var floor = Math.Max(1e-12 * Math.Max(Math.Abs(TestError), Math.Abs(Theory.TestError)), double.Epsilon);
            var deviation = difference / Math.Max(TestErrorStandardError, floor);
            return double.IsFinite(deviation) ? deviation : Math.CopySign(double.MaxValue, difference);
        }
    }

    /// <summary>"Kernel ridge regression at P = 100: ε = 0.35 ± 0.0095 (8 seeds, 4000 modes); theory 0.348 (+0.3 s.e.)".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Kernel ridge regression at P = {DatasetSize:G6}: ε = {TestError:G4} ± {TestErrorStandardError:G2} ({Seeds} seeds, {SimulatedModes} modes{(Truncated ? ", truncated" : "")}); theory {Theory.TestError:G4} ({TestErrorDeviation:+0.0;-0.0} s.e.)");
}
