using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Where a lottery run keeps finished levels, so a re-run skips them and an unfinished one is never reported.</summary>
public interface ILevelStore
{
    /// <summary>A finished level whose artefacts verify, or null (missing, partial or corrupt: recompute).</summary>
    StoredLevel? TryLoad(int level, string method);

    /// <summary>Persists a finished level; its result is written last so a crash leaves it unfinished.</summary>
    void Save(int level, string method, LevelResult result, Mask mask, WeightSnapshot trained);

    /// <summary>The weights training restarts from, once the dense run has produced them.</summary>
    WeightSnapshot? TryLoadRewind();

    void SaveRewind(WeightSnapshot weights);

    /// <summary>Where the unfinished training of a level keeps its per-epoch checkpoint (null: no checkpoints).</summary>
    ICheckpointStore? Checkpoints(int level, string method);
}

/// <summary>A finished level read back from a store; disposing it frees its mask and weights.</summary>
public sealed record StoredLevel(LevelResult Result, Mask Mask, WeightSnapshot Trained) : IDisposable
{
    public void Dispose()
    {
        Mask.Dispose();
        Trained.Dispose();
    }
}

/// <summary>A store that keeps nothing (tests, throwaway runs).</summary>
public sealed class NoLevelStore : ILevelStore
{
    public StoredLevel? TryLoad(int level, string method) => null;
    public void Save(int level, string method, LevelResult result, Mask mask, WeightSnapshot trained) { }
    public WeightSnapshot? TryLoadRewind() => null;
    public void SaveRewind(WeightSnapshot weights) { }
    public ICheckpointStore? Checkpoints(int level, string method) => null;
}
