using System.Security.Cryptography;
using System.Text.Json;

namespace TicketLab.Training;

/// <summary>A checkpoint as files in one folder: weights and optimiser state first, then a manifest with their checksums, written last.</summary>
public sealed class FolderCheckpointStore(string dir) : ICheckpointStore
{
    private sealed record Manifest(int NextEpoch, long Step, List<EpochMetrics> Epochs, string OptimizerSha256);

    private string Path(string name) => System.IO.Path.Combine(dir, name);

    public TrainingCheckpoint? TryLoad()
    {
        try
        {
            if (!File.Exists(Path("manifest.json"))) return null;
            var m = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(Path("manifest.json")));
            if (m is null || !NamedTensorFile.IsValid(Path("model.weights")) || !NamedTensorFile.IsValid(Path("best.weights"))) return null;
            var optimizer = File.ReadAllBytes(Path("optimizer.bin"));
            if (Convert.ToHexStringLower(SHA256.HashData(optimizer)) != m.OptimizerSha256) return null;
            return new TrainingCheckpoint(m.NextEpoch, m.Step, m.Epochs, WeightSnapshot.Load(Path("model.weights")), WeightSnapshot.Load(Path("best.weights")), optimizer);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException)
        {
            return null; // a torn checkpoint is recomputed, never used
        }
    }

    public void Save(TrainingCheckpoint c)
    {
        Directory.CreateDirectory(dir);
        File.Delete(Path("manifest.json")); // while the files below change, the folder holds no valid checkpoint
        c.Model.Save(Path("model.weights"));
        c.Best.Save(Path("best.weights"));
        var tmp = Path($"optimizer.bin.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(tmp, c.OptimizerState);
        File.Move(tmp, Path("optimizer.bin"), overwrite: true);
        var manifest = JsonSerializer.Serialize(new Manifest(c.NextEpoch, c.Step, c.Epochs.ToList(), Convert.ToHexStringLower(SHA256.HashData(c.OptimizerState))));
        var mtmp = Path($"manifest.json.{Environment.ProcessId}.tmp");
        File.WriteAllText(mtmp, manifest);
        File.Move(mtmp, Path("manifest.json"), overwrite: true);
    }

    public void Clear()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
