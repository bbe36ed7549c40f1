using System.Text.Json;

namespace TicketLab.Training;

/// <summary>A checkpoint as files in one folder: weights and optimiser state first, then a checksummed manifest listing their SHA-256s, written last.</summary>
/// <remarks>Every file is verified against the manifest before use (a valid file swapped in from elsewhere is refused too); a
/// mismatch is reported through <paramref name="warn"/> and the checkpoint is ignored, so training restarts the level.</remarks>
public sealed class FolderCheckpointStore(string dir, Action<string>? warn = null) : ICheckpointStore
{
    public const string ManifestName = "manifest.json";
    private const string ModelName = "model.weights", BestName = "best.weights", OptimizerName = "optimizer.bin";

    private sealed record Manifest(int NextEpoch, long Step, List<EpochMetrics> Epochs, Dictionary<string, string> Files);

    private string Path(string name) => System.IO.Path.Combine(dir, name);

    public TrainingCheckpoint? TryLoad()
    {
        var manifestPath = Path(ManifestName);
        if (!File.Exists(manifestPath)) return null;
        WeightSnapshot? model = null, best = null;
        try
        {
            var m = ChecksummedJson.Read<Manifest>(manifestPath, File.ReadAllText(manifestPath), JsonSerializerOptions.Default)
                ?? throw new InvalidDataException($"{manifestPath}: no checksum (written by an older TicketLab)");
            if (m.Files is null || m.Epochs is null) throw new InvalidDataException($"{manifestPath}: incomplete manifest");
            model = WeightSnapshot.Load(Path(ModelName), Sha(m, ModelName));
            best = WeightSnapshot.Load(Path(BestName), Sha(m, BestName));
            var optimizer = File.ReadAllBytes(Path(OptimizerName));
            if (NamedTensorFile.Sha256(optimizer) != Sha(m, OptimizerName))
                throw new InvalidDataException($"{Path(OptimizerName)}: SHA-256 is not the one the manifest recorded (changed or replaced)");
            return new TrainingCheckpoint(m.NextEpoch, m.Step, m.Epochs, model, best, optimizer);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            model?.Dispose();
            best?.Dispose();
            warn?.Invoke($"checkpoint ignored, training restarts: {e.Message.ReplaceLineEndings(" ")}");
            return null; // a torn or altered checkpoint is recomputed, never used
        }
    }

    private string Sha(Manifest m, string file) =>
        m.Files.TryGetValue(file, out var sha) ? sha : throw new InvalidDataException($"{Path(ManifestName)}: lists no {file}");

    public void Save(TrainingCheckpoint c)
    {
        AtomicFile.Delete(Path(ManifestName)); // while the files below change, the folder holds no valid checkpoint
        var files = new Dictionary<string, string>
        {
            [ModelName] = c.Model.Save(Path(ModelName)),
            [BestName] = c.Best.Save(Path(BestName)),
        };
        AtomicFile.WriteAllBytes(Path(OptimizerName), c.OptimizerState);
        files[OptimizerName] = NamedTensorFile.Sha256(c.OptimizerState);
        AtomicFile.WriteAllText(Path(ManifestName), ChecksummedJson.Serialize(new Manifest(c.NextEpoch, c.Step, c.Epochs.ToList(), files), JsonSerializerOptions.Default));
    }

    /// <summary>Removes the checkpoint: the manifest first (durably), so a crash part-way leaves a folder that reads as none.</summary>
    public void Clear() => Remove(dir);

    /// <summary>Removes a checkpoint folder crash-safely (see <see cref="Clear"/>).</summary>
    public static void Remove(string dir)
    {
        if (!Directory.Exists(dir)) return;
        AtomicFile.Delete(System.IO.Path.Combine(dir, ManifestName));
        try
        {
            Directory.Delete(dir, recursive: true);
            AtomicFile.SyncDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(dir))!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageException.CannotWrite(dir, e);
        }
    }
}
