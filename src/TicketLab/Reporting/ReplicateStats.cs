using TicketLab.Lottery;
using TicketLab.Store;
using TicketLab.Training;

namespace TicketLab.Reporting;

/// <summary>The one aggregation of replicate seeds: every (level, method) of a group's runs as <see cref="Stat"/>s, in the study's order.</summary>
/// <remarks>Used by the report (levels read from the store), the study summary and a replicate group's summary (levels just trained),
/// so the three can never disagree on what "mean ± std" means.</remarks>
public static class ReplicateStats
{
    /// <summary>One seed's finished level and its epochs.</summary>
    public sealed record Observation(LevelRecord Level, IReadOnlyList<EpochMetrics> Epochs);

    public static IReadOnlyList<LevelStats> Levels(IEnumerable<Observation> observations) => observations
        .GroupBy(o => (o.Level.Level, o.Level.Method))
        .OrderBy(g => g.Key.Level).ThenBy(g => MethodOrder.Rank(g.Key.Method)).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
        .Select(g =>
        {
            var l = g.Select(o => o.Level).ToList();
            var epochs = g.SelectMany(o => o.Epochs).GroupBy(e => e.Epoch).OrderBy(e => e.Key)
                .Select(e => new EpochStats(e.Key,
                    Stat.Of(e.Select(x => x.Train.Loss)), Stat.Of(e.Select(x => x.Train.Accuracy)),
                    Stat.Of(e.Select(x => x.Validation.Loss)), Stat.Of(e.Select(x => x.Validation.Accuracy))))
                .ToList();
            return new LevelStats(g.Key.Level, g.Key.Method, l.Count,
                Stat.Of(l.Select(x => x.Sparsity)), Stat.Of(l.Select(x => x.Remaining)), Stat.Of(l.Select(x => x.SparsityOfAll)),
                Stat.Of(l.Select(x => (double)x.BestEpoch + 1)),
                Stat.Of(l.Select(x => x.Train.Loss)), Stat.Of(l.Select(x => x.Train.Accuracy)),
                Stat.Of(l.Select(x => x.Validation.Loss)), Stat.Of(l.Select(x => x.Validation.Accuracy)),
                Stat.Of(l.Select(x => x.Test.Loss)), Stat.Of(l.Select(x => x.Test.Accuracy)),
                Stat.Of(g.Where(o => o.Epochs.Count > 0).Select(o => o.Epochs.Average(e => e.Seconds))),
                epochs);
        })
        .ToList();

    /// <summary>Levels just trained, one list per seed's run.</summary>
    public static IReadOnlyList<LevelStats> Levels(IEnumerable<(string Run, IReadOnlyList<LevelResult> Levels)> runs) =>
        Levels(runs.SelectMany(r => r.Levels.Select(l => new Observation(
            new LevelRecord(r.Run, l.Level, l.Method, l.Sparsity, l.SparsityOfAll, l.Training.BestEpoch,
                l.Training.Best.Train, l.Training.Best.Validation, l.Training.Test, l.Training.Seconds, l.PerTensor),
            l.Training.Epochs))));

    /// <summary>A stored group's finished levels, each seed's own.</summary>
    public static IReadOnlyList<Observation> Observations(ResultsStore store, RunGroup group) =>
        group.Runs.SelectMany(r => store.Levels(r.Name)).Select(l => new Observation(l, store.Epochs(l.Run, l.Level, l.Method))).ToList();
}
