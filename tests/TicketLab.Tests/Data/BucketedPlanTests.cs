using TicketLab.Data;
using TicketLab.Tests.Training;

namespace TicketLab.Tests.Data;

public sealed class BucketedPlanTests
{
    private static long PaddedTokens(EncodedSplit split, IEnumerable<int[]> plan) =>
        plan.Sum(b => (long)b.Length * b.Max(i => split.Ids[i].Length));

    [Fact]
    public void CoversEveryExampleOnceIsReproducibleAndPadsLess()
    {
        var train = SmallImdb.LoadUntruncated().Train;
        var plan = Batches.BucketedPlan(train, batchSize: 16, seed: 3, epoch: 1, poolBatches: 5);
        Assert.Equal(Enumerable.Range(0, train.Count), plan.SelectMany(b => b).Order());
        Assert.Equal(plan, Batches.BucketedPlan(train, 16, 3, 1, 5));
        Assert.NotEqual(plan, Batches.BucketedPlan(train, 16, 3, 2, 5));

        long bucketed = PaddedTokens(train, plan);
        long plain = PaddedTokens(train, Batches.Plan(train.Count, 16, shuffle: true, seed: 3, epoch: 1));
        long real = train.Ids.Sum(ids => (long)ids.Length);
        Assert.True(bucketed < plain, $"bucketing padded {bucketed} tokens, plain batching {plain}");
        Assert.True(bucketed >= real);
    }

    [Fact]
    public void EvaluationPlanIsSortedByLengthAndComplete()
    {
        var validation = SmallImdb.LoadUntruncated().Validation;
        var plan = Batches.EvaluationPlan(validation, batchSize: 32);
        var flat = plan.SelectMany(b => b).ToList();
        Assert.Equal(Enumerable.Range(0, validation.Count), flat.Order());
        Assert.True(flat.Select(i => validation.Ids[i].Length).Zip(flat.Skip(1).Select(i => validation.Ids[i].Length)).All(p => p.First <= p.Second));
    }
}
