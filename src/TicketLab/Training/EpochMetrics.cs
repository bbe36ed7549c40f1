namespace TicketLab.Training;

/// <summary>One epoch of training: the running train metrics, the validation metrics after it, and its wall time.</summary>
public sealed record EpochMetrics(int Epoch, Metrics Train, Metrics Validation, double Seconds);
