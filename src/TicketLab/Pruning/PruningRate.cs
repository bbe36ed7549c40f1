namespace TicketLab.Pruning;

/// <summary>Validation and rounding of pruning rates, shared by every strategy so counts agree.</summary>
public static class PruningRate
{
    public static void Check(double rate)
    {
        if (!(rate > 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "pruning rate must be in (0, 1)");
    }

    /// <summary>How many of <paramref name="remaining"/> weights a rate prunes (nearest integer).</summary>
    public static long Count(long remaining, double rate) => (long)Math.Round(remaining * rate, MidpointRounding.AwayFromZero);
}
