namespace TicketLab.Store;

/// <summary>Where a unit stands: waiting (to be claimed, or for what it builds on), running under a lease, done, or failed.</summary>
public enum UnitState
{
    Waiting,
    Running,
    Done,
    Failed,
}
