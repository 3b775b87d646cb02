// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): keep it
// netstandard2.0-compatible and free of dependencies.
using System;
using System.Globalization;

namespace RgDsl.Scaling
{
    /// <summary>
    /// The asymptotic learning-curve exponent of the Gaussian backbone and the regime it belongs to (THEORY.md §2.3).
    /// For λ_k ∝ k^-(1+α) and y_k² ∝ k^-(1+β) the test error ε = E₀(bias + σ²) falls as P^e with
    /// e = −min(β, 2(1+α))/(1+α) at a fixed ridge κ &gt; 0 (ridge-dominated) and e = −min(β, 2(1+α)) ridgeless; with
    /// label noise σ² &gt; 0 the bias vanishes but E₀σ² does not, so ε floors at E₀σ² and e → 0 (noise-dominated). At
    /// a finite P the regime is read off the solution: the share of κ in the effective ridge κ_eff = P·t and the share
    /// of E₀σ² in ε. The generator's [Expect] check, the run-time check and the reports all use these rules.
    /// </summary>
    public static class LearningCurveLaw
    {
        /// <summary>The default allowed deviation of an [Expect(LearningCurveExponent = …)] claim.</summary>
        public const double DefaultTolerance = 1e-9;

        /// <summary>The law in words, for reports.</summary>
        public const string Statement = "−min(β, 2(1+α))/(1+α) at fixed ridge; −min(β, 2(1+α)) ridgeless; 0 with label noise (ε floors at E₀σ²)";

        /// <summary>A point is ridge-dominated when κ is at least this share of κ_eff = P·t, and noise-dominated when E₀σ² is at least this share of ε.</summary>
        public const double DominantShare = 0.5;

        /// <summary>Below this share of κ_eff the ridge is negligible: the point behaves as ridgeless.</summary>
        public const double NegligibleShare = 0.1;

        /// <summary>The regime as P → ∞: noise-dominated with σ² &gt; 0, else ridgeless (κ = 0) or ridge-dominated.</summary>
        public static LearningCurveRegime Asymptotic(bool ridgeless, bool noisy) =>
            noisy ? LearningCurveRegime.NoiseDominated : ridgeless ? LearningCurveRegime.Ridgeless : LearningCurveRegime.RidgeDominated;

        /// <summary>
        /// The regime at one point of a curve, from the share of the ridge in the effective ridge (κ/(P·t)) and the
        /// share of the noise in the error (E₀σ²/ε).
        /// </summary>
        public static LearningCurveRegime At(double ridgeShare, double noiseShare) =>
            noiseShare >= DominantShare ? LearningCurveRegime.NoiseDominated
            : ridgeShare >= DominantShare ? LearningCurveRegime.RidgeDominated
            : ridgeShare <= NegligibleShare ? LearningCurveRegime.Ridgeless
            : LearningCurveRegime.Crossover;

        /// <summary>The noiseless exponent e of ε ∝ P^e: ridgeless or at a fixed ridge.</summary>
        public static double Exponent(double alpha, double beta, bool ridgeless) =>
            -Math.Min(beta, 2 * (1 + alpha)) / (ridgeless ? 1 : 1 + alpha);

        /// <summary>
        /// The exponent of a regime: 0 noise-dominated; the ridgeless or fixed-ridge law; NaN for
        /// <see cref="LearningCurveRegime.Crossover"/>, which has no exponent of its own (the slope moves between the two).
        /// </summary>
        public static double Exponent(double alpha, double beta, LearningCurveRegime regime) => regime switch
        {
            LearningCurveRegime.NoiseDominated => 0,
            LearningCurveRegime.Ridgeless => Exponent(alpha, beta, ridgeless: true),
            LearningCurveRegime.RidgeDominated => Exponent(alpha, beta, ridgeless: false),
            _ => double.NaN,
        };

        /// <summary>The branch of the noiseless law that applies, as a formula: "-β/(1 + α)", "-2*(1 + α) (ridgeless)", ….</summary>
        public static string Formula(double alpha, double beta, bool ridgeless) =>
            "-" + (beta > 2 * (1 + alpha) ? "2*(1 + α)" : "β") + (ridgeless ? " (ridgeless)" : "/(1 + α)");

        /// <summary>The formula of a regime's exponent: "ε → E₀σ²" (exponent 0), "-β/(1 + α)", ….</summary>
        public static string Formula(double alpha, double beta, LearningCurveRegime regime) => regime switch
        {
            LearningCurveRegime.NoiseDominated => "ε → E₀σ²",
            LearningCurveRegime.Ridgeless => Formula(alpha, beta, ridgeless: true),
            LearningCurveRegime.RidgeDominated => Formula(alpha, beta, ridgeless: false),
            _ => "between " + Formula(alpha, beta, ridgeless: true) + " and " + Formula(alpha, beta, ridgeless: false),
        };

        /// <summary>The regime's name in reports: "ridgeless", "ridge-dominated", "crossover", "noise-dominated".</summary>
        public static string Name(LearningCurveRegime regime) => regime switch
        {
            LearningCurveRegime.Ridgeless => "ridgeless",
            LearningCurveRegime.RidgeDominated => "ridge-dominated",
            LearningCurveRegime.Crossover => "crossover",
            _ => "noise-dominated",
        };

        /// <summary>
        /// The asymptotic law with the reason for its regime: "the noise-dominated regime (label noise σ² = 0.01 &gt; 0
        /// floors ε at E₀σ²): exponent 0; without noise -β/(1 + α) = -0.5", "the ridge-dominated regime (κ &gt; 0,
        /// σ² = 0): exponent -β/(1 + α) = -0.5".
        /// </summary>
        public static string Explain(double alpha, double beta, bool ridgeless, double noise)
        {
            var law = Formula(alpha, beta, ridgeless) + " = " + Number(Exponent(alpha, beta, ridgeless));
            return Asymptotic(ridgeless, noise > 0) switch
            {
                LearningCurveRegime.NoiseDominated => "the noise-dominated regime (label noise σ² = " + Number(noise) + " > 0 floors ε at E₀σ²): exponent 0; without noise " + law,
                LearningCurveRegime.Ridgeless => "the ridgeless regime (κ = 0, σ² = 0): exponent " + law,
                _ => "the ridge-dominated regime (κ > 0, σ² = 0): exponent " + law,
            };
        }

        /// <summary>A number for messages: at most six decimals, never "-0".</summary>
        public static string Number(double value)
        {
            var rounded = Math.Round(value, 6);
            return (rounded == 0 ? 0 : rounded).ToString("0.######", CultureInfo.InvariantCulture);
        }
    }
}
