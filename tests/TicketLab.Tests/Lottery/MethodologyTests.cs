using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Store;
using TicketLab.Tests.Pruning;
using TicketLab.Tests.Training;
using TicketLab.Training;
using static TorchSharp.torch;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Lottery;

/// <summary>Each methodology option checked for its effect on real tensors.</summary>
public class MethodologyTests
{
    private static readonly ModelHparams Small = new(EmbeddingDim: 32, Filters: 16);

    [Fact]
    public void OutputLayerIsPrunedAtHalfTheRate()
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        var strategy = new OutputHalfRatePruning(new GlobalMagnitudePruning(), new HashSet<string> { "fc.weight" });
        using var mask = strategy.Prune(dense, ModelFixtures.Weights(model), 0.4);
        var fc = mask.PerTensor().Single(t => t.Name == "fc.weight");
        Assert.Equal((long)Math.Round(fc.Total * 0.2, MidpointRounding.AwayFromZero), fc.Pruned);
        var hidden = mask.PerTensor().Where(t => t.Name != "fc.weight").ToList();
        Assert.Equal((long)Math.Round(hidden.Sum(t => t.Total) * 0.4, MidpointRounding.AwayFromZero), hidden.Sum(t => t.Pruned));
    }

    [Fact]
    public void GlobalRandomPruningKeepsTheTotalButNotThePerTensorCounts()
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var ticket = new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.7);
        using var random = new RandomPruning(5).MatchGlobal(ticket);
        Assert.Equal(ticket.Remaining, random.Remaining);
        Assert.NotEqual(ticket.PerTensor(), random.PerTensor());
    }

    [Fact]
    public void OneShotPrunesTheDenseNetworkStraightToEachTarget()
    {
        var data = SmallImdb.Load();
        using var temp = new TempDir();
        var dir = temp.Path;
        var store = new FolderLevelStore(dir);
        var results = new LotteryRunner(s => new TextCnn(data.Vocab.Count, 2, Small, s), new TrainingHparams(Epochs: 1, BatchSize: 32),
            new PruningHparams(Mode: PruningMode.OneShot, Targets: "0.2,0.36", Baselines: Baselines.None), 1, store).Run(data);
        var tickets = results.Where(r => r.Method == Methods.Ticket).ToList();
        long total = tickets[0].PerTensor.Sum(t => t.Total);
        Assert.Equal(new[] { 0.2, 0.36 }.Select(s => (long)Math.Round(total * s, MidpointRounding.AwayFromZero)), tickets.Select(t => t.PerTensor.Sum(p => p.Pruned)));
        // the 36% mask is the dense network's smallest 36%, not 20% of what the 20% ticket kept
        using var denseWeights = WeightSnapshot.Load(Path.Combine(dir, "levels", "00", "dense.weights"));
        using var denseMask = store.TryLoadMask(0, Methods.Dense)!;
        using var expected = new GlobalMagnitudePruning().Prune(denseMask, denseWeights.Tensors.ToDictionary(t => t.Name, t => t.Tensor), 0.36);
        using var actual = store.TryLoadMask(2, Methods.Ticket)!;
        Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Keep, actual[t.Name], t.Name));
    }

    [Fact]
    public void BaselinesStartFromTheRightWeights()
    {
        var data = SmallImdb.Load();
        using var temp = new TempDir();
        var dir = temp.Path;
        TextCnn? main = null;
        var starts = new StartRecorder(() => main!);
        var runner = new LotteryRunner(s => { var m = new TextCnn(data.Vocab.Count, 2, Small, s); main ??= m; return m; },
            new TrainingHparams(Epochs: 1, BatchSize: 32, LearningRate: 1e-12), // weights barely move: the first step shows where training started
            new PruningHparams(Rate: 0.5, Levels: 1, Baselines: Baselines.RandomReinit | Baselines.FineTune), seed: 1, new FolderLevelStore(dir), starts, starts);
        runner.Run(data);
        var store = new FolderLevelStore(dir);
        using var ticketMask = store.TryLoadMask(1, Methods.Ticket)!;
        using var init = WeightSnapshot.Of(new TextCnn(data.Vocab.Count, 2, Small, 1));
        using var reinit = WeightSnapshot.Of(new TextCnn(data.Vocab.Count, 2, Small, SeedPolicy.Reinit(1, 1)));
        using var trained = WeightSnapshot.Load(Path.Combine(dir, "levels", "00", "dense.weights"));

        AssertStart(starts.First[Methods.Ticket], init, ticketMask);            // rewind to initialisation
        AssertStart(starts.First[Methods.RandomReinit], reinit, ticketMask);    // same mask, fresh weights
        AssertStart(starts.First[Methods.FineTune], trained, ticketMask);       // same mask, trained weights
        Assert.False(TensorAssert.Same(init["fc.weight"], reinit["fc.weight"]));
        using var reinitMask = store.TryLoadMask(1, Methods.RandomReinit)!;
        using var fineTuneMask = store.TryLoadMask(1, Methods.FineTune)!;
        Assert.Equal(1.0, MaskOverlap.Jaccard(ticketMask, reinitMask));
        Assert.Equal(1.0, MaskOverlap.Jaccard(ticketMask, fineTuneMask));
    }

    [Fact]
    public void UnderLateRewindingTheReinitialisedBaselineTrainsTheWholeScheduleAndTheTicketTheRest()
    {
        var data = SmallImdb.Load();
        using var temp = new TempDir();
        var epochs = new EpochRecorder();
        new LotteryRunner(s => new TextCnn(data.Vocab.Count, 2, Small, s), new TrainingHparams(Epochs: 2, BatchSize: 32),
            new PruningHparams(Rate: 0.5, Levels: 1, Rewind: RewindPoint.Parse("1ep"), Baselines: Baselines.RandomPrune | Baselines.RandomReinit),
            seed: 1, new FolderLevelStore(temp.Path), epochs, epochs).Run(data);
        // epochs as the trainer counts them, from 0
        Assert.Equal(new[] { 0, 1 }, epochs.Seen[Methods.Dense]);
        Assert.Equal(new[] { 1 }, epochs.Seen[Methods.Ticket]);          // resumes where its rewound weights were taken
        Assert.Equal(new[] { 1 }, epochs.Seen[Methods.RandomPrune]);     // same rewound weights, another mask
        Assert.Equal(new[] { 0, 1 }, epochs.Seen[Methods.RandomReinit]); // fresh weights: the whole schedule
    }

    /// <summary>The epochs each level's training passes through.</summary>
    private sealed class EpochRecorder : ITrainingObserver, ILotteryObserver
    {
        private string method = "";
        public Dictionary<string, List<int>> Seen { get; } = [];

        public void OnLevelStart(int level, string method, double sparsity) => this.method = method;

        public void OnStep(int epoch, int batch, int batchesPerEpoch, double loss)
        {
            var seen = Seen.TryGetValue(method, out var list) ? list : Seen[method] = [];
            if (seen.Count == 0 || seen[^1] != epoch) seen.Add(epoch);
        }
    }

    private static void AssertStart(WeightSnapshot started, WeightSnapshot expected, Mask mask)
    {
        foreach (var (name, keep) in mask.Tensors)
            Assert.True(started[name].allclose(expected[name].mul(keep), rtol: 0, atol: 1e-6), name);
    }

    [Fact]
    public void JaccardOfKeptWeights()
    {
        using var a = new Mask([("w", tensor(new float[] { 1, 1, 0, 0, 1 }))]);
        using var b = new Mask([("w", tensor(new float[] { 1, 0, 0, 1, 1 }))]);
        Assert.Equal(2.0 / 4.0, MaskOverlap.Jaccard(a, b));
        Assert.Equal(1.0, MaskOverlap.Jaccard(a, a));
    }

    /// <summary>Snapshots the model after the first step of each level's training.</summary>
    private sealed class StartRecorder(Func<TextClassifier> model) : ITrainingObserver, ILotteryObserver
    {
        private string? pending;
        public Dictionary<string, WeightSnapshot> First { get; } = [];

        public void OnLevelStart(int level, string method, double sparsity) => pending = method;

        public void OnStep(int epoch, int batch, int batchesPerEpoch, double loss)
        {
            if (pending is null) return;
            First[pending] = WeightSnapshot.Of(model());
            pending = null;
        }
    }
}
