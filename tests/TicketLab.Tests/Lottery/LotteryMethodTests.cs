using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Tests.Pruning;
using TicketLab.Training;

namespace TicketLab.Tests.Lottery;

/// <summary>Each method's start on real tensors: which mask it trains, which weights it starts from, at which step.</summary>
public class LotteryMethodTests
{
    private const int Seed = 3;
    private const long RewindStep = 5;

    /// <summary>A run that has trained its dense network and its level-1 ticket (each with weights of its own), at rewind step 5.</summary>
    private sealed class RunSoFar : IDisposable
    {
        public TextCnn Model { get; } = ModelFixtures.SmallCnn(7);
        public WeightSnapshot Rewind { get; }
        public StoredLevel Dense { get; }
        public StoredLevel Ticket1 { get; }

        public RunSoFar()
        {
            Rewind = WeightSnapshot.Of(Model);
            Dense = Level(0, Mask.Dense(Model, PrunableSet.Default), 8);
            Ticket1 = Level(1, new GlobalMagnitudePruning().Prune(Dense.Mask, Tensors(Dense.Trained), 0.5), 9);
        }

        /// <summary>A finished level whose "trained" weights are another seed's initialisation: distinct from every other level's.</summary>
        public static StoredLevel Level(int level, Mask mask, long weightsSeed)
        {
            using var trained = ModelFixtures.SmallCnn(weightsSeed);
            var result = new LevelResult(level, "test", mask.Sparsity, 0, mask.PerTensor(), new TrainingResult([], 0, new Metrics(0, 0), 0));
            return new StoredLevel(result, mask, WeightSnapshot.Of(trained));
        }

        public LevelContext At(int level, PruningHparams pruning, StoredLevel? ticket = null) => new(
            level, Seed, pruning, pruning.Strategy(), Model, s => ModelFixtures.SmallCnn(s), RewindStep,
            level == 0 ? null : Rewind, level == 0 ? null : Dense, level switch { 0 => null, 1 => Dense, _ => Ticket1 }, ticket);

        public void Dispose()
        {
            Ticket1.Dispose();
            Dense.Dispose();
            Rewind.Dispose();
            Model.Dispose();
        }
    }

    private static readonly PruningHparams Iterative = new(Rate: 0.5, Levels: 2, Baselines: Baselines.RandomPrune | Baselines.RandomReinit | Baselines.FineTune);
    private static readonly PruningHparams OneShot = Iterative with { Mode = PruningMode.OneShot, Rate = new PruningHparams().Rate, Targets = "0.3,0.6" };

    private static Dictionary<string, TorchSharp.torch.Tensor> Tensors(WeightSnapshot s) => s.Tensors.ToDictionary(t => t.Name, t => t.Tensor);

    private static void AssertWeights(WeightSnapshot expected, WeightSnapshot actual) =>
        Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Tensor, actual[t.Name], t.Name));

    private static long Pruned(Mask m) => m.Total - m.Remaining;

    [Fact]
    public void DenseTrainsEveryPrunableWeightFromTheInitialisationAndCapturesTheRewindPoint()
    {
        using var run = new RunSoFar();
        var dense = new DenseMethod();
        using var start = dense.Start(run.At(0, Iterative));
        Assert.Equal(start.Mask.Total, start.Mask.Remaining);
        Assert.Equal(run.Dense.Mask.Names, start.Mask.Names);
        AssertWeights(run.Rewind, start.Weights); // the model as created
        Assert.Equal(0, start.Step);
        Assert.Equal(RewindStep, start.CaptureRewindAt);
        Assert.True(dense.Trains(0, Iterative));
        Assert.False(dense.Trains(1, Iterative));
    }

    [Fact]
    public void IterativeTicketPrunesHalfOfWhatThePreviousTicketKeptByItsTrainedWeightsAndRewinds()
    {
        using var run = new RunSoFar();
        using var start = new TicketMethod().Start(run.At(2, Iterative));
        var previous = run.Ticket1.Mask;
        Assert.Equal(Pruned(previous) + PruningRate.Count(previous.Remaining, 0.5), Pruned(start.Mask));
        // nested: nothing the previous ticket pruned comes back
        Assert.All(previous.Tensors, t => Assert.Equal(0, (start.Mask[t.Name] > t.Keep).sum().item<long>()));
        using var byPrevious = new GlobalMagnitudePruning().Prune(previous, Tensors(run.Ticket1.Trained), 0.5);
        using var byDense = new GlobalMagnitudePruning().Prune(previous, Tensors(run.Dense.Trained), 0.5);
        Assert.All(byPrevious.Tensors, t => TensorAssert.Equal(t.Keep, start.Mask[t.Name], t.Name));
        Assert.Contains(byDense.Tensors, t => !TensorAssert.Same(t.Keep, start.Mask[t.Name]));
        Assert.Same(run.Rewind, start.Weights);
        Assert.Equal(RewindStep, start.Step);
        Assert.Null(start.CaptureRewindAt);
    }

    [Fact]
    public void OneShotTicketPrunesTheDenseNetworkStraightToTheLevelsTarget()
    {
        using var run = new RunSoFar();
        using var start = new TicketMethod().Start(run.At(2, OneShot));
        Assert.Equal(PruningRate.Count(run.Dense.Mask.Total, 0.6), Pruned(start.Mask));
        using var expected = new GlobalMagnitudePruning().Prune(run.Dense.Mask, Tensors(run.Dense.Trained), 0.6);
        Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Keep, start.Mask[t.Name], t.Name));
        Assert.Same(run.Rewind, start.Weights);
    }

    [Fact]
    public void RandomPruneDrawsTheTicketsPerTensorSparsityAtOtherPositionsFromTheRewindWeights()
    {
        using var run = new RunSoFar();
        var method = new RandomPruneMethod();
        using var start = method.Start(run.At(1, Iterative, run.Ticket1));
        var ticket = run.Ticket1.Mask;
        Assert.Equal(ticket.PerTensor(), start.Mask.PerTensor());
        long same = ticket.Tensors.Sum(t => t.Keep.eq(start.Mask[t.Name]).sum().item<long>());
        Assert.True(same < ticket.Total * 0.9, "the random mask is (almost) the ticket's");
        Assert.Same(run.Rewind, start.Weights);
        Assert.Equal(RewindStep, start.Step);

        // its seed is the run's and the level's: the same level draws the same mask, another level another
        using var again = method.Start(run.At(1, Iterative, run.Ticket1));
        using var level2 = method.Start(run.At(2, Iterative, run.Ticket1));
        Assert.All(start.Mask.Tensors, t => TensorAssert.Equal(t.Keep, again.Mask[t.Name], t.Name));
        Assert.Contains(start.Mask.Tensors, t => !TensorAssert.Same(t.Keep, level2.Mask[t.Name]));
        using var bySeedPolicy = new RandomPruning(SeedPolicy.RandomPrune(Seed, 1)).Match(ticket);
        Assert.All(bySeedPolicy.Tensors, t => TensorAssert.Equal(t.Keep, start.Mask[t.Name], t.Name));
    }

    [Fact]
    public void GlobalRandomPruneKeepsTheTicketsTotalOnly()
    {
        using var run = new RunSoFar();
        using var start = new RandomPruneMethod().Start(run.At(1, Iterative with { RandomScope = RandomPruneScope.Global }, run.Ticket1));
        Assert.Equal(run.Ticket1.Mask.Remaining, start.Mask.Remaining);
        Assert.NotEqual(run.Ticket1.Mask.PerTensor(), start.Mask.PerTensor());
    }

    [Fact]
    public void RandomReinitTrainsTheTicketsMaskOnFreshWeightsOverTheWholeSchedule()
    {
        using var run = new RunSoFar();
        using var start = new RandomReinitMethod().Start(run.At(2, Iterative, run.Ticket1));
        Assert.Same(run.Ticket1.Mask, start.Mask);
        using var fresh = ModelFixtures.SmallCnn(SeedPolicy.Reinit(Seed, 2));
        using var expected = WeightSnapshot.Of(fresh);
        AssertWeights(expected, start.Weights);
        Assert.Contains(run.Rewind.Tensors, t => !TensorAssert.Same(t.Tensor, start.Weights[t.Name]));
        Assert.Equal(0, start.Step); // not the rewind step
    }

    [Fact]
    public void RetrainingChainsPruneTheirOwnPreviousLevelAndTrainOnFromItsTrainedWeights()
    {
        using var run = new RunSoFar();
        var data = TicketLab.Tests.Training.SmallImdb.Load();
        var training = new TrainingHparams(Epochs: 2, BatchSize: 32, LearningRate: 1e-3, Schedule: ScheduleKind.Linear);
        using var own1 = RunSoFar.Level(1, new GlobalMagnitudePruning().Prune(run.Dense.Mask, Tensors(run.Dense.Trained), 0.5), 11);
        var context = run.At(2, Iterative, run.Ticket1) with { OwnPrevious = own1, Data = data, Training = training };
        long total = (data.Train.Count + 31) / 32 * 2;
        foreach (var method in new RetrainingChainMethod[] { new LrRewindMethod(), new FineTuneMethod() })
        {
            using var start = method.Start(context);
            // its own level 1, not the ticket's, pruned by its own trained weights
            using var expected = new GlobalMagnitudePruning().Prune(own1.Mask, Tensors(own1.Trained), 0.5);
            Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Keep, start.Mask[t.Name], $"{method}: {t.Name}"));
            Assert.Contains(start.Mask.Tensors, t => !TensorAssert.Same(t.Keep, run.Ticket1.Mask[t.Name]));
            Assert.Same(own1.Trained, start.Weights);
            Assert.Equal(RewindStep, start.Step);       // as many steps as the ticket retrains
            Assert.True(method.ExtendsChain);
        }
        using (var lrRewind = new LrRewindMethod().Start(context))
            Assert.Null(lrRewind.LearningRate);         // the schedule, replayed from the rewind step
        using (var fineTune = new FineTuneMethod().Start(context))
            Assert.Equal(1e-3 / total, fineTune.LearningRate!.Value, 12); // linear decay's last step: lr · 1 / total
        using (var constant = new FineTuneMethod().Start(context with { Training = training with { Schedule = ScheduleKind.Constant } }))
            Assert.Equal(1e-3, constant.LearningRate);

        // level 1 prunes the dense network; one-shot always does, so its mask is the one-shot ticket's
        using var level1 = new FineTuneMethod().Start(run.At(1, Iterative, run.Ticket1) with { OwnPrevious = run.Dense, Data = data, Training = training });
        Assert.All(run.Ticket1.Mask.Tensors, t => TensorAssert.Equal(t.Keep, level1.Mask[t.Name], t.Name));
        Assert.Same(run.Dense.Trained, level1.Weights);
        using var oneShot = new LrRewindMethod().Start(run.At(2, OneShot, run.Ticket1) with { OwnPrevious = own1, Data = data, Training = training });
        Assert.Same(run.Dense.Trained, oneShot.Weights);
        Assert.Equal(PruningRate.Count(run.Dense.Mask.Total, 0.6), Pruned(oneShot.Mask));
    }

    [Fact]
    public void ABaselineBeforeTheTicketOfItsLevelSaysWhatIsMissing()
    {
        using var run = new RunSoFar();
        var e = Assert.Throws<InvalidOperationException>(() => new RandomPruneMethod().Start(run.At(1, Iterative)));
        Assert.Contains("ticket", e.Message);
    }

    [Fact]
    public void ARunTrainsDenseThenPerLevelTheTicketAndItsBaselinesInRegistryOrder()
    {
        Assert.Equal([(0, "dense"), (1, "ticket"), (1, "random-prune"), (2, "ticket"), (2, "random-prune")],
            LotteryMethods.Plan(new PruningHparams(Levels: 2)).Select(p => (p.Level, p.Method.Name)));
        Assert.Equal(["dense", "ticket", "random-prune", "random-reinit", "fine-tune"],
            LotteryMethods.Plan(Iterative with { Levels = 1 }).Select(p => p.Method.Name));
        Assert.Equal(["dense", "ticket", "fine-tune"],
            LotteryMethods.Plan(Iterative with { Levels = 1, Baselines = Baselines.FineTune }).Select(p => p.Method.Name));
        Assert.Equal(["dense"], LotteryMethods.Plan(new PruningHparams(Levels: 0, Baselines: Baselines.None)).Select(p => p.Method.Name));
        Assert.Equal(LotteryMethods.Plan(OneShot).Select(p => (p.Level, p.Method.Name)), LotteryRunner.Plan(OneShot));
    }
}
