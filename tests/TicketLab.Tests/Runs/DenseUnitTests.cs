using System.Text.Json;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Training;

namespace TicketLab.Tests.Runs;

/// <summary>Runs that differ only in pruning settings train their dense level once (runs/units/), with the same results as training
/// it themselves; a corrupt unit is moved aside and trained again.</summary>
public sealed class DenseUnitTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static readonly RunHparams Small = new(
        new DataHparams(Dataset: "ag_news", MaxTrainExamples: 96, MaxEvalExamples: 48, MaxLength: 40, MaxVocab: 1500),
        new ModelHparams(EmbeddingDim: 16, Filters: 8), new TrainingHparams(Epochs: 2, BatchSize: 32),
        new PruningHparams(Rate: 0.5, Levels: 1));

    /// <summary>Counts the dense levels a run trains itself (a shared one is never started).</summary>
    internal sealed class DenseStarts : ILotteryObserver
    {
        public int Count;
        public void OnLevelStart(int level, string method, double sparsity) { if (method == DenseMethod.Id) Count++; }
    }

    private static (ExperimentOutcome Outcome, List<string> Log) Run(RunHparams h, string runs, DenseStarts starts, bool share = true)
    {
        var log = new List<string>();
        var options = new ExperimentOptions(TestData.Fixtures, runs, LotteryObserver: starts, Log: log.Add, Downloader: Downloader.Offline, ShareLevels: share);
        return (new Experiment(h, options).Run(), log);
    }

    private static string Json(TrainingResult t) => JsonSerializer.Serialize(t);

    private static byte[] Bytes(ExperimentOutcome o, string file) => File.ReadAllBytes(Path.Combine(o.RunDir, file));

    private static string UnitDir(string runs) => Assert.Single(RunFolders.DenseUnits(runs));

    [Fact]
    public void TwoRunsDifferingOnlyInPruningTrainTheDenseLevelOnceAndTheSecondSaysWhere()
    {
        var runs = _dirs.New();
        var starts = new DenseStarts();
        var (a, _) = Run(Small, runs, starts);
        var (b, log) = Run(Small with { Pruning = new PruningHparams(Rate: 0.3, Levels: 1, Baselines: Baselines.None) }, runs, starts);

        Assert.NotEqual(a.RunName, b.RunName);
        Assert.Equal(1, starts.Count);
        var unit = Path.GetFileName(UnitDir(runs));
        Assert.Contains($"dense level reused from units/{unit} (trained by run {a.RunName})", log);
        Assert.Equal(Json(a.Levels[0].Training), Json(b.Levels[0].Training));
        Assert.Equal(a.Levels[0].Sparsity, b.Levels[0].Sparsity);
        Assert.Equal(Bytes(a, "levels/00/dense.weights"), Bytes(b, "levels/00/dense.weights"));
        Assert.Equal(Bytes(a, "rewind.weights"), Bytes(b, "rewind.weights"));
        Assert.NotEqual(Json(a.Levels[1].Training), Json(b.Levels[1].Training)); // the pruned levels are their own
        Assert.Empty(Directory.GetDirectories(Path.Combine(runs, DenseUnitFolder.FolderName), ".*")); // no staging left
    }

    [Fact]
    public void LateRewindingTakesTheStepAFreshRunTakesAndReplaysAStepTheUnitLacks()
    {
        var runs = _dirs.New();
        var starts = new DenseStarts();
        var (a, _) = Run(Small, runs, starts); // rewinds to initialisation; the unit also keeps the end of epoch 1
        var epoch = Small with { Pruning = Small.Pruning with { Rewind = RewindPoint.Parse("1ep") } };
        var (b, _) = Run(epoch, runs, starts);
        Assert.Equal(1, starts.Count);
        var (fresh, _) = Run(epoch, _dirs.New(), new DenseStarts(), share: false);
        Assert.Equal(Bytes(fresh, "rewind.weights"), Bytes(b, "rewind.weights"));
        Assert.NotEqual(Bytes(a, "rewind.weights"), Bytes(b, "rewind.weights"));
        Assert.Equal(Bytes(fresh, "levels/01/ticket.weights"), Bytes(b, "levels/01/ticket.weights"));

        // step 2 is no epoch's end: its weights are replayed (two steps), not trained again, and equal a fresh run's bit for bit
        var steps = Small with { Pruning = Small.Pruning with { Rewind = RewindPoint.Parse("2it") } };
        var (c, log) = Run(steps, runs, starts);
        Assert.Equal(1, starts.Count);
        Assert.Contains(log, l => l.Contains("has no rewind weights at step 2: replayed the dense training's first 2 steps"));
        var (freshSteps, _) = Run(steps, _dirs.New(), new DenseStarts(), share: false);
        Assert.Equal(Bytes(freshSteps, "rewind.weights"), Bytes(c, "rewind.weights"));
        Assert.Equal(Bytes(freshSteps, "levels/00/dense.weights"), Bytes(c, "levels/00/dense.weights"));
        Assert.Equal(Bytes(freshSteps, "levels/01/ticket.weights"), Bytes(c, "levels/01/ticket.weights"));
        Assert.Equal(RemoveSeconds(Json(freshSteps.Levels[1].Training)), RemoveSeconds(Json(c.Levels[1].Training)));
    }

    [Fact]
    public void ACorruptUnitIsMovedAsideAndTrainedAgainToTheSameResult()
    {
        var runs = _dirs.New();
        var starts = new DenseStarts();
        var (a, _) = Run(Small, runs, starts);
        var weights = Path.Combine(UnitDir(runs), "dense.weights");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);

        var (b, log) = Run(Small with { Pruning = Small.Pruning with { Rate = 0.3 } }, runs, starts);
        Assert.Equal(2, starts.Count);
        Assert.Contains(log, l => l.Contains("does not verify") && l.Contains("moved aside"));
        Assert.Equal(RemoveSeconds(Json(a.Levels[0].Training)), RemoveSeconds(Json(b.Levels[0].Training)));
        Assert.Equal(Bytes(a, "levels/00/dense.weights"), Bytes(b, "levels/00/dense.weights"));
        var folders = Directory.GetDirectories(Path.Combine(runs, DenseUnitFolder.FolderName)).Select(Path.GetFileName).Where(f => !f!.Contains("-ticket")).ToList();
        Assert.Equal(2, folders.Count); // the dense unit and the one moved aside, beside the runs' chain units
        Assert.Contains(folders, f => f!.Contains(".corrupt-"));
        Assert.True(NamedTensorFile.IsValid(Path.Combine(runs, DenseUnitFolder.FolderName, folders.Single(f => !f!.Contains(".corrupt-"))!, "dense.weights")));
    }

    private static string RemoveSeconds(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"Seconds\":[^,}]+", "");
}
