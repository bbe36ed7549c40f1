namespace TicketLab.Training;

/// <summary>Everything needed to continue a training run after a finished epoch exactly as if it had not stopped.</summary>
public sealed record TrainingCheckpoint(
    int NextEpoch,
    long Step,
    IReadOnlyList<EpochMetrics> Epochs,
    WeightSnapshot Model,
    WeightSnapshot Best,
    byte[] OptimizerState);

/// <summary>Keeps the latest checkpoint of one training run; a missing, partial or corrupt one reads as none.</summary>
public interface ICheckpointStore
{
    TrainingCheckpoint? TryLoad();
    void Save(TrainingCheckpoint checkpoint);
    void Clear();
}
