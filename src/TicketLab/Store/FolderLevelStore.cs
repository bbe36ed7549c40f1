using System.Text.Json;
using TicketLab.Lottery;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Store;

/// <summary>Keeps each finished level as files in the run folder: mask and weights, then its checksummed result JSON last,
/// which records the SHA-256 of every file the level trusts.</summary>
/// <remarks>
/// Layout: levels/NN/&lt;method&gt;.json|.mask|.weights, levels/NN/&lt;method&gt;.checkpoint/ while a level trains, and
/// rewind.weights (recorded by the dense level). On resume every file is read and hashed once and checked against the
/// JSON; anything edited, torn or swapped (even for another valid file) is reported through <paramref name="warn"/> and
/// recomputed, never used.
/// </remarks>
public sealed class FolderLevelStore(string runDir, Action<string>? warn = null) : ILevelStore
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private const string RewindName = "rewind.weights";
    internal const string FinalKind = "final-weights"; // levels/NN/<method>.final-weights: the end of training, when it is scored and not the best epoch

    /// <summary>What a level's JSON holds: its result and the SHA-256 of its files by kind (mask, weights, rewind).</summary>
    internal sealed record LevelFile(LevelResult Result, Dictionary<string, string> Files);

    private string? rewindSha; // of the rewind weights this store wrote or verified, for the dense level to record

    private string LevelDir(int level) => LevelDir(runDir, level);

    private static string LevelDir(string runDir, int level) => Path.Combine(runDir, "levels", $"{level:D2}");

    private static string FileOf(string runDir, int level, string method, string kind) =>
        kind == "rewind" ? Path.Combine(runDir, RewindName) : Path.Combine(LevelDir(runDir, level), $"{method}.{kind}");

    /// <summary>The files a finished level keeps (and the rewind weights with the dense level) that exist, with the SHA-256 its JSON recorded (null for files from before checksums).</summary>
    public static IEnumerable<(string Kind, string Path, string? Sha256)> Artefacts(string runDir, int level, string method)
    {
        Dictionary<string, string>? recorded = null;
        try { recorded = ReadLevel(FileOf(runDir, level, method, "json"))?.Files; }
        catch (Exception e) when (e is IOException or InvalidDataException) { }
        var kinds = method == Methods.Dense ? new[] { "mask", "weights", FinalKind, "rewind" } : ["mask", "weights", FinalKind];
        foreach (var kind in kinds)
        {
            var path = FileOf(runDir, level, method, kind);
            if (File.Exists(path)) yield return (kind, path, recorded?.GetValueOrDefault(kind));
        }
    }

    internal static LevelFile? ReadLevel(string path) => ReadLevel(path, out _);

    /// <summary>A level JSON's content, verified against its own checksum; null if it predates checksums (then <paramref name="legacy"/> holds the result).</summary>
    internal static LevelFile? ReadLevel(string path, out LevelResult? legacy)
    {
        var text = File.ReadAllText(path);
        legacy = null;
        var file = ChecksummedJson.Read<LevelFile>(path, text, Json);
        if (file is not null)
        {
            if (file.Result is null || file.Files is null || file.Result.Training is null) throw new InvalidDataException($"{path}: incomplete level result");
            return file;
        }
        try { legacy = JsonSerializer.Deserialize<LevelResult>(text, Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a level result ({e.Message.ReplaceLineEndings(" ")})", e); }
        if (legacy?.Training is null || legacy.Method is null) throw new InvalidDataException($"{path}: not a level result");
        return null;
    }

    /// <summary>A finished level's result alone, verified against its checksum (no mask or weights read), or null when there is none
    /// or it does not verify.</summary>
    public static LevelResult? TryReadResult(string runDir, int level, string method)
    {
        var json = FileOf(runDir, level, method, "json");
        try { return File.Exists(json) && ReadLevel(json) is { } file && file.Result.Level == level && file.Result.Method == method ? file.Result : null; }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { return null; }
    }

    public StoredLevel? TryLoad(int level, string method)
    {
        var json = FileOf(runDir, level, method, "json");
        if (!File.Exists(json)) return null;
        Mask? mask = null;
        WeightSnapshot? weights = null;
        try
        {
            var file = ReadLevel(json) ?? throw new InvalidDataException($"{json}: no checksum (written by an older TicketLab)");
            if (file.Result.Level != level || file.Result.Method != method) throw new InvalidDataException($"{json}: holds level {file.Result.Level} {file.Result.Method}");
            mask = new Mask(NamedTensorFile.Load(FileOf(runDir, level, method, "mask"), Recorded(json, file, "mask")));
            weights = WeightSnapshot.Load(FileOf(runDir, level, method, "weights"), Recorded(json, file, "weights"));
            var final = file.Files.ContainsKey(FinalKind) ? WeightSnapshot.Load(FileOf(runDir, level, method, FinalKind), Recorded(json, file, FinalKind)) : null;
            if (method == Methods.Dense) rewindSha = file.Files.GetValueOrDefault("rewind");
            return new StoredLevel(file.Result, mask, weights, final);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            mask?.Dispose();
            weights?.Dispose();
            Warn(level, method, e);
            return null;
        }
    }

    /// <summary>A finished level's mask alone (verified against its JSON; one from before checksums by its own trailer), or null.</summary>
    public Mask? TryLoadMask(int level, string method)
    {
        var json = FileOf(runDir, level, method, "json");
        if (!File.Exists(json)) return null;
        try
        {
            var mask = FileOf(runDir, level, method, "mask");
            return ReadLevel(json) is { } file ? new Mask(NamedTensorFile.Load(mask, Recorded(json, file, "mask"))) : new Mask(NamedTensorFile.Load(mask));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Warn(level, method, e);
            return null;
        }
    }

    private static string Recorded(string json, LevelFile file, string kind) =>
        file.Files.TryGetValue(kind, out var sha) ? sha : throw new InvalidDataException($"{json}: records no {kind} file");

    private void Warn(int level, string method, Exception e) =>
        warn?.Invoke($"level {level} {method} is recomputed: {e.Message.ReplaceLineEndings(" ")}");

    public void Save(int level, string method, LevelResult result, Mask mask, WeightSnapshot trained, WeightSnapshot? final = null)
    {
        var files = new Dictionary<string, string>
        {
            ["mask"] = NamedTensorFile.Save(FileOf(runDir, level, method, "mask"), mask.Tensors),
            ["weights"] = trained.Save(FileOf(runDir, level, method, "weights")),
        };
        if (final is not null) files[FinalKind] = final.Save(FileOf(runDir, level, method, FinalKind));
        if (method == Methods.Dense && (rewindSha ?? HashOf(Path.Combine(runDir, RewindName))) is { } rewind) files["rewind"] = rewind;
        AtomicFile.WriteAllText(FileOf(runDir, level, method, "json"), ChecksummedJson.Serialize(new LevelFile(result, files), Json));
        // the level is done: its checkpoint is no longer needed (a crash before this line leaves it for SweepLeftovers)
        FolderCheckpointStore.Remove(CheckpointDir(level, method));
    }

    private string CheckpointDir(int level, string method) => Path.Combine(LevelDir(level), $"{method}.checkpoint");

    public ICheckpointStore Checkpoints(int level, string method) => new FolderCheckpointStore(CheckpointDir(level, method), warn);

    public WeightSnapshot? TryLoadRewind()
    {
        var path = Path.Combine(runDir, RewindName);
        if (!File.Exists(path)) return null;
        try
        {
            // once the dense level is done, its JSON names the rewind weights; before, only the file's own trailer vouches for it
            var recorded = rewindSha ?? DenseRecordedRewind();
            var weights = recorded is null ? WeightSnapshot.Load(path) : WeightSnapshot.Load(path, recorded);
            rewindSha ??= recorded;
            return weights;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            warn?.Invoke($"rewind weights are recomputed: {e.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }

    private string? DenseRecordedRewind()
    {
        var json = FileOf(runDir, 0, Methods.Dense, "json");
        if (!File.Exists(json)) return null;
        return ReadLevel(json)?.Files.GetValueOrDefault("rewind");
    }

    public void SaveRewind(WeightSnapshot weights) => rewindSha = weights.Save(Path.Combine(runDir, RewindName));

    /// <summary>Start-up sweep: removes orphan temp files (a process died between writing and renaming) and the checkpoints of
    /// levels that finished (a process died between writing the level and removing them). Call it before a run starts and
    /// only from the process that owns the run folder. Returns what it removed.</summary>
    public IReadOnlyList<string> SweepLeftovers()
    {
        var removed = new List<string>();
        if (!Directory.Exists(runDir)) return removed;
        foreach (var tmp in Directory.EnumerateFiles(runDir, "*" + AtomicFile.TempExtension, SearchOption.AllDirectories).Where(AtomicFile.IsTemp).ToList())
        {
            AtomicFile.Delete(tmp);
            removed.Add(tmp);
        }
        var levels = Path.Combine(runDir, "levels");
        if (Directory.Exists(levels))
            foreach (var checkpoint in Directory.EnumerateDirectories(levels, "*.checkpoint", SearchOption.AllDirectories).ToList())
            {
                var json = Path.ChangeExtension(checkpoint, ".json");
                if (!File.Exists(json)) continue; // the level is still training: its checkpoint is how it resumes
                FolderCheckpointStore.Remove(checkpoint);
                removed.Add(checkpoint);
            }
        foreach (var path in removed) warn?.Invoke($"removed leftover {path}");
        return removed;
    }

    private static string? HashOf(string path) => File.Exists(path) ? NamedTensorFile.Sha256(File.ReadAllBytes(path)) : null;
}
