using System.Text.Json;
using TicketLab.Lottery;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Store;

/// <summary>Keeps each finished level as files in the run folder: mask and weights (checksummed), then its result JSON last.</summary>
public sealed class FolderLevelStore(string runDir) : ILevelStore
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private string LevelDir(int level) => LevelDir(runDir, level);

    private static string LevelDir(string runDir, int level) => Path.Combine(runDir, "levels", $"{level:D2}");

    /// <summary>The checksummed files a finished level keeps (and the rewind weights with the dense level) that exist.</summary>
    public static IEnumerable<(string Kind, string Path)> Artefacts(string runDir, int level, string method)
    {
        var dir = LevelDir(runDir, level);
        var files = new List<(string, string)> { ("mask", Path.Combine(dir, $"{method}.mask")), ("weights", Path.Combine(dir, $"{method}.weights")) };
        if (method == Methods.Dense) files.Add(("rewind", Path.Combine(runDir, "rewind.weights")));
        return files.Where(f => File.Exists(f.Item2));
    }

    public StoredLevel? TryLoad(int level, string method)
    {
        var dir = LevelDir(level);
        string result = Path.Combine(dir, $"{method}.json"), mask = Path.Combine(dir, $"{method}.mask"), weights = Path.Combine(dir, $"{method}.weights");
        if (!File.Exists(result) || !NamedTensorFile.IsValid(mask) || !NamedTensorFile.IsValid(weights)) return null;
        try
        {
            var r = JsonSerializer.Deserialize<LevelResult>(File.ReadAllText(result), Json);
            if (r is null) return null;
            return new StoredLevel(r, Mask.Load(mask), WeightSnapshot.Load(weights));
        }
        catch (JsonException) { return null; }
    }

    /// <summary>A finished level's mask alone, or null.</summary>
    public Mask? TryLoadMask(int level, string method)
    {
        var path = Path.Combine(LevelDir(level), $"{method}.mask");
        return File.Exists(Path.Combine(LevelDir(level), $"{method}.json")) && NamedTensorFile.IsValid(path) ? Mask.Load(path) : null;
    }

    public void Save(int level, string method, LevelResult result, Mask mask, WeightSnapshot trained)
    {
        var dir = LevelDir(level);
        Directory.CreateDirectory(dir);
        mask.Save(Path.Combine(dir, $"{method}.mask"));
        trained.Save(Path.Combine(dir, $"{method}.weights"));
        AtomicFile.WriteAllText(Path.Combine(dir, $"{method}.json"), JsonSerializer.Serialize(result, Json));
        Checkpoints(level, method).Clear(); // the level is done: its checkpoint is no longer needed
    }

    public ICheckpointStore Checkpoints(int level, string method) => new FolderCheckpointStore(Path.Combine(LevelDir(level), $"{method}.checkpoint"));

    public WeightSnapshot? TryLoadRewind()
    {
        var path = Path.Combine(runDir, "rewind.weights");
        return NamedTensorFile.IsValid(path) ? WeightSnapshot.Load(path) : null;
    }

    public void SaveRewind(WeightSnapshot weights) => weights.Save(Path.Combine(runDir, "rewind.weights"));
}
