using System.Globalization;
using System.Text.RegularExpressions;

namespace RgDsl.Tests.Report;

/// <summary>
/// Reads a written network report as a reader would — the index's line per family and the family's shift table — and
/// requires them to agree: the index's counts are the table's, and no row whose chains did not mix (split-R̂ above
/// 1.1, or a sampler warning) is marked as agreeing.
/// </summary>
internal static partial class NetworkReportConsistency
{
    public static void Check(string networksDirectory)
    {
        var index = File.ReadAllLines(Path.Combine(networksDirectory, "report.md"));
        var families = index.Select(l => FamilyLine().Match(l)).Where(m => m.Success).ToList();
        Assert.NotEmpty(families);
        foreach (var family in families)
        {
            var line = family.Value;
            var rows = ShiftRows(File.ReadAllLines(Path.Combine(networksDirectory, family.Groups["link"].Value)));
            foreach (var row in rows)
            {
                Assert.True(row.ContainsKey("agrees") && row.ContainsKey("R̂ (worst)"), "the shift table lacks the 'agrees' or 'R̂ (worst)' column");
                var rHat = row["R̂ (worst)"] is var r && r != "—" ? double.Parse(r, CultureInfo.InvariantCulture) : 1;
                var unmixed = rHat > 1.1 || row["theory's warnings"].Contains("sampler:", StringComparison.Ordinal);
                Assert.True(!unmixed || row["agrees"].StartsWith("not compared", StringComparison.Ordinal),
                    $"N = {row["N"]}, P = {row["P"]}: chains not mixed (R̂ {rHat}) but 'agrees' says '{row["agrees"]}'");
            }
            var mixed = rows.Where(r => !r["agrees"].StartsWith("not compared", StringComparison.Ordinal)).ToList();
            var compared = mixed.Where(r => r["no warning"] == "yes").ToList();
            var flagged = mixed.Where(r => r["no warning"] == "no").ToList();
            var expected = new List<string>();
            if (compared.Count > 0)
                expected.Add($"shift δ = ε_N/ε_GP − 1 predicted within 3 s.e. + 10% at {compared.Count(r => r["agrees"] == "yes")} of {compared.Count} mixed sampled points where the theory raised no warning");
            else
                Assert.DoesNotContain("where the theory raised no warning", line);
            if (flagged.Count > 0) expected.Add($"{flagged.Count} mixed point(s) the theory flagged (outside its measured range), {flagged.Count(r => r["agrees"] != "yes")} of them off");
            else Assert.DoesNotContain("the theory flagged", line);
            var notCompared = rows.Count - mixed.Count;
            if (notCompared > 0) expected.Add($"{notCompared} sampled point(s) not compared: the chains did not mix");
            else Assert.DoesNotContain("not compared", line);
            foreach (var text in expected) Assert.Contains(text, line);
        }
    }

    /// <summary>The rows of the table under "## The finite-width shift", by column name.</summary>
    private static List<Dictionary<string, string>> ShiftRows(string[] report)
    {
        var start = Array.FindIndex(report, l => l.StartsWith("## The finite-width shift", StringComparison.Ordinal));
        if (start < 0) return [];
        var headerAt = Array.FindIndex(report, start, l => l.StartsWith("| N |", StringComparison.Ordinal));
        var names = Cells(report[headerAt]);
        return report.Skip(headerAt + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => names.Zip(Cells(l)).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    [GeneratedRegex(@"^- \[[^\]]+\]\((?<link>[^)]+/report\.md)\): .*$")]
    private static partial Regex FamilyLine();
}
