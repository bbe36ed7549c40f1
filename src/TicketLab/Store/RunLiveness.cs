using System.Diagnostics;

namespace TicketLab.Store;

/// <summary>Tells a run that is still going from one recorded as running whose process has gone (partial).</summary>
public static class RunLiveness
{
    /// <summary>Without a process to ask (another host, or a run indexed from files), a run silent this long counts as partial.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(2);

    public static RunState Effective(RunRecord run, DateTimeOffset now)
    {
        if (run.State != RunState.Running) return run.State;
        if (run.Pid is { } pid && string.Equals(run.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
            return IsAlive(pid, run.Started) ? RunState.Running : RunState.Partial;
        return now - run.Heartbeat > StaleAfter ? RunState.Partial : RunState.Running;
    }

    /// <summary>Whether process <paramref name="pid"/> of this host is alive and is the one that started by <paramref name="runStarted"/>.</summary>
    public static bool IsAlive(int pid, DateTimeOffset runStarted)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited) return false;
            // A recycled pid belongs to a process that started after our run did.
            return p.StartTime.ToUniversalTime() <= runStarted.UtcDateTime + TimeSpan.FromSeconds(5);
        }
        catch (ArgumentException) { return false; }          // no such process
        catch (InvalidOperationException) { return false; }  // exited while we looked
        catch (System.ComponentModel.Win32Exception) { return true; } // exists, but not ours to inspect
    }
}
