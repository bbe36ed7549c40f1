using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Level 0: the unpruned network trained from its initialisation; its training captures the rewind weights.</summary>
public sealed class DenseMethod : LotteryMethod
{
    public const string Id = "dense";

    public override string Name => Id;

    public override bool ExtendsChain => true;

    public override bool Trains(int level, PruningHparams pruning) => level == 0;

    public override LevelStart Start(LevelContext context)
    {
        var mask = Mask.Dense(context.Model, context.Pruning.MaskedSet(context.Model));
        try
        {
            // level 0 is the first thing a run trains, so the model is still as created: its initialisation
            var init = WeightSnapshot.Of(context.Model);
            return new LevelStart(mask, init, 0) { CaptureRewindAt = context.RewindStep, Owned = [mask, init] };
        }
        catch
        {
            mask.Dispose();
            throw;
        }
    }
}
