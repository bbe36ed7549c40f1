namespace TicketLab.Hparams;

/// <summary>Checks libtorch's intra-op thread count before anything runs: libtorch aborts on 0 or less, and thousands of threads swamp the machine.</summary>
public static class ThreadCount
{
    /// <summary>Returns <paramref name="threads"/> when null (all cores) or between 1 and the processor count.</summary>
    /// <exception cref="SettingsException">Outside that range, naming <paramref name="key"/>.</exception>
    public static int? Validate(int? threads, string key = "--threads") =>
        threads is null || (threads >= 1 && threads <= Environment.ProcessorCount) ? threads
        : throw new SettingsException($"{key} must be between 1 and {Environment.ProcessorCount}, this machine's processor count (got {threads})");
}
