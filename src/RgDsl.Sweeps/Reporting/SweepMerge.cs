using System.Globalization;
using System.Text;
using RgDsl.Reporting;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Storage;

namespace RgDsl.Sweeps.Reporting;

/// <summary>What <c>merge</c> did; <see cref="Written"/> is false when it refused.</summary>
public sealed record MergeOutcome(bool Written, int Units, int Done, int Failed, int Missing, IReadOnlyList<string> MissingIds, IReadOnlyList<string> FailedIds);

/// <summary>
/// <c>merge</c>: the result files of a sweep as one table. Refuses (and names the units) when a unit is missing or
/// failed, unless missing units are allowed. Writes <c>results.csv</c> (one row per unit, a column per value and
/// its standard error), <c>results.json</c>, <c>summary.csv</c> (replicates averaged), <c>report.md</c> and a plot of
/// the test error against P per method. The CSV and JSON hold no timings or host names: a sharded run and a
/// single-process run of the same sweep merge to the same bytes.
/// </summary>
public static class SweepMerge
{
    public static MergeOutcome Write(Sweep sweep, SweepDirectory directory, bool allowMissing, TextWriter output)
    {
        var units = sweep.Units();
        var states = directory.ReadStates(units);
        var plan = directory.ReadPlan();
        var failed = states.Where(UnitStatus.Failed).ToList();
        var missing = states.Where(UnitStatus.Missing).ToList();
        var done = states.Count(UnitStatus.Done);
        var outcome = new MergeOutcome(false, units.Count, done, failed.Count, missing.Count,
            missing.Select(x => x.Unit.Id).ToList(), failed.Select(x => x.Unit.Id).ToList());
        var inv = CultureInfo.InvariantCulture;
        if ((missing.Count > 0 || failed.Count > 0) && !allowMissing)
        {
            output.WriteLine(string.Create(inv,
                $"merge refused: of {units.Count} units of sweep '{sweep.Name}', {missing.Count} missing and {failed.Count} failed (rerun their shards, or merge anyway with --allow-missing):"));
            foreach (var (unit, _) in missing) output.WriteLine($"  missing {unit.Id} {unit}{SweepStatus.ShardText(unit, plan?.Shards)}");
            foreach (var (unit, state) in failed) output.WriteLine($"  failed  {unit.Id} {unit}{SweepStatus.ShardText(unit, plan?.Shards)}: {state.Result!.Error}");
            return outcome;
        }

        var rows = units.Zip(states.States, (u, s) => new MergedUnit(UnitRecord.From(u), s.Status,
            s.Status == UnitStatus.Done ? s.Result!.Values : [], s.Result?.Warnings ?? [], s.Result?.Error)).ToList();
        var fingerprint = sweep.Fingerprint();
        SweepDirectory.WriteAtomically(directory.MergedJsonPath, SweepJson.Serialize(new MergedFile(MergedFile.CurrentFormat, sweep.Name, sweep.Seed, fingerprint, done, failed.Count, missing.Count, rows)));
        SweepDirectory.WriteAtomically(directory.MergedCsvPath, ResultsCsv(rows));
        var groups = Points(rows);
        SweepDirectory.WriteAtomically(directory.SummaryCsvPath, SummaryCsv(groups));
        var plots = Plots(sweep, groups, directory);
        SweepDirectory.WriteAtomically(directory.ReportPath, Report(sweep, fingerprint, rows, groups, plots));
        output.WriteLine(string.Create(inv,
            $"merged {done} done, {failed.Count} failed, {missing.Count} missing of {units.Count} units into {directory.MergedCsvPath}, {Path.GetFileName(directory.MergedJsonPath)}, {Path.GetFileName(directory.SummaryCsvPath)}, {Path.GetFileName(directory.ReportPath)}{(plots.Count > 0 ? ", " + string.Join(", ", plots.Select(p => p.File)) : "")}"));
        var flagged = rows.Count(r => r.Warnings.Count > 0 && r.Status == UnitStatus.Done);
        if (flagged > 0) output.WriteLine(string.Create(inv, $"  {flagged} unit(s) carry warnings (see the warnings column and report.md)"));
        return outcome with { Written = true };
    }

    /// <summary>The value names in order of first appearance, and whether any has a standard error.</summary>
    private static List<(string Name, bool HasError)> ValueColumns(IEnumerable<IReadOnlyList<ValueRecord>> values)
    {
        var columns = new List<(string Name, bool HasError)>();
        foreach (var list in values)
            foreach (var v in list)
            {
                var i = columns.FindIndex(c => c.Name == v.Name);
                if (i < 0) columns.Add((v.Name, v.StandardError is not null));
                else if (v.StandardError is not null) columns[i] = (v.Name, true);
            }
        return columns;
    }

    private static List<string> ParameterColumns(IEnumerable<MergedUnit> rows) =>
        rows.SelectMany(r => r.Unit.Parameters.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string ResultsCsv(IReadOnlyList<MergedUnit> rows)
    {
        var parameters = ParameterColumns(rows);
        var values = ValueColumns(rows.Select(r => r.Values));
        var s = new StringBuilder();
        var header = new List<string> { "id", "index", "model" };
        header.AddRange(parameters);
        header.AddRange(["P", "replicate", "method", "configuration", "seed", "status"]);
        foreach (var (name, hasError) in values) { header.Add(name); if (hasError) header.Add(name + "_se"); }
        header.AddRange(["warnings", "error"]);
        s.Append(string.Join(",", header.Select(Csv))).Append('\n');
        foreach (var r in rows)
        {
            var cells = new List<string> { r.Unit.Id, Num(r.Unit.Index), r.Unit.Model };
            cells.AddRange(parameters.Select(p => r.Unit.Parameters.TryGetValue(p, out var v) ? Num(v) : ""));
            cells.AddRange([Num(r.Unit.DatasetSize), Num(r.Unit.Replicate), r.Unit.Method, r.Unit.Configuration, Num(r.Unit.Seed), Status(r.Status)]);
            foreach (var (name, hasError) in values)
            {
                var v = r.Values.FirstOrDefault(x => x.Name == name);
                cells.Add(v is null ? "" : Num(v.Value));
                if (hasError) cells.Add(v?.StandardError is { } se ? Num(se) : "");
            }
            cells.Add(string.Join("; ", r.Warnings));
            cells.Add(r.Error ?? "");
            s.Append(string.Join(",", cells.Select(Csv))).Append('\n');
        }
        return s.ToString();
    }

    /// <summary>The units of one point (model, parameters, P, method): its replicates.</summary>
    private sealed record Point(UnitRecord First, List<MergedUnit> Units)
    {
        public List<MergedUnit> Done => Units.Where(u => u.Status == UnitStatus.Done).ToList();

        /// <summary>
        /// The mean over done replicates and its standard error: from the units' own standard errors when they have
        /// them, √(Σ se²)/n (a sampler's batch-means error is sharper than the scatter of a few replicates), else the
        /// scatter between replicates, sd/√n, when there are two or more.
        /// </summary>
        public (double Mean, double? Error)? Estimate(string name)
        {
            var values = Values(name);
            if (values.Count == 0) return null;
            var mean = values.Sum(v => v.Value) / values.Count;
            if (values.All(v => v.StandardError is not null))
                return (mean, Math.Sqrt(values.Sum(v => v.StandardError!.Value * v.StandardError.Value)) / values.Count);
            if (values.Count == 1) return (mean, null);
            var variance = values.Sum(v => (v.Value - mean) * (v.Value - mean)) / (values.Count - 1);
            return (mean, Math.Sqrt(variance / values.Count));
        }

        /// <summary>Values whose replicates scatter more than their standard errors allow (χ²/dof above 4): their error bars are not to be trusted.</summary>
        public IEnumerable<string> Disagreements(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                var values = Values(name);
                if (values.Count < 2 || values.Any(v => v.StandardError is not > 0)) continue;
                var weights = values.Select(v => 1 / (v.StandardError!.Value * v.StandardError.Value)).ToList();
                var mean = values.Select((v, i) => v.Value * weights[i]).Sum() / weights.Sum();
                var chi2 = values.Select((v, i) => (v.Value - mean) * (v.Value - mean) * weights[i]).Sum() / (values.Count - 1);
                if (chi2 > 4) yield return string.Create(CultureInfo.InvariantCulture, $"replicates of {name} scatter beyond their standard errors (χ²/dof = {chi2:0.0})");
            }
        }

        /// <summary>What the report says about this point: the units' warnings and the replicates' disagreements.</summary>
        public List<string> Warnings(IEnumerable<string> names) => Units.SelectMany(u => u.Warnings).Distinct().Concat(Disagreements(names)).ToList();

        private List<ValueRecord> Values(string name) =>
            Done.Select(u => u.Values.FirstOrDefault(v => v.Name == name)).Where(v => v is not null).Select(v => v!).ToList();
    }

    private static List<Point> Points(IReadOnlyList<MergedUnit> rows)
    {
        var groups = new List<Point>();
        var index = new Dictionary<string, Point>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var u = r.Unit;
            var key = string.Join("\n", u.Model, string.Join(";", u.Parameters.Select(p => p.Key + "=" + Num(p.Value))), Num(u.DatasetSize), u.Method, u.Configuration);
            if (!index.TryGetValue(key, out var g)) { g = new Point(u, []); index.Add(key, g); groups.Add(g); }
            g.Units.Add(r);
        }
        return groups;
    }

    private static string SummaryCsv(IReadOnlyList<Point> groups)
    {
        var parameters = ParameterColumns(groups.SelectMany(g => g.Units));
        var values = ValueColumns(groups.SelectMany(g => g.Units).Select(u => u.Values));
        var s = new StringBuilder();
        var header = new List<string> { "model" };
        header.AddRange(parameters);
        header.AddRange(["P", "method", "configuration", "replicates", "done", "warnings"]);
        foreach (var (name, _) in values) header.AddRange([name, name + "_se"]);
        s.Append(string.Join(",", header.Select(Csv))).Append('\n');
        foreach (var g in groups)
        {
            var u = g.First;
            var cells = new List<string> { u.Model };
            cells.AddRange(parameters.Select(p => u.Parameters.TryGetValue(p, out var v) ? Num(v) : ""));
            cells.AddRange([Num(u.DatasetSize), u.Method, u.Configuration, Num(g.Units.Count), Num(g.Done.Count), string.Join("; ", g.Warnings(values.Select(v => v.Name)))]);
            foreach (var (name, _) in values)
            {
                var e = g.Estimate(name);
                cells.Add(e is { } m ? Num(m.Mean) : "");
                cells.Add(e is { Error: { } se } ? Num(se) : "");
            }
            s.Append(string.Join(",", cells.Select(Csv))).Append('\n');
        }
        return s.ToString();
    }

    private static List<(string Method, string File)> Plots(Sweep sweep, IReadOnlyList<Point> groups, SweepDirectory directory)
    {
        var plots = new List<(string, string)>();
        foreach (var method in groups.Select(g => (g.First.Method, g.First.Configuration)).Distinct())
        {
            var series = groups.Where(g => g.First.Method == method.Method && g.First.Configuration == method.Configuration)
                .GroupBy(g => g.First.Model + (g.First.Parameters.Count == 0 ? "" : " (" + string.Join(", ", g.First.Parameters.Select(p => p.Key + "=" + Num(p.Value))) + ")"))
                .Select(s => (Label: s.Key, Points: s.Select(g => (P: g.First.DatasetSize, E: g.Estimate("test_error"))).Where(p => p.E is not null).OrderBy(p => p.P).ToList()))
                .Where(s => s.Points.Count >= 2)
                .Select(s => new PlotSeries(s.Label, s.Points.Select(p => p.P).ToList(), s.Points.Select(p => p.E!.Value.Mean).ToList()))
                .ToList();
            if (series.Count == 0) continue;
            var file = $"plot-{method.Method}{(plots.Any(p => p.Item1 == method.Method) ? "-" + plots.Count(p => p.Item1 == method.Method) : "")}.png";
            LogLogPlot.Save(Path.Combine(directory.Root, file), $"{sweep.Name}: {method.Method} test error", "dataset size P", "test error (mean over replicates)", series);
            plots.Add((method.Method, file));
        }
        return plots;
    }

    private static string Report(Sweep sweep, string fingerprint, IReadOnlyList<MergedUnit> rows, IReadOnlyList<Point> groups, IReadOnlyList<(string Method, string File)> plots)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine($"# Sweep {sweep.Name}");
        s.AppendLine();
        s.AppendLine(string.Create(inv, $"Seed {sweep.Seed}, fingerprint `{fingerprint}`: {rows.Count} units, {rows.Count(r => r.Status == UnitStatus.Done)} done, {rows.Count(r => r.Status == UnitStatus.Failed)} failed, {rows.Count(r => r.Status == UnitStatus.Missing)} missing. Every number is in `results.csv` (per unit) and `summary.csv` (replicates averaged; the standard error combines the units' own, √(Σ se²)/n, or, for values without one, is the scatter between replicates)."));
        s.AppendLine();
        foreach (var method in groups.Select(g => g.First.Method).Distinct())
        {
            var mine = groups.Where(g => g.First.Method == method).ToList();
            var column = mine.SelectMany(g => g.Done).SelectMany(u => u.Values).Select(v => v.Name).FirstOrDefault(n => n == "test_error")
                ?? mine.SelectMany(g => g.Done).SelectMany(u => u.Values).Select(v => v.Name).FirstOrDefault();
            s.AppendLine($"## {method}");
            s.AppendLine();
            if (column is null) { s.AppendLine("No unit of this method is done."); s.AppendLine(); continue; }
            s.AppendLine($"| model | parameters | P | done | {column} | ± s.e. | warnings |");
            s.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var g in mine)
            {
                var e = g.Estimate(column);
                var warnings = g.Warnings([column]);
                s.AppendLine(string.Create(inv,
                    $"| {g.First.Model} | {string.Join(", ", g.First.Parameters.Select(p => p.Key + " = " + Num(p.Value)))} | {Num(g.First.DatasetSize)} | {g.Done.Count}/{g.Units.Count} | {(e is { } m ? m.Mean.ToString("G6", inv) : "—")} | {(e is { Error: { } se } ? se.ToString("G3", inv) : "—")} | {(warnings.Count == 0 ? "" : string.Join("; ", warnings))} |"));
            }
            s.AppendLine();
            foreach (var (_, file) in plots.Where(p => p.Method == method))
            {
                s.AppendLine($"![{method}]({file})");
                s.AppendLine();
            }
        }
        var failed = rows.Where(r => r.Status == UnitStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            s.AppendLine("## Failed units");
            s.AppendLine();
            foreach (var r in failed) s.AppendLine($"- `{r.Unit.Id}` {Describe(r.Unit)}: {r.Error}");
            s.AppendLine();
        }
        var missing = rows.Where(r => r.Status == UnitStatus.Missing).ToList();
        if (missing.Count > 0)
        {
            s.AppendLine("## Missing units (merged with --allow-missing)");
            s.AppendLine();
            foreach (var r in missing) s.AppendLine($"- `{r.Unit.Id}` {Describe(r.Unit)}");
            s.AppendLine();
        }
        return s.ToString();
    }

    private static string Describe(UnitRecord u) => string.Create(CultureInfo.InvariantCulture,
        $"{u.Model}{(u.Parameters.Count == 0 ? "" : "(" + string.Join(", ", u.Parameters.Select(p => p.Key + "=" + Num(p.Value))) + ")")} P={Num(u.DatasetSize)} #{u.Replicate} {u.Method}");

    private static string Status(UnitStatus status) => status.ToString().ToLowerInvariant();

    internal static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
