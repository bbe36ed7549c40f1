namespace TicketLab.Lottery;

/// <summary>Which trained weights a level's magnitudes are read from when the next mask is scored.</summary>
public enum ScoreWeights
{
    /// <summary>The epoch of lowest validation loss (TicketLab before this setting existed).</summary>
    Best,
    /// <summary>The weights at the end of training, as Frankle &amp; Carbin (2019) and open_lth prune.</summary>
    Final,
}
