using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RgDsl.Sweeps.TestHost;
using RgDsl.Sweeps.Definition;
using RgDsl.Sweeps.Methods;

namespace RgDsl.Sweeps.Tests;

public class UnitIdentityTests
{
    private static SweepGrid Grid(params SweepModel[] models) => new()
    {
        Models = { },
        DatasetSizes = { 20, 50 },
        Replicates = 2,
        Methods = { new TheoryPrediction(), new KernelRidgeRegression(new SimulationOptions(Seeds: 3)) },
    };

    private static Sweep Build(long seed, bool reversed)
    {
        var gp = SweepModel.Declared<TinyGP>(ParameterSet.Grid(("Alpha", [0.5, 1.0])));
        var quartic = SweepModel.Declared<TinyQuartic>(ParameterSet.Of(("Coupling", 2.0)));
        var grid = Grid();
        grid.Models.AddRange(reversed ? [quartic, gp] : [gp, quartic]);
        return new Sweep("ids", seed) { grid };
    }

    [Fact]
    public void An_id_is_the_SHA256_of_the_unit_content_and_the_seed_derives_from_the_sweep_seed_and_the_id()
    {
        var unit = new Sweep("s", seed: 42)
        {
            new SweepGrid { Models = { SweepModel.Declared<TinyGP>(ParameterSet.Of(("Alpha", 0.5))) }, DatasetSizes = { 100 }, Methods = { new TheoryPrediction() } },
        }.Units().Single();
        // Written out by hand: the canonical content and the two hashes, computed here independently of the library.
        const string content = "model=TinyGP\nparameters=Alpha=0.5\nP=100\nreplicate=0\nmethod=theory\nconfiguration=approximation=Auto";
        Assert.Equal(content, unit.Content);
        var expectedId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
        Assert.Equal(expectedId, unit.Id);
        var seedHash = SHA256.HashData(Encoding.UTF8.GetBytes("seed=42\nunit=" + expectedId));
        Assert.Equal((int)(BinaryPrimitives.ReadUInt64BigEndian(seedHash) % (1UL << 30)) + 1, unit.Seed);
    }

    [Fact]
    public void Ids_and_seeds_depend_on_content_not_on_position()
    {
        var forward = Build(7, reversed: false).Units();
        var backward = Build(7, reversed: true).Units();
        Assert.Equal(24, forward.Count);
        Assert.Equal(forward.Select(u => u.Id).Order(), backward.Select(u => u.Id).Order());
        var seedsBackward = backward.ToDictionary(u => u.Id, u => u.Seed);
        Assert.All(forward, u => Assert.Equal(u.Seed, seedsBackward[u.Id]));
        // The positions did change, so the ids cannot come from them.
        Assert.NotEqual(forward.Select(u => u.Id), backward.Select(u => u.Id));
        Assert.Equal(forward.Count, forward.Select(u => u.Id).Distinct().Count());
        Assert.Equal(forward.Count, forward.Select(u => u.Seed).Distinct().Count());
        Assert.All(forward, u => Assert.InRange(u.Seed, 1, 1 << 30));
    }

    [Fact]
    public void The_sweep_seed_changes_every_unit_seed_but_no_id()
    {
        var a = Build(7, reversed: false).Units();
        var b = Build(8, reversed: false).Units();
        Assert.Equal(a.Select(u => u.Id), b.Select(u => u.Id));
        Assert.All(a.Zip(b), x => Assert.NotEqual(x.First.Seed, x.Second.Seed));
        Assert.NotEqual(Build(7, false).Fingerprint(), Build(8, false).Fingerprint());
        Assert.Equal(Build(7, false).Fingerprint(), Build(7, false).Fingerprint());
    }

    [Fact]
    public void Every_part_of_the_content_enters_the_id()
    {
        static string Id(string model = "TinyGP", double alpha = 1, double p = 20, int replicates = 1, ISweepMethod? method = null)
        {
            var units = new Sweep("s")
            {
                new SweepGrid
                {
                    Models = { SweepModel.Declared<TinyGP>(model, ParameterSet.Of(("Alpha", alpha))) },
                    DatasetSizes = { p },
                    Replicates = replicates,
                    Methods = { method ?? new KernelRidgeRegression(new SimulationOptions(Seeds: 3)) },
                },
            }.Units();
            return units[^1].Id;
        }
        var ids = new[]
        {
            Id(), Id(model: "Other"), Id(alpha: 1.0000000000000002), Id(p: 21), Id(replicates: 2),
            Id(method: new KernelRidgeRegression(new SimulationOptions(Seeds: 4))), Id(method: new TheoryPrediction()),
        };
        Assert.Equal(ids.Length, ids.Distinct().Count());
        // Parameter order and the seed field of the method's options do not matter.
        Assert.Equal(ParameterSet.Of(("a", 1), ("b", 2)), ParameterSet.Of(("b", 2), ("a", 1)));
        Assert.Equal(Id(method: new KernelRidgeRegression(new SimulationOptions(Seeds: 3, Seed: 99))), Id());
    }

    [Fact]
    public void A_unit_rerun_alone_gives_bit_identical_numbers()
    {
        var units = TestSweeps.Small().Units();
        foreach (var unit in new[] { units.First(u => u.Method == "hmc"), units.First(u => u.Method == "krr"), units.First(u => u.Method == "theory") })
        {
            var first = unit.MethodImplementation.Run(unit, unit.Seed);
            // A fresh definition of the same sweep: a new unit object, the same content.
            var again = TestSweeps.Small().Units().Single(u => u.Id == unit.Id);
            var second = again.MethodImplementation.Run(again, again.Seed);
            Assert.Equal(first.Values.Select(v => BitConverter.DoubleToInt64Bits(v.Value)), second.Values.Select(v => BitConverter.DoubleToInt64Bits(v.Value)));
            Assert.Equal(first.Values.Select(v => v.StandardError), second.Values.Select(v => v.StandardError));
        }
        // And a different seed gives different numbers for the sampled methods.
        var hmc = units.First(u => u.Method == "hmc");
        Assert.NotEqual(hmc.MethodImplementation.Run(hmc, hmc.Seed)["test_error"].Value, hmc.MethodImplementation.Run(hmc, hmc.Seed + 1)["test_error"].Value);
    }

    [Fact]
    public void Shards_deal_out_every_block_of_one_method_at_one_size_evenly()
    {
        var units = TestSweeps.Small().Units();
        for (var n = 1; n <= 7; n++)
        {
            var sizes = Enumerable.Range(0, n).Select(i => units.Count(u => u.Shard(n) == i)).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1, $"shard sizes for n = {n}: {string.Join(", ", sizes)}");
            foreach (var block in units.GroupBy(u => (u.Method, u.DatasetSize)))
            {
                var counts = Enumerable.Range(0, n).Select(i => block.Count(u => u.Shard(n) == i)).ToList();
                Assert.True(counts.Max() - counts.Min() <= 1, $"{block.Key} over {n} shards: {string.Join(", ", counts)}");
            }
        }
    }

    [Fact]
    public void Bad_definitions_are_refused_with_a_message_naming_the_problem()
    {
        var gp = SweepModel.Declared<TinyGP>();
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() =>
            new Sweep("s") { new SweepGrid { Models = { gp, gp }, DatasetSizes = { 10 }, Methods = { new TheoryPrediction() } } }.Units()).Message);
        Assert.Contains("Replicates", Assert.Throws<ArgumentException>(() =>
            new Sweep("s") { new SweepGrid { Models = { gp }, DatasetSizes = { 10 }, Replicates = 0, Methods = { new TheoryPrediction() } } }.Units()).Message);
        Assert.Contains("-5", Assert.Throws<ArgumentException>(() =>
            new Sweep("s") { new SweepGrid { Models = { gp }, DatasetSizes = { -5 }, Methods = { new TheoryPrediction() } } }.Units()).Message);
        Assert.Contains("no methods", Assert.Throws<ArgumentException>(() =>
            new Sweep("s") { new SweepGrid { Models = { gp }, DatasetSizes = { 10 } } }.Units()).Message);
        var unknown = Assert.Throws<ArgumentException>(() => SweepModel.Declared<TinyGP>(ParameterSet.Of(("Width", 2))));
        Assert.Contains("'Width'", unknown.Message);
        Assert.Contains("Alpha", unknown.Message);
        Assert.Contains("'a b'", Assert.Throws<ArgumentException>(() => new Sweep("a b")).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => ParameterSet.Of(("Alpha", double.NaN))).Message);
    }

    [Fact]
    public void Declared_models_get_their_parameters_set_by_name()
    {
        var unit = new Sweep("s")
        {
            new SweepGrid { Models = { SweepModel.Declared<TinyGP>(ParameterSet.Of(("Alpha", 2.0))) }, DatasetSizes = { 10 }, Methods = { new TheoryPrediction() } },
        }.Units().Single();
        var model = unit.CreateModel<TinyGP>();
        Assert.Equal(2.0, model.Alpha);
        Assert.Equal(new TinyGP { Alpha = 2.0 }.Predict(10).TestError, unit.MethodImplementation.Run(unit, unit.Seed)["test_error"].Value);
    }
}
