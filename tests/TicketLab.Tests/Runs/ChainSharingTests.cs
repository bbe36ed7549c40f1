using System.Text.Json;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Data;

using static TicketLab.Tests.Runs.TinyLottery;

namespace TicketLab.Tests.Runs;

/// <summary>Runs that differ only in their baselines (or a baseline's own knobs), or in how many levels a fixed-rate chain has, walk
/// the same ticket chain: the second reads each level the first shared under runs/units/ instead of training it again.</summary>
public sealed class ChainSharingTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static byte[] Bytes(ExperimentOutcome run, int level, string file) => File.ReadAllBytes(Path.Combine(run.RunDir, "levels", $"{level:D2}", file));

    [Fact]
    public void ARunWithOtherBaselinesReadsTheTicketChainAnotherRunSharedAndEndsWithTheSameBytesAsTrainingIt()
    {
        var runs = _dirs.New();
        var first = new Experiment(Settings(S("levels", "2"), S("baselines", "random-prune")), Options(runs)).Run();
        var log = new List<string>();
        var other = Settings(S("levels", "2"), S("baselines", "random-reinit,early-bird"), S("early-bird-threshold", "0.5"), S("random-scope", "global"));
        var second = new Experiment(other, Options(runs, log)).Run();
        Assert.NotEqual(first.RunName, second.RunName);

        foreach (int level in new[] { 1, 2 })
        {
            Assert.Contains(log, l => l.StartsWith($"level {level} ticket reused from units/") && l.EndsWith($"(trained by run {first.RunName})"));
            var a = first.Levels.Single(l => l.Level == level && l.Method == Methods.Ticket);
            var b = second.Levels.Single(l => l.Level == level && l.Method == Methods.Ticket);
            Assert.Equal(a.Training.Seconds, b.Training.Seconds); // the very training, not a second one
            Assert.Equal(Bytes(first, level, "ticket.mask"), Bytes(second, level, "ticket.mask"));
            Assert.Equal(Bytes(first, level, "ticket.weights"), Bytes(second, level, "ticket.weights"));
        }
        // the baselines it adds are its own, trained on the shared ticket's mask
        Assert.Contains(second.Levels, l => l.Level == 2 && l.Method == RandomReinitMethod.Id);
        Assert.Contains(second.Levels, l => l.Level == 2 && l.Method == EarlyBirdMethod.Id);

        // trained without sharing, the same run ends with the same files: reading the unit changes nothing
        var alone = new Experiment(other, Options(_dirs.New(), share: false)).Run();
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(alone.RunDir)!, DenseUnitFolder.FolderName)));
        foreach (int level in new[] { 1, 2 })
            Assert.Equal(Bytes(alone, level, "ticket.weights"), Bytes(second, level, "ticket.weights"));
    }

    [Fact]
    public void AChainExtendedByALevelReusesTheLevelsItHasAndTrainsOnlyTheNewOne()
    {
        var runs = _dirs.New();
        var two = new Experiment(Settings(S("levels", "2"), S("baselines", "none")), Options(runs)).Run();
        var log = new List<string>();
        var three = new Experiment(Settings(S("levels", "3"), S("baselines", "none")), Options(runs, log)).Run();
        Assert.Contains(log, l => l.StartsWith("level 1 ticket reused from units/"));
        Assert.Contains(log, l => l.StartsWith("level 2 ticket reused from units/"));
        Assert.DoesNotContain(log, l => l.StartsWith("level 3 ticket reused"));
        Assert.Equal(Bytes(two, 2, "ticket.weights"), Bytes(three, 2, "ticket.weights"));
        Assert.Contains(three.Levels, l => l.Level == 3 && l.Method == Methods.Ticket);

        // a targets list names each level's sparsity by the whole list: no sharing across different lists
        var h = Settings(S("levels", "2"));
        Assert.NotEqual(ChainUnitKey.OfSettings(h with { Pruning = h.Pruning with { Targets = "0.5,0.75" } }, 1, Methods.Ticket),
            ChainUnitKey.OfSettings(h with { Pruning = h.Pruning with { Targets = "0.5,0.8" } }, 1, Methods.Ticket));
    }

    [Fact]
    public void AUnitThatDoesNotVerifyIsMovedAsideAndTheLevelTrainedAgainToTheSameBytes()
    {
        var runs = _dirs.New();
        var first = new Experiment(Settings(S("levels", "1"), S("baselines", "none")), Options(runs)).Run();
        var unit = Assert.Single(Directory.GetDirectories(Path.Combine(runs, DenseUnitFolder.FolderName), "*-01-ticket"));
        Assert.Contains(@"level=1\nmethod=ticket", File.ReadAllText(Path.Combine(unit, "unit.json")));
        var weights = Path.Combine(unit, "levels", "01", "ticket.weights");
        var bytes = File.ReadAllBytes(weights);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);

        var log = new List<string>();
        var second = new Experiment(Settings(S("levels", "1"), S("baselines", "random-prune")), Options(runs, log)).Run();
        Assert.Contains(log, l => l.Contains("does not verify") && l.Contains("moved aside"));
        Assert.DoesNotContain(log, l => l.StartsWith("level 1 ticket reused"));
        Assert.EndsWith("-01-ticket", Assert.Single(Directory.GetDirectories(Path.Combine(runs, DenseUnitFolder.FolderName), "*.corrupt-*")).Split(".corrupt-")[0]);
        Assert.Equal(Bytes(first, 1, "ticket.weights"), Bytes(second, 1, "ticket.weights"));
        Assert.True(Directory.Exists(unit)); // published again by the run that trained it
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(unit, "unit.json")));
        Assert.Equal(second.RunName, manifest.RootElement.GetProperty("content").GetProperty("TrainedBy").GetString());
    }

    [Fact]
    public void TheKeyLeavesOutWhatOnlyBaselinesReadAndNamesEverythingTheChainReads()
    {
        string Key(params SettingValue[] s) => ChainUnitKey.OfSettings(Settings(s), 1, Methods.Ticket);
        var plain = Key(S("levels", "2"));
        Assert.Equal(plain, Key(S("levels", "5"), S("baselines", "snip,early-bird"), S("early-bird-every", "3"), S("random-scope", "global"),
            S("scoring-batches", "2")));
        Assert.NotEqual(plain, Key(S("levels", "2"), S("rewind", "2%")));
        Assert.NotEqual(plain, Key(S("levels", "2"), S("seed", "2")));
        Assert.NotEqual(plain, Key(S("levels", "2"), S("score-weights", "best")));
        Assert.NotEqual(plain, Key(S("levels", "2"), S("prunable", "weights,embeddings")));
        Assert.NotEqual(plain, ChainUnitKey.OfSettings(Settings(S("levels", "2")), 2, Methods.Ticket));
        Assert.NotEqual(plain, ChainUnitKey.OfSettings(Settings(S("levels", "2")), 1, FineTuneMethod.Id));
        // one-shot prunes each level from the dense network by the level count's schedule: the count stays in the key
        RunHparams OneShot(int levels) { var h = Settings(S("levels", $"{levels}")); return h with { Pruning = h.Pruning with { Mode = PruningMode.OneShot } }; }
        Assert.NotEqual(ChainUnitKey.OfSettings(OneShot(2), 1, Methods.Ticket), ChainUnitKey.OfSettings(OneShot(3), 1, Methods.Ticket));

        var run = new Experiment(Settings(S("levels", "2")), Options(_dirs.New()));
        Assert.Equal(DenseUnitKey.OfSettings(run.Hparams), run.Shares(new LevelUnit(0, Methods.Dense)));
        Assert.Equal(ChainUnitKey.OfSettings(run.Hparams, 2, Methods.Ticket), run.Shares(new LevelUnit(2, Methods.Ticket)));
        Assert.Null(run.Shares(new LevelUnit(2, RandomPruneMethod.Id)));
        Assert.Null(new Experiment(run.Hparams, Options(_dirs.New(), share: false)).Shares(new LevelUnit(2, Methods.Ticket)));
    }
}
