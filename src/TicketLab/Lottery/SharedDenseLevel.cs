using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>A shared dense level as one run reads it: its training, trained weights and the rewind weights at the run's step.</summary>
public sealed record SharedDenseLevel(TrainingResult Training, WeightSnapshot Trained, WeightSnapshot Rewind) : IDisposable
{
    public void Dispose()
    {
        Trained.Dispose();
        Rewind.Dispose();
    }
}
