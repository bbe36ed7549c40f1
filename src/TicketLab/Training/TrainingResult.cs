namespace TicketLab.Training;

/// <summary>A finished training: every epoch, the epoch kept (lowest validation loss) and its test metrics.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, int BestEpoch, Metrics Test, double Seconds)
{
    /// <summary>The epoch selected by validation loss (the study's "best").</summary>
    public EpochMetrics Best => Epochs.First(e => e.Epoch == BestEpoch);
}
