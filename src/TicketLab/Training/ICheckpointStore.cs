namespace TicketLab.Training;

/// <summary>Keeps the latest checkpoint of one training run; a missing, partial or corrupt one reads as none.</summary>
public interface ICheckpointStore
{
    TrainingCheckpoint? TryLoad();
    void Save(TrainingCheckpoint checkpoint);
    void Clear();
}
