// Shared between the runtime and the source generator (linked into generators/RgDsl.Generators): the rules of the
// [Expect] check, which the generator (RG0026/RG0027 at compile time) and ScalingExpectations.Check (at run time)
// both apply, each to its own record of the analysis. Keep it netstandard2.0-compatible and free of dependencies.
using System;
using System.Collections.Generic;
using System.Linq;

namespace RgDsl.Scaling
{
    /// <summary>
    /// The rules of the [Expect] check. One tolerance rule: a claim holds when the analysed value is within
    /// <see cref="AllowedDeviation"/> = max(claim's Tolerance, uncertainty of the value). The uncertainty is 0 for a value
    /// the symbolic analysis computes exactly from the declared formulas (the generator's check, and
    /// CompileTimeScaling checked at run time); for a value that rests on a fit (α and β fitted from the spectrum and
    /// target, or a class exponent fitted on the ladder) it is the run-time check's exponent tolerance (0.05 by default).
    /// The claim's Tolerance says how far the theory may be from the claim; fit error is the measurement's, which the
    /// claim's author cannot know, so it widens the check only where there is a fit. (A floor of 0.05 at compile time
    /// would let the generator pass a claim P^-1.04 for an exact P^-1; the claim alone at run time would fail a correct
    /// claim on a measured spectrum from fit scatter.)
    /// </summary>
    internal static class ExpectationRules
    {
        /// <summary>The largest |value − claim| for which a claim holds: max(<paramref name="claimTolerance"/>, <paramref name="uncertainty"/>).</summary>
        public static double AllowedDeviation(double claimTolerance, double uncertainty) => Math.Max(claimTolerance, uncertainty);

        /// <summary>Whether an exponent matches a claimed one within <see cref="AllowedDeviation"/>.</summary>
        public static bool Within(double value, double claimed, double claimTolerance, double uncertainty) =>
            Math.Abs(value - claimed) <= AllowedDeviation(claimTolerance, uncertainty);

        /// <summary>
        /// The classes a diagram claim may name: the test-error and the G_k classes of both orders alike (their diagrams'
        /// formulas differ: one external leg or two).
        /// </summary>
        public static List<T> Claimable<T>(IEnumerable<T> first, IEnumerable<T>? second, IEnumerable<T>? variance, IEnumerable<T>? varianceSecond) =>
            first.Concat(second ?? Enumerable.Empty<T>()).Concat(variance ?? Enumerable.Empty<T>()).Concat(varianceSecond ?? Enumerable.Empty<T>()).ToList();

        /// <summary>Whether a class is the one a claim names: by its diagram's formula, or by the name of its kind (e.g. "fluctuation tadpole").</summary>
        public static bool Names(DiagramClass kind, string? diagram, string claimed) =>
            diagram == claimed || (kind != DiagramClass.Other && kind.DisplayName() == claimed);

        /// <summary>The readable name a class is listed under when a claim names none: its kind's name, else its formula.</summary>
        public static string ListedName(DiagramClass kind, string? diagram) => kind != DiagramClass.Other ? kind.DisplayName() : diagram ?? kind.DisplayName();

        /// <summary>
        /// The asymptotic learning-curve exponent a claim is checked against (<see cref="LearningCurveLaw"/>): the regime
        /// decides the law (with label noise ε floors at E₀σ², exponent 0, whatever α and β say); NaN when the noise
        /// <paramref name="noise"/> is not known (NaN).
        /// </summary>
        public static double LearningCurveExponent(double alpha, double beta, bool ridgeless, double noise) =>
            double.IsNaN(noise) ? double.NaN : LearningCurveLaw.Exponent(alpha, beta, LearningCurveLaw.Asymptotic(ridgeless, noise > 0));
    }
}
