using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Linear mode connectivity of two copies trained from one start: the error along the straight path between them and its barrier.</summary>
public sealed record InstabilityResult(TrainingResult CopyA, TrainingResult CopyB, IReadOnlyList<InstabilityPoint> Path)
{
    /// <summary>The error barrier (Frankle et al. 2020): the highest error along the path minus the mean of the two ends' errors;
    /// about 0 when the copies are linearly connected (the network is stable to the data order from its start).</summary>
    public double Barrier => BarrierOf(Path);

    /// <summary>The error barrier of a path from α = 0 to α = 1.</summary>
    public static double BarrierOf(IReadOnlyList<InstabilityPoint> path) => path.Max(p => p.Error) - (path[0].Error + path[^1].Error) / 2;
}
