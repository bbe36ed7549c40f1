namespace TicketLab.Runs;

/// <summary>What a worker did: units it trained, units of the study not done when it returned (failed ones among them), and whether a
/// stop request ended it early (its unit went back to waiting, to resume from its checkpoint).</summary>
public sealed record WorkerOutcome(int Trained, int Left, int Failed, bool Stopped)
{
    /// <summary>The first failure it saw, kept for the caller to report (null: none).</summary>
    public Exception? FirstError { get; init; }

    /// <summary>The exit code of a worker stopped on request with work left; a Slurm task requeues itself on it.</summary>
    public const int StoppedExitCode = 3;

    /// <summary>The <c>ticketlab worker</c> exit code: 0 all done, 1 units failed, 3 stopped with work left.</summary>
    public int ExitCode => Stopped ? StoppedExitCode : Failed > 0 || Left > 0 ? 1 : 0;
}
