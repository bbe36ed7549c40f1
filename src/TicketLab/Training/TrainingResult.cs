namespace TicketLab.Training;

/// <summary>A finished training: every epoch run, the epoch kept (lowest validation loss), its test metrics, and whether early stopping ended it.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, int BestEpoch, Metrics Test, double Seconds, bool StoppedEarly = false)
{
    /// <summary>The epoch selected by validation loss (the study's "best").</summary>
    public EpochMetrics Best => Epochs.First(e => e.Epoch == BestEpoch);
}
