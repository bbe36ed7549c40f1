using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>Another process holds the run's lock: it is being trained there, so this process leaves it alone.</summary>
public sealed class RunBusyException(string runName, RunLock.Holder? holder)
    : UserException(holder is null
        ? $"run {runName} is being trained by another process (its lock is held); wait for it to finish or stop it"
        : $"run {runName} is being trained by pid {holder.Pid} on host {holder.Host} (since {holder.Since:yyyy-MM-dd HH:mm:ss} UTC); wait for it to finish or stop it")
{
    public string RunName { get; } = runName;
}
