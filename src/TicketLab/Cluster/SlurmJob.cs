using System.Text.RegularExpressions;
using TicketLab.Hparams;
using TicketLab.Runs;

namespace TicketLab.Cluster;

/// <summary>What a study's job array asks of Slurm: one array task per worker; a null setting is left to the cluster's default.</summary>
public sealed partial record SlurmJob
{
    /// <summary>Array indices run from 0 to <c>MaxArraySize - 1</c>, and Slurm's default MaxArraySize is 1001.</summary>
    public const int MaxWorkers = 1000;

    /// <summary>sbatch --signal takes at most 65535 seconds.</summary>
    public static readonly TimeSpan MaxSignalLead = TimeSpan.FromSeconds(65535);

    /// <summary>The lead when none is given: five minutes, at most a quarter of the time limit.</summary>
    public static readonly TimeSpan DefaultSignalLead = TimeSpan.FromMinutes(5);

    /// <summary>The job's name in squeue and in its output files' names.</summary>
    public string Name { get; init; } = "ticketlab";

    /// <summary>Array tasks, one worker each.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>At most this many tasks run at once (the array's <c>%</c> limit); null: as many as Slurm starts.</summary>
    public int? Throttle { get; init; }

    public string? Partition { get; init; }

    /// <summary>Each task's time limit; the requeued task gets a fresh one.</summary>
    public SlurmTime? Time { get; init; }

    /// <summary>CPUs per task, always written so every worker finds SLURM_CPUS_PER_TASK and sizes its threads by it.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>Memory per node as sbatch writes it: a number with an optional K, M, G or T suffix.</summary>
    public string? Mem { get; init; }

    /// <summary>Generic resources, e.g. <c>gpu:1</c> or <c>gpu:a100:2</c>.</summary>
    public string? Gres { get; init; }

    public string? Account { get; init; }

    public string? Qos { get; init; }

    /// <summary>How long before the time limit Slurm signals the worker to checkpoint and stop; null: <see cref="SignalLead"/>'s default.</summary>
    public SlurmTime? SignalBefore { get; init; }

    /// <summary>The signal's lead: as given, else five minutes or a quarter of the time limit, whichever is shorter.</summary>
    public TimeSpan SignalLead => SignalBefore?.Span
        ?? (Time is { } t && t.Span / 4 < DefaultSignalLead ? TimeSpan.FromSeconds(Math.Max(1, (int)(t.Span / 4).TotalSeconds)) : DefaultSignalLead);

    /// <summary>A job for <paramref name="study"/>: named after it, one worker per run (each run's levels form one chain of units).</summary>
    public static SlurmJob For(StudyFile study) => new()
    {
        Name = "ticketlab-" + NameUnsafe().Replace(study.Name, "-"),
        Workers = Math.Clamp(study.Runs().Count(), 1, MaxWorkers),
    };

    [GeneratedRegex(@"[^A-Za-z0-9_.\-]")]
    private static partial Regex NameUnsafe();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex NameList();

    [GeneratedRegex(@"^[0-9]+[KMGTkmgt]?$")]
    private static partial Regex Memory();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-]*(:[A-Za-z0-9_.\-]+)*(,[A-Za-z][A-Za-z0-9_.\-]*(:[A-Za-z0-9_.\-]+)*)*$")]
    private static partial Regex GresList();

    /// <summary>Rejects what sbatch would reject or misread (each value lands on an <c>#SBATCH</c> line), naming the option.</summary>
    /// <exception cref="SettingsException">The first bad setting.</exception>
    public SlurmJob Validate()
    {
        if (Workers is < 1 or > MaxWorkers) throw new SettingsException($"--workers must be between 1 and {MaxWorkers} (got {Workers})");
        if (Throttle is { } th && (th < 1 || th > Workers)) throw new SettingsException($"--throttle must be between 1 and --workers ({Workers}) (got {th})");
        if (CpusPerTask < 1) throw new SettingsException($"--cpus-per-task must be at least 1 (got {CpusPerTask})");
        Names(Partition, "--partition");
        Names(Account, "--account");
        Names(Qos, "--qos");
        if (Mem is { } mem && (!Memory().IsMatch(mem) || mem.TrimEnd('K', 'M', 'G', 'T', 'k', 'm', 'g', 't').All(c => c == '0')))
            throw new SettingsException($"--mem '{mem}' is not a memory size (a number above 0 with an optional K, M, G or T suffix, e.g. 4G)");
        if (Gres is { } gres && !GresList().IsMatch(gres))
            throw new SettingsException($"--gres '{gres}' is not a generic-resource list (name[:type][:count], comma-separated, e.g. gpu:1)");
        if (SignalLead > MaxSignalLead) throw new SettingsException($"--signal-before must be at most {MaxSignalLead.TotalSeconds:0} seconds (sbatch's limit)");
        if (Time is { } t && SignalLead >= t.Span)
            throw new SettingsException($"--signal-before ({new SlurmTime(SignalLead)}) must be shorter than --time ({t})");
        return this;
    }

    private static void Names(string? value, string option)
    {
        if (value is not null && !NameList().IsMatch(value))
            throw new SettingsException($"{option} '{value}' is not a Slurm name (letters, digits, '_', '.', '-', comma-separated)");
    }
}
