namespace Sharpness;

/// <summary>The memory a computation may still take, for the refusals of <see cref="TooLargeException"/>.</summary>
internal static class AvailableMemory
{
    /// <summary>Bytes this process can still allocate: MemAvailable (Linux /proc/meminfo) when readable, capped by
    /// the GC's limit (container or configured), less what the managed heap already holds.</summary>
    public static long Now()
    {
        long limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory(false);
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal) &&
                    long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out long kib))
                    return Math.Min(limit, kib * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return limit;
    }
}
