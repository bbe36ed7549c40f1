using TicketLab.Data;

namespace TicketLab.Tests.Data;

public sealed class StratifiedSplitTests
{
    // 3 classes of sizes 100, 50, 10, interleaved.
    private static readonly (int Id, int Label)[] Items =
        Enumerable.Range(0, 160).Select(i => (i, i < 100 ? 0 : i < 150 ? 1 : 2)).OrderBy(x => (x.i * 37) % 160).ToArray();

    [Fact]
    public void Split_holds_out_the_fraction_of_every_class_and_keeps_input_order()
    {
        var (kept, heldOut) = StratifiedSplit.Split(Items, x => x.Label, 0.3, seed: 7);
        Assert.Equal(30, heldOut.Count(x => x.Label == 0));
        Assert.Equal(15, heldOut.Count(x => x.Label == 1));
        Assert.Equal(3, heldOut.Count(x => x.Label == 2));
        Assert.Equal(160, kept.Count + heldOut.Count);
        Assert.Empty(kept.Intersect(heldOut));
        Assert.Equal(Items.Where(kept.Contains), kept);        // input order
        Assert.Equal(Items.Where(heldOut.Contains), heldOut);
    }

    [Fact]
    public void Split_depends_on_the_seed_only()
    {
        var a = StratifiedSplit.Split(Items, x => x.Label, 0.3, seed: 7).HeldOut;
        var b = StratifiedSplit.Split(Items, x => x.Label, 0.3, seed: 7).HeldOut;
        var c = StratifiedSplit.Split(Items, x => x.Label, 0.3, seed: 8).HeldOut;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Subsample_keeps_class_shares_and_is_seeded()
    {
        var sub = StratifiedSplit.Subsample(Items, x => x.Label, 16, seed: 3);
        Assert.Equal(16, sub.Count);
        Assert.Equal(10, sub.Count(x => x.Label == 0));
        Assert.Equal(5, sub.Count(x => x.Label == 1));
        Assert.Equal(1, sub.Count(x => x.Label == 2));
        Assert.Equal(sub, StratifiedSplit.Subsample(Items, x => x.Label, 16, seed: 3));
        Assert.NotEqual(sub, StratifiedSplit.Subsample(Items, x => x.Label, 16, seed: 4));
        Assert.Equal(Items.Where(sub.Contains), sub);
        Assert.Same(Items, StratifiedSplit.Subsample(Items, x => x.Label, null, seed: 3));
        Assert.Equal(7, StratifiedSplit.Subsample(Items, x => x.Label, 7, seed: 3).Count);   // rounding still exact
    }

    [Fact]
    public void Bad_fraction_is_a_data_error()
    {
        Assert.Throws<DataException>(() => StratifiedSplit.FromTrainTest("x", [], [], ["a"], new DataHparams(ValidationFraction: 1.0)));
        Assert.Throws<DataException>(() => StratifiedSplit.FromTrainTest("x", [], [], ["a"], new DataHparams(MaxTrainExamples: 0)));
    }
}
