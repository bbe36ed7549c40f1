using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>How a lottery run prunes between levels.</summary>
public sealed record PruningHparams(
    PruningScope Scope = PruningScope.Global,
    double Rate = 0.2,                 // fraction of the remaining prunable weights removed per level
    int Levels = 5,
    RewindPoint Rewind = default,      // step 0 = the original initialisation
    PrunableSet Prunable = PrunableSet.Default,
    Baselines Baselines = Baselines.RandomPrune)
{
    /// <summary>Throws a clear error for settings no run can use.</summary>
    public void Validate()
    {
        if (!(Rate > 0 && Rate < 1)) throw new ArgumentException($"--rate must be between 0 and 1 exclusive (got {Rate}); e.g. --rate 0.2 prunes 20% of the remaining weights per level");
        if (Levels < 0) throw new ArgumentException($"--levels must be at least 1 for a lottery run (got {Levels})");
    }

    /// <summary>The strategy this scope names.</summary>
    public IPruningStrategy Strategy() => Scope == PruningScope.Global ? new GlobalMagnitudePruning() : new LayerwiseMagnitudePruning();
}
