namespace TicketLab.Training;

/// <summary>Mean cross-entropy and accuracy over a split.</summary>
public sealed record Metrics(double Loss, double Accuracy);

/// <summary>One epoch of training: the running train metrics, the validation metrics after it, and its wall time.</summary>
public sealed record EpochMetrics(int Epoch, Metrics Train, Metrics Validation, double Seconds);

/// <summary>A finished training: every epoch, the epoch kept (lowest validation loss) and its test metrics.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, int BestEpoch, Metrics Test, double Seconds)
{
    /// <summary>The epoch selected by validation loss (the study's "best").</summary>
    public EpochMetrics Best => Epochs.First(e => e.Epoch == BestEpoch);
}
