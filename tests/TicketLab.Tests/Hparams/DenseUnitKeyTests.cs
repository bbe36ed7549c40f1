using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Training;

namespace TicketLab.Tests.Hparams;

/// <summary>The dense unit's key: every setting but the pruning ones, and the data.</summary>
public sealed class DenseUnitKeyTests
{
    private static readonly RunHparams H = new(new DataHparams("ag_news"), new ModelHparams(), new TrainingHparams(), new PruningHparams());

    [Fact]
    public void PruningSettingsDoNotChangeTheKey()
    {
        var other = H with { Pruning = new PruningHparams(Scope: PruningScope.Layerwise, Rate: 0.5, Levels: 9, Rewind: RewindPoint.Parse("2ep"), Baselines: Baselines.None) };
        Assert.Equal(DenseUnitKey.Of(H, "d"), DenseUnitKey.Of(other, "d"));
        Assert.Matches("^[0-9a-f]{16}$", DenseUnitKey.Of(H, "d"));
    }

    [Fact]
    public void EveryOtherSettingTheSeedAndTheDataChangeTheKey()
    {
        var key = DenseUnitKey.Of(H, "d");
        Assert.NotEqual(key, DenseUnitKey.Of(H, "e"));
        Assert.NotEqual(key, DenseUnitKey.Of(H with { Seed = 2 }, "d"));
        Assert.NotEqual(key, DenseUnitKey.Of(H with { Training = H.Training with { Patience = 2 } }, "d"));
        Assert.NotEqual(key, DenseUnitKey.Of(H with { Model = H.Model with { EmbeddingDim = 50 } }, "d"));
        Assert.NotEqual(key, DenseUnitKey.Of(H with { Data = H.Data with { MaxLength = 100 } }, "d"));
        // defaults are part of the text, so a changed default gives a new unit
        Assert.Contains("Training.Epochs=5", DenseUnitKey.Canonical(H, "d"));
        Assert.DoesNotContain("Pruning.", DenseUnitKey.Canonical(H, "d"));
    }
}
