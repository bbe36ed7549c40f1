namespace TicketLab.Lottery;

/// <summary>Ablation (Frankle et al. 2021): another method's mask on a fresh initialisation, the same one
/// <see cref="RandomReinitMethod"/> draws at the level (the ticket's re-init), trained over the whole schedule.</summary>
public sealed class ReinitMethod(PruneAtInitMethod of, Baselines flag) : LotteryMethod
{
    public override string Name { get; } = of.Name + "-reinit";

    public override Baselines? Baseline => flag;

    public override MaskAblation? Ablation(PruningHparams pruning) => new(of.Name, MaskAblation.Reinit);

    /// <summary>The method whose mask this re-initialises.</summary>
    public PruneAtInitMethod Of => of;

    public override LevelStart Start(LevelContext context)
    {
        var mask = of.MaskAt(context);
        try
        {
            var fresh = RandomReinitMethod.FreshWeights(context);
            return new LevelStart(mask, fresh, 0) { Owned = [mask, fresh] };
        }
        catch
        {
            mask.Dispose();
            throw;
        }
    }
}
