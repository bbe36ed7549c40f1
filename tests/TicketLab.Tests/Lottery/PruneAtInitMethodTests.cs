using TicketLab.Data;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Tests.Training;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Tests.Lottery;

/// <summary>The pruning-at-initialisation methods and their ablations on a real TextCNN and real reviews: counts, positions, start weights.</summary>
public class PruneAtInitMethodTests
{
    private const int Seed = 3;
    private const long RewindStep = 0;
    private static readonly TrainingHparams Training = new(Epochs: 1, BatchSize: 32);
    private static readonly PruningHparams Pruning = new(Rate: 0.6, Levels: 1);

    private static TextCnn Cnn(int vocab, long seed) => new(vocab, 2, new ModelHparams(EmbeddingDim: 16, Filters: 8), seed);

    /// <summary>A run at level 1: the model at its initialisation (the rewind weights) and a ticket pruned by another seed's weights.</summary>
    private sealed class Level1 : IDisposable
    {
        public EncodedDataset Data { get; } = SmallImdb.Load();
        public TextCnn Model { get; }
        public WeightSnapshot Rewind { get; }
        public StoredLevel Ticket { get; }

        public Level1()
        {
            Model = Cnn(Data.Vocab.Count, 7);
            Rewind = WeightSnapshot.Of(Model);
            using var trained = Cnn(Data.Vocab.Count, 8);
            using var dense = Mask.Dense(Model);
            var mask = new GlobalMagnitudePruning().Prune(dense, ModelFixtures(trained), 0.6);
            var result = new LevelResult(1, Methods.Ticket, mask.Sparsity, 0, mask.PerTensor(), new TrainingResult([], 0, new Metrics(0, 0), 0));
            Ticket = new StoredLevel(result, mask, WeightSnapshot.Of(trained));
        }

        public LevelContext Context => new(1, Seed, Pruning, Pruning.Strategy(), Model, s => Cnn(Data.Vocab.Count, s), RewindStep, Rewind, null, null, Ticket)
        { Data = Data, Training = Training };

        public void Dispose()
        {
            Ticket.Dispose();
            Rewind.Dispose();
            Model.Dispose();
        }
    }

    private static Dictionary<string, Tensor> ModelFixtures(TextClassifier model) => model.Parameters().ToDictionary(p => p.Name, p => p.Parameter.detach());

    private static long Pruned(Mask m) => m.Total - m.Remaining;

    private static T Method<T>(string name) where T : LotteryMethod => (T)LotteryMethods.Find(name)!;

    private static (float MaxPruned, float MinKept) Split(Mask mask, IReadOnlyDictionary<string, Tensor> scores)
    {
        var pruned = mask.Tensors.SelectMany(t => scores[t.Name].masked_select(t.Keep.eq(0)).data<float>().ToArray()).ToList();
        var kept = mask.Tensors.SelectMany(t => scores[t.Name].masked_select(t.Keep.ne(0)).data<float>().ToArray()).ToList();
        return (pruned.Max(), kept.Min());
    }

    [Fact]
    public void EachPruneAtInitMaskPrunesAsManyAsTheTicketFromTheRewindWeightsAndLeavesThemInTheModel()
    {
        using var run = new Level1();
        var methods = LotteryMethods.All.OfType<PruneAtInitMethod>().ToList();
        Assert.Equal(["snip", "grasp", "synflow", "magnitude-init", "random-uniform", "random-erk",
            "snip-shuffle", "grasp-shuffle", "synflow-shuffle", "magnitude-init-shuffle"], methods.Select(m => m.Name));
        foreach (var method in methods)
        {
            using var start = method.Start(run.Context);
            Assert.Equal(Pruned(run.Ticket.Mask), Pruned(start.Mask));   // the same sparsity over all parameters
            Assert.Equal(run.Ticket.Mask.Names, start.Mask.Names);
            Assert.Same(run.Rewind, start.Weights);
            Assert.Equal(RewindStep, start.Step);
            Assert.Contains(start.Mask, start.Owned);
            Assert.All(run.Rewind.Tensors, t => TensorAssert.Equal(t.Tensor, run.Model.Parameters().Single(p => p.Name == t.Name).Parameter, $"{method}: {t.Name}"));
            using var again = method.Start(run.Context);
            Assert.All(start.Mask.Tensors, t => TensorAssert.Equal(t.Keep, again.Mask[t.Name], $"{method} is not deterministic: {t.Name}"));
            Assert.Contains(start.Mask.Tensors, t => !TensorAssert.Same(t.Keep, run.Ticket.Mask[t.Name]));
        }
    }

    [Fact]
    public void SnipGraspAndMagnitudeKeepTheirBestScoresOnTheRunsFirstBatches()
    {
        using var run = new Level1();
        var plan = Batches.Plan(run.Data.Train.Count, Training.BatchSize, shuffle: true, seed: Seed, epoch: 0);
        var batches = plan.Take(Pruning.ScoringBatches).Select(b => Batches.Collate(run.Data.Train, b, Training.MinLength)).ToList();
        using var dense = Mask.Dense(run.Model);

        using (var snip = Method<SnipMethod>("snip").Start(run.Context))
        {
            var (maxPruned, minKept) = Split(snip.Mask, SnipScores.Of(run.Model, dense, batches));
            Assert.True(maxPruned <= minKept, $"SNIP pruned a score of {maxPruned} and kept one of {minKept}");
        }
        using (var grasp = Method<GraspMethod>("grasp").Start(run.Context))
        {
            var scores = GraspScores.Of(run.Model, dense, batches);
            var (maxPruned, minKept) = Split(grasp.Mask, scores.ToDictionary(s => s.Key, s => s.Value.neg()));
            Assert.True(maxPruned <= minKept, "GraSP kept a higher score than one it pruned");
        }
        using (var magnitude = Method<MagnitudeInitMethod>("magnitude-init").Start(run.Context))
        {
            var (maxPruned, minKept) = Split(magnitude.Mask, run.Rewind.Tensors.ToDictionary(t => t.Name, t => t.Tensor.abs()));
            Assert.True(maxPruned <= minKept, "magnitude at init kept a smaller weight than one it pruned");
        }
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void SnipReadsAsManyOfTheRunsFirstBatchesAsScoringBatchesSays()
    {
        using var run = new Level1();
        var plan = Batches.Plan(run.Data.Train.Count, Training.BatchSize, shuffle: true, seed: Seed, epoch: 0);
        var first = new[] { Batches.Collate(run.Data.Train, plan[0], Training.MinLength) };
        using var dense = Mask.Dense(run.Model);
        var oneBatch = run.Context with { Pruning = Pruning with { ScoringBatches = 1 } };

        using var one = Method<SnipMethod>("snip").Start(oneBatch);
        using var four = Method<SnipMethod>("snip").Start(run.Context);
        var (maxPruned, minKept) = Split(one.Mask, SnipScores.Of(run.Model, dense, first));
        Assert.True(maxPruned <= minKept, $"SNIP on one batch pruned a score of {maxPruned} and kept one of {minKept}");
        Assert.Contains(one.Mask.Tensors, t => !TensorAssert.Same(t.Keep, four.Mask[t.Name]));
        Assert.Equal(four.Mask.Remaining, one.Mask.Remaining);
        first[0].Dispose();
    }

    [Fact]
    public void RandomBudgetsDrawTheirOwnPerTensorCountsAndErkKeepsTheOutputLayerDenser()
    {
        using var run = new Level1();
        using var dense = Mask.Dense(run.Model);
        long count = Pruned(run.Ticket.Mask);
        using var uniform = Method<RandomUniformMethod>("random-uniform").Start(run.Context);
        using var erk = Method<RandomErkMethod>("random-erk").Start(run.Context);
        Assert.Equal(UniformBudget.Of(dense, count), uniform.Mask.PerTensor().Select(t => t.Pruned));
        Assert.Equal(ErkBudget.Of(dense, count), erk.Mask.PerTensor().Select(t => t.Pruned));
        double Share(Mask m, string name) => m.PerTensor().Single(t => t.Name == name).Pruned / (double)m.PerTensor().Single(t => t.Name == name).Total;
        Assert.True(Share(erk.Mask, "fc.weight") < Share(erk.Mask, "convs.0.weight"));
        Assert.Equal(Share(uniform.Mask, "fc.weight"), Share(uniform.Mask, "convs.0.weight"), 1);
    }

    [Fact]
    public void ShuffleKeepsTheSourcesPerTensorCountsAtNewPositionsAndReinitItsMaskOnFreshWeights()
    {
        using var run = new Level1();
        foreach (var source in new[] { "snip", "grasp", "synflow", "magnitude-init" })
        {
            using var original = Method<PruneAtInitMethod>(source).MaskAt(run.Context);
            using (var shuffled = Method<ShuffleMethod>(source + "-shuffle").Start(run.Context))
            {
                Assert.Equal(original.PerTensor(), shuffled.Mask.PerTensor());
                Assert.All(original.Tensors, t => Assert.False(TensorAssert.Same(t.Keep, shuffled.Mask[t.Name]), $"{source}: {t.Name} not shuffled"));
                Assert.Same(run.Rewind, shuffled.Weights);
                Assert.Equal(RewindStep, shuffled.Step);
            }
            using var reinit = Method<ReinitMethod>(source + "-reinit").Start(run.Context);
            Assert.All(original.Tensors, t => TensorAssert.Equal(t.Keep, reinit.Mask[t.Name], $"{source}: {t.Name}"));
            using var fresh = RandomReinitMethod.FreshWeights(run.Context);   // the ticket's re-init draws the same weights
            Assert.All(fresh.Tensors, t => TensorAssert.Equal(t.Tensor, reinit.Weights[t.Name], t.Name));
            Assert.Contains(run.Rewind.Tensors, t => !TensorAssert.Same(t.Tensor, reinit.Weights[t.Name]));
            Assert.Equal(0, reinit.Step);
        }
    }

    [Fact]
    public void ARunTrainsEveryPruneAtInitMethodAndAblationAtTheTicketsSparsity()
    {
        var data = SmallImdb.Load();
        var every = LotteryMethods.All.Where(m => m is PruneAtInitMethod or ReinitMethod).Aggregate(Baselines.None, (b, m) => b | m.Baseline!.Value);
        var results = new LotteryRunner(s => Cnn(data.Vocab.Count, s), Training, Pruning with { Baselines = every }, Seed).Run(data);
        var ticket = results.Single(r => r.Method == Methods.Ticket);
        var baselines = results.Where(r => r.Level == 1 && r.Method != Methods.Ticket).ToList();
        Assert.Equal(14, baselines.Count); // 6 masks, 4 shuffles, 4 re-inits
        Assert.All(baselines, r => Assert.Equal(ticket.SparsityOfAll, r.SparsityOfAll));
        Assert.All(baselines, r => Assert.InRange(r.Training.Test.Accuracy, 0, 1));
        Assert.Equal(results.Single(r => r.Method == "snip").PerTensor, results.Single(r => r.Method == "snip-shuffle").PerTensor);
        Assert.Equal(results.Single(r => r.Method == "synflow").PerTensor, results.Single(r => r.Method == "synflow-reinit").PerTensor);
    }
}
