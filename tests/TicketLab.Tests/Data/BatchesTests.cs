using TicketLab.Data;

namespace TicketLab.Tests.Data;

public sealed class BatchesTests
{
    [Fact]
    public void Plan_covers_every_index_once_per_epoch_and_is_reproducible()
    {
        var plan = Batches.Plan(count: 103, batchSize: 10, shuffle: true, seed: 5, epoch: 2);
        Assert.Equal(11, plan.Count);
        Assert.All(plan.Take(10), b => Assert.Equal(10, b.Length));
        Assert.Equal(3, plan[^1].Length);
        Assert.Equal(Enumerable.Range(0, 103), plan.SelectMany(b => b).Order());

        Assert.Equal(plan, Batches.Plan(103, 10, true, seed: 5, epoch: 2));
        Assert.NotEqual(plan, Batches.Plan(103, 10, true, seed: 5, epoch: 3));
        Assert.NotEqual(plan, Batches.Plan(103, 10, true, seed: 6, epoch: 2));
        Assert.NotEqual(Enumerable.Range(0, 103), plan.SelectMany(b => b));
    }

    [Fact]
    public void Plan_without_shuffle_is_in_order()
    {
        var plan = Batches.Plan(5, 2, shuffle: false, seed: 1, epoch: 9);
        Assert.Equal([[0, 1], [2, 3], [4]], plan);
        Assert.Empty(Batches.Plan(0, 4, true, 1, 0));
    }

    [Fact]
    public void Collate_pads_to_the_longest_row_or_the_minimum()
    {
        var split = new EncodedSplit([[5, 6, 7], [8], [9, 10, 11, 12, 13, 14, 15]], [1, 0, 1]);
        using (var batch = Batches.Collate(split, [1, 0], minLength: 5))
        {
            Assert.Equal(2, batch.Size);
            Assert.Equal([2L, 5L], batch.Ids.shape);
            Assert.Equal(TorchSharp.torch.ScalarType.Int64, batch.Ids.dtype);
            long P = Vocabulary.PadId;
            Assert.Equal([8L, P, P, P, P, 5L, 6L, 7L, P, P], batch.Ids.data<long>().ToArray());
            Assert.Equal([0L, 1L], batch.Labels.data<long>().ToArray());
            Assert.Equal([1L, 3L], batch.Lengths.data<long>().ToArray());
        }
        using (var batch = Batches.Collate(split, [2, 1], minLength: 5))
        {
            Assert.Equal([2L, 7L], batch.Ids.shape);
            Assert.Equal([7L, 1L], batch.Lengths.data<long>().ToArray());
            Assert.Equal(Vocabulary.PadId, batch.Ids[1, 6].item<long>());
        }
    }
}
