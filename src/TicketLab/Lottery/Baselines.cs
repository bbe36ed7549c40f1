namespace TicketLab.Lottery;

/// <summary>Which baselines are trained beside the ticket at every level.</summary>
[Flags]
public enum Baselines
{
    None = 0,
    /// <summary>A random mask with the ticket's per-tensor sparsity, trained from the same rewind weights.</summary>
    RandomPrune = 1,
}
