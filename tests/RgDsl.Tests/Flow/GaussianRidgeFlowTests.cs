using RgDsl.Spectra;

namespace RgDsl.Tests.Flow;

public class GaussianRidgeFlowTests
{
    [Theory]
    [InlineData(0.0, 1e3)]
    [InlineData(1e-3, 1e4)]
    public void Soft_flow_ends_at_the_self_consistent_ridge(double ridge, double p)
    {
        var flow = new GaussianModel("m", new PowerLawSpectrum(1, 2, RgModel.Infinite, 1, 2), ridge).Flow(p);
        Assert.Equal(flow.SelfConsistentEffectiveRidge, flow.SoftEndRidge, flow.SoftEndRidge * 1e-10);
        // The running ridge only grows as modes are integrated out.
        for (var i = 1; i < flow.Points.Count; i++)
        {
            Assert.True(flow.Points[i].HardRidge >= flow.Points[i - 1].HardRidge);
            Assert.True(flow.Points[i].SoftRidge >= flow.Points[i - 1].SoftRidge);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Ridgeless_hard_flow_stops_near_alpha_P(double alpha)
    {
        // THEORY §3.1: Λ* ≈ αP (against the self-consistent P(1+α) sin(π/(1+α))/π), up to O(1/Λ) discreteness.
        const double p = 1e4;
        var flow = new GaussianModel("m", new PowerLawSpectrum(1, 1 + alpha, RgModel.Infinite, 1, 1 + alpha), 0).Flow(p);
        Assert.Equal(1, flow.StoppingScale / (alpha * p), 2);
        // Brute-force check of the stopping rule at Λ* and Λ* + 1.
        double Tail(double from) { double s = 0; for (var k = 4_000_000.0; k >= from; k--) s += Math.Pow(k, -1 - alpha); return s + Math.Pow(4e6, -alpha) / alpha; }
        var stop = flow.StoppingScale;
        Assert.True(p * Math.Pow(stop, -1 - alpha) >= Tail(stop + 1) * (1 - 1e-9));
        Assert.True(p * Math.Pow(stop + 1, -1 - alpha) < Tail(stop + 2) * (1 + 1e-9));
    }

    [Fact]
    public void Flow_exports_csv_and_json()
    {
        var flow = new GaussianModel("m", new PowerLawSpectrum(1, 2, 5000, 1, 2), 1e-3).Flow(100, new FlowOptions(PointsPerDecade: 5));
        var csv = flow.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("scale,rg_time,hard_ridge,soft_ridge", csv[0]);
        Assert.Equal(flow.Points.Count + 1, csv.Length);
        Assert.Equal(5000, flow.Points[0].Scale);
        Assert.Equal(1, flow.Points[^1].Scale);
        using var json = System.Text.Json.JsonDocument.Parse(flow.ToJson());
        Assert.Equal(flow.StoppingScale, json.RootElement.GetProperty("stopping_scale").GetDouble());
    }
}
