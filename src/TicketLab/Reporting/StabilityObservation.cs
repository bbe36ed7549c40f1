using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>One measured instability pair placed in its study: the dataset, the cell (the settings its runs share but the rewind point
/// and the seed) and the rewind point its run's masks were found with.</summary>
public sealed record StabilityObservation(string Dataset, string Cell, string MaskRewind, StabilityPair Pair)
{
    /// <summary>Whether a ticket's mask was found with the rewind point its copies start from (Frankle et al.'s protocol); always for the dense network.</summary>
    public bool OwnRewind => Pair.Level == 0 || MaskRewind == Pair.Rewind;
}
