using System.Runtime.ExceptionServices;

namespace TicketLab.Runs;

/// <summary>Runs every cell of a study file under each of its seeds, skipping what is done, then summarises replicate groups.</summary>
public sealed class Study(StudyFile file, ExperimentOptions options)
{
    private readonly ExperimentOptions options = options with { RewindSweep = file.RewindSweep() };

    /// <summary>Validates every cell, then trains the study's units with <see cref="ExperimentOptions.Workers"/> workers (claims in the
    /// store: other processes running the same study share the work), then reads every run back in order. A finished run is read back
    /// (its data not loaded, its record and start time untouched); the first failure is rethrown once nothing else is left to do.</summary>
    public IReadOnlyList<ExperimentOutcome> Run(Action<int, int, Experiment>? onCell = null)
    {
        var experiments = file.Runs().Select(h => new Experiment(h, options)).ToList();
        foreach (var e in experiments) e.Validate();
        var worked = StudyWorker.RunMany(file, options, options.Workers, stop: options.Stop);
        if (worked.FirstError is { } error) ExceptionDispatchInfo.Capture(error).Throw();
        options.Stop.ThrowIfCancellationRequested();
        var outcomes = new List<ExperimentOutcome>();
        for (int i = 0; i < experiments.Count; i++)
        {
            onCell?.Invoke(i + 1, experiments.Count, experiments[i]);
            outcomes.Add(ReadBack(experiments[i]));
        }
        if (file.Seeds.Count > 1)
            foreach (var cell in file.Cells) new Replicates(cell, file.Seeds, options).Run(); // all seeds are done: this only writes the summaries
        return outcomes;
    }

    // another process's worker may be writing the run up this moment (its exclusive lock): wait for it briefly
    private static ExperimentOutcome ReadBack(Experiment experiment)
    {
        for (int attempt = 1; ; attempt++)
        {
            try { return experiment.Run(); }
            catch (RunBusyException) when (attempt < 60) { Thread.Sleep(500); }
        }
    }
}
