using TicketLab.Lottery;

namespace TicketLab.Store;

/// <summary>A run's stability/ folder: where its instability pairs live, and reading them back for the analysis and the report.</summary>
/// <remarks>A torn, foreign or tampered pair file is left out and named through the log, never fatal: the analysis measures it
/// again, the report warns.</remarks>
public static class StabilityFolder
{
    public const string Name = "stability";

    /// <summary>runs/&lt;run&gt;/stability.</summary>
    public static string Of(string runDir) => Path.Combine(runDir, Name);

    /// <summary>runs/&lt;run&gt;/stability/pairs: one checksummed JSON per (rewind step, level).</summary>
    public static string PairsDir(string runDir) => Path.Combine(Of(runDir), "pairs");

    public static string PairPath(string runDir, long step, int level) => Path.Combine(PairsDir(runDir), $"step-{step}-L{level:D2}.json");

    /// <summary>The pair stored at <paramref name="path"/>, or null when there is none or it does not read back whole.</summary>
    public static StabilityPair? TryRead(string path, Action<string> log)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var pair = ChecksummedJson.Read<StabilityPair>(path, File.ReadAllText(path), FolderLevelStore.Json);
            return pair?.Path is { Count: >= 3 } && pair.CopyA is not null && pair.CopyB is not null ? pair : throw new InvalidDataException($"{path}: not a stability pair");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log($"{path} is left out: {e.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }

    /// <summary>Every pair the run's folder holds, by level then rewind step; none when it was never analysed or cannot be listed.</summary>
    public static IReadOnlyList<StabilityPair> ReadPairs(string runDir, Action<string> log)
    {
        var dir = PairsDir(runDir);
        string[] files;
        try { files = Directory.Exists(dir) ? Directory.GetFiles(dir, "step-*.json") : []; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"{dir} is left out: {e.Message.ReplaceLineEndings(" ")}");
            return [];
        }
        return [.. files.Order(StringComparer.Ordinal).Select(f => TryRead(f, log)).OfType<StabilityPair>().OrderBy(p => p.Level).ThenBy(p => p.Step)];
    }
}
