using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>Baseline: a random mask with the ticket's sparsity (per tensor, or overall by option; structured: as many random structures per
/// layer), trained from the same rewind weights.</summary>
public sealed class RandomPruneMethod : LotteryMethod
{
    public const string Id = "random-prune";

    public override string Name => Id;

    public override Baselines? Baseline => Baselines.RandomPrune;

    /// <summary>The ticket's shuffle when it draws as many weights per tensor as the ticket kept; a global draw or random structures
    /// change the per-layer budget too, so they ablate nothing alone.</summary>
    public override MaskAblation? Ablation(PruningHparams pruning) =>
        !pruning.IsStructured && pruning.RandomScope == RandomPruneScope.LayerMatched ? new(TicketMethod.Id, MaskAblation.Shuffle) : null;

    public override LevelStart Start(LevelContext context)
    {
        long seed = SeedPolicy.RandomPrune(context.Seed, context.Level);
        var random = new RandomPruning(seed);
        var mask = context.Strategy is StructuredPruning structured ? structured.RandomMatch(context.TicketMask, seed)
            : context.Pruning.RandomScope == RandomPruneScope.Global ? random.MatchGlobal(context.TicketMask) : random.Match(context.TicketMask);
        return new LevelStart(mask, context.RewindWeights, context.RewindStep) { Owned = [mask] };
    }
}
