using System.Globalization;

namespace RgDsl.Networks.Universality;

/// <summary>Turns the measured points into a <see cref="UniversalityMeasurementResult"/>: resolution, fits, prediction, verdict.</summary>
internal static class UniversalityAnalysis
{
    /// <summary>The fitted rate agrees with the predicted interval when within this many of its standard errors of it (issue 20).</summary>
    public const double AgreementStandardErrors = 2;

    public static UniversalityMeasurementResult Summarise(NetworkModel model, UniversalityOptions options, UniversalityPoint[] points,
        List<string> warnings, double estimate, TimeSpan wall)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var p in points.Where(p => p.Datasets >= 2 && !p.Mixed))
            warnings.Add(string.Create(inv, $"P = {p.DatasetSize:G6}: chains did not mix (largest split-R̂ {p.MaxSplitRHat:F3} > {NetworkExperiments.MaxSplitRHat} or smallest ESS {p.MinEffectiveSamples:F0} < {NetworkExperiments.MinEffectiveSamples}); the point is never counted as resolved"));
        var resolved = points.Where(p => p.Resolved).ToList();
        var isResolved = resolved.Count >= 3 && resolved[^1].DatasetSize >= 10 * resolved[0].DatasetSize;
        LogLogFit? rate = null;
        if (isResolved)
        {
            if (resolved.Select(p => Math.Sign(p.Shift.Value)).Distinct().Count() == 1)
                rate = WeightedLogLog.Fit(resolved.Select(p => p.DatasetSize).ToArray(), resolved.Select(p => Math.Abs(p.Shift.Value)).ToArray(),
                    resolved.Select(p => p.Shift.StandardError / Math.Abs(p.Shift.Value)).ToArray());
            else
                warnings.Add("δ changes sign across the resolved points: |δ| follows no single power law, so no rate is fitted");
        }
        var predicted = Predict(model, options, warnings);
        bool? agrees = rate is { } r && predicted is { } q
            ? r.Slope >= q.Lo - AgreementStandardErrors * r.StandardError && r.Slope <= q.Hi + AgreementStandardErrors * r.StandardError
            : null;
        var mixed = points.Where(p => p.Mixed && p.Datasets >= 2).ToList();
        LogLogFit? network = null, reference = null, difference = null;
        if (mixed.Count >= 3)
        {
            var sizes = mixed.Select(p => p.DatasetSize).ToArray();
            network = WeightedLogLog.Fit(sizes, mixed.Select(p => p.NetworkError.Value).ToArray(), mixed.Select(p => p.NetworkError.StandardError / p.NetworkError.Value).ToArray());
            reference = WeightedLogLog.Fit(sizes, mixed.Select(p => p.ReferenceError.Value).ToArray(), mixed.Select(p => p.ReferenceError.StandardError / p.ReferenceError.Value).ToArray());
            // The paired ratio 1 + δ shares its data between network and reference, so its slope is the sharper difference.
            if (mixed.All(p => p.Shift.Value > -1))
                difference = WeightedLogLog.Fit(sizes, mixed.Select(p => 1 + p.Shift.Value).ToArray(), mixed.Select(p => p.Shift.StandardError / (1 + p.Shift.Value)).ToArray());
        }
        var band = Band(points, resolved, rate, predicted);
        var verdict = Verdict(options, points, resolved, isResolved, rate, predicted, agrees, warnings);
        var theory = TheoryShifts(model, options, points, warnings);
        return new UniversalityMeasurementResult(model.Name, model.Architecture, options.Reference, points, isResolved, rate, predicted, agrees,
            network, reference, difference, band, verdict, warnings, options.TimeBudgetSeconds, estimate, wall)
        {
            Theory = theory,
        };
    }

    /// <summary>
    /// The theory's δ at each P against the same reference: the prediction's test error over the GP at the renormalised
    /// kernel (<see cref="NetworkPrediction.SaddlePoint"/>) or over the NNGP, with its agreement with the measured δ
    /// (3 s.e. + 10%, the criterion of the network tables).
    /// </summary>
    private static List<TheoryShift> TheoryShifts(NetworkModel model, UniversalityOptions options, UniversalityPoint[] points, List<string> warnings)
    {
        var shifts = new List<TheoryShift>();
        foreach (var point in points)
        {
            NetworkPrediction prediction;
            try { prediction = model.PredictNetwork(point.DatasetSize); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"no theory δ at P = {point.DatasetSize:G6}: {e.Message}"));
                return [];
            }
            var reference = options.Reference == ShiftReference.RenormalisedKernel ? prediction.SaddlePoint.TestError : prediction.GaussianProcess.TestError;
            var shift = prediction.Point.TestError / reference - 1;
            bool? agrees = point.Mixed && point.Datasets >= 2
                ? Math.Abs(shift - point.Shift.Value) <= 3 * point.Shift.StandardError + 0.1 * Math.Abs(point.Shift.Value)
                : null;
            shifts.Add(new TheoryShift(point.DatasetSize, shift, prediction.Treatment, prediction.IsReliable, agrees));
        }
        return shifts;
    }

    /// <summary>
    /// The leading derived coupling of <see cref="NetworkModel.Scaling"/>: the one whose slowest first-order class decays
    /// slowest in P. Against the renormalised kernel the kernel scale's mean is absorbed by the reference, so the shape
    /// couplings lead where the network has them (a linear network has only the scale's fluctuation).
    /// </summary>
    internal static PredictedRate? Predict(NetworkModel model, UniversalityOptions options, List<string> warnings)
    {
        ScalingReport report;
        try { report = model.Scaling(); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            warnings.Add("no predicted rate: the scaling analysis failed (" + e.Message + ")");
            return null;
        }
        var candidates = report.Perturbations.Where(p => p.Classes.Any(c => c.PExponent is { } v && double.IsFinite(v))).ToList();
        var shape = candidates.Where(p => !p.Name.StartsWith("kernel scale", StringComparison.Ordinal)).ToList();
        var shapeTerms = report.Perturbations.Where(p => !p.Name.StartsWith("kernel scale", StringComparison.Ordinal)).ToList();
        if (options.Reference == ShiftReference.RenormalisedKernel && shape.Count == 0 && shapeTerms.Count > 0)
        {
            // The renormalised reference absorbs the kernel scale, so its interval says nothing about what is left.
            warnings.Add("no predicted rate: the network's shape couplings (" + string.Join(", ", shapeTerms.Select(p => p.Name)) +
                ") have no scaling interval (their fitted weights follow no power law), and the kernel scale's interval does not apply against the renormalised kernel, which absorbs it");
            return null;
        }
        var pool = options.Reference == ShiftReference.RenormalisedKernel && shape.Count > 0 ? shape : candidates;
        if (pool.Count == 0)
        {
            warnings.Add("no predicted rate: no derived coupling of the network has a scaling interval");
            return null;
        }
        var leading = pool.MaxBy(p => Exponents(p).Max())!;
        var exponents = Exponents(leading);
        var why = pool.Count == 1 ? "the only derived coupling with an interval" + (pool == shape ? " once the renormalised kernel absorbs the kernel scale" : "")
            : "the slowest-decaying of " + string.Join(", ", pool.Select(p => p.Name)) + (pool == shape ? " (the renormalised kernel absorbs the kernel scale)" : "");
        return new PredictedRate(leading.Name, exponents.Min(), exponents.Max(), why);

        static double[] Exponents(PerturbationScaling p) => p.Classes.Select(c => c.PExponent).OfType<double>().Where(double.IsFinite).ToArray();
    }

    /// <summary>The interval's two slopes through the fit at the window's geometric centre (or the resolved points' weighted centre without a fit).</summary>
    private static List<BandPoint> Band(UniversalityPoint[] points, List<UniversalityPoint> resolved, LogLogFit? rate, PredictedRate? predicted)
    {
        if (predicted is null || resolved.Count == 0) return [];
        var centre = Math.Exp(resolved.Average(p => Math.Log(p.DatasetSize)));
        var level = rate?.At(centre) ?? Math.Exp(resolved.Average(p => Math.Log(Math.Abs(p.Shift.Value))));
        return points.Select(p => new BandPoint(p.DatasetSize, level * Math.Pow(p.DatasetSize / centre, predicted.Lo), level * Math.Pow(p.DatasetSize / centre, predicted.Hi))).ToList();
    }

    private static string Verdict(UniversalityOptions options, UniversalityPoint[] points, List<UniversalityPoint> resolved, bool isResolved,
        LogLogFit? rate, PredictedRate? predicted, bool? agrees, List<string> warnings)
    {
        var inv = CultureInfo.InvariantCulture;
        var achieved = string.Join(", ", points.Select(p => string.Create(inv, $"P = {p.DatasetSize:G6}: {p.Significance:F1} s.e. of {p.Threshold:G3} needed{(p.Mixed ? "" : " (unmixed)")} with {p.Datasets} sets")));
        if (!isResolved)
            return string.Create(inv, $"δ NOT resolved: {resolved.Count} of {points.Length} points reach {options.RequiredSignificance:G3} s.e. (as a Student-t over the training sets) with mixed chains (needs ≥ 3 spanning ≥ one decade) within the budget of {options.MaxDatasets} training sets per P and {options.TimeBudgetSeconds:G3} s; achieved {achieved}. No rate is fitted.");
        var head = string.Create(inv, $"δ resolved at {resolved.Count} points over P = {resolved[0].DatasetSize:G6}..{resolved[^1].DatasetSize:G6}");
        if (rate is null) return head + "; it changes sign, so no rate is fitted.";
        var fitted = string.Create(inv, $"; |δ| ∝ P^{rate.Slope:0.###} ± {rate.StandardError:0.###}");
        if (predicted is null) return head + fitted + "; no predicted interval to compare with.";
        return head + fitted + string.Create(inv, $"; predicted P^[{predicted.Lo:0.###}, {predicted.Hi:0.###}] ({predicted.Coupling}): ")
            + (agrees == true ? $"within {AgreementStandardErrors} s.e." : $"NOT within {AgreementStandardErrors} s.e.") + ".";
    }
}
