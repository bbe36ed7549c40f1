using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>A random mask with the Erdős–Rényi-kernel layer budget (<see cref="ErkBudget"/>), drawn uniformly within each tensor.</summary>
public sealed class RandomErkMethod : PruneAtInitMethod
{
    public override string Name => "random-erk";

    public override Baselines? Baseline => Baselines.RandomErk;

    protected override Mask Prune(LevelContext context, Mask dense, long count) =>
        new RandomPruning(SeedPolicy.MethodMask(context.Seed, Name, context.Level)).Draw(dense, ErkBudget.Of(dense, count));
}
