namespace TicketLab.Lottery;

/// <summary>How an early-bird ticket was drawn: the mask distance at every check of the dense search, where it stopped, and its training
/// time against the full dense training of the same run.</summary>
/// <param name="Checks">every check of the search in order; the first has no distance (no mask before it).</param>
/// <param name="Drawn">whether the stop rule fired; false: the search ran to the end of the schedule (or of early stopping) and the
/// last check's mask is the ticket.</param>
/// <param name="StepsPerEpoch">optimiser steps in one epoch of the run.</param>
/// <param name="SearchSeconds">wall time of the dense search from the rewind point, mask checks included.</param>
/// <param name="DenseSeconds">wall time of the run's full dense training (level 0), as recorded.</param>
/// <param name="DenseSteps">optimiser steps the full dense training took.</param>
public sealed record EarlyBirdDraw(IReadOnlyList<EarlyBirdCheck> Checks, bool Drawn, int StepsPerEpoch, double SearchSeconds, double DenseSeconds, long DenseSteps)
{
    /// <summary>The step (of the dense schedule) whose mask became the ticket.</summary>
    public long Step => Checks[^1].Step;

    /// <summary>The epochs of dense training the ticket needed, e.g. 2.5.</summary>
    public double Epochs => (double)Step / StepsPerEpoch;

    /// <summary>The share of the full dense training's steps the ticket needed.</summary>
    public double StepShare => DenseSteps == 0 ? 1 : (double)Step / DenseSteps;
}

/// <summary>One check of an early-bird search: after <paramref name="Step"/> optimiser steps, the Hamming distance between the mask
/// magnitude pruning takes there and the one it took at the check before (null at the first check), and the search's seconds so far.</summary>
public sealed record EarlyBirdCheck(long Step, double? Distance, double Seconds);
