namespace TicketLab.Lottery;

/// <summary>Which baselines are trained beside the ticket at every level: each flag switches on the <see cref="LotteryMethod"/> whose
/// <see cref="LotteryMethod.Baseline"/> it is.</summary>
/// <remarks>The setting's type: run names hash its text ("random-prune,fine-tune"), so it stays a flags enum.</remarks>
[Flags]
public enum Baselines
{
    None = 0,
    /// <summary>A random mask with the ticket's sparsity (per tensor, or overall by option), trained from the same rewind weights.</summary>
    RandomPrune = 1,
    /// <summary>The ticket's mask on a fresh initialisation drawn from another seed.</summary>
    RandomReinit = 2,
    /// <summary>The pruned network trained on from its trained weights, without rewinding.</summary>
    FineTune = 4,
}
