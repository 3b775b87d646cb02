using System.Globalization;
using RgDsl.Reporting;
using RgDsl.Simulation;
using RgDsl.Spectra;

namespace RgDsl.Tests.Export;

public class ExportTests
{
    private static LearningCurve Curve() =>
        new GaussianModel("export", new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2), 1e-3, 1e-4).LearningCurve(10, 100, 1000);

    [Fact]
    public void Csv_and_json_round_trip_every_number_under_fi_FI()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fi-FI");
            var curve = Curve();
            var rows = curve.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, rows.Length);
            var cells = rows[2].Split(',');
            Assert.Equal(10, cells.Length);
            Assert.Equal(curve.Points[1].TestError, double.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.Equal(curve.LocalExponents[1], double.Parse(cells[8], CultureInfo.InvariantCulture));
            using var json = System.Text.Json.JsonDocument.Parse(curve.ToJson());
            Assert.Equal(curve.Points[2].OverfittingFactor, json.RootElement.GetProperty("points")[2].GetProperty("overfitting_factor").GetDouble());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Png_plot_is_written()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rgdsl-{Guid.NewGuid():N}.png");
        try
        {
            var sim = KernelRidgeSimulation.Run(new PowerLawSpectrum(1, 2, 200, 1, 2), 20, 1e-3, 0, new SimulationOptions(Seeds: 2, MaxModes: 200));
            LearningCurvePlot.SavePng(path, Curve(), [sim]);
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 1000);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
