using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>Writes an instability analysis's files into a folder, each atomically: stability.csv (every point), stability-summary.csv
/// (every pair), stability.md (per rewind point and level, over runs) and the two plots.</summary>
public static class StabilityReport
{
    /// <summary>Writes the files for <paramref name="pairs"/> (one run's, or several runs' such as a sweep's seeds); returns the Markdown.</summary>
    public static string Write(string dir, string title, IReadOnlyList<StabilityPair> pairs)
    {
        var markdown = $"# Instability: {title}\n\nTwo copies of each network trained from the rewind point with different data orders (same mask); " +
                       "the error barrier is the highest validation error along the straight path between them minus the mean of the two ends' errors " +
                       $"(Frankle et al. 2020), in percentage points. Runs: {string.Join(", ", pairs.Select(p => p.Run).Distinct())}.\n\n" +
                       StabilityTables.Readable(pairs).ToMarkdown();
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, "stability.csv"), StabilityTables.Path(pairs).ToCsv());
        AtomicFile.WriteAllText(Path.Combine(dir, "stability-summary.csv"), StabilityTables.Summary(pairs).ToCsv());
        AtomicFile.WriteAllText(Path.Combine(dir, "stability.md"), markdown);
        if (pairs.Count > 0)
        {
            AtomicFile.WriteAllBytes(Path.Combine(dir, "stability-path.png"), StabilityPlot.PathPng(title, pairs));
            AtomicFile.WriteAllBytes(Path.Combine(dir, "stability-barrier.png"), StabilityPlot.BarrierPng(title, pairs));
        }
        return markdown;
    }
}
