using System.Text.RegularExpressions;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Training;
using TicketLab.Training;

namespace TicketLab.Tests.Faults;

/// <summary>Every artefact a resume trusts is checked against a recorded SHA-256: an edited result, a swapped (valid) tensor file or an
/// edited manifest is reported and recomputed, never used.</summary>
public sealed partial class TamperTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static LotteryRunner Runner(int vocab, ILevelStore store, ILotteryObserver? observer = null) =>
        new(s => new TextCnn(vocab, 2, new ModelHparams(EmbeddingDim: 16, Filters: 8), s),
            new TrainingHparams(Epochs: 1, BatchSize: 32), new PruningHparams(Levels: 1, Baselines: Baselines.None, Rewind: RewindPoint.Parse("2it")), 1, store, observer: observer);

    [Fact]
    public void AnEditedLevelResultIsDetectedAndTheLevelRecomputed()
    {
        var data = SmallImdb.Load();
        var dir = _dirs.New();
        var first = Runner(data.Vocab.Count, new FolderLevelStore(dir)).Run(data);

        var json = Path.Combine(dir, "levels", "01", "ticket.json");
        var text = File.ReadAllText(json);
        var edited = TestAccuracy().Replace(text, m => m.Groups[1].Value + "0.999", 1);
        Assert.NotEqual(text, edited);
        File.WriteAllText(json, edited);

        var warnings = new List<string>();
        var observer = new FromStore();
        var second = Runner(data.Vocab.Count, new FolderLevelStore(dir, warnings.Add), observer).Run(data);
        Assert.Equal([true, true, false], observer.Flags); // dense and the dense-rewind control trusted, the edited ticket recomputed
        Assert.Contains(warnings, w => w.Contains("level 1 ticket is recomputed") && w.Contains("checksum mismatch") && w.Contains(json));
        Assert.NotEqual(0.999, second.Single(r => r.Method == Methods.Ticket).Training.Test.Accuracy);
        Assert.Equal(first.Select(r => r.Training.Test), second.Select(r => r.Training.Test));
        Assert.DoesNotContain("0.999", File.ReadAllText(json)); // rewritten from the recomputed level
    }

    [Fact]
    public void ALevelFileSwappedForAnotherValidOneIsDetected()
    {
        var data = SmallImdb.Load();
        var dir = _dirs.New();
        Runner(data.Vocab.Count, new FolderLevelStore(dir)).Run(data);
        var ticket = Path.Combine(dir, "levels", "01", "ticket.weights");
        var dense = Path.Combine(dir, "levels", "00", "dense.weights");
        File.Copy(dense, ticket, overwrite: true); // same tensor names and shapes, valid trailer: only the recorded hash tells them apart
        Assert.True(NamedTensorFile.IsValid(ticket));
        File.Copy(dense, Path.Combine(dir, "rewind.weights"), overwrite: true);

        var warnings = new List<string>();
        var store = new FolderLevelStore(dir, warnings.Add);
        Assert.Null(store.TryLoad(1, Methods.Ticket));
        Assert.Contains(warnings, w => w.Contains(ticket) && w.Contains("is not the recorded"));
        using (var dense0 = store.TryLoad(0, Methods.Dense)) Assert.NotNull(dense0);
        Assert.Null(store.TryLoadRewind()); // the dense level recorded the rewind weights' hash
        Assert.Contains(warnings, w => w.Contains("rewind.weights") && w.Contains("is not the recorded"));
    }

    [Fact]
    public void ACheckpointWithASwappedWeightFileOrAnEditedManifestIsIgnored()
    {
        var dir = _dirs.New();
        using var a = new TextCnn(50, 2, new ModelHparams(EmbeddingDim: 8, Filters: 4), 1);
        using var b = new TextCnn(50, 2, new ModelHparams(EmbeddingDim: 8, Filters: 4), 2);
        using var model = WeightSnapshot.Of(a);
        using var best = WeightSnapshot.Of(b);
        var warnings = new List<string>();
        var store = new FolderCheckpointStore(dir, warnings.Add);
        var epochs = new List<EpochMetrics> { new(0, new Metrics(0.7, 0.5), new Metrics(0.69, 0.52), 1.0) };
        store.Save(new TrainingCheckpoint(1, 8, epochs, model, best, [1, 2, 3, 4]));

        var loaded = store.TryLoad();
        Assert.NotNull(loaded);
        Assert.Equal(8, loaded.Step);
        TensorAssert.Equal(model.Tensors[0].Tensor, loaded.Model.Tensors[0].Tensor);
        loaded.Model.Dispose();
        loaded.Best.Dispose();
        Assert.Empty(warnings);

        // a valid weight file from elsewhere (the best weights) in place of the model's
        var bytes = File.ReadAllBytes(Path.Combine(dir, "model.weights"));
        File.Copy(Path.Combine(dir, "best.weights"), Path.Combine(dir, "model.weights"), overwrite: true);
        Assert.Null(store.TryLoad());
        Assert.Contains(warnings, w => w.Contains("model.weights") && w.Contains("is not the recorded"));
        File.WriteAllBytes(Path.Combine(dir, "model.weights"), bytes);
        Assert.NotNull(store.TryLoad());

        // an edited manifest: training would resume at the wrong epoch
        var manifest = Path.Combine(dir, FolderCheckpointStore.ManifestName);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"NextEpoch\":1", "\"NextEpoch\":2"));
        warnings.Clear();
        Assert.Null(store.TryLoad());
        Assert.Contains(warnings, w => w.Contains(manifest) && w.Contains("checksum mismatch"));
    }

    [GeneratedRegex("(\"Test\": \\{\\s*\"Loss\": [^,]+,\\s*\"Accuracy\": )([0-9.eE+-]+)")]
    private static partial Regex TestAccuracy();

    private sealed class FromStore : ILotteryObserver
    {
        public List<bool> Flags { get; } = [];
        public void OnLevelDone(LevelResult result, bool fromStore) => Flags.Add(fromStore);
    }
}
