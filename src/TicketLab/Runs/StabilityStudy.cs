using TicketLab.Hparams;
using TicketLab.Reporting;
using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>The instability analysis (<see cref="StabilityRun"/>) of every finished run of a study, and its summary per cell: the runs
/// that differ only in rewind point and seed (a rewind sweep's model), the barrier against the rewind point over seeds.</summary>
/// <remarks>
/// Each run is measured as `ticketlab stability --run` measures it (its own rewind point unless <see cref="StabilitySettings.Rewinds"/>
/// says otherwise; finished pairs skipped, so an interrupted call resumes). A run that is not finished yet (a study still running) is
/// left out and named in <see cref="StabilityStudyOutcome.Missing"/> and the summary; a rerun once it is done adds it. A study of
/// several rewind points takes no <c>--rewind</c>: each run is measured at its own point, its masks being found with it (Frankle et
/// al. 2020), and the dense network's pairs would otherwise be trained again by every run of the sweep.
/// The summary (outDir): stability.md and stability-barriers.csv (<see cref="StabilityTables.BarriersCsv"/>, beside the test accuracy
/// the runs' level files hold, as the report gives it from the store) and per cell a folder with <see cref="StabilityReport"/>'s files
/// over the cell's runs.
/// </remarks>
public sealed class StabilityStudy(StudyFile file, StabilitySettings settings, ExperimentOptions options)
{
    /// <summary>A run of the study: its cell's label, its folder and whether it is finished.</summary>
    public sealed record Member(string Dataset, string Cell, RunHparams Hparams, string RunDir, RunState? State)
    {
        public string Name => Path.GetFileName(RunDir);

        public bool Finished => State is RunState.Done;
    }

    /// <summary>Where the summary goes unless told: &lt;runs&gt;/stability/&lt;study name&gt; (no run folder: it has no run.json).</summary>
    public string DefaultDir => Path.Combine(options.RunsDir, StabilityFolder.Name, TableText.Slug(file.Name));

    /// <summary>Every run of the study in its order, each with its cell (dataset, model and the settings telling it from the
    /// dataset's other cells of that model; rewind point and seed left out).</summary>
    public IReadOnlyList<Member> Members()
    {
        var labels = new string[file.Cells.Count];
        foreach (var sameModel in file.Cells.Select((c, i) => (Cell: c, Index: i)).GroupBy(x => (x.Cell.Data.Dataset, x.Cell.Model.Name)))
            foreach (var (x, variant) in sameModel.Zip(StudySummary.Variants([.. sameModel.Select(x => x.Cell)])))
                labels[x.Index] = GroupSummary.CellLabelOf(ModelLabels.Of(x.Cell.Model.Name), variant);
        return [.. file.Cells.SelectMany((c, i) => file.Seeds.Select(s =>
        {
            var dir = Path.Combine(Path.GetFullPath(options.RunsDir), RunIdentity.Name(c with { Seed = s }));
            return new Member(c.Data.Dataset, labels[i], c with { Seed = s }, dir, Directory.Exists(dir) ? RunLifecycle.ReadState(dir) : null);
        }))];
    }

    /// <summary>Rejects what cannot be measured before anything is read or written: --rewind over a rewind sweep, a study with no
    /// finished run, levels a finished run does not have.</summary>
    public IReadOnlyList<StabilityRun> Validate() => Validate(Members());

    private List<StabilityRun> Validate(IReadOnlyList<Member> members)
    {
        if (settings.Rewinds is not null && file.RewindSweep().Count > 0)
            throw new SettingsException($"--rewind cannot be given with --study {file.Path}: it sweeps rewind points ({string.Join(", ", file.RewindSweep())}), " +
                                        "and each of its runs is measured at its own (its masks are found with it)");
        if (!members.Any(m => m.Finished))
            throw new UserException($"no run of study {file.Name} is finished in {Path.GetFullPath(options.RunsDir)} ({members.Count} runs): " +
                                    $"run it first (ticketlab run {file.Path} --runs-dir {options.RunsDir})");
        var runs = members.Where(m => m.Finished).Select(m => new StabilityRun(m.RunDir, settings, options)).ToList();
        foreach (var run in runs) run.Validate();
        return runs;
    }

    /// <summary>The test accuracy over <paramref name="runs"/> of the dense network (level 0) or the level's ticket, from their level files;
    /// null when none has it.</summary>
    private static Stat? TestAccuracy(IEnumerable<Member> runs, int level) =>
        Stat.Of(runs.Select(m => FolderLevelStore.TryReadResult(m.RunDir, level, Lottery.Methods.ChainAt(level)))
            .OfType<Lottery.LevelResult>().Select(r => r.Training.Test.Accuracy)) is { N: > 0 } s ? s : null;

    /// <summary>Measures every finished run (<paramref name="onRun"/> before each), then writes the summary to <paramref name="outDir"/>.</summary>
    public StabilityStudyOutcome Run(string outDir, Action<StabilityRun>? onRun = null)
    {
        var members = Members(); // once: a run finishing meanwhile waits for the next call
        var runs = Validate(members);
        var outcomes = new List<StabilityOutcome>();
        foreach (var run in runs)
        {
            options.Stop.ThrowIfCancellationRequested();
            onRun?.Invoke(run);
            outcomes.Add(run.Run());
        }
        var missing = members.Where(m => !m.Finished).Select(m => $"{m.Name} ({(m.State is { } s ? RunStates.Name(s) : Directory.Exists(m.RunDir) ? "no status" : "not started")})").ToList();
        var observations = members.Where(m => m.Finished).Zip(outcomes)
            .SelectMany(x => x.Second.Pairs.Select(p => new StabilityObservation(x.First.Dataset, x.First.Cell, x.First.Hparams.Pruning.Rewind.ToString(), p)))
            .ToList();
        var barriers = StabilityStats.Of(observations, (dataset, cell, rewind, level) => TestAccuracy(
            members.Where(m => m.Finished && m.Dataset == dataset && m.Cell == cell && m.Hparams.Pruning.Rewind.ToString() == rewind), level));

        outDir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(outDir);
        foreach (var cell in observations.GroupBy(o => (o.Dataset, o.Cell)))
            StabilityReport.Write(Path.Combine(outDir, TableText.Slug($"{cell.Key.Dataset}-{cell.Key.Cell}")), $"{cell.Key.Dataset}: {cell.Key.Cell}", StabilityStats.PlotPairs(cell));
        var markdown = $"# Instability: study {file.Name}\n\n" +
                       $"{outcomes.Count} of {members.Count} runs measured ({Path.GetFullPath(file.Path)}, runs in {Path.GetFullPath(options.RunsDir)}). " +
                       "Error barrier: the highest validation error on the straight path between two copies trained from the rewind point with " +
                       "different data orders, minus the mean of the two ends' (Frankle et al. 2020), in percentage points; mean ± std over seeds, " +
                       "95% Student-t CI. Each cell's tables and plots are in its folder.\n\n" +
                       (missing.Count == 0 ? "" : $"Not finished yet, left out (rerun once they are): {string.Join(", ", missing)}.\n\n") +
                       StabilityTables.Barriers(barriers).ToMarkdown();
        AtomicFile.WriteAllText(Path.Combine(outDir, "stability-barriers.csv"), StabilityTables.BarriersCsv(barriers).ToCsv());
        AtomicFile.WriteAllText(Path.Combine(outDir, "stability.md"), markdown);
        return new StabilityStudyOutcome(outDir, outcomes, missing, barriers, markdown);
    }
}
