namespace TicketLab.Training;

/// <summary>Receives progress from a training run (progress bars, logs); must not alter training.</summary>
public interface ITrainingObserver
{
    void OnStep(int epoch, int batch, int batchesPerEpoch, double loss) { }
    void OnEpoch(EpochMetrics metrics) { }
}
