namespace TicketLab.Store;

/// <summary>How long a lease lives without a heartbeat before another worker takes the unit over, and how often its holder renews it.</summary>
public sealed record LeasePolicy(TimeSpan Timeout, TimeSpan HeartbeatEvery)
{
    /// <summary>Two minutes, renewed every 20 seconds: a busy store or a slow epoch never loses a live lease.</summary>
    public static LeasePolicy Default { get; } = new(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(20));
}
