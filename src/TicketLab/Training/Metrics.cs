namespace TicketLab.Training;

/// <summary>Mean cross-entropy and accuracy over a split.</summary>
public sealed record Metrics(double Loss, double Accuracy);
