namespace TicketLab.Hparams;

/// <summary>Checks libtorch's intra-op thread count before anything runs: libtorch aborts on 0 or less, and thousands of threads swamp the machine.</summary>
public static class ThreadCount
{
    /// <summary>Returns <paramref name="threads"/> when null (all cores) or between 1 and the processor count.</summary>
    /// <exception cref="SettingsException">Outside that range, naming <paramref name="key"/>.</exception>
    public static int? Validate(int? threads, string key = "--threads") =>
        threads is null || (threads >= 1 && threads <= Environment.ProcessorCount) ? threads
        : throw new SettingsException($"{key} must be between 1 and {Environment.ProcessorCount}, this machine's processor count (got {threads})");

    /// <summary>The variable Slurm sets to the CPUs it gave each task.</summary>
    public const string SlurmVariable = "SLURM_CPUS_PER_TASK";

    /// <summary>The threads of one of <paramref name="workers"/> workers sharing this process's CPUs: <paramref name="threads"/> when given,
    /// else what Slurm gave the task (<see cref="SlurmVariable"/>), else all cores, divided among the workers (at least 1 each).</summary>
    public static int ForWorker(int? threads, int workers = 1, string key = "--threads")
    {
        if (Validate(threads, key) is { } given) return given;
        int cpus = int.TryParse(Environment.GetEnvironmentVariable(SlurmVariable), out var slurm) && slurm >= 1
            ? Math.Min(slurm, Environment.ProcessorCount)
            : Environment.ProcessorCount;
        return Math.Max(1, cpus / Math.Max(1, workers));
    }
}
