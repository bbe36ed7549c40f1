
namespace TicketLab.Store;

/// <summary>Replicates: the runs sharing a group key, i.e. the same hparams but the seed.</summary>
public sealed record RunGroup(string Key, string Dataset, string Model, string Rewind, IReadOnlyList<RunRecord> Runs)
{
    /// <summary>The canonical hparams the replicates share (seed left out).</summary>
    public IReadOnlyList<string> SharedHparams => Runs[0].SharedHparams().ToList();
}
