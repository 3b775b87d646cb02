using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RgDsl.Data;
using RgDsl.MainJob.Data;
using RgDsl.Reporting;
using Xunit.Abstractions;

namespace RgDsl.Tests.Data;

public class DataTests(ITestOutputHelper output)
{
    /// <summary>N samples in D dimensions with a power-law covariance, labels from the sign of a fixed direction.</summary>
    internal static Dataset Synthetic(int n, int d, int seed = 3)
    {
        var random = new Random(seed);
        var inputs = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            inputs[i] = new double[d];
            double projection = 0;
            for (var j = 0; j < d; j++)
            {
                var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                inputs[i][j] = g * Math.Pow(j + 1, -0.75) * Math.Sqrt(d);
                projection += inputs[i][j] * (j < 3 ? 1 : 0);
            }
            labels[i] = projection > 0 ? 0 : 1;
        }
        return new Dataset(inputs, labels, "synthetic");
    }

    [Fact]
    public void Relu_nngp_matches_a_wide_random_relu_layer()
    {
        // K¹(x, y) = σ_w² E[relu(u) relu(v)] with (u, v) ~ N(0, K⁰): a Monte Carlo over 400,000 random units.
        var x = new[] { 1.0, 0.5, -0.3 };
        var y = new[] { 0.2, -1.0, 0.7 };
        var kernel = new ReluNngpKernel(1);
        var random = new Random(11);
        var samples = new double[400_000];
        for (var s = 0; s < samples.Length; s++)
        {
            double u = 0, v = 0;
            for (var j = 0; j < 3; j++)
            {
                var w = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * Math.Sqrt(2.0 / 3);
                u += w * x[j]; v += w * y[j];
            }
            samples[s] = 2 * Math.Max(u, 0) * Math.Max(v, 0);
        }
        var mean = samples.Average();
        var se = Math.Sqrt(samples.Sum(v => (v - mean) * (v - mean)) / (samples.Length - 1) / samples.Length);
        Assert.True(Math.Abs(kernel.Evaluate(x, y) - mean) < 3 * se, $"NNGP {kernel.Evaluate(x, y):G6} vs Monte Carlo {mean:G6} ± {se:G2}");
        Assert.Equal(2 * new LinearKernel().Evaluate(x, y), new ReluNngpKernel(0).Evaluate(x, y), 14);
        // σ_w² = 2 keeps the diagonal: K^l(x, x) = K⁰(x, x) at any depth.
        Assert.Equal(new ReluNngpKernel(0).Evaluate(x, x), new ReluNngpKernel(3).Evaluate(x, x), 12);
    }

    [Fact]
    public void Empirical_spectrum_obeys_the_trace_and_power_sum_rules()
    {
        var data = Synthetic(200, 20);
        var y = data.Parity();
        var spectrum = EmpiricalSpectrum.Compute(new RbfKernel(4), data, y);
        var trace = Enumerable.Range(0, 200).Sum(i => spectrum.Kernel[i, i]) / 200;
        Assert.Equal(trace, spectrum.Eigenvalues.Sum(), 1e-9);
        Assert.Equal(y.Average(v => v * v), spectrum.TargetPowers.Sum(), 1e-9);
        for (var k = 1; k < spectrum.Eigenvalues.Count; k++) Assert.True(spectrum.Eigenvalues[k] <= spectrum.Eigenvalues[k - 1]);
    }

    [Fact]
    public void Power_law_fit_recovers_a_known_spectrum_and_target()
    {
        // K = N U diag(λ) Uᵀ with a random orthogonal U and λ_k = k^-1.8; targets with y_k² = k^-1.4 along U.
        const int n = 300;
        var random = new Random(5);
        var g = Matrix<double>.Build.Dense(n, n, (_, _) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var u = g.QR().Q;
        var lambda = Enumerable.Range(1, n).Select(k => Math.Pow(k, -1.8)).ToArray();
        var k = (u * Matrix<double>.Build.DenseOfDiagonalArray(lambda) * u.Transpose() * n).ToArray();
        var coefficients = Vector<double>.Build.DenseOfEnumerable(Enumerable.Range(1, n).Select(j => Math.Sqrt(Math.Pow(j, -1.4) * n)));
        var y = (u * coefficients).ToArray();
        var spectrum = EmpiricalSpectrum.Compute(k, y, "known");
        var fit = spectrum.FitSpectrum(5, 200);
        Assert.Equal(0.8, -fit.Exponent - 1, 6);
        for (var j = 0; j < 20; j++) Assert.Equal(Math.Pow(j + 1, -1.4), spectrum.TargetPowers[j], 1e-8);
        // The binned fit of y_k² = k^-(1+β), β = 0.4 (exact data: only the binning's averaging bends it slightly).
        Assert.Equal(-1.4, spectrum.FitTarget(5, 200).Exponent, 0.01);
    }

    [Fact]
    public void Theory_on_the_empirical_spectrum_matches_kernel_regression_on_the_dataset()
    {
        const int n = 500;
        var data = Synthetic(n, 30);
        var y = data.Parity();
        var spectrum = EmpiricalSpectrum.Compute(new ReluNngpKernel(2), data, y);
        var model = new GaussianModel("synthetic", spectrum.ToSpectrum(), 1e-2);
        foreach (var p in new[] { 10, 25, 50 })
        {
            var measured = DatasetRegression.Run(spectrum.Kernel, y, p, 1e-2, seeds: 40, seed: 17);
            var theory = model.Predict(p).TestError;
            output.WriteLine(FormattableString.Invariant($"P = {p}: measured {measured.TestError:G4} ± {measured.StandardError:G2}, theory {theory:G4}, ratio {measured.TestError / theory:F3}"));
            Assert.True(Math.Abs(measured.TestError - theory) <= 3 * measured.StandardError + 0.05 * theory,
                FormattableString.Invariant($"P = {p}: measured {measured.TestError:G4} ± {measured.StandardError:G2}, theory {theory:G4}"));
        }
    }

    [Fact]
    public void Power_law_tail_continues_the_table_and_its_sums_are_exact()
    {
        var data = Synthetic(150, 10);
        var spectrum = EmpiricalSpectrum.Compute(new RbfKernel(3), data, data.Parity());
        var tailed = spectrum.ToSpectrum(1.0, 0.5);
        var table = spectrum.ToSpectrum();
        var m = table.Modes;
        Assert.Equal(RgModel.Infinite, tailed.Modes);
        Assert.Equal(table.Eigenvalue(m), tailed.Eigenvalue(m));
        Assert.Equal(table.Eigenvalue(m) * Math.Pow((m + 1.0) / m, -2), tailed.Eigenvalue(m + 1), 1e-15);
        // Brute force over the tail up to K = 10⁶ modes; what lies beyond is at most ∫_K^∞ c x^-2/t dx = c/(tK)
        // with c = λ_M M² from the table.
        const double t = 1e-4;
        const long cut = 1_000_000;
        double brute = 0;
        for (var k = cut; k > m; k--) { var l = tailed.Eigenvalue(k); brute += l / (l + t); }
        var expected = table.Sums(t).Learnability + brute;
        var remainder = table.Eigenvalue(m) * m * m / (t * cut);
        var difference = tailed.Sums(t).Learnability - expected;
        Assert.InRange(difference, 0, remainder + expected * 1e-12);
        Assert.True(new GaussianModel("tailed", tailed, 0).Predict(2 * m).TestError > 0, "ridgeless beyond N is possible only with the tail");
    }

    [Fact]
    public void Mnist_loader_reads_the_package_format()
    {
        var root = Directory.CreateTempSubdirectory("mnist-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "src", "digits"));
            for (var d = 0; d <= 9; d++)
            {
                var values = Enumerable.Range(0, 2 * Mnist.Pixels).Select(i => ((d + i) % 7 / 7.0).ToString("R", CultureInfo.InvariantCulture));
                File.WriteAllText(Path.Combine(root, "src", "digits", $"{d}.json"), "{ \"data\": [" + string.Join(",", values) + "] }");
            }
            var data = Mnist.Load(root, 2);
            Assert.Equal(20, data.Count);
            Assert.Equal(784, data.Features);
            Assert.Equal(3, data.Labels[7]);
            Assert.Equal((3 + Mnist.Pixels + 5) % 7 / 7.0, data.Inputs[7][5], 15);
            Assert.Contains("only 2 images", Assert.Throws<ArgumentOutOfRangeException>(() => Mnist.Load(root, 3)).Message);
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void Csv_loader_skips_a_header_and_names_a_malformed_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "x1,x2,label\n0.5,1.5,1\n2,3,0\n");
            var data = MatrixLoader.LoadCsv(path);
            Assert.Equal(2, data.Count);
            Assert.Equal([0.5, 1.5], data.Inputs[0]);
            Assert.Equal(0, data.Labels[1]);
            File.WriteAllText(path, "0.5,1.5,1\n2,oops,0\n");
            Assert.Contains("line 2", Assert.Throws<FormatException>(() => MatrixLoader.LoadCsv(path)).Message);
        }
        finally { File.Delete(path); }
    }
}

public class RealDataReportTests
{
    [Fact]
    public void Quick_real_data_report_writes_the_agreement_table_and_plots()
    {
        var dir = Directory.CreateTempSubdirectory("realdata-").FullName;
        try
        {
            var data = DataTests.Synthetic(400, 20);
            var summary = RealDataReport.Write(data, new RgDsl.Data.ReluNngpKernel(2), data.Parity(), "parity", 1e-2, dir, ReportPreset.Quick);
            Assert.True(summary.Compared >= 3, $"{summary.Compared} sizes compared");
            Assert.True(summary.WithinAllowance >= summary.Compared - 1, $"{summary.WithinAllowance} of {summary.Compared} within the allowance (quick run: 4 seeds)");
            var report = File.ReadAllText(summary.Report);
            Assert.Contains("| P | P/N | measured |", report);
            Assert.Contains("α = ", report);
            // Written alone (no main-job index above it), the report carries its own copy of the theory it links.
            Assert.Contains("[theory](THEORY.md)", report);
            Assert.True(File.Exists(Path.Combine(dir, "THEORY.md")));
            if (summary.PredictedExponent is not null) Assert.Contains("Why: the theory on the measured spectrum, over the same sizes.", report);
            foreach (var file in new[] { "spectrum.png", "target-power.png", "learning-curve.png", "spectrum.csv", "learning-curve.csv" })
                Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }
        finally { Directory.Delete(dir, true); }
    }
}
