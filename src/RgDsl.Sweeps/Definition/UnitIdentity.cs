using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RgDsl.Sweeps.Definition;

/// <summary>Unit ids, unit seeds and sweep fingerprints: SHA-256 of canonical text, so they are the same on every machine and .NET version.</summary>
internal static class UnitIdentity
{
    /// <summary>Seeds lie in 1..2³⁰: methods add small offsets (chain c, training set s) without overflowing an int.</summary>
    public const int SeedRange = 1 << 30;

    public static string Id(string content) => Hex(Hash(content), 8);

    public static int Seed(long sweepSeed, string id)
    {
        var hash = Hash(string.Create(CultureInfo.InvariantCulture, $"seed={sweepSeed}\nunit={id}"));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % SeedRange) + 1;
    }

    /// <summary>One hash over the sweep's name, seed and every unit's id and seed, in order.</summary>
    public static string Fingerprint(string name, long seed, IEnumerable<SweepUnit> units)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"sweep={name}\nseed={seed}\n"));
        foreach (var u in units) text.Append(CultureInfo.InvariantCulture, $"{u.Id}:{u.Seed}\n");
        return Hex(Hash(text.ToString()), 8);
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string Hex(byte[] bytes, int count) => Convert.ToHexStringLower(bytes, 0, count);
}
