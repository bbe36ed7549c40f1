using System.Text.Json;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Pruning;
using TicketLab.Tests.Training;
using TicketLab.Training;

namespace TicketLab.Tests.Lottery;

/// <summary>--score-weights: which trained weights the next mask is scored on, and how the setting names runs.</summary>
public class ScoreWeightsTests
{
    private static readonly TrainingHparams Overfits = new(Epochs: 3, BatchSize: 32, LearningRate: 0.01);

    /// <summary>Real reviews whose validation set is the training reviews with every label flipped: the better the network
    /// learns, the higher its validation loss, so the best epoch is the first and the final weights are not the best.</summary>
    private static EncodedDataset BestIsNotLast()
    {
        var data = SmallImdb.Load();
        return data with { Validation = new EncodedSplit(data.Train.Ids, [.. data.Train.Labels.Select(l => 1 - l)]) };
    }

    private static LotteryRunner Runner(EncodedDataset data, ScoreWeights score, ILevelStore store) =>
        new(s => new TextCnn(data.Vocab.Count, 2, new ModelHparams(EmbeddingDim: 32, Filters: 16), s),
            Overfits, new PruningHparams(Rate: 0.5, Levels: 1, Baselines: Baselines.None, ScoreWeights: score), 1, store);

    [Fact]
    public void FinalScoresTheEndOfTrainingAndBestTheBestEpochOnARealRun()
    {
        var data = BestIsNotLast();
        using var finalDir = new TempDir();
        using var bestDir = new TempDir();
        var final = Runner(data, ScoreWeights.Final, new FolderLevelStore(finalDir.Path)).Run(data);
        Runner(data, ScoreWeights.Best, new FolderLevelStore(bestDir.Path)).Run(data);
        var dense = final[0].Training;
        Assert.NotEqual(dense.Epochs[^1].Epoch, dense.BestEpoch); // the case where the two differ

        using var kept = new FolderLevelStore(finalDir.Path).TryLoad(0, Methods.Dense)!;
        Assert.NotNull(kept.Final); // kept beside the best epoch's weights, and checked like them
        Assert.Contains(kept.Final.Tensors, t => !TensorAssert.Same(t.Tensor, kept.Trained[t.Name]));
        using var finalTicket = new FolderLevelStore(finalDir.Path).TryLoadMask(1, Methods.Ticket)!;
        using var bestTicket = new FolderLevelStore(bestDir.Path).TryLoadMask(1, Methods.Ticket)!;
        using var byFinal = new GlobalMagnitudePruning().Prune(kept.Mask, kept.Final.Tensors.ToDictionary(t => t.Name, t => t.Tensor), 0.5);
        using var byBest = new GlobalMagnitudePruning().Prune(kept.Mask, kept.Trained.Tensors.ToDictionary(t => t.Name, t => t.Tensor), 0.5);
        Assert.All(byFinal.Tensors, t => TensorAssert.Equal(t.Keep, finalTicket[t.Name], t.Name));
        Assert.All(byBest.Tensors, t => TensorAssert.Equal(t.Keep, bestTicket[t.Name], t.Name));
        Assert.Contains(finalTicket.Tensors, t => !TensorAssert.Same(t.Keep, bestTicket[t.Name]));
        // the last level is scored by nothing: no final weights are kept for it
        Assert.False(File.Exists(Path.Combine(finalDir.Path, "levels", "01", "ticket.final-weights")));
        Assert.False(File.Exists(Path.Combine(bestDir.Path, "levels", "00", "dense.final-weights")));
    }

    [Fact]
    public void AStoredLevelWithoutItsFinalWeightsIsTrainedAgainWhenTheyAreScored()
    {
        var data = BestIsNotLast();
        using var dir = new TempDir();
        Runner(data, ScoreWeights.Best, new FolderLevelStore(dir.Path)).Run(data);
        var observer = new Recorder();
        var store = new FolderLevelStore(dir.Path);
        new LotteryRunner(s => new TextCnn(data.Vocab.Count, 2, new ModelHparams(EmbeddingDim: 32, Filters: 16), s),
            Overfits, new PruningHparams(Rate: 0.5, Levels: 1, Baselines: Baselines.None, ScoreWeights: ScoreWeights.Final), 1, store, observer: observer).Run(data);
        Assert.False(observer.FromStore[0]); // the dense level lacked its final weights
        Assert.True(File.Exists(Path.Combine(dir.Path, "levels", "00", "dense.final-weights")));
    }

    private sealed class Recorder : ILotteryObserver
    {
        public List<bool> FromStore { get; } = [];
        public void OnLevelDone(LevelResult result, bool fromStore) => FromStore.Add(fromStore);
    }

    private static RunHparams Lottery(ScoreWeights? score = null) => new(new DataHparams(), new ModelHparams(), new TrainingHparams(),
        score is { } s ? new PruningHparams(ScoreWeights: s) : new PruningHparams());

    [Fact]
    public void TheNewDefaultNeverTakesTheNameOfARunMadeTheOldWay()
    {
        // every run named before the setting scored the best epoch: those names are the ones "best" keeps
        Assert.Equal("", RunIdentity.Canonical(Lottery(ScoreWeights.Best)));
        Assert.Equal("imdb-cnn-e3b0c44298", RunIdentity.Name(Lottery(ScoreWeights.Best)));
        Assert.Equal("Pruning.ScoreWeights=Final", RunIdentity.Canonical(Lottery()));
        Assert.NotEqual(RunIdentity.Name(Lottery(ScoreWeights.Best)), RunIdentity.Name(Lottery()));
        Assert.NotEqual(RunIdentity.GroupKey(Lottery(ScoreWeights.Best)), RunIdentity.GroupKey(Lottery()));
        // from the command line and a study file alike
        Assert.Equal(ScoreWeights.Final, SettingsVocabulary.Bind([], RunKind.Lottery).Pruning.ScoreWeights);
        var best = SettingsVocabulary.Bind([new SettingValue("--score-weights", "best")], RunKind.Lottery);
        Assert.Equal(RunIdentity.Name(Lottery(ScoreWeights.Best)), RunIdentity.Name(best));
        Assert.Throws<SettingsException>(() => SettingsVocabulary.Bind([new SettingValue("--score-weights", "last")], RunKind.Lottery));
    }

    [Fact]
    public void ADenseRunScoresNothingAndKeepsItsName()
    {
        var dense = SettingsVocabulary.Bind([], RunKind.Dense);
        Assert.DoesNotContain("ScoreWeights", RunIdentity.Canonical(dense));
        Assert.Equal("Pruning.Baselines=None\nPruning.Levels=0", RunIdentity.Canonical(dense));
    }

    [Fact]
    public void ARecordWrittenBeforeTheSettingReadsAsBestAndANewOneAsWritten()
    {
        var old = JsonSerializer.SerializeToNode(Lottery())!.AsObject();
        old["Pruning"]!.AsObject().Remove("ScoreWeights");
        Assert.Equal(ScoreWeights.Best, RecordedHparams.Read(old.ToJsonString())!.Pruning.ScoreWeights);
        Assert.Equal(ScoreWeights.Final, RecordedHparams.Read(JsonSerializer.Serialize(Lottery()))!.Pruning.ScoreWeights);
        Assert.Equal(ScoreWeights.Best, RecordedHparams.Read(JsonSerializer.Serialize(Lottery(ScoreWeights.Best)))!.Pruning.ScoreWeights);
    }

    [Fact]
    public void TheTicketAndFineTuneStartFromTheScoredWeights()
    {
        using var model = ModelFixtures.SmallCnn(7);
        using var rewind = WeightSnapshot.Of(model);
        using var denseMask = Mask.Dense(model, PrunableSet.Default);
        using var bestModel = ModelFixtures.SmallCnn(8);
        using var finalModel = ModelFixtures.SmallCnn(9);
        var result = new LevelResult(0, Methods.Dense, 0, 0, denseMask.PerTensor(), new TrainingResult([], 0, new Metrics(0, 0), 0));
        using var dense = new StoredLevel(result, denseMask.Clone(), WeightSnapshot.Of(bestModel), WeightSnapshot.Of(finalModel));
        foreach (var score in new[] { ScoreWeights.Best, ScoreWeights.Final })
        {
            var pruning = new PruningHparams(Rate: 0.5, Levels: 1, Baselines: Baselines.FineTune, ScoreWeights: score);
            LevelContext At(StoredLevel? ticket) => new(1, 1, pruning, pruning.Strategy(), model, s => ModelFixtures.SmallCnn(s), 0, rewind, dense, dense, ticket);
            using var start = new TicketMethod().Start(At(null));
            var scored = score == ScoreWeights.Final ? dense.Final! : dense.Trained;
            using var expected = pruning.Strategy().Prune(denseMask, scored.Tensors.ToDictionary(t => t.Name, t => t.Tensor), 0.5);
            Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Keep, start.Mask[t.Name], t.Name));
            // fine-tuning is its own chain: scored on and trained on from the same weights of its previous level
            using var fineTune = new FineTuneMethod().Start(At(null) with { OwnPrevious = dense, Training = Overfits, Data = SmallImdb.Load() });
            Assert.Same(scored, fineTune.Weights);
            Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Keep, fineTune.Mask[t.Name], t.Name));
        }
    }
}
