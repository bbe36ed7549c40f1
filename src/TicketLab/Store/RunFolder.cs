using System.Text.Json;
using TicketLab.Hparams;
using TicketLab.Lottery;

namespace TicketLab.Store;

/// <summary>Reads what a run folder holds (run.json, status.json and the files <see cref="FolderLevelStore"/> writes) into store records.</summary>
internal static class RunFolder
{
    /// <summary>Run folders directly under a runs folder: those holding a run.json.</summary>
    public static IEnumerable<string> Under(string runsDir) =>
        Directory.Exists(runsDir)
            ? Directory.GetDirectories(runsDir).Where(d => File.Exists(Path.Combine(d, "run.json"))).Order(StringComparer.Ordinal)
            : [];

    public static RunRecord Read(string runDir, ResultsStore store)
    {
        var runJson = Path.Combine(runDir, "run.json");
        if (!File.Exists(runJson)) throw new FileNotFoundException($"{runDir} is not a run folder: it has no run.json", runJson);
        using var doc = JsonDocument.Parse(File.ReadAllText(runJson));
        var hparamsJson = doc.RootElement.GetProperty("hparams").GetRawText();
        var h = JsonSerializer.Deserialize<RunHparams>(hparamsJson)
            ?? throw new InvalidDataException($"{runJson} has no hparams");
        var name = doc.RootElement.TryGetProperty("name", out var n) ? n.GetString()! : Path.GetFileName(Path.GetFullPath(runDir));

        var (state, error, statusTime) = ReadStatus(Path.Combine(runDir, "status.json"));
        var levels = new List<LevelResult>();
        var artefacts = new List<ArtefactRecord>();
        var latest = statusTime ?? File.GetLastWriteTimeUtc(runJson);
        var levelsDir = Path.Combine(runDir, "levels");
        if (Directory.Exists(levelsDir))
            foreach (var file in Directory.GetFiles(levelsDir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                // the result JSON is written last, atomically: if it is there, the level finished
                var level = JsonSerializer.Deserialize<LevelResult>(File.ReadAllText(file), FolderLevelStore.Json);
                if (level is null) continue;
                levels.Add(level);
                latest = Later(latest, File.GetLastWriteTimeUtc(file));
                foreach (var kind in new[] { "mask", "weights" })
                {
                    var path = Path.ChangeExtension(file, kind);
                    // not hashed here: the tensor files carry their own SHA-256 trailer
                    if (File.Exists(path)) artefacts.Add(new ArtefactRecord(name, level.Level, level.Method, kind, path, null, new FileInfo(path).Length));
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

    private static (RunState State, string? Error, DateTimeOffset? Time) ReadStatus(string path)
    {
        if (!File.Exists(path)) return (RunState.Running, null, null);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var state = root.TryGetProperty("state", out var s) && s.GetString() is { } text ? RunStates.Parse(text) : RunState.Running;
        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        DateTimeOffset? time = root.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String ? t.GetDateTimeOffset() : null;
        return (state, error, time);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTime utc) => a > new DateTimeOffset(utc, TimeSpan.Zero) ? a : new DateTimeOffset(utc, TimeSpan.Zero);
}
