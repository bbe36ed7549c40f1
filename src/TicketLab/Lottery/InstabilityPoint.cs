using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>One point of the linear path between two trained copies: weights (1 − α)·A + α·B and their validation metrics.</summary>
public sealed record InstabilityPoint(double Alpha, Metrics Validation)
{
    /// <summary>1 − accuracy.</summary>
    public double Error => 1 - Validation.Accuracy;
}
