namespace TicketLab.Reporting;

/// <summary>One epoch of a level's training curve, averaged over seeds.</summary>
public sealed record EpochStats(int Epoch, Stat TrainLoss, Stat TrainAccuracy, Stat ValidationLoss, Stat ValidationAccuracy);
