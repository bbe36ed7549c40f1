using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

public class SeedPolicyTests
{
    [Fact]
    public void AKnownInputGivesTheDocumentedValue()
    {
        // computed outside .NET: first 8 bytes (little-endian, top bit cleared) of
        // sha256("ticketlab-seed/v1\n1\nrandom-prune/level/3") and sha256("ticketlab-seed/v1\n42\nvectors-oov")
        Assert.Equal(64841984872782765L, SeedPolicy.RandomPrune(1, 3));
        Assert.Equal(1378150723862735071L, SeedPolicy.Reinit(1, 3));
        Assert.Equal(3756502783298314303L, SeedPolicy.VectorsOov(42));
    }

    [Fact]
    public void DerivationIsDeterministicAndDiffersByPurposeIndexAndSeed()
    {
        Assert.Equal(SeedPolicy.Derive(7, SeedPurpose.RandomPrune, 2), SeedPolicy.Derive(7, SeedPurpose.RandomPrune, 2));
        var seeds = new[]
        {
            SeedPolicy.Derive(7, SeedPurpose.RandomPrune, 2), SeedPolicy.Derive(7, SeedPurpose.RandomPrune, 3),
            SeedPolicy.Derive(7, SeedPurpose.Reinit, 2), SeedPolicy.Derive(8, SeedPurpose.RandomPrune, 2),
            SeedPolicy.Derive(7, SeedPurpose.VectorsOov), SeedPolicy.Derive(7, SeedPurpose.RandomPrune),
        };
        Assert.Equal(seeds.Length, seeds.Distinct().Count());
        Assert.All(seeds, s => Assert.True(s >= 0));
    }

    [Fact]
    public void SplitMix64MatchesTheReferenceStream()
    {
        // reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c)
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.Next());
        Assert.Equal(0x06C45D188009454FUL, random.Next());
    }

    [Fact]
    public void RandomPruneMasksRepeatForTheSameLevelAndDifferForAnother()
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var ticket = new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.5);
        using var a = new RandomPruning(SeedPolicy.RandomPrune(1, 3)).MatchGlobal(ticket);
        using var b = new RandomPruning(SeedPolicy.RandomPrune(1, 3)).MatchGlobal(ticket);
        using var c = new RandomPruning(SeedPolicy.RandomPrune(1, 4)).MatchGlobal(ticket);
        Assert.All(a.Tensors, t => TensorAssert.Equal(t.Keep, b[t.Name]));
        Assert.Contains(a.Tensors, t => !TensorAssert.Same(t.Keep, c[t.Name]));
        Assert.Equal(ticket.Remaining, a.Remaining);
        Assert.Equal(ticket.Remaining, c.Remaining);
    }

    [Fact]
    public void MaskCountsAreExactPastFloatPrecision()
    {
        const long n = (1L << 24) + 3; // a float32 sum cannot represent this count
        using var mask = new Mask([("big", ones(n))]);
        Assert.Equal(n, mask.Remaining);
        Assert.Equal(n, mask.Total);
        Assert.Equal(0, mask.PerTensor()[0].Pruned);
        using var pruned = new Mask([("big", ones(n).index_put_(tensor(0f), tensor(new long[] { 5 })))]);
        Assert.Equal(n - 1, pruned.Remaining);
        Assert.Equal(1, pruned.PerTensor()[0].Pruned);
    }
}
