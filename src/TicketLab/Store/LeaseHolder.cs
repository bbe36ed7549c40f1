namespace TicketLab.Store;

/// <summary>Who holds a lease: the host and process (so a dead process on the same host is seen at once) and the worker within it.</summary>
public sealed record LeaseHolder(string Host, int Pid, string Owner)
{
    /// <summary>A new worker of this process.</summary>
    public static LeaseHolder NewWorker() => new(Environment.MachineName, Environment.ProcessId, Guid.NewGuid().ToString("N"));
}
