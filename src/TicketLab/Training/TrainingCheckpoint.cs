namespace TicketLab.Training;

/// <summary>Everything needed to continue a training run after a finished epoch exactly as if it had not stopped.</summary>
public sealed record TrainingCheckpoint(
    int NextEpoch,
    long Step,
    IReadOnlyList<EpochMetrics> Epochs,
    WeightSnapshot Model,
    WeightSnapshot Best,
    byte[] OptimizerState);
