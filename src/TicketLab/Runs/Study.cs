namespace TicketLab.Runs;

/// <summary>Runs every cell of a study file under each of its seeds, skipping what is done, then summarises replicate groups.</summary>
public sealed class Study(StudyFile file, ExperimentOptions options)
{
    /// <summary>Validates every cell, then runs them in order: a finished run is read back (its data not loaded, its record and start
    /// time untouched), an unfinished one resumes, and one another process is training stops the study with <see cref="RunBusyException"/>.</summary>
    public IReadOnlyList<ExperimentOutcome> Run(Action<int, int, Experiment>? onCell = null)
    {
        var experiments = file.Runs().Select(h => new Experiment(h, options)).ToList();
        foreach (var e in experiments) e.Validate();
        var outcomes = new List<ExperimentOutcome>();
        for (int i = 0; i < experiments.Count; i++)
        {
            onCell?.Invoke(i + 1, experiments.Count, experiments[i]);
            outcomes.Add(experiments[i].Run());
        }
        if (file.Seeds.Count > 1)
            foreach (var cell in file.Cells) new Replicates(cell, file.Seeds, options).Run(); // all seeds are done: this only writes the summaries
        return outcomes;
    }
}
