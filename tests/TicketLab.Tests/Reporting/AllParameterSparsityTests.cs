using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Reporting;
using TicketLab.Tests.Pruning;
using TicketLab.Training;

namespace TicketLab.Tests.Reporting;

/// <summary>"% of all parameters remaining" counts every parameter, the embedding included, whether or not it is prunable.</summary>
public class AllParameterSparsityTests
{
    // TextCNN, vocabulary 50, embedding 8, 4 filters of widths 3, 4, 5, 2 classes:
    // embedding 50 × 8 = 400; conv kernels 4·8·3 + 4·8·4 + 4·8·5 = 96 + 128 + 160 = 384; conv biases 3 × 4 = 12; fc 2 × 12 = 24; fc bias 2
    private const long All = 400 + 384 + 12 + 24 + 2; // 822

    private static readonly TrainingResult Trained = new([new EpochMetrics(0, new Metrics(0.5, 0.8), new Metrics(0.6, 0.7), 1)], 0, new Metrics(0.6, 0.7), 1);

    [Fact]
    public void TheCountsMatchTheModelsParameters()
    {
        using var model = new TextCnn(50, 2, new ModelHparams(EmbeddingDim: 8, Filters: 4), 7);
        Assert.Equal(All, model.Parameters().Sum(p => p.Parameter.numel()));
    }

    [Fact]
    public void WithTheEmbeddingUnprunedHalfThePrunableWeightsIsAQuarterOfAllParameters()
    {
        using var model = new TextCnn(50, 2, new ModelHparams(EmbeddingDim: 8, Filters: 4), 7);
        using var dense = Mask.Dense(model, PrunableSet.Default); // conv kernels and fc: 384 + 24 = 408
        using var mask = new LayerwiseMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.5); // 204 pruned
        var r = LevelTrainer.Describe(1, Methods.Ticket, mask, model, Trained);
        Assert.Equal(0.5, r.Sparsity, 12);
        Assert.Equal(204.0 / All, r.SparsityOfAll, 12);
        // the tables say so: 618 of 822 parameters remain (75.18%), half of the prunable weights
        var row = new ResultsTable("CNN", [r]).Display().Rows[0];
        Assert.Equal(["CNN", "ticket", "1", "75.18%", "50.00%"], row.Take(5));
        var footer = SparsityTable.From([r]).Footer!;
        Assert.Equal([TableText.AllRemaining, "", "75.18%"], footer[1]);
        Assert.Equal([TableText.PrunableRemaining, "", "50.00%"], footer[2]);
    }

    [Fact]
    public void WithEverythingPrunableBothFiguresAgree()
    {
        using var model = new TextCnn(50, 2, new ModelHparams(EmbeddingDim: 8, Filters: 4), 7);
        using var dense = Mask.Dense(model, PrunableSet.Default | PrunableSet.Embeddings | PrunableSet.Biases);
        Assert.Equal(All, dense.Total);
        // every tensor has an even count, so layer-wise 50% prunes exactly 411 of 822
        using var mask = new LayerwiseMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.5);
        var r = LevelTrainer.Describe(1, Methods.Ticket, mask, model, Trained);
        Assert.Equal(411.0 / All, r.SparsityOfAll, 12);
        Assert.Equal(r.Sparsity, r.SparsityOfAll, 12);
        Assert.Equal(["50.00%", "50.00%"], new ResultsTable("CNN", [r]).Display().Rows[0].Skip(3).Take(2));
    }

    [Fact]
    public void SmallSharesKeepThreeSignificantDigits()
    {
        Assert.Equal("1.15%", TableText.Share(0.0115292));
        Assert.Equal("0.0123%", TableText.Share(0.000123456));
        Assert.Equal("n/a", TableText.Share(double.NaN));
    }
}
