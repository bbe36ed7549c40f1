using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>A shared dense level as one run reads it: its training, trained weights, the rewind weights at the run's step and the
/// end-of-training weights when they differ from the best epoch's and were kept.</summary>
public sealed record SharedDenseLevel(TrainingResult Training, WeightSnapshot Trained, WeightSnapshot Rewind, WeightSnapshot? Final = null) : IDisposable
{
    public void Dispose()
    {
        Trained.Dispose();
        Rewind.Dispose();
        Final?.Dispose();
    }
}
