using TicketLab.Hparams;
using TicketLab.Reporting;
using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>The same experiment under several seeds, then one table of mean ± standard deviation and the masks' overlap between seeds.</summary>
public sealed class Replicates(RunHparams hparams, IReadOnlyList<int> seeds, ExperimentOptions options)
{
    /// <summary>Where the combined tables go: named by the replicate group, shared by every seed's run.</summary>
    public string SummaryDir => Path.Combine(options.RunsDir, $"group-{RunIdentity.GroupKey(hparams)}");

    public IReadOnlyList<Experiment> Experiments { get; } = seeds.Select(s => new Experiment(hparams with { Seed = s }, options)).ToList();

    public void Validate() => Experiments[0].Validate();

    /// <summary>Runs (or resumes) every seed, then writes summary.md and summary.csv; returns the summary's Markdown.</summary>
    public string Run()
    {
        var outcomes = Experiments.Select(e => e.Run()).ToList();
        var label = Experiments[0].ModelLabel();
        var table = new ReplicateTable(label, seeds, ReplicateStats.Levels(outcomes.Select(o => (o.RunName, o.Levels))));
        var levels = outcomes[0].Levels.Where(l => l.Level > 0).Select(l => l.Level).Distinct().ToList();
        var stores = outcomes.Select(o => new FolderLevelStore(o.RunDir)).ToList();
        var markdown = table.ToMarkdown();
        Directory.CreateDirectory(SummaryDir);
        AtomicFile.WriteAllText(Path.Combine(SummaryDir, "summary.md"),
            $"# Replicates of {Experiments[0].RunName[..Experiments[0].RunName.LastIndexOf('-')]} over seeds {string.Join(", ", seeds)}\n\n" +
            $"Runs: {string.Join(", ", outcomes.Select(o => o.RunName))}\n\n{markdown}\n" +
            (levels.Count > 0 ? $"## Tickets of different seeds: mask overlap\n\n{MaskOverlapTable.BetweenSeeds(levels, stores.Select(s => (Func<int, string, TicketLab.Pruning.Mask?>)s.TryLoadMask).ToList()).ToMarkdown()}" : ""));
        AtomicFile.WriteAllText(Path.Combine(SummaryDir, "summary.csv"), table.ToCsv());
        return markdown;
    }
}
