using System.Globalization;
using TicketLab.Store;

namespace TicketLab.Reporting;

/// <summary>Every unit (run, level, method) the store's workers share: done, running (host, pid, since, last heartbeat), waiting, or failed.</summary>
public static class UnitsTable
{
    public static ReportTable From(ResultsStore store, DateTimeOffset now) => new(
        ["Run", "Level", "Method", "State", "Attempts", "Error"],
        store.Units().Select(u => (IReadOnlyList<string>)[
            u.Run, u.Unit.Level.ToString(CultureInfo.InvariantCulture), u.Unit.Method, State(u, now),
            u.Attempts.ToString(CultureInfo.InvariantCulture), u.Error ?? ""]).ToList());

    private static string State(UnitRecord u, DateTimeOffset now) => u.State switch
    {
        UnitState.Running => $"running ({u.Host} pid {u.Pid}, since {Time(u.Since)} UTC, heartbeat {(int)(now - (u.Heartbeat ?? now)).TotalSeconds} s ago)",
        UnitState.Waiting when u.After is { } after => $"waiting (after level {after.Level} {after.Method})",
        _ => u.State.ToString().ToLowerInvariant(),
    };

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?";
}
