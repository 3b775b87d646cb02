using System.Globalization;
using CsCheck;

namespace RgDsl.Tests.Shared;

/// <summary>
/// Which cases a fuzz test draws, shared by the generator and run-time fuzz tests (linked into both test projects).
/// Case i is drawn from its own generator state, PCG(stream i, seed), so any range of cases can be run on its own: a
/// long run splits into chunks (RGDSL_FUZZ_OFFSET, a count variable) that run one after another or side by side, and a
/// failure names its seed and index, which reproduce it alone. CI draws from <see cref="CiSeed"/> (the same cases every
/// run, so a red build is a regression, not a new draw); RGDSL_FUZZ_SEED=n picks another seed, and the long mode
/// (RGDSL_LONG_FUZZ=1) draws a fresh one unless a seed is given.
/// </summary>
internal sealed record FuzzRun(ulong Seed, long Offset, long Count)
{
    public const ulong CiSeed = 1;

    /// <summary>The run the environment asks for: RGDSL_FUZZ_SEED, RGDSL_FUZZ_OFFSET, the count variable, RGDSL_LONG_FUZZ.</summary>
    public static FuzzRun FromEnvironment(string countVariable, long ciCases, long longCases)
    {
        var longRun = Environment.GetEnvironmentVariable("RGDSL_LONG_FUZZ") == "1";
        var count = Parse(countVariable) ?? (longRun ? longCases : ciCases);
        var seed = Environment.GetEnvironmentVariable("RGDSL_FUZZ_SEED") is { Length: > 0 } text
            ? ulong.Parse(text, CultureInfo.InvariantCulture)
            : longRun ? (ulong)Random.Shared.NextInt64(1, long.MaxValue) : CiSeed;
        var offset = Parse("RGDSL_FUZZ_OFFSET") ?? 0;
        if (count < 1 || offset < 0 || offset + count > uint.MaxValue)
            throw new ArgumentOutOfRangeException(countVariable, $"{countVariable} must be at least 1 and RGDSL_FUZZ_OFFSET at least 0, with offset + count ≤ {uint.MaxValue}; got {count} and {offset}.");
        return new FuzzRun(seed, offset, count);
    }

    private static long? Parse(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? long.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>Case number <paramref name="index"/> of this seed.</summary>
    public T Draw<T>(Gen<T> gen, long index) => gen.Generate(new PCG((uint)index, Seed), null!, out _);

    /// <summary>
    /// Checks cases Offset..Offset+Count−1 on all cores; returns how many ran and for how many <paramref name="check"/>
    /// returned true. The lowest failing case is rethrown with its seed, index and printed form, after every case below
    /// it has run (so "cases Offset..index−1 passed" holds; the message says so).
    /// </summary>
    public (long Done, long Counted) Run<T>(Gen<T> gen, Func<T, bool> check, Func<T, string> print, string countVariable)
    {
        long counted = 0, done = 0;
        var failures = new SortedDictionary<long, Exception>();
        Parallel.For(Offset, Offset + Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (index, state) =>
        {
            var value = Draw(gen, index);
            try
            {
                if (check(value)) Interlocked.Increment(ref counted);
                Interlocked.Increment(ref done);
            }
            catch (Exception e)
            {
                lock (failures) failures[index] = new InvalidOperationException(
                    $"fuzz case {index} of seed {Seed} failed (reproduce alone: RGDSL_FUZZ_SEED={Seed} RGDSL_FUZZ_OFFSET={index} {countVariable}=1): {print(value)}", e);
                // Break, not Stop: the cases below this one still run, so the report is the lowest failure.
                state.Break();
            }
        });
        if (failures.Count > 0)
        {
            var (index, failure) = failures.First();
            throw new InvalidOperationException($"cases {Offset}..{index - 1} of seed {Seed} passed; " + failure.Message, failure.InnerException);
        }
        return (done, counted);
    }

    public override string ToString() => $"seed {Seed}, cases {Offset}..{Offset + Count - 1}";
}
