using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Training;
using TicketLab.Training;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Lottery;

public sealed class TransferTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static readonly ModelHparams Small = new(EmbeddingDim: 16, Filters: 8);

    [SkippableFact]
    public void ATicketFromImdbTrainsOnReviewPolarityKeepingTheMaskOfEveryCarriedRow()
    {
        var shared = TestData.Require(Path.Combine("imdb", "aclImdb_v1.tar.gz"), Path.Combine("review_polarity", "review_polarity.tar.gz"));
        using var temp = new TempDir();
        var runs = temp.Path;
        var options = new ExperimentOptions(shared, runs, Downloader: Downloader.Offline);
        var sourceH = new RunHparams(SmallImdb.Hparams, Small, new TrainingHparams(Epochs: 1, BatchSize: 32),
            new PruningHparams(Rate: 0.5, Levels: 1, Baselines: Baselines.None, Prunable: PrunableSet.Default | PrunableSet.Embeddings));
        var source = new Experiment(sourceH, options).Run();

        var targetData = new DataHparams(Dataset: "review_polarity", MaxTrainExamples: 200, MaxEvalExamples: 100, MaxLength: 120, MaxVocab: 3000);
        var target = DatasetRegistry.LoadEncoded(targetData, shared, Downloader.Offline);
        var sourceVocab = Vocabulary.Load(Path.Combine(source.RunDir, "vocab.txt"));
        var map = new VocabularyMap(sourceVocab, target.Vocab);
        Assert.InRange(map.Carried, 100, target.Vocab.Count - 1); // both are English movie reviews: most tokens are shared, not all
        Assert.True(map.Fresh > 0);

        var store = new FolderLevelStore(source.RunDir);
        using var sourceMask = store.TryLoadMask(1, Methods.Ticket)!;
        using var rewind = store.TryLoadRewind()!;
        using var model = ModelRegistry.Create(Small, target.Vocab.Count, target.ClassNames.Count, seed: 9);
        using var init = WeightSnapshot.Of(model);
        var (moved, mask) = TicketTransfer.Apply(rewind, sourceMask, model, map);
        using (moved)
        using (mask)
        {
            var keep = mask["embedding.weight"];
            var rows = moved["embedding.weight"];
            for (int id = 0; id < target.Vocab.Count; id++)
            {
                int s = map.SourceOf(id);
                if (s >= 0)
                {
                    TensorAssert.Equal(sourceMask["embedding.weight"][s], keep[id], $"mask row of '{target.Vocab.TokenOf(id)}'");
                    TensorAssert.Equal(rewind["embedding.weight"][s], rows[id]);
                }
                else
                {
                    Assert.Equal(keep[id].numel(), keep[id].sum().item<float>()); // new tokens are unpruned
                    TensorAssert.Equal(init["embedding.weight"][id], rows[id]);
                }
            }
            foreach (var name in new[] { "convs.0.weight", "fc.weight" })
            {
                TensorAssert.Equal(sourceMask[name], mask[name], name);
                TensorAssert.Equal(rewind[name], moved[name], name);
            }
        }

        var transfer = new TransferExperiment(source.RunDir, 1, targetData, new TrainingHparams(Epochs: 1, BatchSize: 32), 1, options).Run();
        Assert.Equal(["dense", "ticket", "random-prune"], transfer.Levels.Select(l => l.Method));
        var ticket = transfer.Levels[1];
        var random = transfer.Levels[2];
        Assert.Equal(ticket.PerTensor, random.PerTensor);
        Assert.Contains("new tokens get fresh rows", File.ReadAllText(Path.Combine(transfer.RunDir, "results.md")));
    }

    [Fact]
    public void ATransferIsARunLikeAnyOtherInTheStoreWhileRunningDoneAfterAndInItsOwnGroup()
    {
        var runs = _dirs.New();
        var options = new ExperimentOptions(TestData.Fixtures, runs, Downloader: Downloader.Offline);
        // AG News → its test set re-split: the same four classes, both in the shipped fixture
        var sourceH = new RunHparams(SmallImdb.Hparams with { Dataset = "ag_news", MaxTrainExamples = 120, MaxEvalExamples = 60 }, Small,
            new TrainingHparams(Epochs: 1, BatchSize: 32), new PruningHparams(Rate: 0.5, Levels: 1));
        var source = new Experiment(sourceH, options).Run();

        var targetData = new DataHparams(Dataset: "ag_news_test_as_corpus", MaxTrainExamples: 120, MaxEvalExamples: 60, MaxLength: 80, MaxVocab: 2000);
        var seen = new List<(string Method, RunState? State)>();
        var name = new TransferExperiment(source.RunDir, 1, targetData, new TrainingHparams(Epochs: 1, BatchSize: 32), 1, options).RunName;
        var watching = options with { LotteryObserver = new Watch(runs, seen, name) };
        var transfer = new TransferExperiment(source.RunDir, 1, targetData, new TrainingHparams(Epochs: 1, BatchSize: 32), 1, watching);
        var outcome = transfer.Run();

        Assert.Equal([("dense", RunState.Running), ("ticket", RunState.Running), ("random-prune", RunState.Running)], seen);
        Assert.Equal(RunState.Done, RunLifecycle.ReadState(outcome.RunDir));
        using (var store = ResultsStore.Open(runs))
        {
            var run = store.Run(transfer.RunName)!;
            Assert.Equal(RunState.Done, run.State);
            Assert.Equal(transfer.GroupKey, run.GroupKey);
            Assert.NotEqual(RunIdentity.GroupKey(transfer.Target), run.GroupKey); // never a replicate of an ordinary run on the target
            Assert.Equal(3, store.Levels(transfer.RunName).Count);
        }
        var listed = CliProcess.Run("runs", runs);
        Assert.Equal(0, listed.ExitCode);
        var row = Assert.Single(listed.Stdout.Split('\n'), l => l.Contains(transfer.RunName));
        Assert.Contains("| done |", row);

        // a second start reads the finished transfer back: same levels, nothing retrained
        var again = new TransferExperiment(source.RunDir, 1, targetData, new TrainingHparams(Epochs: 1, BatchSize: 32), 1, options).Run();
        Assert.Equal(outcome.Levels.Select(l => l.Training.Test.Accuracy), again.Levels.Select(l => l.Training.Test.Accuracy));
    }

    [Fact]
    public void ATransferFromABertRunIsRefusedBeforeAnythingIsWritten()
    {
        var runs = _dirs.New();
        var source = Path.Combine(runs, "bert-source");
        Directory.CreateDirectory(source);
        var h = new RunHparams(new DataHparams(), new ModelHparams(Name: TicketLab.Models.Bert.BertModels.DefaultName), new TrainingHparams(), new PruningHparams());
        File.WriteAllText(Path.Combine(source, "run.json"), System.Text.Json.JsonSerializer.Serialize(new { name = "bert-source", hparams = h }));
        var transfer = new TransferExperiment(source, 1, new DataHparams(Dataset: "review_polarity"), new TrainingHparams(), 1,
            new ExperimentOptions(TestData.Fixtures, runs, Downloader: Downloader.Offline));
        var e = Assert.Throws<UserException>(transfer.Run);
        Assert.Contains("WordPiece", e.Message);
        Assert.Equal(["bert-source"], Directory.GetDirectories(runs).Select(Path.GetFileName));

        var cli = CliProcess.Run("transfer", "--from", source, "--level", "1", "--dataset", "review_polarity", "--runs-dir", runs, "--data-dir", TestData.Fixtures);
        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("WordPiece", Assert.Single(cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("--vectors", "v.txt")]
    [InlineData("--seeds", "3")]
    [InlineData("--model", "lstm")]
    public void ATransferRefusesOptionsItCannotHonour(string option, string value)
    {
        var cli = CliProcess.Run("transfer", "--from", "runs/none", "--level", "1", option, value);
        Assert.Equal(2, cli.ExitCode);
        var error = Assert.Single(cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {option} cannot be used with transfer", error);
    }

    /// <summary>At each level's start, what the runs folder's store says about the transfer run.</summary>
    private sealed class Watch(string runs, List<(string, RunState?)> seen, string runName) : ILotteryObserver
    {
        public void OnLevelStart(int level, string method, double sparsity)
        {
            using var store = ResultsStore.Open(runs);
            seen.Add((method, store.Run(runName)?.State));
        }
    }
}
