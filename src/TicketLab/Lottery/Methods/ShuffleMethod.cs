using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>Ablation (Frankle et al. 2021): another method's mask shuffled within each tensor (same per-tensor counts, new positions),
/// trained from the same weights. The ticket's shuffle is <see cref="RandomPruneMethod"/> with its layer-matched scope.</summary>
public sealed class ShuffleMethod(PruneAtInitMethod of, Baselines flag) : PruneAtInitMethod
{
    public override string Name { get; } = of.Name + "-shuffle";

    public override Baselines? Baseline => flag;

    public override MaskAblation? Ablation(PruningHparams pruning) => new(of.Name, MaskAblation.Shuffle);

    public override bool NeedsSecondDerivatives => of.NeedsSecondDerivatives;

    protected override Mask Prune(LevelContext context, Mask dense, long count)
    {
        using var mask = of.MaskAt(context);
        return new RandomPruning(SeedPolicy.MethodMask(context.Seed, Name, context.Level)).Match(mask);
    }
}
