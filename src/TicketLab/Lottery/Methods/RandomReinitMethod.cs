using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Baseline: the ticket's mask on a fresh initialisation drawn from another seed, trained over the whole schedule.</summary>
public sealed class RandomReinitMethod : LotteryMethod
{
    public const string Id = "random-reinit";

    public override string Name => Id;

    public override Baselines? Baseline => Baselines.RandomReinit;

    public override MaskAblation? Ablation(PruningHparams pruning) => new(TicketMethod.Id, MaskAblation.Reinit);

    public override LevelStart Start(LevelContext context)
    {
        var fresh = FreshWeights(context);
        // from step 0 whatever the rewind point: a fresh initialisation has learned nothing, so it gets the whole
        // schedule; starting it at a late-rewinding step would cut its training short and flatter the ticket
        return new LevelStart(context.TicketMask, fresh, 0) { Owned = [fresh] };
    }

    /// <summary>The fresh initialisation of the context's level, drawn from its own seed; the caller owns it.</summary>
    public static WeightSnapshot FreshWeights(LevelContext context)
    {
        using var model = context.CreateFresh(SeedPolicy.Reinit(context.Seed, context.Level));
        return WeightSnapshot.Of(model);
    }
}
