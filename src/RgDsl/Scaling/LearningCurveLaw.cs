// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): keep it
// netstandard2.0-compatible and free of dependencies.
using System;

namespace RgDsl.Scaling
{
    /// <summary>
    /// The asymptotic learning-curve exponent of the Gaussian backbone (THEORY.md §2.3): for λ_k ∝ k^-(1+α) and
    /// y_k² ∝ k^-(1+β), the test error falls as P^e with e = −min(β, 2(1+α))/(1+α) at a fixed ridge κ &gt; 0 and
    /// e = −min(β, 2(1+α)) ridgeless (κ = 0). The generator's [Expect] check, the run-time check and the reports all
    /// use this one formula.
    /// </summary>
    public static class LearningCurveLaw
    {
        /// <summary>The default allowed deviation of an [Expect(LearningCurveExponent = …)] claim.</summary>
        public const double DefaultTolerance = 1e-9;

        /// <summary>The law in words, for reports.</summary>
        public const string Statement = "−min(β, 2(1+α))/(1+α) at fixed ridge; −min(β, 2(1+α)) ridgeless";

        /// <summary>The exponent e of ε ∝ P^e.</summary>
        public static double Exponent(double alpha, double beta, bool ridgeless) =>
            -Math.Min(beta, 2 * (1 + alpha)) / (ridgeless ? 1 : 1 + alpha);

        /// <summary>The branch of the law that applies, as a formula: "-β/(1 + α)", "-2*(1 + α) (ridgeless)", ….</summary>
        public static string Formula(double alpha, double beta, bool ridgeless) =>
            "-" + (beta > 2 * (1 + alpha) ? "2*(1 + α)" : "β") + (ridgeless ? " (ridgeless)" : "/(1 + α)");
    }
}
