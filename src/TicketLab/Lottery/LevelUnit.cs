namespace TicketLab.Lottery;

/// <summary>One (level, method) of a lottery run: what one worker claims and trains; its run is the run folder's name.</summary>
public sealed record LevelUnit(int Level, string Method)
{
    public override string ToString() => $"level {Level} {Method}";
}
