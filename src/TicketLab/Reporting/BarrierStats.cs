namespace TicketLab.Reporting;

/// <summary>The error barrier of one (cell, rewind point, level, mask) over the seeds measured there, beside the network's test
/// accuracy at that rewind point and level where the store has it.</summary>
public sealed record BarrierStats(
    string Dataset,
    string Cell,
    string Rewind,                      // the rewind point the copies start from, as written
    long Step,
    double ShareOfTraining,
    int Level,                          // 0: the dense network
    string? MaskRewind,                 // the rewind point the ticket's mask was found with; null for the dense network
    Stat RemainingOfAll,
    Stat Barrier,                       // fractions (0.02 = 2 percentage points of error)
    IReadOnlyList<string> Runs,
    Stat? TestAccuracy)                 // the dense network's, or the ticket's found with this rewind point; null where none is stored
{
    /// <summary>"dense" at level 0, else "ticket".</summary>
    public string Method => Lottery.Methods.ChainAt(Level);
}
