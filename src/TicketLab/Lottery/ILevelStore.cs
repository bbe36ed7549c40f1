using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Where a lottery run keeps finished levels, so a re-run skips them and an unfinished one is never reported.</summary>
public interface ILevelStore
{
    /// <summary>A finished level whose artefacts verify, or null (missing, partial or corrupt: recompute).</summary>
    StoredLevel? TryLoad(int level, string method);

    /// <summary>Persists a finished level (with its final weights when a later level scores them and they differ from the best
    /// epoch's); its result is written last so a crash leaves it unfinished.</summary>
    void Save(int level, string method, LevelResult result, Mask mask, WeightSnapshot trained, WeightSnapshot? final = null);

    /// <summary>The weights training restarts from, once the dense run has produced them.</summary>
    WeightSnapshot? TryLoadRewind();

    void SaveRewind(WeightSnapshot weights);

    /// <summary>Where the unfinished training of a level keeps its per-epoch checkpoint (null: no checkpoints).</summary>
    ICheckpointStore? Checkpoints(int level, string method);
}
