using TicketLab.Hparams;
using TicketLab.Lottery;

namespace TicketLab.Runs;

/// <summary>What one kind of run (lottery, transfer, …) does; <see cref="RunLifecycle"/> does everything around it, the same for every kind.</summary>
public interface IRunBody
{
    string RunName { get; }

    string RunDir { get; }

    /// <summary>The settings the results store records for the run.</summary>
    RunHparams Hparams { get; }

    /// <summary>Runs that differ only in their seed share it (the report's replicate groups).</summary>
    string GroupKey { get; }

    /// <summary>What run.json holds beside name, kind, group key, canonical settings and hparams.</summary>
    IReadOnlyDictionary<string, object?> Provenance { get; }

    /// <summary>Every (level, method) a finished run holds, in order: with all of them stored and status done, nothing is loaded.</summary>
    IReadOnlyList<(int Level, string Method)> Plan { get; }

    /// <summary>Rejects unknown names and impossible settings before anything is read or written.</summary>
    void Validate();

    /// <summary>Reads the inputs (data, source run); a user error here leaves nothing written.</summary>
    void Prepare(Action<string> log);

    /// <summary>Trains what is not stored yet; levels go to the context's store and observer.</summary>
    RunResults Execute(RunContext context);

    /// <summary>Trains one unit a worker claimed (what it builds on is finished); kinds of run that are not split into units refuse.</summary>
    LevelResult ExecuteUnit(RunContext context, LevelUnit unit) =>
        throw new NotSupportedException($"run {RunName} is not trained unit by unit; run it whole");

    /// <summary>The results table of finished levels, as the CLI prints it.</summary>
    string Table(IReadOnlyList<LevelResult> levels);
}

/// <summary>What a run body works with: its level store and the observer that records each finished level.</summary>
public sealed record RunContext(Store.FolderLevelStore Store, ILotteryObserver Observer, Action<string> Log);

/// <summary>A body's finished work: its levels, results.md, results.csv and the Markdown the CLI prints.</summary>
public sealed record RunResults(IReadOnlyList<LevelResult> Levels, string Page, string Csv, string Markdown);
