namespace TicketLab.Lottery;

/// <summary>One way to train a network at a level: where its mask, its start weights and its start step come from.</summary>
/// <remarks>A new method is one subclass in this folder, one line in <see cref="LotteryMethods.All"/> and a test of its start.</remarks>
public abstract class LotteryMethod
{
    /// <summary>The name in results, reports, the CLI, study files and the level's files (levels/LL/&lt;name&gt;.*).</summary>
    public abstract string Name { get; }

    /// <summary>The --baselines flag that switches this method on; null: every run with pruned levels trains it.</summary>
    public virtual Baselines? Baseline => null;

    /// <summary>Whether later levels build on this one: the ticket's chain (the dense network, then each level's ticket) or the
    /// method's own chain (<see cref="LevelContext.OwnPrevious"/>).</summary>
    /// <remarks>The ticket trains first at its level, as the baselines read its mask; the others are freed as soon as they are stored.</remarks>
    public virtual bool ExtendsChain => false;

    /// <summary>Whether a run of these settings trains this method at <paramref name="level"/>.</summary>
    public virtual bool Trains(int level, PruningHparams pruning) =>
        level >= 1 && level <= pruning.LevelCount && (Baseline is not { } flag || pruning.Baselines.HasFlag(flag));

    /// <summary>The mask this method ablates under these settings, or null when it is no ablation.</summary>
    public virtual MaskAblation? Ablation(PruningHparams pruning) => null;

    /// <summary>What to train at the context's level; the caller disposes it once the level is trained.</summary>
    public abstract LevelStart Start(LevelContext context);

    public override string ToString() => Name;
}
