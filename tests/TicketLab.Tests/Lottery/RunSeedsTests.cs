using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Training;
using TicketLab.Training;

namespace TicketLab.Tests.Lottery;

/// <summary>Separate seeds for the split, the initialisation and the data order (with dropout), on real runs.</summary>
public class RunSeedsTests
{
    private static RunHparams Bind(params (string Key, string Value)[] settings) =>
        SettingsVocabulary.Bind([.. settings.Select(s => new SettingValue(s.Key, s.Value))], RunKind.Lottery);

    /// <summary>Trains the dense network of <paramref name="seeds"/> into <paramref name="dir"/>; its rewind point 0 is the initialisation.</summary>
    private static LevelResult Dense(RunSeeds seeds, string dir)
    {
        var data = SmallImdb.Load();
        return new LotteryRunner(s => new TextCnn(data.Vocab.Count, 2, new ModelHparams(EmbeddingDim: 16, Filters: 8, Dropout: 0.5), s),
            new TrainingHparams(Epochs: 1, BatchSize: 32), new PruningHparams(Levels: 0, Baselines: Baselines.None), seeds, new FolderLevelStore(dir)).Run(data)[0];
    }

    private static void AssertSameWeights(WeightSnapshot a, WeightSnapshot b, bool same) =>
        Assert.Equal(same, a.Tensors.All(t => TensorAssert.Same(t.Tensor, b[t.Name])));

    [Fact]
    public void SameInitSeedAndAnotherDataSeedStartFromTheSameWeightsAndSeeBatchesInAnotherOrder()
    {
        var a = Bind(("init-seed", "7"), ("data-seed", "1")).Seeds();
        var b = Bind(("init-seed", "7"), ("data-seed", "2")).Seeds();
        var c = Bind(("init-seed", "8"), ("data-seed", "1")).Seeds();
        using var dirs = new TempDirs();
        string da = dirs.New(), db = dirs.New(), dc = dirs.New();
        var (ra, rb, rc) = (Dense(a, da), Dense(b, db), Dense(c, dc));
        using var initA = new FolderLevelStore(da).TryLoadRewind()!;
        using var initB = new FolderLevelStore(db).TryLoadRewind()!;
        using var initC = new FolderLevelStore(dc).TryLoadRewind()!;
        AssertSameWeights(initA, initB, same: true);    // the initialisation follows the init seed alone
        AssertSameWeights(initA, initC, same: false);   // another init seed: other weights
        int n = SmallImdb.Load().Train.Count;
        Assert.NotEqual(Batches.Plan(n, 32, true, a.Data, 0), Batches.Plan(n, 32, true, b.Data, 0));
        Assert.Equal(Batches.Plan(n, 32, true, a.Data, 0), Batches.Plan(n, 32, true, c.Data, 0));
        // the same start trained on another batch order (and dropout) ends elsewhere
        using var trainedA = new FolderLevelStore(da).TryLoad(0, Methods.Dense)!;
        using var trainedB = new FolderLevelStore(db).TryLoad(0, Methods.Dense)!;
        AssertSameWeights(trainedA.Trained, trainedB.Trained, same: false);
        Assert.NotEqual(ra.Training.Epochs[0].Train, rb.Training.Epochs[0].Train);
        Assert.NotNull(rc);
    }

    [Fact]
    public void TheRunSeedAloneKeepsTodaysDerivationAndName()
    {
        var plain = Bind(("seed", "3"));
        Assert.Equal(new RunSeeds(3, 3, 3), plain.Seeds());
        Assert.Equal(1234, plain.SplitData().SplitSeed);
        Assert.Equal("Pruning.ScoreWeights=Final\nSeed=3", RunIdentity.Canonical(plain)); // no seed line of its own
        // each seed set apart is in the identity, and a replicate group is the runs that differ in --seed alone
        var apart = Bind(("seed", "3"), ("init-seed", "5"), ("data-seed", "6"), ("vary-split", "true"));
        Assert.Equal(new RunSeeds(3, 5, 6), apart.Seeds());
        Assert.Contains("InitSeed=5", RunIdentity.Canonical(apart));
        Assert.Contains("DataSeed=6", RunIdentity.Canonical(apart));
        Assert.Contains("VarySplit=True", RunIdentity.Canonical(apart));
        Assert.Equal(RunIdentity.GroupKey(apart), RunIdentity.GroupKey(apart with { Seed = 4 }));
        Assert.NotEqual(RunIdentity.GroupKey(apart), RunIdentity.GroupKey(apart with { InitSeed = 4 }));
    }

    [Fact]
    public void VarySplitDrawsAnotherValidationSetPerSeedAndOtherwiseTheSplitIsShared()
    {
        IReadOnlyList<string> Validation(RunHparams h) =>
            ImdbDataset.Load(TestData.Fixtures, h.SplitData() with { MaxTrainExamples = 240, MaxEvalExamples = 120 }, null, TestData.ImdbFixturePerFolder)
                .Validation.Select(e => e.Text).ToList();
        var shared = Bind(("seed", "1"));
        Assert.Equal(Validation(shared), Validation(shared with { Seed = 2 }));
        var varied = Bind(("seed", "1"), ("vary-split", "true"));
        Assert.NotEqual(Validation(varied), Validation(varied with { Seed = 2 }));
        Assert.Equal(Validation(varied), Validation(varied with { InitSeed = 9 })); // the split follows the run seed, not the init seed
        Assert.Equal(SeedPolicy.Split(1234, 2, true), (varied with { Seed = 2 }).SplitData().SplitSeed);
    }
}
