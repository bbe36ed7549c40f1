using System.Text.Json;
using TicketLab.Hparams;

namespace TicketLab.Store;

/// <summary>One run as the results store knows it: who it is, its settings, and where it stands.</summary>
public sealed record RunRecord(
    string Name,
    string GroupKey,                    // replicates that differ only in seed share it
    string Dataset,
    string Model,
    int Seed,
    string Canonical,                   // RunIdentity.Canonical: the non-default hparams
    string HparamsJson,
    string Rewind,                      // the rewind point as written on the CLI: "0", "500it", "1ep"
    RunState State,
    string? Error,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    string? Host,                       // with Pid: lets a reader tell a live run from one whose process died
    int? Pid,
    DateTimeOffset Heartbeat)           // the last time anything was recorded
{
    /// <summary>A new running run on this host and process.</summary>
    public static RunRecord Start(RunHparams h, string name, DateTimeOffset now) => new(
        name, RunIdentity.GroupKey(h), h.Data.Dataset, h.Model.Name, h.Seed, RunIdentity.Canonical(h),
        JsonSerializer.Serialize(h), h.Pruning.Rewind.ToString(), RunState.Running, null, now, null,
        Environment.MachineName, Environment.ProcessId, now);

    /// <summary>The canonical hparams without the seed: what the replicates of a group share.</summary>
    public IEnumerable<string> SharedHparams() =>
        Canonical.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Seed=", StringComparison.Ordinal));
}
