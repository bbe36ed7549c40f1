using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>A random mask pruning every tensor at the same share (the level's sparsity), drawn uniformly within each tensor.</summary>
public sealed class RandomUniformMethod : PruneAtInitMethod
{
    public override string Name => "random-uniform";

    public override Baselines? Baseline => Baselines.RandomUniform;

    protected override Mask Prune(LevelContext context, Mask dense, long count) =>
        new RandomPruning(SeedPolicy.MethodMask(context.Seed, Name, context.Level)).Draw(dense, UniformBudget.Of(dense, count));
}
