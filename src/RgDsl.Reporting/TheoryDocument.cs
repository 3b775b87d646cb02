using System.Reflection;

namespace RgDsl.Reporting;

/// <summary>
/// The project's theory document (docs/THEORY.md, embedded in this assembly at build time), written next to every
/// report so that its links work wherever the report is read: out/index.md links THEORY.md, out/&lt;model&gt;/report.md
/// links ../THEORY.md, in a clone of the repository and in a consumer's project alike. The finite-width network theory
/// (docs/NETWORKS.md), which THEORY.md links, is written next to it.
/// </summary>
public static class TheoryDocument
{
    /// <summary>The name of the copy in a report's output directory.</summary>
    public const string FileName = "THEORY.md";
    /// <summary>The name of the copy of docs/NETWORKS.md (the finite-width network theory) next to it.</summary>
    public const string NetworksFileName = "NETWORKS.md";

    /// <summary>The text of docs/THEORY.md as this assembly was built with it.</summary>
    public static string Text => Read("THEORY.md");

    /// <summary>The text of docs/NETWORKS.md as this assembly was built with it.</summary>
    public static string NetworksText => Read("NETWORKS.md");

    private static string Read(string name)
    {
        using var stream = typeof(TheoryDocument).Assembly.GetManifestResourceStream("RgDsl.Reporting." + name)
            ?? throw new InvalidOperationException($"RgDsl.Reporting was built without docs/{name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Writes the document into <paramref name="directory"/> as <see cref="FileName"/>, with the network theory it links
    /// as <see cref="NetworksFileName"/>, and returns the theory document's path.
    /// </summary>
    public static string WriteTo(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Text);
        File.WriteAllText(Path.Combine(directory, NetworksFileName), NetworksText);
        return path;
    }
}
