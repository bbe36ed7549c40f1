namespace TicketLab.Lottery;

/// <summary>The early-bird stop rule (You et al. 2020): a FIFO of the last <paramref name="size"/> mask distances; the ticket is drawn
/// once the window is full and its largest distance is below <paramref name="threshold"/>.</summary>
public sealed class EarlyBirdWindow(int size, double threshold)
{
    private readonly int size = size >= 1 ? size : throw new ArgumentOutOfRangeException(nameof(size), size, "an early-bird window holds at least one distance");
    private readonly Queue<double> distances = new();

    /// <summary>The distances in the window, oldest first.</summary>
    public IReadOnlyCollection<double> Distances => distances;

    /// <summary>Takes the distance between the newest mask and the one before; true when the rule says to stop.</summary>
    public bool Add(double distance)
    {
        distances.Enqueue(distance);
        if (distances.Count > size) distances.Dequeue();
        return distances.Count == size && distances.Max() < threshold;
    }
}
