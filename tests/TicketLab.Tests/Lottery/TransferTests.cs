using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Training;
using TicketLab.Training;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Lottery;

public class TransferTests
{
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
}
