using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>A store that keeps nothing (tests, throwaway runs).</summary>
public sealed class NoLevelStore : ILevelStore
{
    public StoredLevel? TryLoad(int level, string method) => null;
    public void Save(int level, string method, LevelResult result, Mask mask, WeightSnapshot trained, WeightSnapshot? final = null) { }
    public WeightSnapshot? TryLoadRewind() => null;
    public void SaveRewind(WeightSnapshot weights) { }
    public ICheckpointStore? Checkpoints(int level, string method) => null;
}
