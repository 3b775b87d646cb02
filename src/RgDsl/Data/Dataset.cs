using System.Globalization;

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
