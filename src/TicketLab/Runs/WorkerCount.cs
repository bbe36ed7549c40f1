namespace TicketLab.Runs;

/// <summary>How many in-process workers a study runs with when nobody says.</summary>
public static class WorkerCount
{
    /// <summary>Two workers of one thread each when the study has two runs or more and the machine two cores or more, else one with
    /// every thread: on 2 cores two workers finished a 10-unit study 1.22–1.28× sooner than one worker with both threads
    /// (docs/performance.md, #14); a single run mostly has one claimable unit at a time, so a second worker would idle.
    /// Not measured beyond 2 cores, hence at most 2.</summary>
    public static int Default(StudyFile study) =>
        Math.Max(1, Math.Min(Math.Min(2, Environment.ProcessorCount), study.Runs().Count()));
}
