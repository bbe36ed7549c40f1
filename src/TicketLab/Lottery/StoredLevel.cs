using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>A finished level read back from a store; disposing it frees its mask and weights.</summary>
public sealed record StoredLevel(LevelResult Result, Mask Mask, WeightSnapshot Trained) : IDisposable
{
    public void Dispose()
    {
        Mask.Dispose();
        Trained.Dispose();
    }
}
