using System.Globalization;
using RgDsl.Sweeps.Methods;

namespace RgDsl.Sweeps.Definition;

/// <summary>
/// One unit of work: a model at one parameter set, one dataset size, one replicate, one method. Its
/// <see cref="Id"/> is a hash of exactly that content (not of its position in the sweep), and its <see cref="Seed"/>
/// is derived from the sweep's seed and the id, so the unit gives the same numbers wherever and whenever it runs.
/// </summary>
public sealed class SweepUnit
{
    private readonly SweepModel _model;

    internal SweepUnit(int index, SweepModel model, ParameterSet parameters, double datasetSize, int replicate, ISweepMethod method, long sweepSeed)
    {
        _model = model;
        MethodImplementation = method;
        Index = index;
        Model = model.Name;
        Parameters = parameters;
        DatasetSize = datasetSize;
        Replicate = replicate;
        Method = method.Name;
        Configuration = method.Configuration;
        Id = UnitIdentity.Id(Content);
        Seed = UnitIdentity.Seed(sweepSeed, Id);
    }

    /// <summary>16 lower-case hex digits: the first 64 bits of SHA-256 of <see cref="Content"/>.</summary>
    public string Id { get; }

    /// <summary>The position in <see cref="Sweep.Units"/>; it orders the outputs, and plays no part in the id or the seed.</summary>
    public int Index { get; }

    /// <summary>
    /// The unit's place when the units are dealt out to shards round robin: sorted by method, configuration, P,
    /// model, parameters and replicate. Units of one method at one P cost about the same, so every shard gets nearly
    /// the same number of each such block (at most one more than another), whatever the grid's structure.
    /// </summary>
    public int DealOrder { get; internal set; }

    /// <summary>The model's name.</summary>
    public string Model { get; }

    /// <summary>The model's parameters.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>P.</summary>
    public double DatasetSize { get; }

    /// <summary>0-based replicate.</summary>
    public int Replicate { get; }

    /// <summary>The method's name.</summary>
    public string Method { get; }

    /// <summary>The method's configuration (see <see cref="ISweepMethod.Configuration"/>).</summary>
    public string Configuration { get; }

    /// <summary>The unit's seed, in 1..2³⁰ (so that seed + chain or seed + training set stays a valid int).</summary>
    public int Seed { get; }

    internal ISweepMethod MethodImplementation { get; }

    /// <summary>The canonical text the id hashes: model, parameters, P, replicate, method and configuration.</summary>
    public string Content => string.Create(CultureInfo.InvariantCulture,
        $"model={Model}\nparameters={Parameters.Canonical}\nP={DatasetSize:R}\nreplicate={Replicate}\nmethod={Method}\nconfiguration={Configuration}");

    /// <summary>The shard that runs this unit when the sweep is cut into <paramref name="shards"/> slices: <see cref="DealOrder"/> mod n.</summary>
    public int Shard(int shards) => DealOrder % shards;

    /// <summary>A new instance of the unit's model at its parameters.</summary>
    public object CreateModel() => _model.Create(Parameters);

    /// <summary>A new instance of the unit's model, as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The model is not a <typeparamref name="T"/>.</exception>
    public T CreateModel<T>() where T : class => CreateModel() as T
        ?? throw new InvalidOperationException($"the method '{Method}' needs a {typeof(T).Name}; the sweep model '{Model}' builds a {_model.Create(Parameters).GetType().Name}.");

    /// <summary><c>WidthQuartic(Width=16) P=100 #0 hmc</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Model}{(Parameters.Values.Count == 0 ? "" : "(" + Parameters + ")")} P={DatasetSize:R} #{Replicate} {Method}");
}
