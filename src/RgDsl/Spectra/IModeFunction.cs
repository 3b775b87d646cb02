namespace RgDsl.Spectra;

/// <summary>
/// A function of the mode index. The generator emits structs implementing it that call the user's methods, so that
/// <see cref="TableSpectrum.FromFunctions{TEigen, TTarget, TMultiplicity}"/> is specialised per model and the JIT
/// inlines the user's formula; <see cref="DelegateModeFunction"/> is the generic path for models built at run time.
/// </summary>
public interface IModeFunction
{
    double Evaluate(long k);
}

/// <summary>A mode function returning an integer (multiplicities).</summary>
public interface IModeCount
{
    long Evaluate(long k);
}

/// <summary>The generic path: a mode function driven by a delegate.</summary>
public readonly struct DelegateModeFunction(Func<long, double> function) : IModeFunction
{
    public double Evaluate(long k) => function(k);
}

/// <summary>The generic path for multiplicities.</summary>
public readonly struct DelegateModeCount(Func<long, long> function) : IModeCount
{
    public long Evaluate(long k) => function(k);
}

/// <summary>n_k = 1 for every mode.</summary>
public readonly struct UnitMultiplicity : IModeCount
{
    public long Evaluate(long k) => 1;
}
