using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Store;
using TicketLab.Tests.Training;
using TicketLab.Training;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Lottery;

public class LotteryRunnerTests
{
    private static LotteryRunner Runner(int vocab, PruningHparams pruning, int seed = 1, ILevelStore? store = null, ILotteryObserver? observer = null) =>
        new(s => new TextCnn(vocab, 2, new ModelHparams(EmbeddingDim: 32, Filters: 16), s),
            new TrainingHparams(Epochs: 2, BatchSize: 32), pruning, seed, store, observer: observer);

    [Fact]
    public void LevelsFollowTheImpScheduleAndBaselinesMatchTheTicketsSparsity()
    {
        var data = SmallImdb.Load();
        var results = Runner(data.Vocab.Count, new PruningHparams(Rate: 0.5, Levels: 2)).Run(data);
        Assert.Equal(["dense", "ticket", "random-prune", "ticket", "random-prune"], results.Select(r => r.Method));
        var tickets = results.Where(r => r.Method == Methods.Ticket).ToList();
        Assert.Equal(0.5, tickets[0].Sparsity, 3);
        Assert.Equal(0.75, tickets[1].Sparsity, 3);
        foreach (var level in new[] { 1, 2 })
        {
            var t = results.Single(r => r.Level == level && r.Method == Methods.Ticket);
            var b = results.Single(r => r.Level == level && r.Method == Methods.RandomPrune);
            Assert.Equal(t.PerTensor, b.PerTensor);
        }
        // Each accuracy is a count of this test set's reviews over their number (not a mean of batch accuracies, not another split).
        int n = data.Test.Count;
        Assert.All(results, r => Assert.Equal(Math.Round(r.Training.Test.Accuracy * n), r.Training.Test.Accuracy * n, 6));
    }

    [Fact]
    public void SameSeedSameMasksAndMetrics()
    {
        var data = SmallImdb.Load();
        using var dirA = new TempDir();
        using var tempB = new TempDir();
        var a = Runner(data.Vocab.Count, new PruningHparams(Levels: 1, Baselines: Baselines.None), store: new FolderLevelStore(dirA.Path)).Run(data);
        var dirB = tempB.Path;
        var b = Runner(data.Vocab.Count, new PruningHparams(Levels: 1, Baselines: Baselines.None), store: new FolderLevelStore(dirB)).Run(data);
        Assert.Equal(a.Select(r => (r.Sparsity, r.Training.Test)), b.Select(r => (r.Sparsity, r.Training.Test)));
        Assert.Equal(a.Select(r => r.Training.Epochs.Select(e => e.Validation)), b.Select(r => r.Training.Epochs.Select(e => e.Validation)), new EpochsComparer());
    }

    [Fact]
    public void AFinishedLevelIsNeverRecomputedAndACorruptOneIs()
    {
        var data = SmallImdb.Load();
        using var temp = new TempDir();
        var dir = temp.Path;
        var pruning = new PruningHparams(Levels: 1, Baselines: Baselines.None, Rewind: RewindPoint.Parse("2it"));
        var first = Runner(data.Vocab.Count, pruning, store: new FolderLevelStore(dir)).Run(data);

        var observer = new Recorder();
        var second = Runner(data.Vocab.Count, pruning, store: new FolderLevelStore(dir), observer: observer).Run(data);
        Assert.Equal(new[] { true, true, true }, observer.FromStore); // dense, the dense-rewind control (late rewinding), the ticket
        Assert.Equal(first.Select(r => r.Training.Test), second.Select(r => r.Training.Test));

        var mask = Path.Combine(dir, "levels", "01", "ticket.mask");
        var bytes = File.ReadAllBytes(mask);
        File.WriteAllBytes(mask, bytes[..(bytes.Length - 40)]);
        var third = new Recorder();
        var rerun = Runner(data.Vocab.Count, pruning, store: new FolderLevelStore(dir), observer: third).Run(data);
        Assert.Equal(new[] { true, true, false }, third.FromStore);
        Assert.Equal(first[2].Training.Test, rerun[2].Training.Test); // recomputed, and deterministic
    }

    [Fact]
    public void LateRewindingTrainsTheDenseRewindControlFromTheRewindPointWithNoMask()
    {
        var data = SmallImdb.Load();
        using var dir = new TempDir();
        var results = Runner(data.Vocab.Count, new PruningHparams(Levels: 1, Baselines: Baselines.None, Rewind: RewindPoint.Parse("1ep")), store: new FolderLevelStore(dir.Path)).Run(data);
        Assert.Equal([(0, "dense"), (0, "dense-rewind"), (1, "ticket")], results.Select(r => (r.Level, r.Method)));
        var control = results[1];
        Assert.Equal(0, control.Sparsity);
        Assert.Equal(0, control.SparsityOfAll);
        Assert.Equal([1], control.Training.Epochs.Select(e => e.Epoch)); // restarted at the rewind point, the end of epoch 1
        // from the same rewind weights as the ticket: the dense network's own at that step, not its trained end
        Assert.NotEqual(results[0].Training.Test, control.Training.Test);
        Assert.Equal(2, Runner(data.Vocab.Count, new PruningHparams(Levels: 1, Baselines: Baselines.None)).Run(data).Count); // rewind 0: no control
    }

    [Fact]
    public void LateRewindingRetrainsOnlyTheStepsAfterTheRewindPoint()
    {
        var data = SmallImdb.Load();
        var results = Runner(data.Vocab.Count, new PruningHparams(Levels: 1, Baselines: Baselines.None, Rewind: RewindPoint.Parse("1ep"))).Run(data);
        Assert.Equal(2, results[0].Training.Epochs.Count);
        var ticket = results.Single(r => r.Method == Methods.Ticket);
        Assert.Single(ticket.Training.Epochs);
        Assert.Equal(1, ticket.Training.Epochs[0].Epoch);
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("lstm")]
    public void ALotteryLevelWorksUnchangedOnRecurrentModels(string name)
    {
        var data = SmallImdb.Load();
        var h = new ModelHparams(Name: name, EmbeddingDim: 16, Hidden: 12);
        var results = new LotteryRunner(s => ModelRegistry.Create(h, data.Vocab.Count, 2, s), new TrainingHparams(Epochs: 1, BatchSize: 32),
            new PruningHparams(Rate: 0.5, Levels: 1), seed: 1).Run(data);
        var ticket = results.Single(r => r.Method == Methods.Ticket);
        Assert.Contains(ticket.PerTensor, t => t.Name.Contains("weight_hh"));   // recurrent matrices are prunable tensors
        Assert.Contains(ticket.PerTensor, t => t.Name.Contains("weight_ih"));
        Assert.Equal(0.5, ticket.Sparsity, 3);
        Assert.Equal(ticket.PerTensor, results.Single(r => r.Method == Methods.RandomPrune).PerTensor);
    }

    private sealed class Recorder : ILotteryObserver
    {
        public List<bool> FromStore { get; } = [];
        public void OnLevelDone(LevelResult result, bool fromStore) => FromStore.Add(fromStore);
    }

    private sealed class EpochsComparer : IEqualityComparer<IEnumerable<Metrics>>
    {
        public bool Equals(IEnumerable<Metrics>? x, IEnumerable<Metrics>? y) => x!.SequenceEqual(y!);
        public int GetHashCode(IEnumerable<Metrics> obj) => 0;
    }
}
