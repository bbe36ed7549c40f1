using TicketLab.Pruning;

namespace TicketLab.Tests.Pruning;

public class RandomPruningTests
{
    [Fact]
    public void RandomMaskMatchesTheTicketPerTensorButNotItsPositions()
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var ticket = new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.6);
        using var random = new RandomPruning(seed: 3).Match(ticket);
        Assert.Equal(ticket.PerTensor(), random.PerTensor());
        long same = ticket.Tensors.Sum(t => t.Keep.eq(random[t.Name]).sum().item<long>());
        Assert.True(same < ticket.Total * 0.9, "random mask is (almost) the ticket's");
    }

    [Fact]
    public void SameSeedSameMaskOtherSeedOtherMask()
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var ticket = new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.5);
        using var a = new RandomPruning(11).Match(ticket);
        using var b = new RandomPruning(11).Match(ticket);
        using var c = new RandomPruning(12).Match(ticket);
        Assert.All(a.Tensors, t => TensorAssert.Equal(t.Keep, b[t.Name]));
        Assert.Contains(a.Tensors, t => !TensorAssert.Same(t.Keep, c[t.Name]));
    }
}
