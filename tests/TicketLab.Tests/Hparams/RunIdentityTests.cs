using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Training;

namespace TicketLab.Tests.Hparams;

public class RunIdentityTests
{
    // scoring the best epoch, as every run did before --score-weights: the settings the pinned name was made with
    private static RunHparams Defaults() => new(new DataHparams(), new ModelHparams(), new TrainingHparams(), new PruningHparams(ScoreWeights: ScoreWeights.Best));

    [Fact]
    public void DefaultsHaveAnEmptyCanonicalFormAndAPinnedName()
    {
        Assert.Equal("", RunIdentity.Canonical(Defaults()));
        // pinned: changing how names are computed would orphan every existing run folder
        Assert.Equal("imdb-cnn-e3b0c44298", RunIdentity.Name(Defaults()));
    }

    [Fact]
    public void OnlyNonDefaultHparamsAppearAndOrderIsCanonical()
    {
        var h = Defaults() with { Seed = 3, Pruning = new PruningHparams(Rate: 0.3, Rewind: RewindPoint.Parse("500it"), ScoreWeights: ScoreWeights.Best) };
        Assert.Equal("Pruning.Rate=0.3\nPruning.Rewind=500it\nSeed=3", RunIdentity.Canonical(h));
        Assert.Equal(RunIdentity.Name(h), RunIdentity.Name(Defaults() with { Pruning = new PruningHparams(Rewind: RewindPoint.Parse("500it"), Rate: 0.3, ScoreWeights: ScoreWeights.Best), Seed = 3 }));
        Assert.NotEqual(RunIdentity.Name(h), RunIdentity.Name(h with { Seed = 4 }));
    }

    [Fact]
    public void ReplicatesShareAGroupKeyButNotAName()
    {
        var a = Defaults() with { Seed = 2, Pruning = Defaults().Pruning with { Rate = 0.3 } };
        var b = a with { Seed = 3 };
        Assert.Equal(RunIdentity.GroupKey(a), RunIdentity.GroupKey(b));
        Assert.NotEqual(RunIdentity.Name(a), RunIdentity.Name(b));
        Assert.NotEqual(RunIdentity.GroupKey(a), RunIdentity.GroupKey(Defaults()));
    }
}
