using System.Runtime.CompilerServices;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace RgDsl.Generators.Tests;

/// <summary>
/// Compares generated source with Snapshots/NAME.verified.cs. A mismatch writes NAME.received.cs next to it and fails
/// with a line diff; set RGDSL_ACCEPT_SNAPSHOTS=1 to accept the received text as the new snapshot. The generator's
/// version in [GeneratedCode] is replaced by {version}.
/// </summary>
internal static class SnapshotAssert
{
    public static void Matches(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        Directory.CreateDirectory(directory);
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        // The generator's version changes with every release; the snapshot is about the code around it.
        actual = System.Text.RegularExpressions.Regex.Replace(actual.Replace("\r\n", "\n"),
            @"GeneratedCode\(""RgDsl\.Generators"", ""[0-9.]+""\)", @"GeneratedCode(""RgDsl.Generators"", ""{version}"")");
        if (Environment.GetEnvironmentVariable("RGDSL_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : "";
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        var diff = InlineDiffBuilder.Diff(expected, actual);
        var lines = diff.Lines.Where(l => l.Type != ChangeType.Unchanged).Take(40)
            .Select(l => (l.Type == ChangeType.Inserted ? "+ " : l.Type == ChangeType.Deleted ? "- " : "  ") + l.Text);
        Assert.Fail($"generated source differs from {verified}" + (expected.Length == 0 ? " (no snapshot yet)" : "") +
                    $"; received text written to {received}; rerun with RGDSL_ACCEPT_SNAPSHOTS=1 to accept.\n" + string.Join("\n", lines));
    }
}
