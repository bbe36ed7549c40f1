using System.Text.Json;
using System.Text.RegularExpressions;
using TicketLab.Hparams;
using TicketLab.Lottery;

namespace TicketLab.Store;

/// <summary>Reads what a run folder holds (run.json, status.json and the level results <see cref="FolderLevelStore"/> writes) into store records.</summary>
/// <remarks>Only levels/NN/&lt;method&gt;.json are level results (checkpoint manifests, temp files and the rest are not). A file that
/// cannot be read is reported as "unreadable: path: reason" and left out, never fatal.</remarks>
internal static partial class RunFolder
{
    /// <summary>Run folders directly under a runs folder: those holding a run.json.</summary>
    public static IEnumerable<string> Under(string runsDir) =>
        Directory.Exists(runsDir)
            ? Directory.GetDirectories(runsDir).Where(d => File.Exists(Path.Combine(d, "run.json"))).Order(StringComparer.Ordinal)
            : [];

    /// <summary>The level result files of a run folder: levels/NN/&lt;method&gt;.json, nothing deeper.</summary>
    public static IEnumerable<string> LevelFiles(string runDir)
    {
        var levelsDir = Path.Combine(runDir, "levels");
        if (!Directory.Exists(levelsDir)) return [];
        return Directory.GetDirectories(levelsDir).Where(d => LevelDirName().IsMatch(Path.GetFileName(d)))
            .SelectMany(d => Directory.GetFiles(d, "*.json"))
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Indexes one run folder; returns null (with the reason in <paramref name="problems"/>) when its run.json cannot be read.</summary>
    public static RunRecord? Read(string runDir, ResultsStore store, ICollection<string> problems)
    {
        var runJson = Path.Combine(runDir, "run.json");
        if (!File.Exists(runJson)) throw new UserException($"{runDir} is not a run folder: it has no run.json");
        RunHparams h;
        string hparamsJson, name;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(runJson));
            hparamsJson = doc.RootElement.GetProperty("hparams").GetRawText();
            h = RecordedHparams.Read(hparamsJson) ?? throw new InvalidDataException("no hparams");
            name = doc.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()! : Path.GetFileName(Path.GetFullPath(runDir));
            if (h.Data is null || h.Model is null || h.Training is null || h.Pruning is null) throw new InvalidDataException("incomplete hparams");
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            problems.Add(Unreadable(runJson, e));
            return null;
        }

        var (state, error, statusTime) = ReadStatus(Path.Combine(runDir, "status.json"), problems);
        var levels = new List<LevelResult>();
        var artefacts = new List<ArtefactRecord>();
        var latest = statusTime ?? File.GetLastWriteTimeUtc(runJson);
        foreach (var file in LevelFiles(runDir))
        {
            // the result JSON is written last, atomically: if it is there and verifies, the level finished
            LevelResult level;
            Dictionary<string, string>? hashes;
            try
            {
                var verified = FolderLevelStore.ReadLevel(file, out var legacy);
                level = verified?.Result ?? legacy!;
                hashes = verified?.Files;
            }
            catch (Exception e) when (IsUnreadable(e))
            {
                problems.Add(Unreadable(file, e));
                continue;
            }
            levels.Add(level);
            latest = Later(latest, File.GetLastWriteTimeUtc(file));
            foreach (var kind in new[] { "mask", "weights", FolderLevelStore.FinalKind })
            {
                var path = Path.ChangeExtension(file, kind);
                // not hashed here: the level JSON recorded each file's SHA-256 when it wrote them
                if (File.Exists(path)) artefacts.Add(new ArtefactRecord(name, level.Level, level.Method, kind, path, hashes?.GetValueOrDefault(kind), new FileInfo(path).Length));
            }
        }

        var started = new DateTimeOffset(File.GetLastWriteTimeUtc(runJson), TimeSpan.Zero);
        var run = RunRecord.Start(h, name, started) with
        {
            Canonical = RunIdentity.Canonical(h),
            HparamsJson = hparamsJson,
            State = state,
            Error = error,
            Finished = state is RunState.Done or RunState.Failed ? statusTime : null,
            Host = null,
            Pid = null, // nothing to ask: liveness falls back to the heartbeat
            Heartbeat = latest,
        };
        store.WriteImported(run, levels, artefacts);
        return store.Run(name)!;
    }

    private static (RunState State, string? Error, DateTimeOffset? Time) ReadStatus(string path, ICollection<string> problems)
    {
        if (!File.Exists(path)) return (RunState.Running, null, null);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var state = root.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? RunStates.Parse(s.GetString()!) : RunState.Running;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            DateTimeOffset? time = root.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String ? t.GetDateTimeOffset() : null;
            return (state, error, time);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            problems.Add(Unreadable(path, e));
            return (RunState.Running, null, null); // unknown: liveness shows it partial once its files go quiet
        }
    }

    private static bool IsUnreadable(Exception e) =>
        e is JsonException or InvalidDataException or FormatException or KeyNotFoundException or InvalidOperationException
            or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException;

    private static string Unreadable(string path, Exception e)
    {
        var reason = e.Message.ReplaceLineEndings(" ");
        if (reason.StartsWith(path + ": ", StringComparison.Ordinal)) reason = reason[(path.Length + 2)..];
        return $"unreadable: {path}: {reason}";
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTime utc) => a > new DateTimeOffset(utc, TimeSpan.Zero) ? a : new DateTimeOffset(utc, TimeSpan.Zero);

    [GeneratedRegex("^[0-9]{2,}$")]
    private static partial Regex LevelDirName();
}
