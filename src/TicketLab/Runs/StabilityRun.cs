using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Reporting;
using TicketLab.Store;
using TicketLab.Training;

namespace TicketLab.Runs;

/// <summary>Instability analysis (<see cref="InstabilityAnalysis"/>, Frankle et al. 2020) of a finished run: for each rewind point and
/// level, two copies of the network (dense at level 0, else the level's ticket) trained from the dense training's weights at that point
/// with different data orders, and the validation error along the straight path between them; written to the run's stability/ folder.</summary>
/// <remarks>
/// The masks are the run's own, found with its rewind point. The weights at a rewind point are the run's rewind weights (its own point),
/// the initialisation (0), the shared dense level's (runs/units/) or, failing those, a replay of the dense training's first steps
/// (<see cref="Trainer.Replay"/>, bit-identical; cached in stability/). Each (rewind point, level) pair is written, checksummed, as soon as it is done (stability/pairs/), so a
/// rerun skips finished pairs; the tables and plots are rewritten from every pair the folder holds. Holds the run's lock while it works.
/// </remarks>
public sealed class StabilityRun(string runDir, StabilitySettings settings, ExperimentOptions options)
{
    private readonly RunHparams h = RecordedHparams.OfRun(runDir);

    public string RunName { get; } = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDir)));

    /// <summary>Where the analysis writes: the run's stability/ folder.</summary>
    public string Dir => StabilityFolder.Of(runDir);

    /// <summary>The rewind points measured: --rewind, else the run's own.</summary>
    public IReadOnlyList<RewindPoint> Rewinds => settings.Rewinds ?? [h.Pruning.Rewind];

    /// <summary>The levels measured: --levels, else the dense network and the run's last level.</summary>
    public IReadOnlyList<int> Levels => settings.Levels ?? [.. new[] { 0, h.Pruning.LevelCount }.Distinct()];

    /// <summary>Rejects an unfinished run and levels it does not have, before any data is read or anything written.</summary>
    public void Validate()
    {
        if (RunLifecycle.ReadState(runDir) is not RunState.Done)
            throw new UserException($"run {RunName} is not finished ({(RunLifecycle.ReadState(runDir) is { } s ? RunStates.Name(s) : "no status")}): its tickets are needed; finish the run first");
        foreach (var level in Levels)
            if (level < 0 || level > h.Pruning.LevelCount)
                throw new SettingsException($"--levels {level}: run {RunName} has levels 0 (dense) to {h.Pruning.LevelCount}");
    }

    /// <summary>Measures every pair not yet in the folder, then writes stability.csv, stability-summary.csv, stability.md and the two plots.</summary>
    public StabilityOutcome Run()
    {
        Validate();
        if (ThreadCount.Validate(options.Threads) is { } threads) TorchSharp.torch.set_num_threads(threads);
        using var held = RunLock.TryAcquire(runDir, out var holder) ?? throw new RunBusyException(RunName, holder);
        var log = options.Log ?? (_ => { });
        var data = new Experiment(h, options).LoadData();
        int stepsPerEpoch = new Trainer(h.Training).StepsPerEpoch(data.Train.Count);
        long total = (long)stepsPerEpoch * h.Training.Epochs;
        var points = Rewinds.Select(p => (Point: p, Step: p.ToSteps(stepsPerEpoch, h.Training.Epochs))).ToList();
        foreach (var (point, step) in points)
            if (step >= total) throw new SettingsException($"--rewind {point}: step {step} is not before the end of training (step {total}) of run {RunName}");
        if (points.GroupBy(p => p.Step).FirstOrDefault(g => g.Count() > 1) is { } same)
            throw new SettingsException($"--rewind {string.Join(" and ", same.Select(p => p.Point))} are the same step ({same.Key}) of run {RunName}");

        var seeds = h.Seeds();
        var todo = points.SelectMany(p => Levels.Select(level => (p.Point, p.Step, Level: level)))
            .Where(p => !IsDone(p.Step, p.Level, total, seeds.Data)).ToList();
        var store = new FolderLevelStore(runDir, log);
        var masks = new Dictionary<int, Mask>();
        var starts = new Dictionary<long, WeightSnapshot>();
        try
        {
            foreach (var level in todo.Select(p => p.Level).Where(l => l > 0).Distinct())
                masks[level] = store.TryLoadMask(level, Methods.Ticket) ?? throw new UserException($"run {RunName} has no readable ticket at level {level}");
            TextClassifier Create() => ModelRegistry.Create(h.Model, data.Vocab.Count, data.ClassNames.Count, seeds.Init, data.Vocab);
            if (todo.Count > 0) Directory.CreateDirectory(StabilityFolder.PairsDir(runDir));
            Starts(todo.Select(p => p.Step).Distinct().ToList(), starts, store, data, Create, log);

            using var model = Create();
            long all = model.Parameters().Sum(p => p.Parameter.numel());
            var analysis = new InstabilityAnalysis(h.Training, settings.Points, options.TrainingObserver);
            foreach (var (point, step, level) in todo)
            {
                options.Stop.ThrowIfCancellationRequested();
                var mask = level == 0 ? null : masks[level];
                log($"rewind {point} (step {step} of {total}), level {level}: two copies from the same start, different data orders");
                var r = analysis.Measure(model, data, starts[step], mask, step, seeds.Data);
                double remaining = mask is null ? 1 : 1 - (double)(mask.Total - mask.Remaining) / all;
                var pair = new StabilityPair(RunName, point.ToString(), step, total, level, remaining, seeds.Data, r.CopyA, r.CopyB, r.Path);
                AtomicFile.WriteAllText(StabilityFolder.PairPath(runDir, step, level), ChecksummedJson.Serialize(pair, FolderLevelStore.Json));
                log($"rewind {point}, level {level}: error barrier {TableText.Percent(pair.Barrier)}");
            }
        }
        finally
        {
            foreach (var mask in masks.Values) mask.Dispose();
            foreach (var start in starts.Values) start.Dispose();
        }

        var pairs = StabilityFolder.ReadPairs(runDir, log);
        var markdown = StabilityReport.Write(Dir, RunName, pairs);
        return new StabilityOutcome(Dir, pairs, todo.Count, points.Count * Levels.Count - todo.Count, markdown);
    }

    private string CachePath(long step) => Path.Combine(Dir, $"rewind-{step}.weights");

    /// <summary>Whether the pair is stored as this analysis would make it (same run, seed, schedule and number of points).</summary>
    private bool IsDone(long step, int level, long total, int seed) =>
        StabilityFolder.TryRead(StabilityFolder.PairPath(runDir, step, level), _ => { }) is { } p
        && p.Run == RunName && p.Seed == seed && p.TotalSteps == total && p.Path.Count == settings.Points;

    /// <summary>The weights at each rewind step: the initialisation, the run's own rewind weights, a cached or shared copy, or the
    /// dense training's first steps replayed, deterministic as the run's were.</summary>
    private void Starts(IReadOnlyList<long> steps, Dictionary<long, WeightSnapshot> starts, FolderLevelStore store, EncodedDataset data, Func<TextClassifier> create, Action<string> log)
    {
        if (steps.Count == 0) return;
        long own = h.Pruning.Rewind.ToSteps(new Trainer(h.Training).StepsPerEpoch(data.Train.Count), h.Training.Epochs);
        var unit = options.ShareLevels ? DenseUnitFolder.For(Path.GetDirectoryName(Path.GetFullPath(runDir))!, h, data, RunName) : null;
        var missing = new HashSet<long>();
        foreach (var step in steps)
        {
            WeightSnapshot? weights = null;
            if (step == 0)
                using (var init = create()) weights = WeightSnapshot.Of(init);
            if (weights is null && step == own) weights = store.TryLoadRewind();
            if (weights is null && File.Exists(CachePath(step)))
                try { weights = WeightSnapshot.Load(CachePath(step)); }
                catch (InvalidDataException) { } // torn: made again below
            if (weights is null && unit?.TryLoad(step) is { } shared)
                using (shared) weights = shared.Rewind.Clone();
            if (weights is null) missing.Add(step);
            else starts[step] = weights;
        }
        if (missing.Count == 0) return;
        log($"the run kept no weights at step {string.Join(", ", missing.Order())}: the dense training's first steps are replayed to reach {(missing.Count == 1 ? "it" : "each")}");
        Directory.CreateDirectory(Dir);
        var trainer = new Trainer(h.Training);
        foreach (var step in missing.Order())
        {
            options.Stop.ThrowIfCancellationRequested();
            using var model = create();
            trainer.Replay(model, data, new TrainingStart(h.Seeds().Data), step);
            using (var weights = WeightSnapshot.Of(model)) weights.Save(CachePath(step));
            starts[step] = WeightSnapshot.Load(CachePath(step));
        }
    }
}
