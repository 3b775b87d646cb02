using System.Globalization;

namespace RgDsl.Validity;

/// <summary>
/// Up-front memory checks: a run whose arrays cannot fit is refused before anything is allocated, with the estimate,
/// what the process may use, and what to change, instead of running for minutes into an OutOfMemoryException.
/// </summary>
internal static class MemoryBudget
{
    /// <summary>The share of the process's memory limit one run may plan to use.</summary>
    public const double UsableShare = 0.8;

    /// <summary>The memory this process may use: the GC's limit (physical memory, or the container's limit).</summary>
    public static double Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The bytes a run may plan to allocate.</summary>
    public static double Usable => UsableShare * Available;

    /// <summary>Throws <see cref="ArgumentException"/> for <paramref name="parameter"/> when <paramref name="bytes"/> exceed <see cref="Usable"/>.</summary>
    /// <param name="bytes">The estimate of what the run would allocate.</param>
    /// <param name="what">What needs the memory ("HMC with 4 chains of 2147483647 samples over 1000 fields").</param>
    /// <param name="parameter">The argument whose value asks for too much.</param>
    /// <param name="advice">What to change, with the largest value that fits where it can be computed.</param>
    public static void Check(double bytes, string what, string parameter, string advice)
    {
        if (bytes <= Usable) return;
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{what} needs about {Gigabytes(bytes)} of memory, more than the {Gigabytes(Usable)} this process may use ({UsableShare:P0} of {Gigabytes(Available)}); {advice}"), parameter);
    }

    /// <summary>"68.7 GB", "13.8 TB", "512 MB".</summary>
    public static string Gigabytes(double bytes) =>
        bytes >= 1e12 ? (bytes / 1e12).ToString("G3", CultureInfo.InvariantCulture) + " TB"
        : bytes >= 1e9 ? (bytes / 1e9).ToString("G3", CultureInfo.InvariantCulture) + " GB"
        : (bytes / 1e6).ToString("G3", CultureInfo.InvariantCulture) + " MB";
}
