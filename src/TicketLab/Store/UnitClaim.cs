using TicketLab.Lottery;

namespace TicketLab.Store;

/// <summary>A unit this worker holds a lease on; <see cref="TakenOver"/> when its last holder died or went silent (it resumes from
/// that holder's checkpoint).</summary>
public sealed record UnitClaim(string Run, LevelUnit Unit, LeaseHolder Holder, DateTimeOffset Since, bool TakenOver)
{
    public override string ToString() => $"{Run} {Unit}";
}
