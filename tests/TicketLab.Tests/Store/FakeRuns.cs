using System.Text.Json;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Training;

namespace TicketLab.Tests.Store;

/// <summary>Hand-made results and run folders (for store mechanics; the report tests use a real lottery).</summary>
internal static class FakeRuns
{
    public static RunHparams Hparams(int seed = 1, string rewind = "0", string dataset = "imdb", string model = "cnn") =>
        new(new DataHparams(Dataset: dataset), new ModelHparams(Name: model), new TrainingHparams(), new PruningHparams(Rewind: RewindPoint.Parse(rewind)), seed);

    /// <summary>A level whose figures derive from <paramref name="acc"/>; epochs 0..n-1, the last one best.</summary>
    public static LevelResult Level(int level, string method, double acc, int epochs = 3, double sparsity = -1)
    {
        var s = sparsity >= 0 ? sparsity : 1 - Math.Pow(0.5, level);
        var list = Enumerable.Range(0, epochs)
            .Select(e => new EpochMetrics(e, new Metrics(1.0 / (e + 1), acc + 0.01 * e), new Metrics(1.1 / (e + 1), acc - 0.01 + 0.005 * e), 1.5 + e))
            .ToList();
        return new LevelResult(level, method, s, s * 0.8, [new TensorSparsity("conv.weight", 100, (long)Math.Round(100 * s))],
            new TrainingResult(list, epochs - 1, new Metrics(0.5 - acc / 10, acc), 4.5 * epochs));
    }

    /// <summary>Writes a run folder the way Experiment and FolderLevelStore lay it out (result JSON only, no tensors).</summary>
    public static string WriteFolder(string runsDir, RunHparams h, IEnumerable<LevelResult> levels, string state = "done")
    {
        var name = RunIdentity.Name(h);
        var dir = Path.Combine(runsDir, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "run.json"), JsonSerializer.Serialize(new { name, canonical = RunIdentity.Canonical(h), hparams = h }, FolderLevelStore.Json));
        File.WriteAllText(Path.Combine(dir, "status.json"), JsonSerializer.Serialize(new { state, error = (string?)null, time = DateTimeOffset.UtcNow }, FolderLevelStore.Json));
        foreach (var l in levels)
        {
            var levelDir = Path.Combine(dir, "levels", $"{l.Level:D2}");
            Directory.CreateDirectory(levelDir);
            File.WriteAllText(Path.Combine(levelDir, $"{l.Method}.json"), JsonSerializer.Serialize(l, FolderLevelStore.Json));
        }
        return dir;
    }
}
