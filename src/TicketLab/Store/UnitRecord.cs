using TicketLab.Lottery;

namespace TicketLab.Store;

/// <summary>One unit as the store knows it: its state and, while running, who holds it since when.</summary>
public sealed record UnitRecord(
    string Run,
    LevelUnit Unit,
    LevelUnit? After,
    UnitState State,
    string? Host,
    int? Pid,
    DateTimeOffset? Since,
    DateTimeOffset? Heartbeat,
    int Attempts,
    string? Error);
