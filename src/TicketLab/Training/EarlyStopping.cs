namespace TicketLab.Training;

/// <summary>The early-stopping rule: stop once validation loss has not improved on its best for <c>patience</c> epochs.</summary>
public static class EarlyStopping
{
    /// <summary>
    /// Whether training should stop after the epochs so far. A pure function of the recorded epochs, so a run resumed from
    /// a checkpoint (which holds them) stops exactly where the uninterrupted run would.
    /// </summary>
    public static bool ShouldStop(IReadOnlyList<EpochMetrics> epochs, int? patience)
    {
        if (patience is not { } p || epochs.Count == 0) return false;
        int best = 0; // the first epoch of lowest loss, as the trainer keeps it (a tie is no improvement)
        for (int i = 1; i < epochs.Count; i++)
            if (epochs[i].Validation.Loss < epochs[best].Validation.Loss) best = i;
        return epochs.Count - 1 - best >= p;
    }

    /// <summary>
    /// How many of <paramref name="epochs"/> a run with <paramref name="patience"/> would have trained: the rule only truncates a
    /// deterministic run, so a run recorded without patience tells exactly where one with patience stops.
    /// </summary>
    public static int EpochsRun(IReadOnlyList<EpochMetrics> epochs, int? patience)
    {
        for (int k = 1; k < epochs.Count; k++)
            if (ShouldStop(epochs.Take(k).ToList(), patience)) return k;
        return epochs.Count;
    }
}
